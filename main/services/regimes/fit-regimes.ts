// Regime fits as jobs: read the instrument's candles, fit in a compute worker (progress, cancel),
// save the fit as a run (spec, data hash, parameters, probabilities), and the research's
// selection table across K and the variance/distribution choices, ranked by BIC.

import * as Comlink from 'comlink';
import { RegimeLabError } from '../../../core/errors.ts';
import type { RegimeModelSpec } from '../../../core/contract/regimes.ts';
import type { Timeframe } from '../../../core/series/timeframe.ts';
import { barsPerYear } from '../../../core/series/timeframe.ts';
import { logReturnsPercent } from '../../../core/series/returns.ts';
import { regimeModelLabel, type RegimeFit } from '../../../core/models/regime-model.ts';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { candleDataHash, saveRun, type SeriesArray } from '../runs/run-store.ts';

export type RegimeDataRequest = { instrumentId: number; timeframe: Timeframe; from?: number; to?: number };

/** The specs the research compared: MS-GARCH with K = 1..3, GARCH or GJR, normal or Student-t. */
export const RESEARCH_SELECTION: RegimeModelSpec[] = [1, 2, 3].flatMap((regimes) =>
  (['garch', 'gjr'] as const).flatMap((variance) => (['norm', 't'] as const).map((dist) => ({ model: 'msgarch' as const, variance, dist, regimes }))),
);

function loadReturns(store: CandleStore, request: RegimeDataRequest) {
  const instrument = store.getInstrument(request.instrumentId);
  const candles = store.readCandles(request.instrumentId, request.timeframe, request.from, request.to);
  if (candles.time.length < 50) {
    throw new RegimeLabError('E_BAD_INPUT', `${instrument.symbol} ${request.timeframe} has ${candles.time.length} bars in the chosen span; a regime fit needs at least 50`);
  }
  return { instrument, candles, ...logReturnsPercent(candles.time, candles.close), dataHash: candleDataHash(candles) };
}

export async function fitRegimeRun(
  store: CandleStore,
  pool: WorkerPool<ComputeApi>,
  request: RegimeDataRequest & { model: RegimeModelSpec; title?: string },
  ctx: JobContext,
  appVersion: string,
  progressSpan: [number, number] = [0, 1],
): Promise<{ runId: string; summary: RegimeFit['summary'] }> {
  const started = performance.now();
  const data = loadReturns(store, request);
  const [p0, p1] = progressSpan;
  const fit = await pool.run((api) =>
    api.fitRegime(
      request.model,
      Comlink.transfer(data.returns.slice(), []),
      ctx.cancelFlag,
      Comlink.proxy((f: number) => ctx.progress(p0 + (p1 - p0) * 0.95 * f, `fitting ${regimeModelLabel(request.model)}`)),
    ),
  );
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user; no run was saved');
  const periodsPerYear = barsPerYear(request.timeframe);
  const summary = {
    ...fit.summary,
    // Per-regime volatility annualized with 365 days (crypto trades every day): σ_bar/100 · √(bars per year).
    regimeVolAnnualized: fit.summary.regimeSigma.map((s) => (s / 100) * Math.sqrt(periodsPerYear)),
    expectedDurationsDays: fit.summary.expectedDurationsBars?.map((bars) => (bars * 365) / periodsPerYear) ?? null,
    symbol: data.instrument.symbol,
    simulated: data.instrument.simulated,
  };
  const series: Record<string, SeriesArray> = { time: data.time };
  for (const [name, array] of Object.entries(fit.series)) if (array) series[name] = array as SeriesArray;
  const runId = saveRun(store, {
    kind: 'regime-fit',
    title: request.title ?? `${fit.summary.label} · ${data.instrument.symbol} ${request.timeframe}`,
    instrumentId: request.instrumentId,
    timeframe: request.timeframe,
    fromTime: data.candles.time[0],
    toTime: data.candles.time[data.candles.time.length - 1],
    spec: { model: request.model, data: { instrumentId: request.instrumentId, timeframe: request.timeframe, from: request.from ?? null, to: request.to ?? null, input: 'log returns ×100 of close' } },
    dataHash: data.dataHash,
    summary,
    result: summary,
    hindsight: false,
    appVersion,
    durationMs: performance.now() - started,
    series,
  });
  return { runId, summary };
}

export async function selectRegimeModel(
  store: CandleStore,
  pool: WorkerPool<ComputeApi>,
  request: RegimeDataRequest & { models?: RegimeModelSpec[] },
  ctx: JobContext,
  appVersion: string,
) {
  const models = request.models ?? RESEARCH_SELECTION;
  let finished = 0;
  // The pool runs as many fits at once as it has workers; each fit reports its own share.
  const rows = await Promise.all(
    models.map(async (model) => {
      try {
        const { runId, summary } = await fitRegimeRun(store, pool, { ...request, model }, { ...ctx, progress: () => {} }, appVersion);
        ctx.progress(++finished / models.length, `fitted ${summary.label}`);
        return { runId, label: summary.label, spec: model, loglik: summary.loglik, paramCount: summary.paramCount, aic: summary.aic, bic: summary.bic, hqic: summary.hqic, error: null };
      } catch (error) {
        if (ctx.signal.cancelled()) throw error;
        ctx.progress(++finished / models.length, `failed ${regimeModelLabel(model)}`);
        return { runId: null, label: regimeModelLabel(model), spec: model, loglik: null, paramCount: null, aic: null, bic: null, hqic: null, error: (error as Error).message };
      }
    }),
  );
  rows.sort((a, b) => (a.bic ?? Infinity) - (b.bic ?? Infinity));
  return { rows, bestRunId: rows[0]?.runId ?? null };
}
