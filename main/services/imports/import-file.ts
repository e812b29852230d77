// Imports one exchange file into the store: parse and validate in the import worker, then one
// transaction that merges the bars (the later file wins on conflicts), rematerializes every
// resampled timeframe over the affected span, and records the import report. A refused or
// cancelled import changes nothing; the same file imported again is a no-op that says so.

import * as Comlink from 'comlink';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RegimeLabError } from '../../../core/errors.ts';
import type { ImportReport } from '../../../core/data/import-report.ts';
import { lowerBound, sliceCandles } from '../../../core/series/candles.ts';
import { resampleCandles } from '../../../core/series/resample.ts';
import { bucketStart, canResample, TIMEFRAMES, timeframeMs, type Timeframe } from '../../../core/series/timeframe.ts';
import type { ImportApi, ImportParseOptions } from '../../../workers/import-api.ts';
import type { CandleStore, MergeCounts } from '../store/candle-store.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';

export type ImportSource = { path: string } | { bytes: Uint8Array; fileName: string };

export type ImportOptions = ImportParseOptions & { exchange?: string };

export type ImportOutcome = {
  status: 'imported' | 'unchanged';
  instrumentId: number;
  symbol: string;
  market: string;
  timeframe: Timeframe;
  importId: number;
  merge: MergeCounts;
  /** Resampled timeframes rebuilt over the imported span. */
  materialized: Timeframe[];
  report: ImportReport;
  message: string;
  /** Wall time of each phase, ms: reading + hashing, parsing in the worker, the store transaction. */
  timings: { readMs: number; parseMs: number; storeMs: number };
};

/** Largest file read into memory for one import (a year of 1-minute bars unzipped is ~90 MB). */
const MAX_FILE_BYTES = 1024 ** 3;

/**
 * `waitTurn` resolves when the imports started before this one have written (or failed): files are
 * parsed concurrently with earlier files' store writes, but merged in the order they were started,
 * so "the later file wins" means the file the user gave later.
 */
export async function importFile(
  store: CandleStore,
  pool: WorkerPool<ImportApi>,
  source: ImportSource,
  options: ImportOptions,
  ctx: JobContext,
  waitTurn: () => Promise<void> = () => Promise.resolve(),
): Promise<ImportOutcome> {
  const started = performance.now();
  const { bytes, fileName, filePath } = readSource(source);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const readMs = performance.now() - started;
  ctx.progress(0.02, `parsing ${fileName}`);
  const { exchange: exchangeOption, ...parseOptions } = options;
  const parsed = await pool.run((api) =>
    api.parse(
      Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]),
      fileName,
      { ...parseOptions, sha256, ...(filePath ? { path: filePath } : {}) },
      ctx.cancelFlag,
      Comlink.proxy((fraction: number, message?: string) => ctx.progress(0.02 + 0.78 * fraction, message)),
    ),
  );
  const parseMs = performance.now() - started - readMs;
  await waitTurn();
  const storeStarted = performance.now();
  const timings = () => ({ readMs, parseMs, storeMs: performance.now() - storeStarted });
  const symbol = options.symbol ?? parsed.symbol;
  if (!symbol) {
    throw new RegimeLabError('E_BAD_INPUT', `${fileName}: the symbol cannot be told from the file name, its folder or its contents; name it (--symbol BTCUSDT)`);
  }
  const market = options.market ?? parsed.market ?? 'spot';
  const exchange = exchangeOption ?? 'binance';
  const timeframe = parsed.timeframe;
  const { candles, report } = parsed;

  ctx.progress(0.82, 'writing to the store');
  return store.transaction(() => {
    const instrumentId = store.ensureInstrument({ symbol, exchange, market, simulated: false, description: `${exchange} ${market} ${symbol}` });
    const previous = store.db
      .prepare('SELECT id, imported_at FROM imports WHERE instrument_id = ? AND timeframe = ? AND sha256 = ?')
      .get(instrumentId, timeframe, sha256) as { id: number; imported_at: number } | undefined;
    const zero: MergeCounts = { added: 0, replaced: 0, identical: 0, removed: 0 };
    if (previous) {
      return {
        status: 'unchanged',
        instrumentId,
        symbol,
        market,
        timeframe,
        importId: previous.id,
        merge: zero,
        materialized: [],
        report,
        message: `${fileName} was already imported into ${symbol} ${timeframe} on ${new Date(previous.imported_at).toISOString()} (same SHA-256); nothing changed`,
        timings: timings(),
      } satisfies ImportOutcome;
    }
    const series = store.seriesOf(instrumentId);
    const existing = series.find((s) => s.timeframe === timeframe);
    if (existing?.derivedFrom) {
      throw new RegimeLabError('E_CONFLICT', `${symbol} ${timeframe} is resampled from ${existing.derivedFrom} in the store; import this file under another symbol, or delete the instrument first`);
    }
    store.ensureSeries(instrumentId, timeframe, null);
    const merge = candles.time.length > 0 ? store.mergeCandles(instrumentId, timeframe, candles) : zero;
    const materialized = candles.time.length > 0 ? rematerialize(store, instrumentId, timeframe, candles.time[0], candles.time[candles.time.length - 1]) : [];
    const info = store.db
      .prepare(
        `INSERT INTO imports (instrument_id, timeframe, file_name, size_bytes, sha256, imported_at, bars, added, replaced, identical, first_time, last_time, report_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(instrumentId, timeframe, fileName, report.sizeBytes, sha256, Date.now(), report.bars, merge.added, merge.replaced, merge.identical, report.firstTimeMs, report.lastTimeMs, JSON.stringify(report));
    // The last moment a cancel can take effect: throwing here rolls the whole import back.
    if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user; the store is unchanged');
    return {
      status: 'imported',
      instrumentId,
      symbol,
      market,
      timeframe,
      importId: Number(info.lastInsertRowid),
      merge,
      materialized,
      report,
      message: `${fileName}: ${report.bars} bars into ${symbol} ${timeframe} (${merge.added} new, ${merge.replaced} replaced, ${merge.identical} identical); rejected ${report.rows.rejected}, gaps ${report.gaps.count}`,
      timings: timings(),
    } satisfies ImportOutcome;
  });
}

/**
 * Rebuilds every coarser timeframe that is resampled from `base` (or not stored yet) over the
 * buckets touched by [firstMs, lastMs]. Timeframes imported from files of their own are left alone.
 */
export function rematerialize(store: CandleStore, instrumentId: number, base: Timeframe, firstMs: number, lastMs: number): Timeframe[] {
  const series = store.seriesOf(instrumentId);
  const targets = TIMEFRAMES.filter((target) => {
    if (!canResample(base, target)) return false;
    const stored = series.find((s) => s.timeframe === target);
    return !stored || stored.derivedFrom === base;
  });
  if (targets.length === 0) return [];
  // One read of the base bars covering every touched bucket of every target: whole buckets of the
  // coarsest target, which are whole buckets of each finer one too.
  const coarsest = targets[targets.length - 1];
  const baseCandles = store.readCandles(instrumentId, base, bucketStart(firstMs, coarsest), bucketStart(lastMs, coarsest) + timeframeMs(coarsest) - 1);
  for (const target of targets) {
    // Each target over its own touched buckets only: a month of 1m bars rewrites that month's
    // 5m…4h chunks, not the neighbouring months' that the coarsest (weekly) buckets reach into.
    const range = { from: bucketStart(firstMs, target), to: bucketStart(lastMs, target) + timeframeMs(target) - 1 };
    const slice = sliceCandles(baseCandles, lowerBound(baseCandles.time, range.from), lowerBound(baseCandles.time, range.to + 0.5));
    // Always from the base bars, not chained through the finer timeframes: chained sums round
    // differently, and a resampled volume must be exactly the sum of its base bars.
    const resampled = resampleCandles(slice, base, target);
    store.ensureSeries(instrumentId, target, base);
    store.mergeCandles(instrumentId, target, resampled, range);
  }
  return targets;
}

function readSource(source: ImportSource): { bytes: Uint8Array; fileName: string; filePath?: string } {
  if ('bytes' in source) {
    if (source.bytes.byteLength === 0) throw new RegimeLabError('E_BAD_INPUT', `${source.fileName}: the file is empty (0 bytes)`);
    // Copy so the transfer to the worker does not detach the caller's buffer.
    return { bytes: source.bytes.slice(), fileName: source.fileName };
  }
  const filePath = path.resolve(source.path);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    throw new RegimeLabError('E_NOT_FOUND', `${source.path}: no such file`);
  }
  if (!stat.isFile()) throw new RegimeLabError('E_BAD_INPUT', `${source.path}: not a regular file`);
  if (stat.size > MAX_FILE_BYTES) throw new RegimeLabError('E_REFUSED', `${source.path}: ${stat.size} bytes is over the ${MAX_FILE_BYTES}-byte import limit; split it into monthly files`);
  const buffer = fs.readFileSync(filePath);
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), fileName: path.basename(filePath), filePath };
}

export type ImportRecord = { id: number; instrumentId: number; timeframe: Timeframe; fileName: string; sizeBytes: number; sha256: string; importedAt: number; bars: number; added: number; replaced: number; identical: number; firstTime: number | null; lastTime: number | null };

export function listImports(store: CandleStore, instrumentId?: number): ImportRecord[] {
  const rows = store.db
    .prepare(
      `SELECT id, instrument_id, timeframe, file_name, size_bytes, sha256, imported_at, bars, added, replaced, identical, first_time, last_time
       FROM imports ${instrumentId === undefined ? '' : 'WHERE instrument_id = ?'} ORDER BY imported_at DESC, id DESC`,
    )
    .all(...(instrumentId === undefined ? [] : [instrumentId])) as Record<string, number | string | null>[];
  return rows.map((r) => ({
    id: r.id as number,
    instrumentId: r.instrument_id as number,
    timeframe: r.timeframe as Timeframe,
    fileName: r.file_name as string,
    sizeBytes: r.size_bytes as number,
    sha256: r.sha256 as string,
    importedAt: r.imported_at as number,
    bars: r.bars as number,
    added: r.added as number,
    replaced: r.replaced as number,
    identical: r.identical as number,
    firstTime: r.first_time as number | null,
    lastTime: r.last_time as number | null,
  }));
}

export function importReport(store: CandleStore, importId: number): ImportReport {
  const row = store.db.prepare('SELECT report_json FROM imports WHERE id = ?').get(importId) as { report_json: string } | undefined;
  if (!row) throw new RegimeLabError('E_NOT_FOUND', `import ${importId} does not exist`);
  return JSON.parse(row.report_json) as ImportReport;
}
