// Persistence of runs (regime fits, backtests, sweeps, walk-forward studies): spec, config and data
// hashes, summary, full result and bulk series, plus the user's notes and tags. One transaction per
// run, so a run is stored whole or not at all.

import { createHash, randomUUID } from 'node:crypto';
import { RegimeLabError } from '../../../core/errors.ts';
import { canonicalJson } from '../../../core/hash/canonical-json.ts';
import { CANDLE_FIELDS, type Candles } from '../../../core/series/candles.ts';
import type { CandleStore } from '../store/candle-store.ts';

export type RunKind = 'regime-fit' | 'backtest' | 'sweep' | 'walk-forward';
export type SeriesArray = Float64Array | Float32Array | Int32Array | Int8Array | Uint8Array;

export type NewRun = {
  kind: RunKind;
  title: string;
  instrumentId: number | null;
  timeframe: string | null;
  fromTime: number | null;
  toTime: number | null;
  spec: unknown;
  dataHash: string;
  summary: Record<string, unknown>;
  result: unknown;
  hindsight: boolean;
  appVersion: string;
  durationMs: number;
  series: Record<string, SeriesArray>;
};

export type RunSummary = {
  id: string;
  kind: RunKind;
  title: string;
  instrumentId: number | null;
  timeframe: string | null;
  fromTime: number | null;
  toTime: number | null;
  configHash: string;
  dataHash: string;
  summary: Record<string, unknown>;
  hindsight: boolean;
  appVersion: string;
  createdAt: number;
  durationMs: number;
  notes: string;
  tags: string[];
  seriesNames: string[];
};

export type RunRecord = RunSummary & { spec: unknown; result: unknown; series: Record<string, SeriesArray> };

const DTYPE_OF = (a: SeriesArray): 'f64' | 'f32' | 'i32' | 'i8' | 'u8' =>
  a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : a instanceof Int8Array ? 'i8' : 'u8';

export function configHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/** SHA-256 over the candle columns a computation reads (time and OHLCV, little-endian bytes). */
export function candleDataHash(candles: Candles): string {
  const hash = createHash('sha256');
  for (const column of [candles.time, ...CANDLE_FIELDS.slice(0, 5).map((f) => candles[f])]) {
    hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  return hash.digest('hex');
}

/**
 * Typed arrays nested in a run's result (e.g. each benchmark's equity curve) are stored as series
 * named `@path.to.field` and replaced in the JSON by `{ "$series": name }`; getRun puts them back.
 */
const SERIES_REF = '$series';

function liftTypedArrays(value: unknown, path: string, out: Record<string, SeriesArray>): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (!(value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array || value instanceof Int8Array || value instanceof Uint8Array)) {
      throw new RegimeLabError('E_INTERNAL', `run result field ${path} is a ${value.constructor.name}, which runs cannot store`);
    }
    const name = `@${path}`;
    out[name] = value;
    return { [SERIES_REF]: name };
  }
  if (Array.isArray(value)) return value.map((v, i) => liftTypedArrays(v, `${path}.${i}`, out));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, liftTypedArrays(v, path ? `${path}.${k}` : k, out)]));
  }
  return value;
}

function lowerTypedArrays(value: unknown, series: Record<string, SeriesArray>): unknown {
  if (Array.isArray(value)) return value.map((v) => lowerTypedArrays(v, series));
  if (value && typeof value === 'object') {
    const ref = (value as Record<string, unknown>)[SERIES_REF];
    if (typeof ref === 'string' && Object.keys(value).length === 1) return series[ref] ?? null;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, lowerTypedArrays(v, series)]));
  }
  return value;
}

export function saveRun(store: CandleStore, run: NewRun): string {
  const id = randomUUID();
  const nested: Record<string, SeriesArray> = {};
  const resultJson = JSON.stringify(liftTypedArrays(run.result, '', nested));
  store.transaction(() => {
    store.db
      .prepare(
        `INSERT INTO runs (id, kind, title, instrument_id, timeframe, from_time, to_time, spec_json, config_hash, data_hash,
                           summary_json, result_json, hindsight, app_version, created_at, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        run.kind,
        run.title,
        run.instrumentId,
        run.timeframe,
        run.fromTime,
        run.toTime,
        JSON.stringify(run.spec),
        configHash(run.spec),
        run.dataHash,
        JSON.stringify(run.summary),
        resultJson,
        run.hindsight ? 1 : 0,
        run.appVersion,
        Date.now(),
        Math.round(run.durationMs),
      );
    const insert = store.db.prepare('INSERT INTO run_series (run_id, name, dtype, data) VALUES (?, ?, ?, ?)');
    for (const [name, array] of Object.entries({ ...run.series, ...nested })) {
      insert.run(id, name, DTYPE_OF(array), Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    }
  });
  return id;
}

type RunRow = {
  id: string;
  kind: RunKind;
  title: string;
  instrument_id: number | null;
  timeframe: string | null;
  from_time: number | null;
  to_time: number | null;
  config_hash: string;
  data_hash: string;
  summary_json: string;
  hindsight: number;
  app_version: string;
  created_at: number;
  duration_ms: number;
  notes: string;
  tags_json: string;
  series_names: string | null;
};

const SUMMARY_COLUMNS = `r.id, r.kind, r.title, r.instrument_id, r.timeframe, r.from_time, r.to_time, r.config_hash, r.data_hash, r.summary_json,
  r.hindsight, r.app_version, r.created_at, r.duration_ms, r.notes, r.tags_json,
  (SELECT group_concat(name, ',') FROM run_series s WHERE s.run_id = r.id) AS series_names`;

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    instrumentId: row.instrument_id,
    timeframe: row.timeframe,
    fromTime: row.from_time,
    toTime: row.to_time,
    configHash: row.config_hash,
    dataHash: row.data_hash,
    summary: JSON.parse(row.summary_json) as Record<string, unknown>,
    hindsight: row.hindsight === 1,
    appVersion: row.app_version,
    createdAt: row.created_at,
    durationMs: row.duration_ms,
    notes: row.notes,
    tags: JSON.parse(row.tags_json) as string[],
    seriesNames: row.series_names ? row.series_names.split(',').filter((n) => !n.startsWith('@')).sort() : [],
  };
}

export type RunFilter = { kind?: RunKind; instrumentId?: number; tag?: string; search?: string; limit?: number };

export function listRuns(store: CandleStore, filter: RunFilter = {}): RunSummary[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.kind) {
    where.push('r.kind = ?');
    args.push(filter.kind);
  }
  if (filter.instrumentId !== undefined) {
    where.push('r.instrument_id = ?');
    args.push(filter.instrumentId);
  }
  if (filter.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(r.tags_json) WHERE value = ?)');
    args.push(filter.tag);
  }
  if (filter.search) {
    where.push("(r.title LIKE ? ESCAPE '\\' OR r.notes LIKE ? ESCAPE '\\' OR r.id = ? OR r.config_hash = ? OR r.data_hash = ?)");
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    args.push(like, like, filter.search, filter.search, filter.search);
  }
  const rows = store.db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.id LIMIT ?`)
    .all(...args, filter.limit ?? 500) as RunRow[];
  return rows.map(toSummary);
}

export function getRun(store: CandleStore, runId: string, seriesNames?: string[] | 'all'): RunRecord {
  const row = store.db.prepare(`SELECT ${SUMMARY_COLUMNS}, r.spec_json, r.result_json FROM runs r WHERE r.id = ?`).get(runId) as
    | (RunRow & { spec_json: string; result_json: string })
    | undefined;
  if (!row) throw new RegimeLabError('E_NOT_FOUND', `run ${runId} does not exist`);
  const wanted = seriesNames === undefined ? [] : seriesNames;
  const rows = (
    wanted === 'all'
      ? store.db.prepare('SELECT name, dtype, data FROM run_series WHERE run_id = ?').all(runId)
      : wanted.length === 0
        ? []
        : store.db.prepare(`SELECT name, dtype, data FROM run_series WHERE run_id = ? AND name IN (${wanted.map(() => '?').join(',')})`).all(runId, ...wanted)
  ) as { name: string; dtype: string; data: Buffer }[];
  if (Array.isArray(wanted)) {
    const missing = wanted.filter((w) => !rows.some((r) => r.name === w));
    if (missing.length) throw new RegimeLabError('E_NOT_FOUND', `run ${runId} has no series ${missing.join(', ')} (it has: ${toSummary(row).seriesNames.join(', ') || 'none'})`);
  }
  const series: Record<string, SeriesArray> = {};
  for (const r of rows) if (!r.name.startsWith('@')) series[r.name] = decodeSeries(r.dtype, r.data);
  const nestedRows = store.db.prepare("SELECT name, dtype, data FROM run_series WHERE run_id = ? AND name LIKE '@%'").all(runId) as { name: string; dtype: string; data: Buffer }[];
  const nested: Record<string, SeriesArray> = {};
  for (const r of nestedRows) nested[r.name] = decodeSeries(r.dtype, r.data);
  return { ...toSummary(row), spec: JSON.parse(row.spec_json) as unknown, result: lowerTypedArrays(JSON.parse(row.result_json), nested), series };
}

export function updateRun(store: CandleStore, runId: string, changes: { notes?: string; tags?: string[]; title?: string }): RunSummary {
  const info = store.db
    .prepare('UPDATE runs SET notes = COALESCE(?, notes), tags_json = COALESCE(?, tags_json), title = COALESCE(?, title) WHERE id = ?')
    .run(changes.notes ?? null, changes.tags ? JSON.stringify([...new Set(changes.tags)].sort()) : null, changes.title ?? null, runId);
  if (info.changes === 0) throw new RegimeLabError('E_NOT_FOUND', `run ${runId} does not exist`);
  return listRuns(store, { search: runId })[0];
}

export function deleteRun(store: CandleStore, runId: string): void {
  const info = store.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
  if (info.changes === 0) throw new RegimeLabError('E_NOT_FOUND', `run ${runId} does not exist`);
}

function decodeSeries(dtype: string, data: Buffer): SeriesArray {
  // Copy into a fresh, aligned buffer: SQLite's blob memory is neither ours nor aligned.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  switch (dtype) {
    case 'f64':
      return new Float64Array(bytes.buffer);
    case 'f32':
      return new Float32Array(bytes.buffer);
    case 'i32':
      return new Int32Array(bytes.buffer);
    case 'i8':
      return new Int8Array(bytes.buffer);
    default:
      return bytes;
  }
}
