// Compute worker entry point: exposes core/ computations to main through comlink over a
// worker_threads port. Typed arrays come in and go back as transfers, never copies of row objects.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort, threadId } from 'node:worker_threads';
import { simulateSample } from '../core/sample/simulated-btc.ts';
import { resampleCandles } from '../core/series/resample.ts';
import { fitRegimeModel } from '../core/models/regime-model.ts';
import { resolveBacktestRegimes, runBacktest } from '../core/backtest/run-backtest.ts';
import { parseStrategyConfig } from '../core/backtest/config.ts';
import { loadHeadlineWasm, type HeadlineWasm } from '../core/backtest/headline-wasm.ts';
import { runSweep } from '../core/backtest/sweep.ts';
import { correlationMatrix, exploreReturns, logReturns, median } from '../core/metrics/index.ts';
import { RegimeLabError } from '../core/errors.ts';
import type { ComputeApi, ExploreComputed, ExploreRequest, ExploreSeries } from './compute-api.ts';
import { candleBuffers, flagSignal } from './transfer.ts';
import { installErrorTransfer } from './comlink-errors.ts';

if (!parentPort) throw new Error('workers/compute must run in a worker thread');
installErrorTransfer();

let headlineWasm: HeadlineWasm | undefined;

const api: ComputeApi = {
  async echo(values, onProgress) {
    let sum = 0;
    const doubled = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      sum += values[i];
      doubled[i] = 2 * values[i];
    }
    await onProgress(1, 'echo done');
    return Comlink.transfer({ sum, doubled, threadId }, [doubled.buffer]);
  },

  async seedSample(spec, cancelFlag, onProgress) {
    const signal = flagSignal(cancelFlag);
    const sample = simulateSample(spec, (f) => void onProgress(0.8 * f, 'simulating'), signal);
    const resampled = {
      '4h': resampleCandles(sample.candles, '1h', '4h'),
      '1d': resampleCandles(sample.candles, '1h', '1d'),
      '1w': resampleCandles(sample.candles, '1h', '1w'),
    };
    await onProgress(0.9, 'resampled');
    const result = { base: sample.candles, resampled, states: sample.states, model: sample.model, spec: sample.spec };
    const buffers = [
      ...candleBuffers(sample.candles),
      ...Object.values(resampled).flatMap(candleBuffers),
      sample.states.buffer as ArrayBuffer,
    ];
    return Comlink.transfer(result, buffers);
  },

  async explore(request, onProgress) {
    const computed = explore(request);
    await onProgress(1, 'explored');
    const { acfReturns, acfSquaredReturns } = computed.report;
    return Comlink.transfer(computed, [acfReturns.acf.buffer as ArrayBuffer, acfSquaredReturns.acf.buffer as ArrayBuffer]);
  },

  async fitRegime(spec, returns, cancelFlag, onProgress) {
    const fit = fitRegimeModel(spec, returns, { signal: flagSignal(cancelFlag), onProgress: (f) => void onProgress(f, 'fitting') });
    const buffers = Object.values(fit.series).map((a) => (a as Float64Array | Uint8Array).buffer as ArrayBuffer);
    return Comlink.transfer(fit, buffers);
  },

  async runBacktest(configInput, data, cancelFlag, onProgress) {
    const result = runBacktest(configInput, data, { signal: flagSignal(cancelFlag), onProgress: (f) => void onProgress(f, 'backtesting') });
    const arrays = [result.time, result.equity, result.cash, result.netExposure, result.grossLeverage, result.fees, result.funding, result.slippage, ...result.regimeSeen, ...result.stateSeen, ...result.targetExposure];
    return Comlink.transfer(result, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]);
  },

  async resolveSweepRegimes(configInput, data, cancelFlag, onProgress) {
    return resolveBacktestRegimes(parseStrategyConfig(configInput), data, { signal: flagSignal(cancelFlag), onProgress: (f) => void onProgress(f, 'fitting regimes') });
  },

  async runSweepSlice(configInput, grid, data, regimes, from, to, cancelFlag, onProgress) {
    let reportedAt = 0;
    // The WebAssembly headline kernel, compiled once per worker: fast-path variants run two at a time.
    headlineWasm ??= await loadHeadlineWasm();
    return runSweep(configInput, grid, data, {
      from,
      to,
      regimes,
      headlineWasm,
      signal: flagSignal(cancelFlag),
      // One message per ~50 ms, not per variant: a variant can take microseconds.
      onProgress: (done, total) => {
        const now = performance.now();
        if (done === total || now - reportedAt >= 50) {
          reportedAt = now;
          void onProgress(done, total);
        }
      },
    });
  },

  async crash() {
    setTimeout(() => process.exit(3), 0);
  },
};

Comlink.expose(api, nodeEndpoint(parentPort));

// --- explore: inputs of core/metrics exploreReturns built from stored closes ---

/** Log returns ln(c_t / c_{t−1}) of the primary series, the high-vol mask on them, and other series aligned on common timestamps. */
function explore({ primary, others, truth, rvWindowBars }: ExploreRequest): ExploreComputed {
  if (primary.close.length < 2) throw new RegimeLabError('E_BAD_INPUT', `${primary.name}: needs at least two bars, got ${primary.close.length}`);
  const returns = logReturns(primary.close);
  const returnTime = primary.time.subarray(1);
  const mask = truth ? truthMask(primary.time, truth) : realizedVolMask(returns, rvWindowBars);
  let high = 0;
  for (const m of mask) high += m;
  const highVolMask: ExploreComputed['highVolMask'] = truth
    ? { source: 'simulation truth', description: 'the simulated regime path (state 1 = high volatility); a bar is high-vol when most of its base bars are', highVolShare: high / mask.length }
    : { source: 'realized volatility', description: `trailing ${rvWindowBars}-bar realized volatility (RMS of log returns) above its median; the first ${rvWindowBars - 1} returns count as not high-vol (a fitted-model mask comes later)`, highVolShare: high / mask.length };
  const report = exploreReturns(returns, { name: primary.name });
  let alignment: ExploreComputed['alignment'] = null;
  if (others.length) {
    const aligned = alignOnCommonTimes([primary, ...others]);
    if (aligned.time.length < 3) throw new RegimeLabError('E_BAD_INPUT', `${[primary, ...others].map((s) => s.name).join(', ')}: fewer than three common bar times, nothing to correlate`);
    const maskAt = new Map<number, number>();
    returnTime.forEach((t, i) => maskAt.set(t, mask[i]));
    const alignedMask = Uint8Array.from(aligned.time.subarray(1), (t) => maskAt.get(t) ?? 0);
    const columns = Object.fromEntries(aligned.closes.map((close, k) => [k === 0 ? primary.name : others[k - 1].name, logReturns(close)]));
    report.correlation = { unconditional: correlationMatrix(columns), highVol: correlationMatrix(columns, { mask: alignedMask }) };
    alignment = {
      symbols: [primary.name, ...others.map((o) => o.name)],
      commonReturns: aligned.time.length - 1,
      description: `log returns between consecutive bar times present in all ${others.length + 1} series; high-vol bars are ${primary.name}'s`,
    };
  }
  return { report, highVolMask, alignment };
}

/** Closes of every series at the bar times they all share (sorted, strictly increasing inputs). */
function alignOnCommonTimes(series: ExploreSeries[]): { time: Float64Array; closes: Float64Array[] } {
  let common = series[0].time;
  for (const s of series.slice(1)) {
    const present = new Set(s.time);
    common = common.filter((t) => present.has(t));
  }
  const closes = series.map((s) => {
    const at = new Map<number, number>();
    s.time.forEach((t, i) => at.set(t, s.close[i]));
    return Float64Array.from(common, (t) => at.get(t)!);
  });
  return { time: common, closes };
}

/** 1 for returns whose bar (time[i], i ≥ 1) lies mostly in simulated state 1; states cover base bars, bars may be coarser. */
function truthMask(time: Float64Array, truth: { time: Float64Array; states: Uint8Array }): Uint8Array {
  const mask = new Uint8Array(time.length - 1);
  let j = 0;
  for (let i = 1; i < time.length; i++) {
    const end = i + 1 < time.length ? time[i + 1] : time[i] + (time[i] - time[i - 1]);
    while (j < truth.time.length && truth.time[j] < time[i]) j++;
    let count = 0;
    let highCount = 0;
    for (let k = j; k < truth.time.length && truth.time[k] < end; k++) {
      count++;
      highCount += truth.states[k];
    }
    mask[i - 1] = count > 0 && 2 * highCount > count ? 1 : 0;
  }
  return mask;
}

/** 1 where the trailing `window`-bar RMS of the returns exceeds its median over the defined bars. */
function realizedVolMask(returns: Float64Array, window: number): Uint8Array {
  const mask = new Uint8Array(returns.length);
  if (returns.length < window) return mask;
  const rv = new Float64Array(returns.length - window + 1);
  let sumSq = 0;
  for (let i = 0; i < returns.length; i++) {
    sumSq += returns[i] * returns[i];
    if (i >= window) sumSq -= returns[i - window] * returns[i - window];
    if (i >= window - 1) rv[i - window + 1] = Math.sqrt(Math.max(0, sumSq) / window);
  }
  const threshold = median(rv);
  rv.forEach((v, k) => (mask[k + window - 1] = v > threshold ? 1 : 0));
  return mask;
}
