// The delimited-text reader shared by the Binance and generic CSV importers: finds lines and fields
// by scanning the bytes, parses the mapped columns in place into RawRows, and reports progress and
// honours cancellation every 64k rows. Layout detection (header, delimiter) lives here too.

import { RegimeLabError, type CancelSignal, throwIfCancelled } from '../errors.ts';
import type { CandleField } from '../series/candles.ts';
import { fieldStatus, fieldText, parseNumberField, parseTimestampField } from './csv-fields.ts';
import { allocateRawRows, growRawRows, rejectRow, type RawRows } from './raw-rows.ts';

export const MAX_COLUMNS = 256;
const CHECK_EVERY_ROWS = 65_536;
const DELIMITERS = [44, 59, 9, 124]; // , ; tab |
const decoder = new TextDecoder();

export type CsvLayout = {
  delimiter: number;
  /** Columns every data row must have. */
  columnCount: number;
  timeColumn: number;
  closeTimeColumn: number;
  symbolColumn: number;
  /** Column of each candle field present. */
  fieldColumns: Partial<Record<CandleField, number>>;
  /** Byte offset and 1-based line number of the first data row. */
  dataStart: number;
  dataStartLine: number;
};

export type ReadProgress = { onProgress?: (fraction: number) => void; signal?: CancelSignal };

/** Offsets of lines: returns [start, end) of the line at `pos` with CR stripped, and the next pos. */
function lineEnd(bytes: Uint8Array, pos: number): number {
  const nl = bytes.indexOf(10, pos);
  return nl < 0 ? bytes.length : nl;
}

/** Splits one line into fields (quotes honoured), up to `limit` fields. Returns the field count. */
function splitFields(bytes: Uint8Array, start: number, end: number, delimiter: number, starts: Int32Array, ends: Int32Array, limit: number): number {
  let count = 0;
  let p = start;
  for (;;) {
    if (count >= limit) return count + 1; // over the limit: the caller only needs to know that
    if (p < end && bytes[p] === 34) {
      // Quoted field: up to the closing quote ("" escapes a quote).
      let q = p + 1;
      while (q < end) {
        if (bytes[q] === 34) {
          if (q + 1 < end && bytes[q + 1] === 34) q += 2;
          else break;
        } else q++;
      }
      starts[count] = p + 1;
      ends[count] = Math.min(q, end);
      count++;
      p = q + 1;
      while (p < end && bytes[p] !== delimiter) p++;
    } else {
      let q = p;
      while (q < end && bytes[q] !== delimiter) q++;
      starts[count] = p;
      ends[count] = q;
      count++;
      p = q;
    }
    if (p >= end) return count;
    p++; // past the delimiter
    if (p === end) {
      starts[count] = end;
      ends[count] = end;
      return count + 1;
    }
  }
}

export type TextProbe = {
  /** Byte offset past a UTF-8 BOM. */
  start: number;
  delimiter: number;
  lineEnding: 'LF' | 'CRLF';
  /** First non-blank line's fields (trimmed, unquoted). */
  firstLine: string[];
  firstLineStart: number;
  firstLineNumber: number;
  /** Offset and line number just after the first non-blank line. */
  afterFirstLine: number;
  afterFirstLineNumber: number;
  /** Second non-blank line's fields, if any. */
  secondLine: string[] | null;
};

/**
 * Looks at the first lines of a text file: BOM, line ending, delimiter (the candidate that splits
 * the first lines into the same number > 1 of fields, most fields first) and the first two rows.
 */
export function probeText(bytes: Uint8Array, fileName: string, delimiterOverride?: string): TextProbe {
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const lines: { start: number; end: number; line: number; next: number }[] = [];
  let pos = start;
  let line = 1;
  let crlf = false;
  while (pos < bytes.length && lines.length < 10) {
    const nl = lineEnd(bytes, pos);
    if (nl - pos > 1_000_000 && lines.length === 0) {
      throw new RegimeLabError('E_BAD_INPUT', `${fileName}: line ${line} is over 1 MB long (${nl - pos} bytes); not a candle CSV`);
    }
    let end = nl;
    if (end > pos && bytes[end - 1] === 13) {
      end--;
      crlf = true;
    }
    if (end > pos) lines.push({ start: pos, end, line, next: nl + 1 });
    pos = nl + 1;
    line++;
  }
  if (lines.length === 0) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: the file is empty (no data rows)`);
  const starts = new Int32Array(MAX_COLUMNS + 2);
  const ends = new Int32Array(MAX_COLUMNS + 2);
  let delimiter = -1;
  if (delimiterOverride !== undefined) {
    if (delimiterOverride.length !== 1) throw new RegimeLabError('E_BAD_INPUT', `delimiter must be one character, got ${JSON.stringify(delimiterOverride)}`);
    delimiter = delimiterOverride.charCodeAt(0);
  } else {
    // Score: all lines agreeing (header included) beats data lines agreeing; then more columns.
    let bestScore = 0;
    for (const candidate of DELIMITERS) {
      const counts = lines.map((l) => splitFields(bytes, l.start, l.end, candidate, starts, ends, MAX_COLUMNS));
      const data = counts.length > 1 ? counts.slice(1) : counts;
      if (data[0] < 2 || data[0] > MAX_COLUMNS || !data.every((c) => c === data[0])) continue;
      const score = (counts[0] === data[0] ? 1000 : 0) + data[0];
      if (score > bestScore) {
        bestScore = score;
        delimiter = candidate;
      }
    }
    if (delimiter < 0) {
      const count = splitFields(bytes, lines[0].start, lines[0].end, 44, starts, ends, MAX_COLUMNS);
      if (count > MAX_COLUMNS) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: line ${lines[0].line} has more than ${MAX_COLUMNS} columns; not a candle file`);
      throw new RegimeLabError(
        'E_BAD_INPUT',
        `${fileName}: could not find the column delimiter: line ${lines[0].line} (${JSON.stringify(fieldText(bytes, lines[0].start, lines[0].end, 60))}) does not split into a consistent number of columns with , ; tab or |`,
      );
    }
  }
  const fieldsOf = (l: { start: number; end: number; line: number }): string[] => {
    const count = splitFields(bytes, l.start, l.end, delimiter, starts, ends, MAX_COLUMNS);
    if (count > MAX_COLUMNS) throw new RegimeLabError('E_BAD_INPUT', `${fileName}: line ${l.line} has more than ${MAX_COLUMNS} columns; not a candle file`);
    const out: string[] = [];
    for (let k = 0; k < count; k++) out.push(decoder.decode(bytes.subarray(starts[k], Math.min(ends[k], starts[k] + 200))).trim());
    return out;
  };
  start = lines[0].start;
  return {
    start,
    delimiter,
    lineEnding: crlf ? 'CRLF' : 'LF',
    firstLine: fieldsOf(lines[0]),
    firstLineStart: lines[0].start,
    firstLineNumber: lines[0].line,
    afterFirstLine: lines[0].next,
    afterFirstLineNumber: lines[0].line + 1,
    secondLine: lines.length > 1 ? fieldsOf(lines[1]) : null,
  };
}

/** Rows to allocate for: the byte count over the mean length of the first lines, plus 10%. */
function estimateRows(bytes: Uint8Array, from: number): number {
  let lines = 0;
  let p = from;
  while (lines < 64 && p < bytes.length) {
    const nl = bytes.indexOf(10, p);
    if (nl < 0) break;
    p = nl + 1;
    lines++;
  }
  if (lines === 0) return 16;
  const meanLength = (p - from) / lines;
  return Math.ceil(((bytes.length - from) / meanLength) * 1.1) + 16;
}

// Column kinds for the hot path (0: a column that is skipped).
const TIME = 1;
const CLOSE_TIME = 2;
const FIELD = 3;

/**
 * Reads every data row of a delimited file into RawRows by `layout`. Rows with the wrong number of
 * columns or an unreadable field are rejected with their line number; values that parse (including
 * NaN, Infinity, negative prices) are stored for the validator to judge.
 *
 * Hot path: one pass per line that parses each number while looking for its delimiter; a line with
 * quotes, spaces, exponents or any other surprise is re-read by the general path (split, then parse).
 */
export function readDelimitedRows(bytes: Uint8Array, layout: CsvLayout, progress: ReadProgress = {}): RawRows {
  const present = Object.keys(layout.fieldColumns) as CandleField[];
  const rows = allocateRawRows(estimateRows(bytes, layout.dataStart), present, layout.closeTimeColumn >= 0);
  const fieldColumn = present.map((f) => layout.fieldColumns[f] as number);
  let fieldArrays = present.map((f) => rows.fields[f]);
  const nFields = present.length;
  const { delimiter, columnCount, timeColumn, closeTimeColumn, symbolColumn } = layout;
  let { time, closeTime, line: lineOf, timeKind } = rows;
  const starts = new Int32Array(MAX_COLUMNS + 2);
  const ends = new Int32Array(MAX_COLUMNS + 2);
  const limit = Math.min(MAX_COLUMNS, columnCount + 1);
  // Per column: what it holds, and for FIELD columns the target array.
  const columnKind = new Uint8Array(columnCount);
  const empty = new Float64Array(0);
  const fieldArraysByColumn: Float64Array[] = Array.from({ length: columnCount }, () => empty);
  columnKind[timeColumn] = TIME;
  if (closeTimeColumn >= 0) columnKind[closeTimeColumn] = CLOSE_TIME;
  for (let k = 0; k < nFields; k++) {
    columnKind[fieldColumn[k]] = FIELD;
    fieldArraysByColumn[fieldColumn[k]] = fieldArrays[k];
  }
  const fastPathAllowed = symbolColumn < 0;
  const lastColumn = columnCount - 1;
  const n = bytes.length;
  let symbolStart = -1;
  let symbolEnd = -1;
  let count = 0;
  let pos = layout.dataStart;
  let lineNumber = layout.dataStartLine;
  let sinceCheck = 0;
  while (pos < n) {
    if (++sinceCheck === CHECK_EVERY_ROWS) {
      sinceCheck = 0;
      throwIfCancelled(progress.signal);
      progress.onProgress?.(pos / n);
    }
    if (count === time.length) {
      growRawRows(rows, Math.ceil(count * 1.5) + 1024);
      ({ time, closeTime, line: lineOf, timeKind } = rows);
      fieldArrays = present.map((f) => rows.fields[f]);
      for (let k = 0; k < nFields; k++) fieldArraysByColumn[fieldColumn[k]] = fieldArrays[k];
    }
    const lineStart = pos;
    const thisLine = lineNumber;
    lineNumber++;

    if (fastPathAllowed) {
      // One pass, no line search first: parse each column in place up to its delimiter (the last
      // one up to CR/LF/EOF). Anything unusual falls through to the general path for this line.
      let p = lineStart;
      let ok = true;
      let t = 0;
      let kind = 0;
      let ct = Number.NaN;
      for (let c = 0; c < columnCount; c++) {
        const terminator = c === lastColumn ? 10 : delimiter;
        const kindOfColumn = columnKind[c];
        let q = p;
        if (kindOfColumn === FIELD) {
          let negative = false;
          if (bytes[q] === 45) {
            negative = true;
            q++;
          }
          let mantissa = 0;
          let digits = 0;
          let fraction = -1;
          for (; q < n; q++) {
            const d = bytes[q] - 48;
            if (d >= 0 && d <= 9) {
              mantissa = mantissa * 10 + d;
              digits++;
            } else if (d === -2 && fraction < 0) fraction = digits;
            else break;
          }
          if (digits === 0 || digits > 15) {
            ok = false;
            break;
          }
          const fractionDigits = fraction < 0 ? 0 : digits - fraction;
          const value = fractionDigits === 0 ? mantissa : mantissa / POW10_FAST[fractionDigits];
          fieldArraysByColumn[c][count] = negative ? -value : value;
        } else {
          while (q < n && bytes[q] !== delimiter && bytes[q] !== 10 && bytes[q] !== 13) q++;
          if (bytes[p] === 34 || q === p) {
            ok = false;
            break;
          }
          if (kindOfColumn === TIME) {
            t = parseTimestampField(bytes, p, q);
            if (fieldStatus.failed) {
              ok = false;
              break;
            }
            kind = fieldStatus.timeKind;
          } else if (kindOfColumn === CLOSE_TIME) {
            ct = parseTimestampField(bytes, p, q);
            if (fieldStatus.failed) {
              ok = false;
              break;
            }
          }
        }
        // q is at the byte after the field: the delimiter, or for the last column CR, LF or EOF.
        if (q < n && bytes[q] === 13 && c === lastColumn) q++;
        if (q >= n ? c !== lastColumn : bytes[q] !== terminator) {
          ok = false;
          break;
        }
        p = q + 1;
      }
      if (ok) {
        time[count] = t;
        timeKind[count] = kind;
        if (closeTimeColumn >= 0) closeTime[count] = ct;
        lineOf[count] = thisLine;
        count++;
        rows.rowsRead++;
        pos = p;
        continue;
      }
    }

    // General path: find the line, split it (quotes honoured), then parse each mapped column.
    let nl = bytes.indexOf(10, lineStart);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > lineStart && bytes[end - 1] === 13) end--;
    pos = nl + 1;
    if (end === lineStart) {
      rows.blankLines++;
      continue;
    }
    rows.rowsRead++;
    const columns = splitFields(bytes, lineStart, end, delimiter, starts, ends, limit);
    if (columns !== columnCount) {
      // A lone trailing delimiter (`...,0,`) is tolerated; anything else is a broken row.
      if (!(columns === columnCount + 1 && starts[columnCount] === ends[columnCount] && columns <= limit)) {
        rejectRow(rows, thisLine, 'column-count', `${columns > columnCount ? `more than ${columnCount}` : columns} columns, expected ${columnCount}`);
        continue;
      }
    }
    const t = parseTimestampField(bytes, starts[timeColumn], ends[timeColumn]);
    if (fieldStatus.failed) {
      rejectRow(rows, thisLine, 'bad-timestamp', `open time ${JSON.stringify(fieldText(bytes, starts[timeColumn], ends[timeColumn]))} is not a timestamp`);
      continue;
    }
    const kind = fieldStatus.timeKind;
    let ct = Number.NaN;
    if (closeTimeColumn >= 0) {
      ct = parseTimestampField(bytes, starts[closeTimeColumn], ends[closeTimeColumn]);
      if (fieldStatus.failed) {
        rejectRow(rows, thisLine, 'bad-timestamp', `close time ${JSON.stringify(fieldText(bytes, starts[closeTimeColumn], ends[closeTimeColumn]))} is not a timestamp`);
        continue;
      }
    }
    let failedField = -1;
    for (let k = 0; k < nFields; k++) {
      const c = fieldColumn[k];
      let s = starts[c];
      let e = ends[c];
      while (s < e && bytes[s] === 32) s++;
      while (e > s && bytes[e - 1] === 32) e--;
      fieldArrays[k][count] = parseNumberField(bytes, s, e);
      if (fieldStatus.failed) {
        failedField = k;
        break;
      }
    }
    if (failedField >= 0) {
      const c = fieldColumn[failedField];
      rejectRow(rows, thisLine, 'unparseable', `${present[failedField]} ${JSON.stringify(fieldText(bytes, starts[c], ends[c]))} is not a number`);
      continue;
    }
    if (symbolColumn >= 0) {
      const s = starts[symbolColumn];
      const e = ends[symbolColumn];
      let same = symbolStart >= 0 && e - s === symbolEnd - symbolStart;
      for (let k = 0; same && k < e - s; k++) same = bytes[s + k] === bytes[symbolStart + k];
      if (!same) {
        const symbol = fieldText(bytes, s, e).trim().toUpperCase();
        if (!rows.symbols.includes(symbol) && rows.symbols.length < 20) rows.symbols.push(symbol);
        symbolStart = s;
        symbolEnd = e;
      }
    }
    time[count] = t;
    timeKind[count] = kind;
    if (closeTimeColumn >= 0) closeTime[count] = ct;
    lineOf[count] = thisLine;
    count++;
  }
  rows.count = count;
  return rows;
}

/** Powers of ten for the fast path (at most 15 digits, so at most 15 fraction digits). */
const POW10_FAST = Array.from({ length: 16 }, (_, k) => 10 ** k);
