// The `backtest.sweep` job: reads the data from the store, resolves the regimes once in a compute
// worker, runs the variants on the chosen backend (local pool or cluster) and saves ONE 'sweep' run
// whose spec, data hash and result table do not depend on the backend. Cancel saves nothing.

import { parseStrategyConfig } from '../../../core/backtest/config.ts';
import { alignInstruments, validateBacktestData, type BacktestData } from '../../../core/backtest/data.ts';
import { regimeSeriesFromRun } from '../backtests/run-backtest.ts';
import { expandGrid } from '../../../core/backtest/grid.ts';
import type { SweepRow } from '../../../core/backtest/sweep.ts';
import type { JobParams, JobResult } from '../../../core/contract/jobs.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import * as Comlink from 'comlink';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import { configHash, saveRun } from '../runs/run-store.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { ClusterBackend } from './cluster-backend.ts';
import { LocalBackend } from './local-backend.ts';
import type { ExecutionBackend } from './sweep-backend.ts';
import { sweepDataHash, sweepIdOf } from './sweep-dataset.ts';

export type SweepJobDeps = { store: CandleStore; compute: WorkerPool<ComputeApi>; computeWorkers: number; appVersion: string };

/** The instruments of `data` read from the store in the config's order, aligned on common bars. */
export function readSweepData(store: CandleStore, spec: JobParams<'backtest.sweep'>['data'], configSymbols: string[]): BacktestData {
  if (spec.instrumentIds.length !== configSymbols.length) {
    throw new RegimeLabError('E_BAD_INPUT', `data.instrumentIds lists ${spec.instrumentIds.length} instruments, config.instruments lists ${configSymbols.length} (${configSymbols.join(', ')})`);
  }
  const instruments = spec.instrumentIds.map((id, i) => {
    const instrument = store.getInstrument(id);
    if (instrument.symbol !== configSymbols[i]) {
      throw new RegimeLabError('E_BAD_INPUT', `config.instruments[${i}].symbol is ${configSymbols[i]} but data.instrumentIds[${i}] is ${instrument.symbol}; list them in the same order`);
    }
    const candles = store.readCandles(id, spec.timeframe, spec.from, spec.to);
    if (candles.time.length < 2) throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has ${candles.time.length} ${spec.timeframe} candles in the range; a sweep needs at least 2`);
    const runId = spec.regimeRunIds?.[i];
    if (!runId) return { symbol: instrument.symbol, candles };
    return { symbol: instrument.symbol, candles, regimeSeries: regimeSeriesFromRun(store, runId, spec.timeframe, `data.regimeRunIds[${i}]`).regimeSeries };
  });
  return { timeframe: spec.timeframe, instruments: alignInstruments(instruments) };
}

/** The backend a job's params choose (sweeps and walk-forward studies alike). */
export function backendOf(choice: JobParams<'backtest.sweep'>['backend'], deps: Pick<SweepJobDeps, 'compute' | 'computeWorkers'>): ExecutionBackend {
  return choice.kind === 'local' ? new LocalBackend(deps.compute, deps.computeWorkers) : new ClusterBackend({ redisUrl: choice.redisUrl, allowUnauthenticated: choice.allowUnauthenticated, tls: choice.tls });
}

/** Heatmap-ready summary: counts and the best variant by Sharpe. */
function summarize(rows: SweepRow[], keys: string[]) {
  const ok = rows.filter((r) => r.headline !== null);
  const best = ok.reduce<SweepRow | null>((top, r) => ((r.headline!.sharpe ?? -Infinity) > (top?.headline!.sharpe ?? -Infinity) ? r : top), null);
  return { variants: rows.length, ok: ok.length, errors: rows.length - ok.length, keys, bestBySharpe: best ? { index: best.index, variant: best.variant, sharpe: best.headline!.sharpe, totalReturn: best.headline!.totalReturn, maxDrawdown: best.headline!.maxDrawdown } : null };
}

export async function runSweepJob(deps: SweepJobDeps, params: JobParams<'backtest.sweep'>, ctx: JobContext): Promise<JobResult<'backtest.sweep'>> {
  const t0 = performance.now();
  const config = parseStrategyConfig(params.config);
  const total = expandGrid(params.grid).length;
  if (total > 2_000_000) throw new RegimeLabError('E_BAD_INPUT', `grid has ${total} variants; at most 2,000,000 per sweep`);
  const data = readSweepData(deps.store, params.data, config.instruments.map((i) => i.symbol));
  validateBacktestData(data);
  const { dataHash } = sweepDataHash(data);
  const sweepConfigHash = configHash({ config: params.config, grid: params.grid });
  const tData = performance.now();
  ctx.progress(0.01, 'fitting regimes (once for the sweep)');
  const regimes = await deps.compute.run((api) => api.resolveSweepRegimes(params.config, data, ctx.cancelFlag, Comlink.proxy((f: number) => ctx.progress(0.01 + 0.09 * f, 'fitting regimes (once for the sweep)'))));
  const tRegimes = performance.now();
  const backend = backendOf(params.backend, deps);
  const { rows, execution } = await backend.runSweep(
    { sweepId: sweepIdOf(sweepConfigHash, dataHash), configHash: sweepConfigHash, dataHash, configInput: params.config, grid: params.grid, data, regimes, total },
    { signal: ctx.signal, cancelFlag: ctx.cancelFlag, progress: (p) => ctx.progress(0.1 + 0.88 * (p.fraction ?? p.done / Math.max(1, p.total)), p.message) },
  );
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'sweep cancelled');
  const tSweep = performance.now();
  const keys = Object.keys(params.grid);
  const time = data.instruments[0].candles.time;
  const runId = saveRun(deps.store, {
    kind: 'sweep',
    title: params.title ?? `sweep of ${total} variants over ${keys.join(' × ')}`,
    instrumentId: params.data.instrumentIds[0],
    timeframe: params.data.timeframe,
    fromTime: time[0],
    toTime: time[time.length - 1],
    // The backend is not part of the record: the same sweep gives the same run wherever it ran.
    spec: { config: params.config, grid: params.grid, data: params.data },
    dataHash,
    summary: summarize(rows, keys),
    result: { keys, total, rows },
    hindsight: rows.some((r) => r.hindsight),
    appVersion: deps.appVersion,
    durationMs: tSweep - t0,
    series: {},
  });
  const tSave = performance.now();
  ctx.progress(1, `${total} variants done`);
  return {
    runId,
    total,
    rows,
    execution,
    durations: { dataMs: tData - t0, regimesMs: tRegimes - tData, sweepMs: tSweep - tRegimes, saveMs: tSave - tSweep, totalMs: tSave - t0 },
  };
}
