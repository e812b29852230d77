// The one entry point the import worker calls: bytes of a candle file (zip, gzip, CSV, parquet) →
// validated Candles and the ImportReport. Detects the container and layout, infers symbol, market
// and timeframe from the file name and folder, applies the validation policy, refuses with reasons.

import { RegimeLabError, type CancelSignal, throwIfCancelled } from '../errors.ts';
import { CANDLE_FIELDS, type Candles } from '../series/candles.ts';
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../series/timeframe.ts';
import { detectContainer, gunzip, unzipMembers, type ArchiveLimits } from './archive.ts';
import { binanceColumnNames, isBinanceKlineHeader, readBinanceKlines } from './binance-klines.ts';
import { fieldStatus, parseNumberField, parseTimestampField, TIME_KIND, TIME_KIND_LABEL, type TimeKind } from './csv-fields.ts';
import { normalizeColumnName } from './column-names.ts';
import { probeText, type TextProbe } from './csv-rows.ts';
import { parseCandleFileName, parseCandlePath, type BinanceMarket } from './file-name.ts';
import { readGenericCsv, type ColumnMapping } from './generic-csv.ts';
import type { ImportFormat, ImportReport } from './import-report.ts';
import { isParquet, readParquetCandles } from './parquet.ts';
import type { RawRows } from './raw-rows.ts';
import { sha256Hex } from './sha256.ts';
import { validateRows, type TimeframeHint, type ValidationPolicy } from './validate.ts';

export type ParseCandleFileOptions = ValidationPolicy &
  ArchiveLimits & {
    /** Full path or folder of the file; a data.binance.vision layout names market, symbol, interval. */
    path?: string;
    /** The timeframe, when the name and folder do not say it (checked against the data). */
    timeframe?: Timeframe;
    /** The instrument, overriding the name and contents. */
    symbol?: string;
    market?: BinanceMarket;
    /** Explicit column mapping for CSV and parquet (header name or 0-based index per role). */
    columns?: ColumnMapping;
    delimiter?: string;
    /** Import even when the file name, folder and contents name different symbols. */
    allowSymbolMismatch?: boolean;
    /** SHA-256 of `bytes` when the caller has it already (e.g. from node:crypto while reading). */
    sha256?: string;
    onProgress?: (fraction: number) => void;
    signal?: CancelSignal;
  };

export type ParsedCandleFile = {
  candles: Candles;
  report: ImportReport;
  symbol?: string;
  timeframe: Timeframe;
  market?: BinanceMarket;
};

const FUNDING_HEADER = /calc_?time|funding_?rate/i;
const SAMPLE_BYTES = 65_536;

function refuse(message: string, report?: Partial<ImportReport>): RegimeLabError {
  return new RegimeLabError('E_REFUSED', message, report ? { report } : undefined);
}

/** Text files only: NUL or mostly control bytes in the first 64 KiB mean binary junk. */
function assertText(bytes: Uint8Array, fileName: string): void {
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  let control = 0;
  for (let p = 0; p < n; p++) {
    const b = bytes[p];
    if (b === 0) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: binary data (byte 0x00 at offset ${p}); expected a CSV, .zip, .gz or parquet file`);
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) control++;
  }
  if (control > n / 100) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: binary data (${control} control bytes in the first ${n}); expected a CSV, .zip, .gz or parquet file`);
}

function looksLikeValue(text: string): boolean {
  const bytes = new TextEncoder().encode(text);
  parseTimestampField(bytes, 0, bytes.length);
  if (!fieldStatus.failed) return true;
  parseNumberField(bytes, 0, bytes.length);
  return !fieldStatus.failed;
}

/** A first line is a header when its first field, or most of its fields, are not values. */
function hasHeaderRow(probe: TextProbe): boolean {
  const fields = probe.firstLine;
  const names = fields.filter((f) => f !== '' && !looksLikeValue(f)).length;
  return !looksLikeValue(fields[0]) || names * 2 > fields.length;
}

function summarizeTimestamps(rows: RawRows): Pick<ImportReport, 'timestampFormat' | 'timestampUnit' | 'timestampFormats'> & { notes: string[] } {
  const counts = new Map<TimeKind, number>();
  for (let i = 0; i < rows.count; i++) {
    const kind = rows.timeKind[i] as TimeKind;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const timestampFormats: Record<string, number> = {};
  for (const [kind, count] of counts) timestampFormats[TIME_KIND_LABEL[kind]] = count;
  const kinds = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
  const units: Partial<Record<TimeKind, 's' | 'ms' | 'us' | 'ns'>> = { [TIME_KIND.EPOCH_S]: 's', [TIME_KIND.EPOCH_MS]: 'ms', [TIME_KIND.EPOCH_US]: 'us', [TIME_KIND.EPOCH_NS]: 'ns' };
  const epochKinds = kinds.filter((k) => units[k] !== undefined);
  const notes: string[] = [];
  let timestampUnit: ImportReport['timestampUnit'] = null;
  if (epochKinds.length === 1) {
    timestampUnit = units[epochKinds[0]] ?? null;
    notes.push(`open times are ${TIME_KIND_LABEL[epochKinds[0]]}, detected by magnitude`);
  } else if (epochKinds.length > 1) {
    timestampUnit = 'mixed';
    notes.push(`open times mix units (${epochKinds.map((k) => `${counts.get(k)} rows in ${TIME_KIND_LABEL[k]}`).join(', ')}); each row was converted by its own magnitude`);
  }
  if (counts.has(TIME_KIND.NAIVE_DATETIME)) notes.push('open times carry no time zone; they were treated as UTC');
  if (counts.has(TIME_KIND.DATE_ONLY)) notes.push('open times are dates only; each is taken as 00:00 UTC');
  return { timestampFormat: kinds.map((k) => TIME_KIND_LABEL[k]).join(' + ') || 'none', timestampUnit, timestampFormats, notes };
}

export async function parseCandleFile(bytes: Uint8Array, fileName: string, options: ParseCandleFileOptions = {}): Promise<ParsedCandleFile> {
  const { signal } = options;
  const report = (fraction: number): void => options.onProgress?.(Math.min(1, Math.max(0, fraction)));
  throwIfCancelled(signal);
  report(0);
  if (bytes.length === 0) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: the file is empty (0 bytes)`);
  const sha256 = options.sha256 ?? sha256Hex(bytes);
  const nameInfo = parseCandleFileName(fileName);
  if (nameInfo.dataSet) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: a Binance ${nameInfo.dataSet} file, not klines (candles)`);

  // Container.
  const container = detectContainer(bytes);
  let content = bytes;
  let member: string | undefined;
  if (container === 'zip') {
    const members = unzipMembers(bytes, fileName, options);
    const csv = members.length === 1 ? members : members.filter((m) => /\.(csv|txt)$/i.test(m.name));
    if (csv.length !== 1) {
      throw new RegimeLabError('E_BAD_INPUT', `${fileName}: the zip holds ${members.length} files (${members.slice(0, 5).map((m) => m.name).join(', ')}); expected one candle CSV`);
    }
    content = csv[0].bytes;
    member = csv[0].name;
  } else if (container === 'gzip') {
    content = gunzip(bytes, fileName, options);
  }
  throwIfCancelled(signal);
  report(0.1);
  // Messages about the contents name the archive and its member: `X.zip › X.csv`.
  const innerName = member ? `${fileName} › ${member}` : fileName;
  const memberInfo = member ? parseCandleFileName(member) : {};
  const pathInfo = options.path ? parseCandlePath(options.path) : {};

  // Rows.
  let rows: RawRows;
  let format: ImportFormat;
  let header: string[] | null = null;
  let delimiter: string | null = null;
  let lineEnding: ImportReport['lineEnding'] = null;
  let columnCount: number;
  let columnMapping: Record<string, string>;
  const notes: string[] = [];
  const parseProgress = { signal, onProgress: (f: number) => report(0.1 + 0.8 * f) };
  if (content.length === 0) throw new RegimeLabError('E_BAD_INPUT', `${innerName}: the file is empty (0 bytes)`);
  if (isParquet(content)) {
    const parsed = await readParquetCandles(content, innerName, options.columns, { signal });
    rows = parsed.rows;
    format = 'parquet';
    columnCount = parsed.columns.length;
    columnMapping = parsed.mapping;
    header = parsed.columns;
    if (parsed.unused.length > 0) notes.push(`unused columns: ${parsed.unused.join(', ')}`);
  } else {
    assertText(content, innerName);
    const probe = probeText(content, innerName, options.delimiter);
    const withHeader = hasHeaderRow(probe);
    if (withHeader && probe.firstLine.some((name) => FUNDING_HEADER.test(name))) {
      throw new RegimeLabError('E_BAD_INPUT', `${innerName}: a funding-rate file (header ${probe.firstLine.join(',')}), not klines (candles)`);
    }
    header = withHeader ? probe.firstLine : null;
    delimiter = String.fromCharCode(probe.delimiter);
    lineEnding = probe.lineEnding;
    columnCount = probe.firstLine.length;
    const positional = !options.columns && (withHeader ? isBinanceKlineHeader(probe.firstLine) : columnCount >= 6 && columnCount <= 12);
    if (positional) {
      rows = readBinanceKlines(content, probe, withHeader, parseProgress).rows;
      // Binance's own layout (no header, or its open_time/Opentime header); else a same-shaped export.
      format = !withHeader || normalizeColumnName(probe.firstLine[0]) === 'opentime' ? 'binance-klines' : 'generic-csv';
      const names = binanceColumnNames(columnCount);
      columnMapping = {};
      const roles = ['time', 'open', 'high', 'low', 'close', 'volume', 'closeTime', 'quoteVolume', 'trades', 'takerBuyBase', 'takerBuyQuote'];
      roles.slice(0, columnCount).forEach((role, c) => (columnMapping[role] = withHeader ? probe.firstLine[c] : names[c]));
    } else {
      const parsed = readGenericCsv(content, probe, withHeader, innerName, options.columns, parseProgress);
      rows = parsed.rows;
      format = 'generic-csv';
      columnMapping = parsed.resolved.mapping;
      if (parsed.resolved.unused.length > 0) notes.push(`unused columns: ${parsed.resolved.unused.join(', ')}`);
    }
  }
  throwIfCancelled(signal);
  report(0.9);

  // Timeframe hint: option, then the file (or member) name, then the folder.
  const named = [
    { source: 'option' as const, interval: options.timeframe as string | undefined },
    { source: 'file-name' as const, interval: nameInfo.interval ?? memberInfo.interval },
    { source: 'path' as const, interval: pathInfo.interval },
  ].filter((entry) => entry.interval !== undefined);
  let timeframeHint: TimeframeHint | undefined;
  for (const entry of named) {
    const interval = entry.interval as string;
    if (!isTimeframe(interval)) {
      throw refuse(`${fileName}: the ${entry.source === 'option' ? 'requested' : entry.source === 'path' ? 'folder' : 'file name'}'s interval ${interval} is not a timeframe RegimeLab stores (${TIMEFRAMES.join(', ')})`);
    }
    if (!timeframeHint) timeframeHint = { timeframe: interval, source: entry.source };
    else if (timeframeHint.timeframe !== interval && entry.source !== 'option' && timeframeHint.source !== 'option') {
      throw refuse(`${fileName}: the file name says ${timeframeHint.timeframe} but the folder says ${interval}`);
    }
  }
  const periodEndMs = nameInfo.periodEndMs ?? memberInfo.periodEndMs;
  const validation = validateRows(rows, { fileName, timeframeHint, periodEndMs, signal }, options);

  // Symbol: option, contents, file name, folder; disagreement is refused unless allowed.
  const nameSymbol = nameInfo.symbol ?? memberInfo.symbol;
  const symbolCheck: ImportReport['symbolCheck'] = { mismatch: false };
  if (nameSymbol) symbolCheck.fileName = nameSymbol;
  if (pathInfo.symbol) symbolCheck.path = pathInfo.symbol;
  if (rows.symbols.length > 0) symbolCheck.contents = rows.symbols;
  const distinct = new Set([nameSymbol, pathInfo.symbol, ...rows.symbols].filter((s): s is string => s !== undefined));
  if (member && memberInfo.symbol && nameInfo.symbol && memberInfo.symbol !== nameInfo.symbol) distinct.add(memberInfo.symbol);
  symbolCheck.mismatch = distinct.size > 1;
  const symbol = options.symbol?.toUpperCase() ?? rows.symbols[0] ?? nameSymbol ?? pathInfo.symbol;
  const market = options.market ?? pathInfo.market;

  const timestamps = summarizeTimestamps(rows);
  const absent = CANDLE_FIELDS.filter((field) => !rows.columnsPresent.includes(field));
  const allNotes = [...timestamps.notes, ...notes, ...validation.notes];
  if (absent.length > 0) allNotes.push(`not in the file, stored as 0: ${absent.join(', ')} (see columnsPresent)`);
  if (symbolCheck.mismatch) allNotes.push(`symbol mismatch: ${[...distinct].join(' vs ')} (file name ${nameSymbol ?? '—'}, folder ${pathInfo.symbol ?? '—'}, contents ${rows.symbols.join('/') || '—'})`);
  validation.sections.rows.rejectedRows.sort((a, b) => a.line - b.line);
  const importReport: ImportReport = {
    fileName,
    sizeBytes: bytes.length,
    sha256,
    format,
    container,
    ...(member !== undefined ? { member } : {}),
    ...(symbol !== undefined ? { symbol } : {}),
    ...(market !== undefined ? { market } : {}),
    timeframe: validation.timeframe ?? timeframeHint?.timeframe ?? null,
    timeframeSource: validation.timeframeSource,
    timestampFormat: timestamps.timestampFormat,
    timestampUnit: timestamps.timestampUnit,
    timestampFormats: timestamps.timestampFormats,
    header,
    delimiter,
    lineEnding,
    columnCount,
    columnsPresent: [...rows.columnsPresent],
    columnMapping,
    ...validation.sections,
    symbolCheck,
    notes: allNotes,
  };
  if (validation.refusal) throw refuse(validation.refusal, importReport);
  if (symbolCheck.mismatch && !options.allowSymbolMismatch && !options.symbol) {
    throw refuse(`${fileName}: symbol mismatch: ${[...distinct].join(' vs ')} (file name ${nameSymbol ?? '—'}, folder ${pathInfo.symbol ?? '—'}, contents ${rows.symbols.join('/') || '—'}); pass the symbol or allow the mismatch to import anyway`, importReport);
  }
  if (rows.symbols.length > 1) throw refuse(`${fileName}: the symbol column holds several instruments (${rows.symbols.join(', ')}); split the file per symbol`, importReport);
  report(1);
  return { candles: validation.candles, report: importReport, ...(symbol !== undefined ? { symbol } : {}), timeframe: validation.timeframe as Timeframe, ...(market !== undefined ? { market } : {}) };
}
