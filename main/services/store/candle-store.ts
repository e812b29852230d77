// The candle store: one SQLite database (WAL) holding instruments and their candles in columnar
// chunks, plus simulation ground truth and settings. Every write is one transaction; reads return
// columnar typed arrays. The SQL view `candles` gives ordinary rows for ad-hoc queries.

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { RegimeLabError } from '../../../core/errors.ts';
import { allocateCandles, CANDLE_FIELDS, lowerBound, sliceCandles, type CandleField, type Candles } from '../../../core/series/candles.ts';
import { isTimeframe, type Timeframe } from '../../../core/series/timeframe.ts';
import type { Instrument, TimeframeSummary } from '../../../core/contract/schemas.ts';
import { applyMigrations, readMigrations } from './migrations.ts';
import { chunkRanges } from './chunk-layout.ts';

type Market = Instrument['market'];

/** Stored column name of each candle field (snake_case, as the SQL view shows them). */
const COLUMN_OF: Record<CandleField, string> = {
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  quoteVolume: 'quote_volume',
  trades: 'trades',
  takerBuyBase: 'taker_buy_base',
  takerBuyQuote: 'taker_buy_quote',
};
const BLOB_COLUMNS = ['time', ...CANDLE_FIELDS.map((f) => COLUMN_OF[f]), 'flags'];

export type MergeCounts = { added: number; replaced: number; identical: number; removed: number };

type ChunkRow = { period_start: number; bar_count: number } & Record<string, Buffer | number>;

export type NewInstrument = { symbol: string; exchange: string; market: Market; simulated: boolean; description?: string };

export type StoreOptions = { migrationsDir: string; readonly?: boolean };

export class CandleStore {
  readonly path: string;
  readonly db: Database.Database;

  private constructor(filePath: string, db: Database.Database) {
    this.path = filePath;
    this.db = db;
  }

  static open(filePath: string, options: StoreOptions): CandleStore {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const db = new Database(filePath, { readonly: options.readonly ?? false });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      registerChunkRows(db);
      if (!options.readonly) applyMigrations(db, readMigrations(options.migrationsDir));
    } catch (error) {
      db.close();
      throw error;
    }
    return new CandleStore(filePath, db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── instruments ──────────────────────────────────────────────────────────────────────────────

  listInstruments(): Instrument[] {
    const instruments = this.db
      .prepare('SELECT id, symbol, exchange, market, simulated, description FROM instruments ORDER BY simulated DESC, symbol, market')
      .all() as { id: number; symbol: string; exchange: string; market: Market; simulated: number; description: string }[];
    const summaries = this.db
      .prepare(
        `SELECT s.instrument_id, s.timeframe, s.derived_from,
                COALESCE(SUM(c.bar_count), 0) AS bars, MIN(c.first_time) AS first_time, MAX(c.last_time) AS last_time
         FROM candle_series s LEFT JOIN candle_chunks c ON c.instrument_id = s.instrument_id AND c.timeframe = s.timeframe
         GROUP BY s.instrument_id, s.timeframe`,
      )
      .all() as { instrument_id: number; timeframe: string; derived_from: string | null; bars: number; first_time: number | null; last_time: number | null }[];
    return instruments.map((row) => ({
      id: row.id,
      symbol: row.symbol,
      exchange: row.exchange,
      market: row.market,
      simulated: row.simulated === 1,
      description: row.description,
      timeframes: summaries
        .filter((s) => s.instrument_id === row.id && isTimeframe(s.timeframe))
        .map((s): TimeframeSummary => ({
          timeframe: s.timeframe as Timeframe,
          bars: s.bars,
          firstTime: s.first_time,
          lastTime: s.last_time,
          derivedFrom: s.derived_from !== null && isTimeframe(s.derived_from) ? s.derived_from : null,
        }))
        .sort((a, b) => timeframeOrder(a.timeframe) - timeframeOrder(b.timeframe)),
    }));
  }

  getInstrument(instrumentId: number): Instrument {
    const found = this.listInstruments().find((i) => i.id === instrumentId);
    if (!found) throw new RegimeLabError('E_NOT_FOUND', `instrument ${instrumentId} does not exist`);
    return found;
  }

  findInstrument(symbol: string, market?: Market): Instrument | undefined {
    return this.listInstruments().find((i) => i.symbol === symbol && (market === undefined || i.market === market));
  }

  /** Returns the id of the instrument, creating it if needed. Call inside a write transaction. */
  ensureInstrument(spec: NewInstrument): number {
    const existing = this.db
      .prepare('SELECT id FROM instruments WHERE exchange = ? AND market = ? AND symbol = ?')
      .get(spec.exchange, spec.market, spec.symbol) as { id: number } | undefined;
    if (existing) return existing.id;
    const info = this.db
      .prepare('INSERT INTO instruments (symbol, exchange, market, simulated, description, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(spec.symbol, spec.exchange, spec.market, spec.simulated ? 1 : 0, spec.description ?? '', Date.now());
    return Number(info.lastInsertRowid);
  }

  deleteInstrument(instrumentId: number): void {
    const info = this.db.prepare('DELETE FROM instruments WHERE id = ?').run(instrumentId);
    if (info.changes === 0) throw new RegimeLabError('E_NOT_FOUND', `instrument ${instrumentId} does not exist`);
  }

  /** Runs `work` in one write transaction (BEGIN IMMEDIATE): all of it lands, or none of it. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  // ── candles ──────────────────────────────────────────────────────────────────────────────────

  /** Replaces every stored bar of (instrument, timeframe) with `candles`. */
  replaceCandles(instrumentId: number, timeframe: Timeframe, candles: Candles, derivedFrom: Timeframe | null): void {
    assertSorted(candles.time);
    this.transaction(() => {
      this.db.prepare('DELETE FROM candle_chunks WHERE instrument_id = ? AND timeframe = ?').run(instrumentId, timeframe);
      this.db
        .prepare('INSERT OR REPLACE INTO candle_series (instrument_id, timeframe, derived_from) VALUES (?, ?, ?)')
        .run(instrumentId, timeframe, derivedFrom);
      this.writeChunks(instrumentId, timeframe, candles);
    });
  }

  /** Candles of (instrument, timeframe) with from ≤ time ≤ to, as one set of typed arrays. */
  readCandles(instrumentId: number, timeframe: Timeframe, from = -Infinity, to = Infinity): Candles {
    const lo = Number.isFinite(from) ? from : Number.MIN_SAFE_INTEGER;
    const hi = Number.isFinite(to) ? to : Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare(
        `SELECT period_start, bar_count, ${BLOB_COLUMNS.join(', ')} FROM candle_chunks
         WHERE instrument_id = ? AND timeframe = ? AND last_time >= ? AND first_time <= ? ORDER BY period_start`,
      )
      .all(instrumentId, timeframe, lo, hi) as ChunkRow[];
    let total = 0;
    for (const row of rows) total += row.bar_count;
    const out = allocateCandles(total);
    let offset = 0;
    for (const row of rows) {
      copyBlob(row.time as Buffer, out.time, offset);
      for (const field of CANDLE_FIELDS) copyBlob(row[COLUMN_OF[field]] as Buffer, out[field], offset);
      out.flags.set(row.flags as Buffer, offset);
      offset += row.bar_count;
    }
    if (rows.length === 0) return out;
    const start = lowerBound(out.time, lo);
    const end = lowerBound(out.time, hi + 0.5);
    return start === 0 && end === total ? out : sliceCandles(out, start, end);
  }

  /**
   * Merges `incoming` into the stored series chunk by chunk: new times are added, times already
   * stored are replaced by the incoming bar (the later file wins, as the duplicate policy says),
   * identical bars are counted and left alone. With `replaceRange`, stored bars inside the range
   * that `incoming` does not cover are removed (used to rematerialize resampled buckets).
   * Call inside a transaction.
   */
  mergeCandles(instrumentId: number, timeframe: Timeframe, incoming: Candles, replaceRange?: { from: number; to: number }): MergeCounts {
    assertSorted(incoming.time);
    const counts: MergeCounts = { added: 0, replaced: 0, identical: 0, removed: 0 };
    const incomingByPeriod = new Map<number, { start: number; end: number }>();
    for (const range of chunkRanges(incoming.time, timeframe)) incomingByPeriod.set(range.period, range);
    const periods = new Set<number>(incomingByPeriod.keys());
    if (replaceRange) {
      const stored = this.db
        .prepare('SELECT period_start FROM candle_chunks WHERE instrument_id = ? AND timeframe = ? AND last_time >= ? AND first_time <= ?')
        .all(instrumentId, timeframe, replaceRange.from, replaceRange.to) as { period_start: number }[];
      for (const row of stored) periods.add(row.period_start);
    }
    const remove = this.db.prepare('DELETE FROM candle_chunks WHERE instrument_id = ? AND timeframe = ? AND period_start = ?');
    for (const period of [...periods].sort((a, b) => a - b)) {
      const existing = this.readChunk(instrumentId, timeframe, period);
      const range = incomingByPeriod.get(period);
      const part = range ? sliceCandles(incoming, range.start, range.end) : sliceCandles(incoming, 0, 0);
      const merged = mergeSorted(existing, part, replaceRange, counts);
      remove.run(instrumentId, timeframe, period);
      if (merged.time.length > 0) this.writeChunks(instrumentId, timeframe, merged);
    }
    return counts;
  }

  /** Declares (instrument, timeframe) as a stored series; `derivedFrom` null for imported data. */
  ensureSeries(instrumentId: number, timeframe: Timeframe, derivedFrom: Timeframe | null): void {
    this.db
      .prepare('INSERT INTO candle_series (instrument_id, timeframe, derived_from) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET derived_from = excluded.derived_from')
      .run(instrumentId, timeframe, derivedFrom);
  }

  seriesOf(instrumentId: number): { timeframe: Timeframe; derivedFrom: Timeframe | null }[] {
    const rows = this.db.prepare('SELECT timeframe, derived_from FROM candle_series WHERE instrument_id = ?').all(instrumentId) as { timeframe: Timeframe; derived_from: Timeframe | null }[];
    return rows.map((r) => ({ timeframe: r.timeframe, derivedFrom: r.derived_from }));
  }

  private readChunk(instrumentId: number, timeframe: Timeframe, period: number): Candles {
    const row = this.db
      .prepare(`SELECT period_start, bar_count, ${BLOB_COLUMNS.join(', ')} FROM candle_chunks WHERE instrument_id = ? AND timeframe = ? AND period_start = ?`)
      .get(instrumentId, timeframe, period) as ChunkRow | undefined;
    const out = allocateCandles(row?.bar_count ?? 0);
    if (!row) return out;
    copyBlob(row.time as Buffer, out.time, 0);
    for (const field of CANDLE_FIELDS) copyBlob(row[COLUMN_OF[field]] as Buffer, out[field], 0);
    out.flags.set(row.flags as Buffer, 0);
    return out;
  }

  countCandles(instrumentId: number, timeframe: Timeframe): number {
    const row = this.db
      .prepare('SELECT COALESCE(SUM(bar_count), 0) AS n FROM candle_chunks WHERE instrument_id = ? AND timeframe = ?')
      .get(instrumentId, timeframe) as { n: number };
    return row.n;
  }

  private writeChunks(instrumentId: number, timeframe: Timeframe, candles: Candles): void {
    const insert = this.db.prepare(
      `INSERT INTO candle_chunks (instrument_id, timeframe, period_start, first_time, last_time, bar_count, ${BLOB_COLUMNS.join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ${BLOB_COLUMNS.map(() => '?').join(', ')})`,
    );
    for (const { period, start, end } of chunkRanges(candles.time, timeframe)) {
      const part = sliceCandles(candles, start, end);
      insert.run(
        instrumentId,
        timeframe,
        period,
        part.time[0],
        part.time[end - start - 1],
        end - start,
        toBlob(part.time),
        ...CANDLE_FIELDS.map((f) => toBlob(part[f])),
        toBlob(part.flags),
      );
    }
  }

  // ── simulation truth and settings ───────────────────────────────────────────────────────────

  writeSimulationTruth(instrumentId: number, timeframe: Timeframe, time: Float64Array, states: Uint8Array, model: unknown, spec: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO simulation_truth (instrument_id, timeframe, time, states, model_json, spec_json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(instrumentId, timeframe, toBlob(time), toBlob(states), JSON.stringify(model), JSON.stringify(spec));
  }

  readSimulationTruth(instrumentId: number): { timeframe: Timeframe; time: Float64Array; states: Uint8Array; model: unknown; spec: unknown } {
    const row = this.db
      .prepare('SELECT timeframe, time, states, model_json, spec_json FROM simulation_truth WHERE instrument_id = ?')
      .get(instrumentId) as { timeframe: Timeframe; time: Buffer; states: Buffer; model_json: string; spec_json: string } | undefined;
    if (!row) throw new RegimeLabError('E_NOT_FOUND', `instrument ${instrumentId} has no simulation ground truth (it is not simulated)`);
    const time = new Float64Array(row.time.byteLength / 8);
    copyBlob(row.time, time, 0);
    return { timeframe: row.timeframe, time, states: new Uint8Array(row.states), model: JSON.parse(row.model_json), spec: JSON.parse(row.spec_json) };
  }

  getSetting(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  }
}

/** Two-pointer merge of sorted candle sets; on equal times the incoming bar wins. */
function mergeSorted(existing: Candles, incoming: Candles, replaceRange: { from: number; to: number } | undefined, counts: MergeCounts): Candles {
  if (existing.time.length === 0) {
    counts.added += incoming.time.length;
    return incoming;
  }
  // Decide where each output bar comes from (existing index ≥ 0, incoming index as −(j + 1)), then
  // gather column by column: one tight typed-array loop per field instead of a per-bar field loop.
  const ne = existing.time.length;
  const ni = incoming.time.length;
  const pick = new Int32Array(ne + ni);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < ne || j < ni) {
    const te = i < ne ? existing.time[i] : Infinity;
    const ti = j < ni ? incoming.time[j] : Infinity;
    if (te < ti) {
      if (replaceRange && te >= replaceRange.from && te <= replaceRange.to) counts.removed++;
      else pick[k++] = i;
      i++;
    } else if (ti < te) {
      counts.added++;
      pick[k++] = -(j++ + 1);
    } else {
      if (sameBar(existing, i, incoming, j)) counts.identical++;
      else counts.replaced++;
      pick[k++] = -(j++ + 1);
      i++;
    }
  }
  const out = allocateCandles(k);
  const gather = <A extends Float64Array | Uint8Array>(target: A, from: A, fromIncoming: A) => {
    for (let q = 0; q < k; q++) {
      const p = pick[q];
      target[q] = p >= 0 ? from[p] : fromIncoming[-p - 1];
    }
  };
  gather(out.time, existing.time, incoming.time);
  gather(out.flags, existing.flags, incoming.flags);
  for (const f of CANDLE_FIELDS) gather(out[f], existing[f], incoming[f]);
  return out;
}

function sameBar(a: Candles, i: number, b: Candles, j: number): boolean {
  if (a.flags[i] !== b.flags[j]) return false;
  for (const f of CANDLE_FIELDS) if (!Object.is(a[f][i], b[f][j])) return false;
  return true;
}

function toBlob(array: Float64Array | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Copies a stored little-endian Float64 blob into `target` at `offset` (blobs need not be aligned). */
function copyBlob(blob: Buffer, target: Float64Array, offset: number): void {
  new Uint8Array(target.buffer, target.byteOffset + offset * 8, blob.byteLength).set(blob);
}

function assertSorted(time: Float64Array): void {
  for (let i = 1; i < time.length; i++) {
    if (!(time[i] > time[i - 1])) {
      throw new RegimeLabError('E_BAD_INPUT', `candle times must be strictly increasing; bar ${i} (${time[i]}) follows ${time[i - 1]}`);
    }
  }
}

const TIMEFRAME_ORDER = ['1m', '5m', '15m', '1h', '4h', '1d', '1w'];
function timeframeOrder(tf: string): number {
  return TIMEFRAME_ORDER.indexOf(tf);
}

/** Registers chunk_rows(time, open, …, flags): decodes one chunk's blobs into rows for the SQL view. */
function registerChunkRows(db: Database.Database): void {
  const columns = ['time', ...CANDLE_FIELDS.map((f) => COLUMN_OF[f]), 'flags'];
  db.table('chunk_rows', {
    columns,
    parameters: columns.map((c) => `_${c}`),
    rows: function* (...blobs: unknown[]) {
      const decoded = blobs.slice(0, columns.length - 1).map((b) => {
        const buffer = b as Buffer;
        const values = new Float64Array(buffer.byteLength / 8);
        copyBlob(buffer, values, 0);
        return values;
      });
      const flags = blobs[columns.length - 1] as Buffer;
      for (let i = 0; i < decoded[0].length; i++) {
        const row: Record<string, number> = {};
        columns.forEach((c, k) => {
          row[c] = k < decoded.length ? decoded[k][i] : flags[i];
        });
        yield row;
      }
    },
  });
}
