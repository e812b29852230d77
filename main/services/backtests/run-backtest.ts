// A backtest as a job: the strategy config and the instruments' candles from the store, the run in
// a compute worker (progress, cancel), then one saved run (kind 'backtest') with its headline, full
// result and per-bar series. The deflated Sharpe ratio counts the trials the user actually made:
// every backtest run saved on the same data (same data hash), this one included.

import * as Comlink from 'comlink';
import { createHash } from 'node:crypto';
import { RegimeLabError } from '../../../core/errors.ts';
import type { BacktestData, BacktestResult } from '../../../core/backtest/index.ts';
import { parseStrategyConfig } from '../../../core/backtest/index.ts';
import { parseRegimeCsv } from '../../../core/regimes/import-csv.ts';
import type { RegimeSeries } from '../../../core/regimes/regime-series.ts';
import { deflatedSharpeRatio, sharpeMoments } from '../../../core/metrics/inference.ts';
import { simpleReturns } from '../../../core/metrics/returns-risk.ts';
import type { Timeframe } from '../../../core/series/timeframe.ts';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { candleDataHash, getRun, listRuns, saveRun, type SeriesArray } from '../runs/run-store.ts';

export type BacktestRequest = {
  config: unknown;
  timeframe: Timeframe;
  market?: 'spot' | 'usd-m' | 'coin-m';
  /** Per instrument (config order): a saved regime-fit run whose filtered probabilities feed `regimes.source: 'series'`. */
  regimeRunIds?: string[];
  /** Per instrument: an imported probability CSV (time, then one column per regime, low-vol first). */
  regimeCsv?: { fileName: string; text: string; timeframe?: Timeframe }[];
  title?: string;
};

export type BacktestOutcome = { runId: string; result: BacktestResult; dsr: number | null; trials: number };

/**
 * A saved regime fit as a backtest regime source: its filtered probabilities. The parameters were
 * estimated on the run's whole span, so the source is in-sample; the note says so.
 */
export function regimeSeriesFromRun(store: CandleStore, runId: string, timeframe: Timeframe, field: string): { regimeSeries: RegimeSeries; note: string } {
  const kind = getRun(store, runId).kind;
  if (kind !== 'regime-fit') throw new RegimeLabError('E_BAD_INPUT', `${field}: run ${runId} is a ${kind}, not a regime fit`);
  const run = getRun(store, runId, ['time', 'filtered']);
  return {
    regimeSeries: {
      time: run.series.time as Float64Array,
      timeframe: (run.timeframe ?? timeframe) as Timeframe,
      regimeCount: Number(run.summary.regimes),
      probs: run.series.filtered as Float64Array,
      hindsight: false,
      source: `regime run ${runId} (${String(run.summary.label)}, in-sample parameters)`,
    },
    note: `regimes from run ${runId} (${String(run.summary.label)}) — filtered probabilities with parameters fitted on the whole span (in-sample); a walk-forward source avoids that`,
  };
}

export function loadBacktestData(store: CandleStore, request: BacktestRequest): { data: BacktestData; instrumentIds: number[]; dataHash: string; notes: string[] } {
  const config = parseStrategyConfig(request.config);
  const notes: string[] = [];
  const instruments = store.listInstruments();
  const hash = createHash('sha256');
  const ids: number[] = [];
  const data: BacktestData = {
    timeframe: request.timeframe,
    instruments: config.instruments.map((inst, i) => {
      const matches = instruments.filter((x) => x.symbol === inst.symbol && (request.market === undefined || x.market === request.market));
      if (matches.length === 0) throw new RegimeLabError('E_NOT_FOUND', `config.instruments[${i}]: no instrument ${inst.symbol} in the store; import its candles first`);
      if (matches.length > 1) throw new RegimeLabError('E_BAD_INPUT', `config.instruments[${i}]: ${inst.symbol} exists in several markets (${matches.map((m) => m.market).join(', ')}); choose one`);
      const instrument = matches[0];
      if (!instrument.timeframes.some((t) => t.timeframe === request.timeframe)) {
        throw new RegimeLabError('E_NOT_FOUND', `${inst.symbol} has no ${request.timeframe} candles (stored: ${instrument.timeframes.map((t) => t.timeframe).join(', ')})`);
      }
      if (instrument.simulated) notes.push(`${inst.symbol} is simulated data, not market prices`);
      const candles = store.readCandles(instrument.id, request.timeframe);
      hash.update(candleDataHash(candles));
      ids.push(instrument.id);
      const csv = request.regimeCsv?.[i];
      if (csv) {
        const regimeSeries = parseRegimeCsv(csv.text, { fileName: csv.fileName, timeframe: csv.timeframe ?? request.timeframe });
        notes.push(`${inst.symbol}: regimes imported from ${csv.fileName} (${regimeSeries.time.length} rows); the file is trusted to be causal (filtered) — RegimeLab cannot check how it was made`);
        return { symbol: inst.symbol, candles, regimeSeries };
      }
      const runId = request.regimeRunIds?.[i];
      if (!runId) return { symbol: inst.symbol, candles };
      const { regimeSeries, note } = regimeSeriesFromRun(store, runId, request.timeframe, `regimeRunIds[${i}]`);
      notes.push(`${inst.symbol}: ${note}`);
      return { symbol: inst.symbol, candles, regimeSeries };
    }),
  };
  return { data, instrumentIds: ids, dataHash: hash.digest('hex'), notes };
}

export async function runBacktestJob(store: CandleStore, pool: WorkerPool<ComputeApi>, request: BacktestRequest, ctx: JobContext, appVersion: string): Promise<BacktestOutcome> {
  const started = performance.now();
  const { data, instrumentIds, dataHash, notes } = loadBacktestData(store, request);
  ctx.progress(0.02, 'running');
  const result = await pool.run((api) => api.runBacktest(request.config, data, ctx.cancelFlag, Comlink.proxy((f: number, m?: string) => ctx.progress(0.02 + 0.9 * f, m))));
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user; no run was saved');
  const returns = simpleReturns(result.equity);
  const sharpePerPeriod = sharpeMoments(returns).sharpe;
  // Trials: every backtest already saved on exactly this data, plus this one.
  const previous = listRuns(store, { kind: 'backtest', limit: 5000 }).filter((r) => r.dataHash === dataHash);
  const trialSharpes = [...previous.map((r) => r.summary.sharpePerPeriod).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))];
  if (sharpePerPeriod !== null) trialSharpes.push(sharpePerPeriod);
  const dsr = trialSharpes.length > 0 && returns.length > 2 ? deflatedSharpeRatio(returns, { trialSharpes: Float64Array.from(trialSharpes) }).dsr : null;
  const summary = {
    ...result.headline,
    name: result.name,
    symbols: result.symbols,
    path: result.path,
    sharpePerPeriod,
    dsr,
    trials: trialSharpes.length,
    periodsPerYear: result.periodsPerYear,
    benchmarks: result.benchmarks.map((b) => ({ name: (b as { name?: string }).name ?? 'benchmark', headline: (b as { headline?: unknown }).headline ?? null })),
    regimeSources: result.regimeSources,
    notes,
  };
  const series: Record<string, SeriesArray> = {
    time: result.time,
    equity: result.equity,
    cash: result.cash,
    netExposure: result.netExposure,
    grossLeverage: result.grossLeverage,
    fees: result.fees,
    funding: result.funding,
    slippage: result.slippage,
  };
  result.symbols.forEach((symbol, i) => {
    series[`regimeSeen.${symbol}`] = result.regimeSeen[i];
    series[`stateSeen.${symbol}`] = result.stateSeen[i];
    series[`targetExposure.${symbol}`] = result.targetExposure[i];
  });
  const { time: _t, equity: _e, cash: _c, netExposure: _n, grossLeverage: _g, fees: _f, funding: _fu, slippage: _s, regimeSeen: _r, stateSeen: _st, targetExposure: _te, ...rest } = result;
  const runId = saveRun(store, {
    kind: 'backtest',
    title: request.title ?? `${result.name} · ${result.symbols.join('+')} ${request.timeframe}${result.hindsight ? ' · HINDSIGHT' : ''}`,
    instrumentId: instrumentIds[0] ?? null,
    timeframe: request.timeframe,
    fromTime: result.window.startTime,
    toTime: result.window.endTime,
    spec: { config: request.config, timeframe: request.timeframe, market: request.market ?? null, regimeRunIds: request.regimeRunIds ?? null, regimeCsv: request.regimeCsv?.map((c) => ({ fileName: c.fileName, sha256: createHash('sha256').update(c.text).digest('hex') })) ?? null, instrumentIds },
    dataHash,
    summary,
    result: rest,
    hindsight: result.hindsight,
    appVersion,
    durationMs: performance.now() - started,
    series,
  });
  return { runId, result, dsr, trials: trialSharpes.length };
}
