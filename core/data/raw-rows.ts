// The intermediate every parser fills before validation: rows as read (file order, duplicates and
// bad values included), columnar, with each row's file line. Validation turns them into Candles.

import { CANDLE_FIELDS, type CandleField } from '../series/candles.ts';
import { pushCapped, type RejectReason, type RejectedRow } from './import-report.ts';

export type RawRows = {
  count: number;
  time: Float64Array;
  /** Close times in ms, NaN when the file has no close-time column. */
  closeTime: Float64Array;
  fields: Record<CandleField, Float64Array>;
  /** 1-based file line of each row (parquet: row index + 1). */
  line: Float64Array;
  /** TIME_KIND of each row's open time. */
  timeKind: Uint8Array;
  hasCloseTime: boolean;
  columnsPresent: CandleField[];
  /** Rows rejected while reading (unparseable, column count), counted by reason. */
  rejectedByReason: Partial<Record<RejectReason, number>>;
  rejectedRows: RejectedRow[];
  rejectedCount: number;
  /** Data rows read (accepted by the reader or not). */
  rowsRead: number;
  blankLines: number;
  /** Distinct symbols found in a symbol column, if the file has one. */
  symbols: string[];
};

export function allocateRawRows(capacity: number, columnsPresent: CandleField[], hasCloseTime: boolean): RawRows {
  const fields = {} as Record<CandleField, Float64Array>;
  for (const field of CANDLE_FIELDS) fields[field] = new Float64Array(columnsPresent.includes(field) ? capacity : 0);
  return {
    count: 0,
    time: new Float64Array(capacity),
    closeTime: new Float64Array(hasCloseTime ? capacity : 0),
    fields,
    line: new Float64Array(capacity),
    timeKind: new Uint8Array(capacity),
    hasCloseTime,
    columnsPresent,
    rejectedByReason: {},
    rejectedRows: [],
    rejectedCount: 0,
    rowsRead: 0,
    blankLines: 0,
    symbols: [],
  };
}

/** Reallocates the row arrays to `capacity` (keeping rows [0, count)). */
export function growRawRows(rows: RawRows, capacity: number): void {
  const grow = <T extends Float64Array | Uint8Array>(array: T, make: (n: number) => T): T => {
    if (array.length === 0) return array;
    const next = make(capacity);
    next.set(array.subarray(0, Math.min(array.length, capacity)));
    return next;
  };
  rows.time = grow(rows.time, (n) => new Float64Array(n));
  rows.closeTime = grow(rows.closeTime, (n) => new Float64Array(n));
  rows.line = grow(rows.line, (n) => new Float64Array(n));
  rows.timeKind = grow(rows.timeKind, (n) => new Uint8Array(n));
  for (const field of CANDLE_FIELDS) rows.fields[field] = grow(rows.fields[field], (n) => new Float64Array(n));
}

export function rejectRow(rows: RawRows, line: number, reason: RejectReason, detail: string): void {
  rows.rejectedCount++;
  rows.rejectedByReason[reason] = (rows.rejectedByReason[reason] ?? 0) + 1;
  pushCapped(rows.rejectedRows, { line, reason, detail });
}

/** The value of `field` at row i, 0 when the file lacks the column. */
export function rawValue(rows: RawRows, field: CandleField, i: number): number {
  const column = rows.fields[field];
  return column.length === 0 ? 0 : column[i];
}
