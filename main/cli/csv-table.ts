// Tables in and out of the CLI's statistics commands: a small CSV reader for their own inputs
// (equity curves, trade lists, VaR hit series) whose errors name the file, the line and the column,
// and the aligned text tables they print. Bulk candle files go through the import worker instead.

import fs from 'node:fs';
import { RegimeLabError } from '../../core/errors.ts';

export type CsvTable = {
  file: string;
  /** Header names as written (trimmed). */
  header: string[];
  rows: string[][];
  /** 1-based line number of each row in the file, for error messages. */
  lines: number[];
};

export type TimeFormat = 'ISO 8601 (UTC unless an offset is given)' | 'epoch milliseconds' | 'epoch seconds' | 'epoch microseconds';

function fail(message: string): never {
  throw new RegimeLabError('E_BAD_INPUT', message);
}

function splitLine(text: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field.trim());
      field = '';
    } else field += ch;
  }
  if (quoted) fail(`${file} line ${line}: unterminated quoted field`);
  fields.push(field.trim());
  return fields;
}

/** Reads a CSV file with a header row; blank lines and lines starting with # are skipped. */
export function readCsvTable(file: string): CsvTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new RegimeLabError('E_NOT_FOUND', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: string[] | null = null;
  const rows: string[][] = [];
  const lines: number[] = [];
  all.forEach((raw, i) => {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const fields = splitLine(raw, file, i + 1);
    if (header === null) {
      header = fields;
      return;
    }
    if (fields.length !== header.length) fail(`${file} line ${i + 1}: ${fields.length} fields, the header has ${header.length}`);
    rows.push(fields);
    lines.push(i + 1);
  });
  if (header === null) fail(`${file}: empty file (a header row is required)`);
  return { file, header, rows, lines };
}

/**
 * The index of a column: the explicit name when given (it must exist), else the first header
 * matching one of `candidates` (case-insensitive). `required: false` returns -1 when none matches.
 */
export function findColumn(table: CsvTable, role: string, candidates: readonly string[], explicit?: string, { required = true } = {}): number {
  const lower = table.header.map((h) => h.toLowerCase());
  if (explicit !== undefined) {
    const i = lower.indexOf(explicit.toLowerCase());
    if (i < 0) fail(`${table.file}: no column "${explicit}" (header: ${table.header.join(', ')})`);
    return i;
  }
  for (const name of candidates) {
    const i = lower.indexOf(name.toLowerCase());
    if (i >= 0) return i;
  }
  if (required) fail(`${table.file}: no ${role} column; expected one of ${candidates.join(', ')} (header: ${table.header.join(', ')})`);
  return -1;
}

/** A numeric column; a trailing currency code ("12.5 USDT", as NautilusTrader writes money) is allowed. */
export function numberColumn(table: CsvTable, index: number): Float64Array {
  const out = new Float64Array(table.rows.length);
  table.rows.forEach((row, r) => {
    const raw = row[index];
    const cleaned = raw.replace(/\s+[A-Za-z]{2,6}$/, '');
    const value = cleaned === '' ? NaN : Number(cleaned);
    if (!Number.isFinite(value)) fail(`${table.file} line ${table.lines[r]}, column "${table.header[index]}": ${JSON.stringify(raw)} is not a finite number`);
    out[r] = value;
  });
  return out;
}

/** A text column as written (trimmed). */
export function textColumn(table: CsvTable, index: number): string[] {
  return table.rows.map((row) => row[index]);
}

const ISO_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/** An ISO 8601 date or date-time in UTC ms (UTC when it carries no offset; a space may separate date and time); NaN if invalid. */
export function parseIsoUtc(value: string): number {
  const text = value.includes(' ') && !value.includes('T') ? value.replace(' ', 'T') : value;
  return Date.parse(ISO_ZONE.test(text) || /^\d{4}-\d\d-\d\d$/.test(text) ? text : text + 'Z');
}

/** A --from/--to option: epoch milliseconds or ISO 8601 (UTC unless an offset is given). */
export function parseTimeOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : parseIsoUtc(value);
  if (!Number.isFinite(ms)) fail(`${flag} ${JSON.stringify(value)} is not an ISO date-time or epoch milliseconds`);
  return ms;
}

/**
 * Times in UTC milliseconds, with the format detected over the whole column: all numeric → epoch
 * (magnitude < 1e11 seconds, < 1e14 milliseconds, else microseconds, as Binance's 2025+ files);
 * otherwise ISO 8601 dates or date-times, read as UTC when they carry no offset.
 */
export function timeColumn(table: CsvTable, index: number, { strictlyIncreasing = true } = {}): { time: Float64Array; format: TimeFormat } {
  const raw = textColumn(table, index);
  const numeric = raw.length > 0 && raw.every((v) => /^-?\d+(\.\d+)?$/.test(v));
  const out = new Float64Array(raw.length);
  let format: TimeFormat = 'ISO 8601 (UTC unless an offset is given)';
  if (numeric) {
    const values = raw.map(Number);
    const magnitude = Math.max(...values.map(Math.abs));
    const [scale, name]: [number, TimeFormat] = magnitude < 1e11 ? [1000, 'epoch seconds'] : magnitude < 1e14 ? [1, 'epoch milliseconds'] : [1e-3, 'epoch microseconds'];
    values.forEach((v, r) => (out[r] = v * scale));
    format = name;
  } else {
    raw.forEach((v, r) => {
      const ms = parseIsoUtc(v);
      if (!Number.isFinite(ms)) fail(`${table.file} line ${table.lines[r]}, column "${table.header[index]}": ${JSON.stringify(v)} is not an ISO 8601 date-time or an epoch number`);
      out[r] = ms;
    });
  }
  for (let r = 1; strictlyIncreasing && r < out.length; r++) {
    if (!(out[r] > out[r - 1])) fail(`${table.file} line ${table.lines[r]}, column "${table.header[index]}": time ${JSON.stringify(raw[r])} is not after the previous row's ${JSON.stringify(raw[r - 1])} (rows must be in time order, without duplicates)`);
  }
  return { time: out, format };
}

/** A number for a text table: null as "—", integers as written, others with `digits` significant digits. */
export function formatNumber(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/** Rows of cells as an aligned text table: a column whose cells all look numeric is right-aligned, others left-aligned. */
export function formatTable(rows: readonly (readonly string[])[], { indent = '  ', header = false } = {}): string {
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: width }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const body = header ? rows.slice(1) : rows;
  const numeric = widths.map((_, c) => c > 0 && body.every((r) => (r[c] ?? '') === '' || /^[-+]?(\d[\d.e+-]*\*?|—)\s?$/.test(r[c] ?? '')));
  const lines = rows.map((r) =>
    indent +
    widths
      .map((w, c) => (numeric[c] ? (r[c] ?? '').padStart(w) : (r[c] ?? '').padEnd(w)))
      .join('  ')
      .trimEnd(),
  );
  if (header) lines.splice(1, 0, indent + widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}
