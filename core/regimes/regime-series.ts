// A regime probability series as a backtest consumes it: rows of K probabilities (regime 0 = the
// lowest-volatility regime, as MSGARCH orders them), each row stamped with the OPEN time of the bar
// whose close produced it, and a hindsight flag that travels into every result built from it.

import { RegimeLabError } from '../errors.ts';
import type { Timeframe } from '../series/timeframe.ts';

export type RegimeSeries = {
  /** Open times (UTC ms) of the bars the rows belong to, strictly increasing. */
  time: Float64Array;
  /** The timeframe of those bars (the detection timeframe); a row is usable once its bar has closed. */
  timeframe: Timeframe;
  regimeCount: number;
  /** n×K row-major: Pr(s_t = k | information up to the close of bar t) (filtered), or smoothed when hindsight. NaN rows: no estimate yet. */
  probs: Float64Array;
  /** True when a row uses information after its bar (smoothed probabilities, full-sample fits). */
  hindsight: boolean;
  /** Where it came from, for labels: 'walk-forward msgarch gjrGARCH-std 2', 'imported regimes.csv', ... */
  source: string;
};

/** Throws E_BAD_INPUT naming the field when the series is malformed (shape, order, probabilities). */
export function validateRegimeSeries(series: RegimeSeries, field = 'regimeSeries'): void {
  const { time, probs, regimeCount: k } = series;
  if (!Number.isInteger(k) || k < 1 || k > 16) throw new RegimeLabError('E_BAD_INPUT', `${field}.regimeCount must be an integer in 1..16, got ${k}`);
  if (probs.length !== time.length * k) {
    throw new RegimeLabError('E_BAD_INPUT', `${field}.probs has ${probs.length} values, expected time.length × regimeCount = ${time.length * k}`);
  }
  for (let t = 1; t < time.length; t++) {
    if (!(time[t] > time[t - 1])) throw new RegimeLabError('E_BAD_INPUT', `${field}.time must be strictly increasing; element ${t} is ${time[t]} after ${time[t - 1]}`);
  }
  for (let t = 0; t < time.length; t++) {
    const first = probs[t * k];
    if (Number.isNaN(first)) {
      for (let j = 1; j < k; j++) if (!Number.isNaN(probs[t * k + j])) throw new RegimeLabError('E_BAD_INPUT', `${field}.probs row ${t} is partly NaN`);
      continue;
    }
    let s = 0;
    for (let j = 0; j < k; j++) {
      const p = probs[t * k + j];
      if (!(p >= -1e-9 && p <= 1 + 1e-9)) throw new RegimeLabError('E_BAD_INPUT', `${field}.probs[${t}][${j}] must lie in [0, 1], got ${p}`);
      s += p;
    }
    if (Math.abs(s - 1) > 1e-6) throw new RegimeLabError('E_BAD_INPUT', `${field}.probs row ${t} sums to ${s}, expected 1`);
  }
}

/** Index of the most probable regime in row t (ties → the lower-volatility regime); -1 for a NaN row. */
export function argmaxRow(probs: Float64Array, k: number, t: number): number {
  const o = t * k;
  if (Number.isNaN(probs[o])) return -1;
  let best = 0;
  for (let j = 1; j < k; j++) if (probs[o + j] > probs[o + best]) best = j;
  return best;
}
