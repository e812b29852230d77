// Full-resolution tables embedded in the report: rows as arrays in column order, JSON, deflate-raw
// (fflate, level 9: deterministic output for the same input) and base64. The report's inline script
// inflates them with the browser's DecompressionStream('deflate-raw') — no library, no network.

import { deflateSync, inflateSync } from 'fflate';
import { bytesToBase64, base64ToBytes } from './base64.ts';
import type { DataTable } from './report-model.ts';

type Cell = string | number | boolean | null;

export function embedTable(id: string, title: string, columns: readonly string[], rows: readonly Record<string, Cell>[], csvFileName: string, note?: string): DataTable {
  const matrix = rows.map((row) => columns.map((c) => {
    const v = row[c];
    return typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null);
  }));
  const json = new TextEncoder().encode(JSON.stringify(matrix));
  return { kind: 'data-table', id, title, note, columns: [...columns], rowCount: rows.length, compressed: bytesToBase64(deflateSync(json, { level: 9 })), csvFileName };
}

/** The rows back from an embedded table (tests, tools): the inverse of embedTable. */
export function decodeEmbeddedTable(table: DataTable): Cell[][] {
  return JSON.parse(new TextDecoder().decode(inflateSync(base64ToBytes(table.compressed)))) as Cell[][];
}
