// Turns a regime-source config and the instruments' candles into regime probabilities on the trading
// grid, one AlignedRegimes per instrument. The expensive part of a backtest lives here (MS-GARCH
// fits), so services and sweeps resolve once and pass the result to every variant.

import { RegimeLabError, type CancelSignal } from '../errors.ts';
import { CANDLE_FLAG, type Candles } from '../series/candles.ts';
import { resampleCandles } from '../series/resample.ts';
import { canResample, type Timeframe } from '../series/timeframe.ts';
import { alignRegimesCausally, type AlignedRegimes } from './align.ts';
import { hindsightMsGarch } from './hindsight.ts';
import { validateRegimeSeries, type RegimeSeries } from './regime-series.ts';
import type { RegimeSourceConfig } from './source-config.ts';
import { walkForwardMsGarch, type WalkForwardRefit } from './walk-forward.ts';

export type RegimeInstrumentInput = { symbol: string; candles: Candles; regimeSeries?: RegimeSeries };

export type ResolvedRegimes = AlignedRegimes & { symbol: string; refits?: WalkForwardRefit[]; fitParams?: Record<string, number> };

export type ResolveRegimesInput = {
  timeframe: Timeframe;
  instruments: RegimeInstrumentInput[];
  /** First and last (inclusive) trading bar of the backtest window. */
  startIndex: number;
  endIndex: number;
};

/** Percent log returns of the detection bars, as MSGARCH users feed them; row i ↔ bar i + 1. */
export function percentLogReturns(close: Float64Array): Float64Array {
  const r = new Float64Array(Math.max(0, close.length - 1));
  for (let i = 1; i < close.length; i++) r[i - 1] = 100 * Math.log(close[i] / close[i - 1]);
  return r;
}

/** The candles regimes are detected on: the trading bars, or resampled ones without a partial first bucket. */
export function detectionCandles(candles: Candles, tradeTimeframe: Timeframe, detectionTimeframe: Timeframe): Candles {
  if (detectionTimeframe === tradeTimeframe) return candles;
  if (!canResample(tradeTimeframe, detectionTimeframe)) {
    throw new RegimeLabError('E_BAD_INPUT', `regimes.detectionTimeframe ${detectionTimeframe} is not a whole multiple of the trading timeframe ${tradeTimeframe}`);
  }
  const coarse = resampleCandles(candles, tradeTimeframe, detectionTimeframe);
  let first = 0;
  while (first < coarse.time.length && (coarse.flags[first] & CANDLE_FLAG.INCOMPLETE) !== 0) first++;
  if (first === 0) return coarse;
  const out = { ...coarse } as Candles;
  for (const key of Object.keys(coarse) as (keyof Candles)[]) (out[key] as Float64Array | Uint8Array) = coarse[key].subarray(first);
  return out;
}

export function resolveRegimes(
  source: RegimeSourceConfig,
  input: ResolveRegimesInput,
  options: { signal?: CancelSignal; onProgress?: (fraction: number) => void } = {},
): ResolvedRegimes[] | null {
  if (source.source === 'none') return null;
  const m = input.instruments.length;
  return input.instruments.map((inst, i) => {
    const report = (f: number) => options.onProgress?.((i + f) / m);
    const tradeTime = inst.candles.time;
    if (source.source === 'series') {
      if (!inst.regimeSeries) throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}].regimeSeries is required by regimes.source 'series' (${inst.symbol})`);
      validateRegimeSeries(inst.regimeSeries, `data.instruments[${i}].regimeSeries`);
      return { symbol: inst.symbol, ...alignRegimesCausally(inst.regimeSeries, tradeTime, input.timeframe) };
    }
    const detectTf = source.detectionTimeframe ?? input.timeframe;
    const model = { variance: source.model.variance, distribution: source.model.distribution, regimeCount: source.model.regimeCount };
    const label = `${source.model.variance}-${source.model.distribution} K=${source.model.regimeCount} on ${detectTf}`;
    if (source.source === 'walk-forward') {
      const coarse = detectionCandles(inst.candles, input.timeframe, detectTf);
      const returns = percentLogReturns(coarse.close);
      // Fits start at the detection row the window's first decision uses (fits before it would be unused).
      const firstDecision = Math.max(0, input.startIndex - 1);
      const startRow = Math.max(0, alignRegimesCausally({ time: coarse.time.subarray(1), timeframe: detectTf, regimeCount: 1, probs: new Float64Array(coarse.time.length - 1), hindsight: false, source: '' }, tradeTime.subarray(firstDecision, firstDecision + 1), input.timeframe).sourceRow[0]);
      const wf = walkForwardMsGarch(returns, {
        startRow,
        model,
        refitEveryBars: source.refitEveryBars,
        window: source.window,
        windowBars: source.windowBars,
        minTrainBars: source.minTrainBars,
        restarts: source.restarts,
        signal: options.signal,
        onProgress: report,
      });
      const series: RegimeSeries = {
        time: coarse.time.subarray(1),
        timeframe: detectTf,
        regimeCount: wf.regimeCount,
        probs: wf.filteredProbs,
        hindsight: false,
        source: `walk-forward MS-GARCH ${label}, refit every ${source.refitEveryBars} bars (${source.window})`,
      };
      return { symbol: inst.symbol, ...alignRegimesCausally(series, tradeTime, input.timeframe), refits: wf.refits };
    }
    // Hindsight: fit on the window (or all data) of detection bars, smoothed probabilities.
    const fromTime = source.fitSample === 'all' ? -Infinity : tradeTime[input.startIndex];
    const toTime = tradeTime[input.endIndex];
    const coarseAll = detectionCandles(inst.candles, input.timeframe, detectTf);
    let a = 0;
    while (a < coarseAll.time.length && coarseAll.time[a] < fromTime) a++;
    let b = a;
    while (b < coarseAll.time.length && coarseAll.time[b] <= toTime) b++;
    const close = coarseAll.close.subarray(a, b);
    const returns = percentLogReturns(close);
    const h = hindsightMsGarch(returns, model, { restarts: source.restarts, signal: options.signal });
    report(1);
    const series: RegimeSeries = {
      time: coarseAll.time.subarray(a + 1, b),
      timeframe: detectTf,
      regimeCount: h.regimeCount,
      probs: h.smoothedProbs,
      hindsight: true,
      source: `HINDSIGHT smoothed MS-GARCH ${label}, full-sample fit`,
    };
    return { symbol: inst.symbol, ...alignRegimesCausally(series, tradeTime, input.timeframe), fitParams: h.fit.namedParams };
  });
}
