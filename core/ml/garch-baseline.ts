// The in-app econometric baseline of the forecaster evaluation (research/001): GARCH(1,1) with
// Student-t innovations refitted every `refitEvery` bars on a rolling window (research: 5,000 bars,
// every 500) with the variance recursed every bar in between, projected h bars ahead.
import { rollingGarchForecast, type RollingGarchRefit } from '../models/garch/rolling-forecast.ts';
import { forecastVarianceFrom } from '../models/garch/forecast.ts';
import { garchPersistence } from '../models/garch/persistence.ts';
import type { GarchSpec } from '../models/garch/spec.ts';
import type { CancelSignal } from '../errors.ts';

export type GarchBaselineOptions = {
  horizon: number;
  window?: number;
  refitEvery?: number;
  spec?: GarchSpec;
  /**
   * Constrain every refit to κα1 + β1 < 1 (covariance stationarity), as Python `arch` (the research's
   * library) and rugarch's default solver do. Default false: fGarch's box bounds, as every other GARCH
   * fit in the app. On BTC 1h the unconstrained t fits often land at α1 + β1 > 1, and then the h-step
   * expected variance grows geometrically with the horizon.
   */
  stationary?: boolean;
  signal?: CancelSignal;
};

export const GARCH_T: GarchSpec = { variance: 'garch', dist: 'std', mean: true };

/** Returns are fitted in percent for a well-scaled optimisation; variances come back divided by 100². */
const PERCENT = 100;

export type GarchHorizonForecast = {
  /**
   * The baseline, per panel row t = 0 … n (aligned with forwardVolTarget): √(mean of E[h_{t+j}], j = 0 … h−1),
   * the per-bar volatility of the h returns r_t … r_{t+h−1}, from returns up to r_{t−1}. NaN before the first fit.
   */
  horizonVol: Float64Array;
  /** √E[h_t]: the one-step volatility of r_t alone, the same alignment (a diagnostic: no projection). */
  oneStepVol: Float64Array;
  /** κα1 + β1 of the parameters in force at row t (≥ 1: not covariance stationary); NaN before the first fit. */
  persistence: Float64Array;
  refits: RollingGarchRefit[];
};

/**
 * Aggregation into the target's units: the target is the sample std of the h per-bar log returns that
 * start at bar t (core/features/target.ts), so the forecast is the root of the MEAN of the h per-bar
 * expected variances (not their sum, which is the variance of the h-bar cumulative return), not
 * annualized, and rescaled from percent² by 100².
 */
export function garchHorizonForecast(close: Float64Array, options: GarchBaselineOptions): GarchHorizonForecast {
  const { horizon, window = 5000, refitEvery = 500, spec = GARCH_T, stationary = false } = options;
  const n = close.length;
  const ret = new Float64Array(Math.max(0, n - 1));
  for (let j = 0; j < ret.length; j++) ret[j] = PERCENT * Math.log(close[j + 1] / close[j]);
  const rolling = rollingGarchForecast(ret, spec, { window, refitEvery, signal: options.signal, ...(stationary ? { fit: { bounds: { stationary: true } } } : {}) });
  const refitPersistence = rolling.refits.map((r) => garchPersistence(spec, r.params));
  const horizonVol = new Float64Array(n + 1).fill(NaN);
  const oneStepVol = new Float64Array(n + 1).fill(NaN);
  const persistence = new Float64Array(n + 1).fill(NaN);
  for (let t = 2; t <= n; t++) {
    // ret[t − 2] = r_{t−1} is the last known return; varianceNext[t − 2] is the variance of r_t.
    const h1 = rolling.varianceNext[t - 2];
    const k = rolling.refitIndex[t - 2];
    if (!(h1 > 0) || k < 0) continue;
    const { variance } = forecastVarianceFrom(spec, rolling.refits[k].params, h1, horizon);
    let s = 0;
    for (let j = 0; j < horizon; j++) s += variance[j];
    horizonVol[t] = Math.sqrt(s / horizon) / PERCENT;
    oneStepVol[t] = Math.sqrt(h1) / PERCENT;
    persistence[t] = refitPersistence[k];
  }
  return { horizonVol, oneStepVol, persistence, refits: rolling.refits };
}

/** The baseline forecast alone (what the evaluation scores): garchHorizonForecast(…).horizonVol. */
export function garchHorizonVol(close: Float64Array, options: GarchBaselineOptions): Float64Array {
  return garchHorizonForecast(close, options).horizonVol;
}
