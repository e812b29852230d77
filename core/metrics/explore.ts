// The first look at an instrument's returns: moments, Jarque–Bera, fitted Student-t ν, how far
// normal VaR underestimates the empirical 99 % loss, Engle's ARCH-LM test, autocorrelation of returns
// and squared returns with the ±z/√n noise band, Ljung–Box, and correlation matrices (unconditional
// and within a regime mask). Moment conventions follow scipy.stats (biased), tests statsmodels.
import { chiSquareSf, normalQuantile } from '../distributions/cdf.ts';
import { kurtosis, mean, pearsonCorrelation, skewness, standardDeviation } from './descriptive.ts';
import { fitStudentT, type StudentTFit } from './student-t-fit.ts';
import { historicalVar, normalVar } from './var.ts';
import { assertFiniteSeries, assertMinLength, assertPositiveInteger, assertProbability, badInput } from './validate.ts';

export type Moments = { n: number; mean: number; std: number; skew: number; excessKurtosis: number; min: number; max: number };

/** Moments: std with ddof 1; skew and excess kurtosis biased (scipy.stats defaults). */
export function moments(returns: Float64Array): Moments {
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, 2);
  let min = Infinity;
  let max = -Infinity;
  for (const r of returns) {
    if (r < min) min = r;
    if (r > max) max = r;
  }
  return { n: returns.length, mean: mean(returns), std: standardDeviation(returns, 1), skew: skewness(returns), excessKurtosis: kurtosis(returns), min, max };
}

export type TestResult = { statistic: number; pValue: number; df: number };

/** Jarque–Bera n/6·(S² + K²/4) with biased S and excess K, χ²(2) (as scipy.stats.jarque_bera). */
export function jarqueBera(returns: Float64Array): TestResult {
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, 3);
  const S = skewness(returns);
  const K = kurtosis(returns);
  const statistic = (returns.length / 6) * (S * S + (K * K) / 4);
  return { statistic, pValue: chiSquareSf(statistic, 2), df: 2 };
}

export type NormalVarGap = {
  level: number;
  empiricalVar: number;
  normalVar: number;
  /** empirical / normal: 1.3 = the empirical loss is 30 % worse than normal VaR says. */
  ratio: number | null;
  /** Share of returns below −normalVar (should be 1 − level). */
  normalVarExceedanceRate: number;
};

export function normalVarUnderestimation(returns: Float64Array, level = 0.99): NormalVarGap {
  const emp = historicalVar(returns, level).var;
  const nv = normalVar(returns, level).var;
  let exceed = 0;
  for (const r of returns) if (r < -nv) exceed++;
  return { level, empiricalVar: emp, normalVar: nv, ratio: nv > 0 ? emp / nv : null, normalVarExceedanceRate: exceed / returns.length };
}

/** Solve the symmetric system A x = b by Gaussian elimination with partial pivoting; null if singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-300) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < k; r++) {
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r][k];
    for (let j = r + 1; j < k; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Engle (1982) ARCH-LM: regress e²_t on 1, e²_{t−1..t−q} over t = q..n−1; LM = (n − q)·R², χ²(q)
 * (as statsmodels het_arch). e = returns − mean when demean (default), else the returns as given.
 */
export function archLmTest(returns: Float64Array, { lags = 5, demean = true }: { lags?: number; demean?: boolean } = {}): TestResult & { r2: number } {
  assertFiniteSeries('returns', returns);
  assertPositiveInteger('lags', lags);
  assertMinLength('returns', returns, lags + 3);
  const m = demean ? mean(returns) : 0;
  const e2 = Float64Array.from(returns, (r) => (r - m) ** 2);
  const k = lags + 1;
  const XtX = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const Xty = new Array<number>(k).fill(0);
  const row = new Array<number>(k);
  const nobs = e2.length - lags;
  for (let t = lags; t < e2.length; t++) {
    row[0] = 1;
    for (let j = 1; j <= lags; j++) row[j] = e2[t - j];
    for (let a = 0; a < k; a++) {
      Xty[a] += row[a] * e2[t];
      for (let b = 0; b < k; b++) XtX[a][b] += row[a] * row[b];
    }
  }
  const beta = solve(XtX, Xty);
  const y = e2.subarray(lags);
  const my = mean(y);
  let sse = 0;
  let sst = 0;
  for (let t = lags; t < e2.length; t++) {
    let fit = 0;
    if (beta) {
      fit = beta[0];
      for (let j = 1; j <= lags; j++) fit += beta[j] * e2[t - j];
    } else fit = my;
    sse += (e2[t] - fit) ** 2;
    sst += (e2[t] - my) ** 2;
  }
  const r2 = sst > 0 ? Math.max(0, 1 - sse / sst) : 0;
  const statistic = nobs * r2;
  return { statistic, pValue: chiSquareSf(statistic, lags), df: lags, r2 };
}

export type Autocorrelation = {
  /** acf[k] for k = 0..lags (acf[0] = 1). */
  acf: Float64Array;
  /** ±z_{(1+c)/2}/√n: the white-noise band at confidence c (default 0.95). */
  noiseBand: number;
  /** Lags (≥ 1) whose |acf| exceeds the band. */
  significantLags: number[];
};

/** Sample autocorrelation Σ(x_t − x̄)(x_{t+k} − x̄) / Σ(x_t − x̄)² (statsmodels acf, adjusted = False). */
export function autocorrelation(x: Float64Array, { lags = 20, confidence = 0.95 }: { lags?: number; confidence?: number } = {}): Autocorrelation {
  assertFiniteSeries('x', x);
  assertPositiveInteger('lags', lags);
  assertProbability('confidence', confidence);
  assertMinLength('x', x, lags + 1);
  const n = x.length;
  const m = mean(x);
  let c0 = 0;
  for (let t = 0; t < n; t++) c0 += (x[t] - m) ** 2;
  const acf = new Float64Array(lags + 1);
  acf[0] = 1;
  for (let k = 1; k <= lags; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t] - m) * (x[t + k] - m);
    acf[k] = c0 > 0 ? s / c0 : 0;
  }
  const noiseBand = normalQuantile((1 + confidence) / 2) / Math.sqrt(n);
  const significantLags: number[] = [];
  for (let k = 1; k <= lags; k++) if (Math.abs(acf[k]) > noiseBand) significantLags.push(k);
  return { acf, noiseBand, significantLags };
}

/** Ljung–Box Q = n(n+2) Σ_{k=1}^{m} ρ_k² / (n − k), χ²(m) (statsmodels acorr_ljungbox). */
export function ljungBox(x: Float64Array, { lags = 10 }: { lags?: number } = {}): TestResult {
  const { acf } = autocorrelation(x, { lags });
  const n = x.length;
  let q = 0;
  for (let k = 1; k <= lags; k++) q += (acf[k] * acf[k]) / (n - k);
  q *= n * (n + 2);
  return { statistic: q, pValue: chiSquareSf(q, lags), df: lags };
}

export type CorrelationMatrix = { names: string[]; matrix: (number | null)[][]; n: number };

/**
 * Pearson correlation matrix of aligned return columns, over all bars or only where mask[t] = 1
 * (e.g. the high-volatility regime). An entry is null when a column is constant on those bars.
 */
export function correlationMatrix(columns: Record<string, Float64Array>, { mask }: { mask?: ArrayLike<number> } = {}): CorrelationMatrix {
  const names = Object.keys(columns);
  if (names.length === 0) badInput('columns', 'needs at least one column');
  const n = columns[names[0]].length;
  for (const name of names) {
    assertFiniteSeries(`columns.${name}`, columns[name]);
    if (columns[name].length !== n) badInput(`columns.${name}`, `length ${columns[name].length} differs from ${n}`);
  }
  if (mask && mask.length !== n) badInput('mask', `length ${mask.length} differs from ${n}`);
  const pick = (x: Float64Array): Float64Array => (mask ? x.filter((_, t) => mask[t] === 1) : x);
  const cols = names.map((name) => pick(columns[name]));
  const matrix = cols.map((a, i) => cols.map((b, j) => (i === j ? (a.length >= 2 ? 1 : null) : a.length >= 2 ? pearsonCorrelation(a, b) : null)));
  return { names, matrix, n: cols[0].length };
}

export type ExploreOptions = {
  acfLags?: number;
  archLags?: number;
  ljungBoxLags?: number;
  varLevel?: number;
  /** Other instruments' returns aligned with these, for the cross-asset correlation matrix. */
  otherReturns?: Record<string, Float64Array>;
  /** Name of this instrument in the correlation matrix. */
  name?: string;
  /** 1 on high-volatility-regime bars: the conditional correlation matrix is computed on them. */
  highVolMask?: ArrayLike<number>;
};

export type ExploreReport = {
  moments: Moments;
  jarqueBera: TestResult;
  studentT: StudentTFit;
  normalVarGap: NormalVarGap;
  archLm: TestResult & { r2: number };
  acfReturns: Autocorrelation;
  acfSquaredReturns: Autocorrelation;
  ljungBoxReturns: TestResult;
  ljungBoxSquaredReturns: TestResult;
  correlation: { unconditional: CorrelationMatrix; highVol: CorrelationMatrix | null } | null;
  conventions: Record<string, string | number>;
};

/** Everything the exploration panel and `regimelab explore` show, from one return series. */
export function exploreReturns(returns: Float64Array, options: ExploreOptions = {}): ExploreReport {
  const { acfLags = 20, archLags = 5, ljungBoxLags = 10, varLevel = 0.99, otherReturns, name = 'self', highVolMask } = options;
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, Math.max(acfLags, archLags, ljungBoxLags) + 3);
  const m = mean(returns);
  const squared = Float64Array.from(returns, (r) => (r - m) ** 2);
  let correlation: ExploreReport['correlation'] = null;
  if (otherReturns && Object.keys(otherReturns).length) {
    const columns = { [name]: returns, ...otherReturns };
    correlation = { unconditional: correlationMatrix(columns), highVol: highVolMask ? correlationMatrix(columns, { mask: highVolMask }) : null };
  }
  return {
    moments: moments(returns),
    jarqueBera: jarqueBera(returns),
    studentT: fitStudentT(returns),
    normalVarGap: normalVarUnderestimation(returns, varLevel),
    archLm: archLmTest(returns, { lags: archLags }),
    acfReturns: autocorrelation(returns, { lags: acfLags }),
    acfSquaredReturns: autocorrelation(squared, { lags: acfLags }),
    ljungBoxReturns: ljungBox(returns, { lags: ljungBoxLags }),
    ljungBoxSquaredReturns: ljungBox(squared, { lags: ljungBoxLags }),
    correlation,
    conventions: {
      moments: 'std ddof 1; skew and excess kurtosis biased (scipy.stats defaults)',
      squaredReturns: '(r − mean)²',
      acf: 'statsmodels acf, adjusted = False; band ±z_0.975/√n',
      archLm: `Engle LM on demeaned squared returns, ${archLags} lags, (n − q)·R² (statsmodels het_arch)`,
      studentT: 'MLE of loc, scale, df (scipy.stats.t.fit parameterization)',
      varLevel,
    },
  };
}
