// Reads the shared reference CSVs (header row, numeric or text cells) into named columns.
import { readFileSync } from 'node:fs';

export type CsvColumns = Record<string, string[]>;

export function readCsv(file: string): CsvColumns {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const cols: CsvColumns = Object.fromEntries(header.map((h) => [h, [] as string[]]));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    header.forEach((h, j) => cols[h].push(cells[j] ?? ''));
  }
  return cols;
}

export function numericColumn(cols: CsvColumns, name: string): Float64Array {
  const c = cols[name];
  if (!c) throw new Error(`no column ${name}`);
  return Float64Array.from(c.filter((v) => v !== '').map(Number));
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
