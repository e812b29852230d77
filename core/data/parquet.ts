// Parquet candles (as research pipelines write them, e.g. pandas/pyarrow) read with hyparquet, a
// pure-JS reader: columns mapped by name like a CSV header, TIMESTAMP columns in any unit, INT64
// epochs by magnitude, string dates as in CSV. The time column may sit anywhere (often last).

import { parquetMetadata, parquetRead } from 'hyparquet';
import { RegimeLabError, type CancelSignal, throwIfCancelled } from '../errors.ts';
import type { CandleField } from '../series/candles.ts';
import { columnRole, normalizeColumnName } from './column-names.ts';
import { epochToMs, fieldStatus, parseTimestampField, TIME_KIND } from './csv-fields.ts';
import type { ColumnMapping, MappableRole } from './generic-csv.ts';
import { allocateRawRows, rejectRow, type RawRows } from './raw-rows.ts';

export function isParquet(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 12 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31 &&
    bytes[n - 4] === 0x50 && bytes[n - 3] === 0x41 && bytes[n - 2] === 0x52 && bytes[n - 1] === 0x31;
}

export type ParquetCandles = { rows: RawRows; columns: string[]; mapping: Record<string, string>; unused: string[] };

const encoder = new TextEncoder();

/** A time cell as UTC ms: `native` when the column is a parquet TIMESTAMP (already ms via the parsers below). */
function timeOf(value: unknown, native: boolean): number {
  fieldStatus.failed = false;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.NaN;
    if (native) {
      fieldStatus.timeKind = TIME_KIND.NATIVE;
      return value;
    }
    return epochToMs(value);
  }
  if (typeof value === 'bigint') return epochToMs(Number(value));
  if (typeof value === 'string') {
    const bytes = encoder.encode(value);
    return parseTimestampField(bytes, 0, bytes.length);
  }
  if (value instanceof Date) {
    fieldStatus.timeKind = TIME_KIND.NATIVE;
    return value.getTime();
  }
  fieldStatus.failed = true;
  return Number.NaN;
}

export async function readParquetCandles(
  bytes: Uint8Array,
  fileName: string,
  explicit: ColumnMapping = {},
  progress: { signal?: CancelSignal } = {},
): Promise<ParquetCandles> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    throw new RegimeLabError('E_BAD_INPUT', `${fileName}: not a readable parquet file (${(error as Error).message})`);
  }
  const columns = metadata.schema.slice(1).filter((element) => element.num_children === undefined || element.num_children === 0).map((element) => element.name);
  const timestampColumns = new Set(
    metadata.schema.filter((element) => element.logical_type?.type === 'TIMESTAMP' || element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS').map((element) => element.name),
  );
  const columnOf: Partial<Record<MappableRole, string>> = {};
  for (const name of columns) {
    const role = columnRole(name);
    if (role && role !== 'ignore' && columnOf[role] === undefined) columnOf[role] = name;
  }
  // A TIMESTAMP column is the open time when no name says otherwise (e.g. a pandas index column).
  if (columnOf.time === undefined) {
    const first = columns.find((name) => timestampColumns.has(name));
    if (first) columnOf.time = first;
  }
  for (const [role, choice] of Object.entries(explicit) as [MappableRole, string | number | undefined][]) {
    if (choice === undefined) continue;
    const name = typeof choice === 'number' ? columns[choice] : columns.find((c) => c === choice || normalizeColumnName(c) === normalizeColumnName(choice));
    if (name === undefined) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: column mapping ${role} → ${JSON.stringify(choice)} names no column of ${JSON.stringify(columns)}`);
    columnOf[role] = name;
  }
  const missing = (['time', 'open', 'high', 'low', 'close'] as const).filter((role) => columnOf[role] === undefined);
  if (missing.length > 0) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: no ${missing.join(', ')} column among the parquet columns ${JSON.stringify(columns)}; pass a column mapping`);

  const wanted = [...new Set(Object.values(columnOf))];
  const data = new Map<string, unknown[]>();
  const count = Number(metadata.num_rows);
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: wanted,
      parsers: {
        timestampFromMilliseconds: (ms: bigint) => Number(ms),
        timestampFromMicroseconds: (us: bigint) => Number(us) / 1000,
        timestampFromNanoseconds: (ns: bigint) => Number(ns / 1_000_000n),
      },
      onChunk: (chunk) => {
        let column = data.get(chunk.columnName);
        if (!column) data.set(chunk.columnName, (column = new Array(count)));
        const values = chunk.columnData as ArrayLike<unknown>;
        for (let k = 0; k < values.length && chunk.rowStart + k < count; k++) column[chunk.rowStart + k] = values[k];
      },
    });
  } catch (error) {
    throw new RegimeLabError('E_BAD_INPUT', `${fileName}: the parquet data could not be decoded (${(error as Error).message})`);
  }
  throwIfCancelled(progress.signal);

  const fieldRoles = (Object.keys(columnOf) as MappableRole[]).filter((role): role is CandleField => role !== 'time' && role !== 'closeTime' && role !== 'symbol');
  const rows = allocateRawRows(count, fieldRoles, columnOf.closeTime !== undefined);
  const timeValues = data.get(columnOf.time as string) ?? [];
  const closeValues = columnOf.closeTime ? data.get(columnOf.closeTime) ?? [] : [];
  const symbolValues = columnOf.symbol ? data.get(columnOf.symbol) ?? [] : [];
  const fieldValues = fieldRoles.map((role) => data.get(columnOf[role] as string) ?? []);
  const nativeTimestamp = timestampColumns.has(columnOf.time as string);
  let out = 0;
  for (let r = 0; r < count; r++) {
    rows.rowsRead++;
    const line = r + 1;
    const t = timeOf(timeValues[r], nativeTimestamp);
    if (fieldStatus.failed || !Number.isFinite(t)) {
      rejectRow(rows, line, 'bad-timestamp', `open time ${String(timeValues[r])} is not a timestamp`);
      continue;
    }
    const kind = fieldStatus.timeKind;
    let ct = Number.NaN;
    if (rows.hasCloseTime) {
      ct = timeOf(closeValues[r], timestampColumns.has(columnOf.closeTime as string));
      if (fieldStatus.failed) {
        rejectRow(rows, line, 'bad-timestamp', `close time ${String(closeValues[r])} is not a timestamp`);
        continue;
      }
    }
    let bad = -1;
    for (let k = 0; k < fieldRoles.length; k++) {
      const value = fieldValues[k][r];
      const number = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
      if (typeof value !== 'number' && typeof value !== 'bigint') {
        bad = k;
        break;
      }
      rows.fields[fieldRoles[k]][out] = number;
    }
    if (bad >= 0) {
      rejectRow(rows, line, 'unparseable', `${fieldRoles[bad]} is ${String(fieldValues[bad][r])}`);
      continue;
    }
    if (symbolValues.length > 0) {
      const symbol = String(symbolValues[r]).toUpperCase();
      if (!rows.symbols.includes(symbol) && rows.symbols.length < 20) rows.symbols.push(symbol);
    }
    rows.time[out] = t;
    rows.timeKind[out] = kind;
    if (rows.hasCloseTime) rows.closeTime[out] = ct;
    rows.line[out] = line;
    out++;
  }
  rows.count = out;
  const mapping: Record<string, string> = {};
  for (const [role, name] of Object.entries(columnOf)) if (name !== undefined) mapping[role] = name;
  return { rows, columns, mapping, unused: columns.filter((c) => !wanted.includes(c)) };
}
