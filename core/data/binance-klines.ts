// Binance kline files (data.binance.vision spot and futures archives, monthly and daily): the
// positional 12-column layout, with or without the header row, in its 6- to 12-column prefixes;
// open and close times in ms or, for spot files from 2025-01-01, µs (16 digits, detected per row).

import type { CandleField } from '../series/candles.ts';
import { columnRole, type ColumnRole } from './column-names.ts';
import { readDelimitedRows, type CsvLayout, type ReadProgress, type TextProbe } from './csv-rows.ts';
import type { RawRows } from './raw-rows.ts';

/** The archive's columns, as the futures files' header names them. */
export const BINANCE_KLINE_HEADER = [
  'open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time',
  'quote_volume', 'count', 'taker_buy_volume', 'taker_buy_quote_volume', 'ignore',
] as const;

const POSITIONAL_ROLES: readonly ColumnRole[] = [
  'time', 'open', 'high', 'low', 'close', 'volume', 'closeTime', 'quoteVolume', 'trades', 'takerBuyBase', 'takerBuyQuote', 'ignore',
];

/** True when a header row names the Binance kline columns in their positions (any spelling). */
export function isBinanceKlineHeader(header: string[]): boolean {
  if (header.length < 6 || header.length > 12) return false;
  return header.every((name, i) => columnRole(name) === POSITIONAL_ROLES[i]);
}

/** Column layout for an n-column prefix of the kline layout (n = 6…12). */
export function binancePositionalLayout(columnCount: number, probe: TextProbe, hasHeader: boolean): CsvLayout {
  const fieldColumns: Partial<Record<CandleField, number>> = {};
  let closeTimeColumn = -1;
  for (let c = 0; c < columnCount; c++) {
    const role = POSITIONAL_ROLES[c];
    if (role === 'closeTime') closeTimeColumn = c;
    else if (role !== 'time' && role !== 'ignore' && role !== 'symbol') fieldColumns[role] = c;
  }
  return {
    delimiter: probe.delimiter,
    columnCount,
    timeColumn: 0,
    closeTimeColumn,
    symbolColumn: -1,
    fieldColumns,
    dataStart: hasHeader ? probe.afterFirstLine : probe.firstLineStart,
    dataStartLine: hasHeader ? probe.afterFirstLineNumber : probe.firstLineNumber,
  };
}

/** Names of the columns of an n-column kline prefix, for the report. */
export function binanceColumnNames(columnCount: number): string[] {
  return BINANCE_KLINE_HEADER.slice(0, columnCount);
}

export function readBinanceKlines(bytes: Uint8Array, probe: TextProbe, hasHeader: boolean, progress?: ReadProgress): { rows: RawRows; layout: CsvLayout } {
  const layout = binancePositionalLayout(probe.firstLine.length, probe, hasHeader);
  return { rows: readDelimitedRows(bytes, layout, progress), layout };
}
