// Evaluation of volatility forecasts against realized volatility: R², Mincer–Zarnowitz regression,
// MSE, RMSE, MAE, QLIKE (Patton 2011, on variances), directional accuracy, the Diebold–Mariano test
// (with the Harvey–Leybourne–Newbold small-sample correction) and a seeded moving-block-bootstrap
// test of the mean loss differential between two forecasters (block 50, 1,000 replications).
import { normalSf, studentTCdf } from '../distributions/cdf.ts';
import { createRng } from '../random/rng.ts';
import { mean, pearsonCorrelation, quantileSorted } from './descriptive.ts';
import { movingBlockBootstrapIndices } from './bootstrap.ts';
import { assertFiniteSeries, assertMinLength, assertPositiveInteger, badInput } from './validate.ts';

export type ForecastScale = 'volatility' | 'variance';
export type LossFunction = 'mse' | 'mae' | 'qlike';

function checkPair(forecast: Float64Array, realized: Float64Array): void {
  assertFiniteSeries('forecast', forecast);
  assertFiniteSeries('realized', realized);
  if (forecast.length !== realized.length) badInput('forecast', `length ${forecast.length} differs from realized length ${realized.length}`);
  assertMinLength('realized', realized, 2);
}

function toVariance(x: number, scale: ForecastScale): number {
  return scale === 'volatility' ? x * x : x;
}

/** Per-bar loss. QLIKE = σ²/h − ln(σ²/h) − 1 on variances (0 for a perfect forecast; Patton 2011). */
export function lossSeries(forecast: Float64Array, realized: Float64Array, loss: LossFunction, { scale = 'volatility' }: { scale?: ForecastScale } = {}): Float64Array {
  checkPair(forecast, realized);
  return Float64Array.from(forecast, (f, t) => {
    const y = realized[t];
    if (loss === 'mse') return (f - y) ** 2;
    if (loss === 'mae') return Math.abs(f - y);
    const h = toVariance(f, scale);
    const s2 = toVariance(y, scale);
    if (!(h > 0)) badInput('forecast', `element ${t} is ${f}; QLIKE needs positive forecasts`, f);
    if (!(s2 > 0)) badInput('realized', `element ${t} is ${y}; QLIKE needs positive realized values`, y);
    const ratio = s2 / h;
    return ratio - Math.log(ratio) - 1;
  });
}

export type ForecastAccuracy = {
  n: number;
  mse: number;
  rmse: number;
  mae: number;
  qlike: number;
  /** Out-of-sample R² = 1 − SSE / SST around the realized mean; null when realized is constant. */
  r2: number | null;
  /** Mincer–Zarnowitz regression realized = α + β·forecast + ε and its R². */
  mincerZarnowitz: { alpha: number; beta: number; r2: number } | null;
  /** Share of rows whose forecast moved the realized way from the reference (directionalAccuracy); null when realized never moves. */
  directionalAccuracy: number | null;
  scale: ForecastScale;
};

export function forecastAccuracy(
  forecast: Float64Array,
  realized: Float64Array,
  { scale = 'volatility', reference }: { scale?: ForecastScale; /** Directional accuracy's reference (see directionalAccuracy). */ reference?: Float64Array } = {},
): ForecastAccuracy {
  checkPair(forecast, realized);
  const n = forecast.length;
  const mse = mean(lossSeries(forecast, realized, 'mse'));
  const my = mean(realized);
  let sst = 0;
  for (let t = 0; t < n; t++) sst += (realized[t] - my) ** 2;
  const r2 = sst > 0 ? 1 - (mse * n) / sst : null;
  const corr = pearsonCorrelation(forecast, realized);
  let mincerZarnowitz: ForecastAccuracy['mincerZarnowitz'] = null;
  if (corr !== null) {
    const mf = mean(forecast);
    let sfy = 0;
    let sff = 0;
    for (let t = 0; t < n; t++) {
      sfy += (forecast[t] - mf) * (realized[t] - my);
      sff += (forecast[t] - mf) ** 2;
    }
    const beta = sfy / sff;
    mincerZarnowitz = { alpha: my - beta * mf, beta, r2: corr * corr };
  }
  return {
    n,
    mse,
    rmse: Math.sqrt(mse),
    mae: mean(lossSeries(forecast, realized, 'mae')),
    qlike: mean(lossSeries(forecast, realized, 'qlike', { scale })),
    r2,
    mincerZarnowitz,
    directionalAccuracy: directionalAccuracy(forecast, realized, reference),
    scale,
  };
}

/**
 * Directional accuracy: the share of rows where the forecast moved the same way as the realized value
 * from a reference known when the forecast was made: sign(forecast_t − ref_t) = sign(realized_t − ref_t),
 * over rows where ref_t is finite and realized_t ≠ ref_t. The reference defaults to realized_{t−1},
 * right for one-step-ahead targets; for an h-bar-ahead target on rows one bar apart realized_{t−1}
 * overlaps h − 1 of the future bars (look-ahead), so pass realized_{t−h}, the last completed window.
 */
export function directionalAccuracy(forecast: Float64Array, realized: Float64Array, reference?: Float64Array): number | null {
  checkPair(forecast, realized);
  if (reference && reference.length !== realized.length) badInput('reference', `length ${reference.length} differs from realized length ${realized.length}`);
  let hits = 0;
  let count = 0;
  for (let t = reference ? 0 : 1; t < realized.length; t++) {
    const ref = reference ? reference[t] : realized[t - 1];
    if (!Number.isFinite(ref)) continue;
    const actual = Math.sign(realized[t] - ref);
    if (actual === 0) continue;
    count++;
    if (Math.sign(forecast[t] - ref) === actual) hits++;
  }
  return count ? hits / count : null;
}

export type DieboldMarianoResult = {
  n: number;
  horizon: number;
  loss: LossFunction;
  /** Mean of d_t = L(forecast A) − L(forecast B): negative favours A. */
  meanLossDifferential: number;
  /** DM statistic; null when the loss differential has zero variance (identical forecasts). */
  statistic: number | null;
  /** Two-sided p-value from N(0, 1). */
  pValue: number | null;
  /** Harvey, Leybourne & Newbold (1997) corrected statistic and its two-sided t(n − 1) p-value. */
  hlnStatistic: number | null;
  hlnPValue: number | null;
};

/**
 * Diebold & Mariano (1995): DM = d̄ / √(LRV / n), LRV = γ0 + 2 Σ_{k=1}^{h−1} γk (rectangular kernel,
 * autocovariances with divisor n); falls back to γ0 when that sum is not positive.
 */
export function dieboldMariano(
  forecastA: Float64Array,
  forecastB: Float64Array,
  realized: Float64Array,
  { loss = 'mse', horizon = 1, scale = 'volatility' }: { loss?: LossFunction; horizon?: number; scale?: ForecastScale } = {},
): DieboldMarianoResult {
  assertPositiveInteger('horizon', horizon);
  const la = lossSeries(forecastA, realized, loss, { scale });
  const lb = lossSeries(forecastB, realized, loss, { scale });
  const d = Float64Array.from(la, (v, t) => v - lb[t]);
  return dieboldMarianoFromDifferential(d, { horizon, loss });
}

export function dieboldMarianoFromDifferential(d: Float64Array, { horizon = 1, loss = 'mse' }: { horizon?: number; loss?: LossFunction } = {}): DieboldMarianoResult {
  assertFiniteSeries('lossDifferential', d);
  const n = d.length;
  const dbar = mean(d);
  const autocov = (k: number): number => {
    let s = 0;
    for (let t = k; t < n; t++) s += (d[t] - dbar) * (d[t - k] - dbar);
    return s / n;
  };
  const g0 = autocov(0);
  let lrv = g0;
  for (let k = 1; k < horizon; k++) lrv += 2 * autocov(k);
  if (!(lrv > 0)) lrv = g0;
  if (!(lrv > 1e-300)) return { n, horizon, loss, meanLossDifferential: dbar, statistic: null, pValue: null, hlnStatistic: null, hlnPValue: null };
  const statistic = dbar / Math.sqrt(lrv / n);
  const h = horizon;
  const hlnStatistic = statistic * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  return {
    n,
    horizon,
    loss,
    meanLossDifferential: dbar,
    statistic,
    pValue: 2 * normalSf(Math.abs(statistic)),
    hlnStatistic,
    hlnPValue: 2 * studentTCdf(-Math.abs(hlnStatistic), n - 1),
  };
}

export type BlockBootstrapLossTest = {
  meanLossDifferential: number;
  /** Percentile interval of the mean loss differential. */
  lower: number;
  upper: number;
  /** Two-sided p-value: share of recentred bootstrap means at least as far from 0 as the observed mean. */
  pValue: number;
  block: number;
  replications: number;
  seed: number;
  confidence: number;
};

/** Moving-block bootstrap of the mean loss differential (defaults: block 50, 1,000 replications, seed 1). */
export function blockBootstrapLossTest(
  forecastA: Float64Array,
  forecastB: Float64Array,
  realized: Float64Array,
  { loss = 'mse', scale = 'volatility', block = 50, replications = 1000, seed = 1, confidence = 0.95 }: { loss?: LossFunction; scale?: ForecastScale; block?: number; replications?: number; seed?: number; confidence?: number } = {},
): BlockBootstrapLossTest {
  assertPositiveInteger('replications', replications);
  const la = lossSeries(forecastA, realized, loss, { scale });
  const lb = lossSeries(forecastB, realized, loss, { scale });
  const d = Float64Array.from(la, (v, t) => v - lb[t]);
  const n = d.length;
  const dbar = mean(d);
  const rng = createRng(seed);
  const means = new Float64Array(replications);
  let extreme = 0;
  for (let r = 0; r < replications; r++) {
    const idx = movingBlockBootstrapIndices(n, block, rng);
    let s = 0;
    for (let i = 0; i < n; i++) s += d[idx[i]];
    means[r] = s / n;
    if (Math.abs(means[r] - dbar) >= Math.abs(dbar)) extreme++;
  }
  means.sort();
  const alpha = (1 - confidence) / 2;
  return {
    meanLossDifferential: dbar,
    lower: quantileSorted(means, alpha),
    upper: quantileSorted(means, 1 - alpha),
    pValue: (extreme + 1) / (replications + 1),
    block,
    replications,
    seed,
    confidence,
  };
}
