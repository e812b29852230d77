// Value at risk and expected shortfall of one-period returns: historical, normal, Student-t,
// Cornish–Fisher, and model-based from one-step (GARCH / MS-GARCH mixture) forecasts, plus hits.
// VaR and ES are positive loss fractions: VaR_99 = 0.05 means a 5 % loss is exceeded 1 % of the time.
import { normalCdf, normalPdf, normalQuantile, studentTCdf, studentTPdf, studentTQuantile } from '../distributions/cdf.ts';
import { kurtosis, mean, quantileSorted, skewness, sortedCopy, standardDeviation } from './descriptive.ts';
import { fitStudentT } from './student-t-fit.ts';
import { assertFiniteSeries, assertMinLength, assertProbability, badInput } from './validate.ts';

export type VarEstimate = { level: number; var: number; es: number | null };

/** Tail probability 1 − level, rounded to 12 decimals so that 1 − 0.9 is exactly 0.1. */
function tail(level: number): number {
  assertProbability('level', level);
  return Math.round((1 - level) * 1e12) / 1e12;
}

/**
 * Historical VaR −q_{1−level}(r), linear-interpolated quantile (numpy default, type 7); ES is minus
 * the mean of the returns at or below −VaR.
 */
export function historicalVar(returns: Float64Array, level = 0.99): VarEstimate {
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, 1);
  const p = tail(level);
  const sorted = sortedCopy(returns);
  const q = quantileSorted(sorted, p);
  let s = 0;
  let k = 0;
  for (let i = 0; i < sorted.length && sorted[i] <= q; i++) {
    s += sorted[i];
    k++;
  }
  return { level, var: -q, es: k > 0 ? -s / k : -q };
}

/** Gaussian VaR −(μ + σ z_p) and ES −(μ − σ φ(z_p) / p), σ with the given ddof (default 1). */
export function normalVar(returns: Float64Array, level = 0.99, { ddof = 1 }: { ddof?: number } = {}): VarEstimate {
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, 2);
  return normalVarFromMoments(mean(returns), standardDeviation(returns, ddof), level);
}

export function normalVarFromMoments(mu: number, sigma: number, level = 0.99): VarEstimate {
  const p = tail(level);
  const z = normalQuantile(p);
  return { level, var: -(mu + sigma * z), es: -(mu - (sigma * normalPdf(z)) / p) };
}

/**
 * Student-t VaR and ES for x = loc + scale·T_ν: VaR = −(loc + scale·t_ν⁻¹(p)),
 * ES = −(loc − scale·(ν + q²)/(ν − 1)·f_ν(q)/p). ES is null for ν ≤ 1 (infinite mean).
 */
export function studentTVarFromParams(loc: number, scale: number, df: number, level = 0.99): VarEstimate {
  const p = tail(level);
  const q = studentTQuantile(p, df);
  const es = df > 1 ? -(loc - (scale * ((df + q * q) / (df - 1)) * studentTPdf(q, df)) / p) : null;
  return { level, var: -(loc + scale * q), es };
}

/** Student-t VaR with (loc, scale, ν) fitted by maximum likelihood (see student-t-fit.ts). */
export function studentTVar(returns: Float64Array, level = 0.99): VarEstimate & { df: number } {
  const fit = fitStudentT(returns);
  return { ...studentTVarFromParams(fit.loc, fit.scale, fit.df, level), df: fit.df };
}

/**
 * Cornish–Fisher (modified) VaR (Zangari 1996; Favre & Galeano 2002): z_cf = z + (z²−1)S/6 +
 * (z³−3z)K/24 − (2z³−5z)S²/36 with sample skew S and excess kurtosis K (biased moments), σ with ddof 1.
 * ES is the exact tail mean of the Cornish–Fisher variable: E[z_cf(Z) | Z < z_p], a cubic in Z whose
 * truncated normal moments are closed-form (valid while z_cf stays monotone in the tail).
 */
export function cornishFisherVar(returns: Float64Array, level = 0.99): VarEstimate & { skew: number; excessKurtosis: number } {
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, 4);
  const p = tail(level);
  const S = skewness(returns);
  const K = kurtosis(returns);
  const mu = mean(returns);
  const sigma = standardDeviation(returns, 1);
  const z = normalQuantile(p);
  const zcf = z + ((z * z - 1) * S) / 6 + ((z * z * z - 3 * z) * K) / 24 - ((2 * z * z * z - 5 * z) * S * S) / 36;
  // z_cf(x) = c0 + c1 x + c2 x² + c3 x³.
  const c0 = -S / 6;
  const c1 = 1 - K / 8 + (5 * S * S) / 36;
  const c2 = S / 6;
  const c3 = K / 24 - (S * S) / 18;
  const Phi = normalCdf(z);
  const phi = normalPdf(z);
  const m0 = Phi;
  const m1 = -phi;
  const m2 = Phi - z * phi;
  const m3 = -(z * z + 2) * phi;
  const tailMean = (c0 * m0 + c1 * m1 + c2 * m2 + c3 * m3) / Phi;
  return { level, var: -(mu + sigma * zcf), es: -(mu + sigma * tailMean), skew: S, excessKurtosis: K };
}

export type VarMethod = 'historical' | 'normal' | 'student-t' | 'cornish-fisher';

export type VarTable = Record<VarMethod, VarEstimate[]> & { levels: number[]; studentTDf: number };

/** Every unconditional estimator at each level (default 95 % and 99 %). */
export function varTable(returns: Float64Array, levels: number[] = [0.95, 0.99]): VarTable {
  const fit = fitStudentT(returns);
  return {
    levels,
    studentTDf: fit.df,
    historical: levels.map((l) => historicalVar(returns, l)),
    normal: levels.map((l) => normalVar(returns, l)),
    'student-t': levels.map((l) => studentTVarFromParams(fit.loc, fit.scale, fit.df, l)),
    'cornish-fisher': levels.map((l) => cornishFisherVar(returns, l)),
  };
}

export type OneStepForecast = {
  /** Conditional mean per bar (default 0). */
  mean?: Float64Array;
  /** Conditional standard deviation per bar. */
  sigma: Float64Array;
  /** Innovation distribution; 't' is standardized to unit variance (GARCH convention, ν > 2). */
  dist?: 'normal' | 't';
  nu?: number;
};

/** Per-bar VaR and ES from GARCH-style one-step forecasts. */
export function modelVarSeries(forecast: OneStepForecast, level = 0.99): { var: Float64Array; es: Float64Array } {
  const { sigma, dist = 'normal', nu } = forecast;
  assertFiniteSeries('forecast.sigma', sigma);
  const mu = forecast.mean ?? new Float64Array(sigma.length);
  assertFiniteSeries('forecast.mean', mu);
  if (mu.length !== sigma.length) badInput('forecast.mean', `length ${mu.length} differs from sigma length ${sigma.length}`);
  let unitVar: VarEstimate;
  if (dist === 't') {
    if (!(nu !== undefined && nu > 2)) badInput('forecast.nu', `a unit-variance Student-t needs nu > 2, got ${nu}`, nu);
    unitVar = studentTVarFromParams(0, Math.sqrt((nu - 2) / nu), nu, level);
  } else {
    unitVar = normalVarFromMoments(0, 1, level);
  }
  const v = new Float64Array(sigma.length);
  const e = new Float64Array(sigma.length);
  for (let t = 0; t < sigma.length; t++) {
    v[t] = unitVar.var * sigma[t] - mu[t];
    e[t] = (unitVar.es ?? NaN) * sigma[t] - mu[t];
  }
  return { var: v, es: e };
}

export type MixtureForecast = {
  /** weights[k][t]: the predicted probability of regime k for bar t (rows sum to 1 across k). */
  weights: Float64Array[];
  /** sigma[k][t] and optional mean[k][t] of each regime's one-step distribution. */
  sigma: Float64Array[];
  mean?: Float64Array[];
  /** Per-regime Student-t ν (unit variance) or undefined for normal. */
  nu?: (number | undefined)[];
};

function componentCdf(x: number, mu: number, sigma: number, nu: number | undefined): number {
  if (nu === undefined) return normalCdf((x - mu) / sigma);
  const s = sigma * Math.sqrt((nu - 2) / nu);
  return studentTCdf((x - mu) / s, nu);
}

/** Partial expectation E[X 1{X < q}] of one component. */
function componentTailMean(q: number, mu: number, sigma: number, nu: number | undefined): number {
  if (nu === undefined) {
    const z = (q - mu) / sigma;
    return mu * normalCdf(z) - sigma * normalPdf(z);
  }
  const s = sigma * Math.sqrt((nu - 2) / nu);
  const z = (q - mu) / s;
  return mu * studentTCdf(z, nu) - s * ((nu + z * z) / (nu - 1)) * studentTPdf(z, nu);
}

/** Per-bar VaR and ES of an MS-GARCH one-step mixture: the quantile of Σ_k w_k F_k by bisection. */
export function mixtureVarSeries(forecast: MixtureForecast, level = 0.99): { var: Float64Array; es: Float64Array } {
  const p = tail(level);
  const K = forecast.weights.length;
  if (K === 0 || forecast.sigma.length !== K) badInput('forecast.sigma', 'needs one sigma series per regime weight series');
  const n = forecast.weights[0].length;
  forecast.weights.forEach((w, k) => assertFiniteSeries(`forecast.weights[${k}]`, w));
  forecast.sigma.forEach((s, k) => assertFiniteSeries(`forecast.sigma[${k}]`, s));
  const v = new Float64Array(n);
  const e = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const cdf = (x: number): number => {
      let s = 0;
      for (let k = 0; k < K; k++) s += forecast.weights[k][t] * componentCdf(x, forecast.mean?.[k][t] ?? 0, forecast.sigma[k][t], forecast.nu?.[k]);
      return s;
    };
    let maxSigma = 0;
    for (let k = 0; k < K; k++) maxSigma = Math.max(maxSigma, forecast.sigma[k][t] + Math.abs(forecast.mean?.[k][t] ?? 0));
    let lo = -maxSigma;
    while (cdf(lo) > p) lo *= 2;
    let hi = maxSigma;
    for (let i = 0; i < 200 && hi - lo > 1e-15 * maxSigma; i++) {
      const mid = 0.5 * (lo + hi);
      if (cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    const q = 0.5 * (lo + hi);
    let partial = 0;
    for (let k = 0; k < K; k++) partial += forecast.weights[k][t] * componentTailMean(q, forecast.mean?.[k][t] ?? 0, forecast.sigma[k][t], forecast.nu?.[k]);
    v[t] = -q;
    e[t] = -partial / p;
  }
  return { var: v, es: e };
}

/** Hits I_t = 1 when the realized return r_t < −VaR_t (a loss beyond VaR). */
export function varHits(returns: Float64Array, varSeries: Float64Array): Uint8Array {
  assertFiniteSeries('returns', returns);
  assertFiniteSeries('varSeries', varSeries);
  if (returns.length !== varSeries.length) badInput('varSeries', `length ${varSeries.length} differs from returns length ${returns.length}`);
  return Uint8Array.from(returns, (r, t) => (r < -varSeries[t] ? 1 : 0));
}
