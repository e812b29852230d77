// Realized-volatility targets for forecast and classifier evaluation: forward realized volatility
// over the next h bars (sample std of log returns), forward Parkinson (1980) and Garman–Klass (1980)
// range estimators, and high/low-vol labels from a threshold fixed on the training period only.
import { quantileSorted, sortedCopy, standardDeviation } from './descriptive.ts';
import { assertFiniteSeries, assertPositiveInteger, assertProbability, badInput } from './validate.ts';

/** Per-period (not annualized) values; multiply by √periodsPerYear to annualize. */
export type ForwardVol = {
  /** values[t] = volatility over bars t+1 … t+h; length n − h (bars without a full window are absent). */
  values: Float64Array;
  horizon: number;
};

function assertPrices(field: string, x: Float64Array): void {
  assertFiniteSeries(field, x);
  for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) badInput(field, `element ${i} is ${x[i]}; prices must be > 0`, x[i]);
}

/** Forward realized vol: std(ln(C_{t+k} / C_{t+k−1}), k = 1..h, ddof) — what bar t is asked to predict. */
export function forwardRealizedVol(close: Float64Array, horizon: number, { ddof = 1 }: { ddof?: number } = {}): ForwardVol {
  assertPrices('close', close);
  assertPositiveInteger('horizon', horizon);
  if (horizon <= ddof) badInput('horizon', `must exceed ddof = ${ddof}, got ${horizon}`, horizon);
  const n = close.length;
  const values = new Float64Array(Math.max(0, n - horizon));
  const window = new Float64Array(horizon);
  for (let t = 0; t + horizon < n; t++) {
    for (let k = 1; k <= horizon; k++) window[k - 1] = Math.log(close[t + k] / close[t + k - 1]);
    values[t] = standardDeviation(window, ddof);
  }
  return { values, horizon };
}

/** Per-bar Parkinson variance ln(H/L)² / (4 ln 2). */
export function parkinsonVariance(high: Float64Array, low: Float64Array): Float64Array {
  assertPrices('high', high);
  assertPrices('low', low);
  if (low.length !== high.length) badInput('low', `length ${low.length} differs from high length ${high.length}`);
  return Float64Array.from(high, (h, i) => {
    if (h < low[i]) badInput('high', `element ${i} is below low (${h} < ${low[i]})`, h);
    return Math.log(h / low[i]) ** 2 / (4 * Math.LN2);
  });
}

/** Per-bar Garman–Klass variance ½ ln(H/L)² − (2 ln 2 − 1) ln(C/O)². */
export function garmanKlassVariance(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  assertPrices('open', open);
  assertPrices('close', close);
  const park = parkinsonVariance(high, low);
  if (open.length !== high.length || close.length !== high.length) badInput('close', 'open, high, low and close must have the same length');
  return Float64Array.from(park, (p, i) => 2 * Math.LN2 * p - (2 * Math.LN2 - 1) * Math.log(close[i] / open[i]) ** 2);
}

/** √(mean of per-bar variances over bars t+1 … t+h), length n − h. */
export function forwardRangeVol(perBarVariance: Float64Array, horizon: number): ForwardVol {
  assertFiniteSeries('perBarVariance', perBarVariance);
  assertPositiveInteger('horizon', horizon);
  const n = perBarVariance.length;
  const values = new Float64Array(Math.max(0, n - horizon));
  for (let t = 0; t + horizon < n; t++) {
    let s = 0;
    for (let k = 1; k <= horizon; k++) s += perBarVariance[t + k];
    values[t] = Math.sqrt(Math.max(0, s / horizon));
  }
  return { values, horizon };
}

export type VolLabels = { labels: Uint8Array; threshold: number; trainEnd: number; quantile: number };

/**
 * High-vol labels (1 when vol > threshold) with the threshold the `quantile` of vol over the
 * training bars [0, trainEnd) only, so test labels never see test data.
 */
export function labelsFromTrainThreshold(vol: Float64Array, trainEnd: number, { quantile = 0.75 }: { quantile?: number } = {}): VolLabels {
  assertFiniteSeries('vol', vol);
  assertProbability('quantile', quantile);
  if (!Number.isInteger(trainEnd) || trainEnd < 1 || trainEnd > vol.length) badInput('trainEnd', `must be an integer in [1, ${vol.length}], got ${trainEnd}`, trainEnd);
  const threshold = quantileSorted(sortedCopy(vol.subarray(0, trainEnd)), quantile);
  return { labels: Uint8Array.from(vol, (v) => (v > threshold ? 1 : 0)), threshold, trainEnd, quantile };
}
