// Generic candle CSV: columns mapped from the header by name (column-names.ts), overridable by an
// explicit mapping (header name or 0-based index per role); any delimiter probeText finds; open
// times as ISO 8601 (with or without offset), zone-less date-times (UTC), dates, or epoch s/ms/µs.

import { RegimeLabError } from '../errors.ts';
import type { CandleField } from '../series/candles.ts';
import { columnRole, normalizeColumnName, type ColumnRole } from './column-names.ts';
import { readDelimitedRows, type CsvLayout, type ReadProgress, type TextProbe } from './csv-rows.ts';
import type { RawRows } from './raw-rows.ts';

export type MappableRole = Exclude<ColumnRole, 'ignore'>;
/** Explicit column choice per role: a header name (matched loosely) or a 0-based column index. */
export type ColumnMapping = Partial<Record<MappableRole, string | number>>;

export type ResolvedColumns = {
  layout: CsvLayout;
  /** Role → column name (or `#index` without a header), for the report. */
  mapping: Record<string, string>;
  /** Header columns that were not used. */
  unused: string[];
};

const REQUIRED: MappableRole[] = ['time', 'open', 'high', 'low', 'close'];

function findColumn(header: string[] | null, columnCount: number, choice: string | number, fileName: string, role: string): number {
  if (typeof choice === 'number') {
    if (!Number.isInteger(choice) || choice < 0 || choice >= columnCount) {
      throw new RegimeLabError('E_BAD_INPUT', `${fileName}: column mapping ${role} → ${choice} is not a column index (the file has ${columnCount} columns)`);
    }
    return choice;
  }
  if (header) {
    const exact = header.findIndex((name) => name === choice);
    if (exact >= 0) return exact;
    const loose = header.findIndex((name) => normalizeColumnName(name) === normalizeColumnName(choice));
    if (loose >= 0) return loose;
  }
  throw new RegimeLabError('E_BAD_INPUT', `${fileName}: column mapping ${role} → ${JSON.stringify(choice)} names no column of ${header ? JSON.stringify(header) : 'a file without header'}`);
}

/** Maps the file's columns onto candle roles: header names first, the explicit mapping on top. */
export function resolveColumns(probe: TextProbe, hasHeader: boolean, fileName: string, explicit: ColumnMapping = {}): ResolvedColumns {
  const header = hasHeader ? probe.firstLine : null;
  const columnCount = probe.firstLine.length;
  const columnOf: Partial<Record<MappableRole, number>> = {};
  if (header) {
    header.forEach((name, c) => {
      const role = columnRole(name);
      if (role && role !== 'ignore' && columnOf[role] === undefined) columnOf[role] = c;
    });
  }
  for (const [role, choice] of Object.entries(explicit) as [MappableRole, string | number | undefined][]) {
    if (choice === undefined) continue;
    columnOf[role] = findColumn(header, columnCount, choice, fileName, role);
  }
  const missing = REQUIRED.filter((role) => columnOf[role] === undefined);
  if (missing.length > 0) {
    throw new RegimeLabError(
      'E_BAD_INPUT',
      header
        ? `${fileName}: no ${missing.join(', ')} column in the header ${JSON.stringify(header.slice(0, 20))}; pass a column mapping`
        : `${fileName}: the file has no header and ${columnCount} columns; pass a column mapping for ${missing.join(', ')}`,
    );
  }
  const fieldColumns: Partial<Record<CandleField, number>> = {};
  const mapping: Record<string, string> = {};
  const used = new Set<number>();
  for (const [role, c] of Object.entries(columnOf) as [MappableRole, number][]) {
    used.add(c);
    mapping[role] = header ? header[c] : `#${c}`;
    if (role !== 'time' && role !== 'closeTime' && role !== 'symbol') fieldColumns[role] = c;
  }
  return {
    layout: {
      delimiter: probe.delimiter,
      columnCount,
      timeColumn: columnOf.time as number,
      closeTimeColumn: columnOf.closeTime ?? -1,
      symbolColumn: columnOf.symbol ?? -1,
      fieldColumns,
      dataStart: hasHeader ? probe.afterFirstLine : probe.firstLineStart,
      dataStartLine: hasHeader ? probe.afterFirstLineNumber : probe.firstLineNumber,
    },
    mapping,
    unused: header ? header.filter((_, c) => !used.has(c)) : [],
  };
}

export function readGenericCsv(
  bytes: Uint8Array,
  probe: TextProbe,
  hasHeader: boolean,
  fileName: string,
  explicit?: ColumnMapping,
  progress?: ReadProgress,
): { rows: RawRows; resolved: ResolvedColumns } {
  const resolved = resolveColumns(probe, hasHeader, fileName, explicit);
  return { rows: readDelimitedRows(bytes, resolved.layout, progress), resolved };
}
