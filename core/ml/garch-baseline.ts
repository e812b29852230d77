// The in-app econometric baseline of the forecaster evaluation (research/001): GARCH(1,1) with
// Student-t innovations refitted every `refitEvery` bars on a rolling window (research: 5,000 bars,
// every 500) with the variance recursed every bar in between, projected h bars ahead.
import { rollingGarchForecast } from '../models/garch/rolling-forecast.ts';
import { forecastVarianceFrom } from '../models/garch/forecast.ts';
import type { GarchSpec } from '../models/garch/spec.ts';
import type { CancelSignal } from '../errors.ts';

export type GarchBaselineOptions = { horizon: number; window?: number; refitEvery?: number; spec?: GarchSpec; signal?: CancelSignal };

export const GARCH_T: GarchSpec = { variance: 'garch', dist: 'std', mean: true };

/**
 * forecast[t] for panel rows t = 0 … n (aligned with forecastVolTarget): √(mean of E[h_{t+j}], j = 0 … h−1),
 * the per-bar volatility of the h returns starting at bar t, from returns up to r_{t−1}. NaN before the
 * first fit. Returns are fitted in percent (×100) for a well-scaled optimisation and scaled back.
 */
export function garchHorizonVol(close: Float64Array, options: GarchBaselineOptions): Float64Array {
  const { horizon, window = 5000, refitEvery = 500, spec = GARCH_T } = options;
  const n = close.length;
  const ret = new Float64Array(Math.max(0, n - 1));
  for (let j = 0; j < ret.length; j++) ret[j] = 100 * Math.log(close[j + 1] / close[j]);
  const rolling = rollingGarchForecast(ret, spec, { window, refitEvery, signal: options.signal });
  const out = new Float64Array(n + 1).fill(NaN);
  for (let t = 2; t <= n; t++) {
    // ret[t − 2] = r_{t−1} is the last known return; varianceNext[t − 2] is the variance of r_t.
    const h1 = rolling.varianceNext[t - 2];
    const k = rolling.refitIndex[t - 2];
    if (!(h1 > 0) || k < 0) continue;
    const { variance } = forecastVarianceFrom(spec, rolling.refits[k].params, h1, horizon);
    let s = 0;
    for (let j = 0; j < horizon; j++) s += variance[j];
    out[t] = Math.sqrt(s / horizon) / 100;
  }
  return out;
}
