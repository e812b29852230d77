// The import report: what one candle file held and every decision the validation and repair
// policy took on it (issue 3). A plain serializable value, persisted with the data and shown in the
// data-quality panel; the counts here add up (read = accepted + rejected + merged + dropped).

import type { CandleField } from '../series/candles.ts';
import type { Timeframe } from '../series/timeframe.ts';

export const REJECT_REASONS = [
  /** A field that is not a number (e.g. `abc`, an empty price). */
  'unparseable',
  /** The open-time field is not a recognised timestamp. */
  'bad-timestamp',
  /** NaN, ±Infinity or an overflow such as 1e400. */
  'non-finite',
  /** open, high, low or close ≤ 0. */
  'non-positive-price',
  /** volume, quote volume, trades or taker volumes < 0. */
  'negative-volume',
  /** high < max(open, close). */
  'high-below-open-close',
  /** low > min(open, close). */
  'low-above-open-close',
  /** The row has a different number of columns from the file's layout. */
  'column-count',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type RejectedRow = { line: number; reason: RejectReason; detail: string };

export type DuplicatePolicy = 'last-wins' | 'first-wins' | 'refuse';

/** Two or more rows with the same open time and different values. */
export type DuplicateConflict = {
  timeMs: number;
  /** File lines of the rows sharing the time, in file order. */
  lines: number[];
  /** The line whose values were kept. */
  keptLine: number;
  /** Fields that differ between the rows. */
  fields: string[];
};

/** Bars missing between two present bars. */
export type Gap = {
  /** Open time of the first missing bar. */
  fromMs: number;
  /** Open time of the last missing bar. */
  toMs: number;
  missingBars: number;
  /** Whether the repair policy filled it with synthetic bars. */
  filled: boolean;
};

export type UnfinishedBar = { timeMs: number; closeTimeMs: number; line: number; reason: 'after-file-end' | 'in-future' };

export type ImportFormat = 'binance-klines' | 'generic-csv' | 'parquet';

/** Most of the report's lists are capped; the counts beside them are always complete. */
export const REPORT_LIST_LIMIT = 1000;

export type ImportReport = {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  format: ImportFormat;
  container: 'zip' | 'gzip' | 'none';
  /** The CSV inside the archive, when there was one. */
  member?: string;
  symbol?: string;
  market?: string;
  /** null only in the report of a file refused before its timeframe was known. */
  timeframe: Timeframe | null;
  timeframeSource: 'option' | 'file-name' | 'path' | 'inferred';
  /** How the open times were written, e.g. 'epoch milliseconds' or 'date-time without zone (treated as UTC)'. */
  timestampFormat: string;
  /** 'ms', 'us', 's', 'ns' for epoch numbers, 'mixed' when rows differ, null for text dates. */
  timestampUnit: 'ms' | 'us' | 's' | 'ns' | 'mixed' | null;
  /** Rows per notation (labels as in timestampFormat). */
  timestampFormats: Record<string, number>;
  header: string[] | null;
  delimiter: string | null;
  lineEnding: 'LF' | 'CRLF' | null;
  columnCount: number;
  /**
   * Candle fields the file provides. The others (quote volume, trades, taker volumes in a 6-column
   * export) are stored as 0, and this list is how a reader tells a real 0 from an absent column.
   */
  columnsPresent: CandleField[];
  /** Column names (or indices) mapped onto each candle field and the open/close time. */
  columnMapping: Record<string, string>;
  rows: {
    /** Non-blank data lines (or parquet rows). */
    read: number;
    /** Bars in the result, synthetic bars excluded. */
    accepted: number;
    rejected: number;
    rejectedByReason: Partial<Record<RejectReason, number>>;
    rejectedRows: RejectedRow[];
    blankLines: number;
  };
  duplicates: {
    policy: DuplicatePolicy;
    /** Rows dropped because an identical row with the same time exists. */
    identicalMerged: number;
    /** Times with conflicting rows (each resolved by the policy). */
    conflictingTimes: number;
    /** Rows dropped by the policy. */
    conflictingRowsDropped: number;
    conflicts: DuplicateConflict[];
  };
  order: { wasSorted: boolean; outOfOrderRows: number };
  unfinished: { policy: 'drop' | 'keep'; count: number; bars: UnfinishedBar[] };
  /** Bars whose close time is before the end of their interval (e.g. the 2023-03-24 spot halt). */
  earlyClose: { count: number; bars: { timeMs: number; closeTimeMs: number; line: number }[] };
  /** Flat bars (O = H = L = C) with zero volume in the file: often an exchange outage. */
  flatZeroVolume: { count: number; timesMs: number[] };
  gaps: {
    count: number;
    missingBars: number;
    fillEnabled: boolean;
    fillMaxBars: number;
    filledGaps: number;
    syntheticBars: number;
    list: Gap[];
  };
  symbolCheck: { fileName?: string; path?: string; contents?: string[]; mismatch: boolean };
  /** Bars in the result (accepted + synthetic). */
  bars: number;
  firstTimeMs: number | null;
  lastTimeMs: number | null;
  notes: string[];
};

/** Pushes `item` unless the list is at REPORT_LIST_LIMIT (the caller keeps the full count). */
export function pushCapped<T>(list: T[], item: T): void {
  if (list.length < REPORT_LIST_LIMIT) list.push(item);
}
