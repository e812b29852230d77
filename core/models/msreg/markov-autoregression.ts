// Markov-switching autoregression with a switching mean (Hamilton 1989), as statsmodels 0.13.5
// `MarkovAutoregression(y, k_regimes=K, order=p, trend='c', switching_ar=False, switching_variance=False)`:
// y_t − μ_{S_t} = Σ_i φ_i (y_{t−i} − μ_{S_{t−i}}) + ε_t, filtered on the expanded state (S_t, …, S_{t−p}).

import { RegimeLabError, throwIfCancelled, type CancelSignal } from '../../errors.ts';
import { minimize } from '../../optim/bfgs.ts';
import { withNumericalGradient, numericalHessian } from '../../optim/numdiff.ts';
import { hamiltonFilter } from '../markov/hamilton-filter.ts';
import { kimSmoother } from '../markov/kim-smoother.ts';
import { stationaryDistribution, expectedDurationsBars } from '../markov/transition.ts';
import { transitionFromLogits, logitsFromTransition } from '../markov/transition-logits.ts';
import { fillStandardErrors } from '../markov/standard-errors.ts';
import { validateSeries } from './spec.ts';

export type MarkovAutoregressionSpec = { regimeCount: number; order: number };

export type MarkovAutoregressionParams = {
  /** K×K, rows = from. */
  transition: number[][];
  /** Switching mean μ_k (statsmodels `const[k]`). */
  const: number[];
  /** Common innovation variance. */
  sigma2: number;
  /** ar.L1 … ar.Lp, common to all regimes. */
  ar: number[];
};

export type MarkovAutoregressionFilterResult = {
  regimeCount: number;
  /** Σ over t = order..n−1 (statsmodels' nobs = n − order). */
  logLikelihood: number;
  nobs: number;
  /** (n − order)×K marginals; row r is observation t = order + r. */
  filteredProbs: Float64Array;
  predictedProbs: Float64Array;
  smoothedProbs: Float64Array;
  steadyState: number[];
  expectedDurationsBars: number[];
};

export function markovAutoregressionParamNames(spec: MarkovAutoregressionSpec): string[] {
  const k = spec.regimeCount;
  const names: string[] = [];
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) names.push(`p[${i}->${j}]`);
  for (let i = 0; i < k; i++) names.push(`const[${i}]`);
  names.push('sigma2');
  for (let i = 1; i <= spec.order; i++) names.push(`ar.L${i}`);
  return names;
}

export function markovAutoregressionParamsToArray(spec: MarkovAutoregressionSpec, p: MarkovAutoregressionParams): Float64Array {
  const k = spec.regimeCount;
  const out: number[] = [];
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) out.push(p.transition[i][j]);
  out.push(...p.const, p.sigma2, ...p.ar);
  return Float64Array.from(out);
}

export function markovAutoregressionParamsFromArray(spec: MarkovAutoregressionSpec, v: ArrayLike<number>): MarkovAutoregressionParams {
  const k = spec.regimeCount;
  const d = k * (k - 1) + k + 1 + spec.order;
  if (v.length !== d) throw new RegimeLabError('E_BAD_INPUT', `params has ${v.length} values, expected ${d} (${markovAutoregressionParamNames(spec).join(', ')})`);
  const transition = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let o = 0;
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) transition[i][j] = v[o++];
  for (let i = 0; i < k; i++) transition[i][k - 1] = 1 - transition[i].slice(0, k - 1).reduce((a, b) => a + b, 0);
  const cst = Array.from({ length: k }, () => v[o++]);
  const sigma2 = v[o++];
  const ar = Array.from({ length: spec.order }, () => v[o++]);
  return { transition, const: cst, sigma2, ar };
}

function validate(spec: MarkovAutoregressionSpec, p: MarkovAutoregressionParams): void {
  const k = spec.regimeCount;
  if (!Number.isInteger(k) || k < 2) throw new RegimeLabError('E_BAD_INPUT', `regimeCount must be an integer ≥ 2, got ${k}`);
  if (!Number.isInteger(spec.order) || spec.order < 0 || k ** (spec.order + 1) > 4096) {
    throw new RegimeLabError('E_BAD_INPUT', `order must be an integer ≥ 0 with K^(order+1) ≤ 4096, got ${spec.order}`);
  }
  p.transition.forEach((row, i) => row.forEach((v, j) => {
    if (!(v >= 0 && v <= 1)) throw new RegimeLabError('E_BAD_INPUT', `p[${i}->${j}] must lie in [0, 1], got ${v}`);
  }));
  if (!(p.sigma2 > 0)) throw new RegimeLabError('E_BAD_INPUT', `sigma2 must be > 0, got ${p.sigma2}`);
  if (p.ar.length !== spec.order) throw new RegimeLabError('E_BAD_INPUT', `ar has ${p.ar.length} coefficients, expected ${spec.order}`);
}

type Expanded = { m: number; transition: Float64Array; initial: Float64Array; logf: Float64Array; base: Float64Array; pi: Float64Array };

/**
 * Expanded chain on (S_t, …, S_{t−p}), index Σ_m S_{t−m}·K^m. Its initial distribution at t = p is
 * the stationary joint π(S_0)·Π P (statsmodels' steady state carried through the lags).
 */
function expand(spec: MarkovAutoregressionSpec, transition: Float64Array, means: ArrayLike<number>, sigma2: number, ar: ArrayLike<number>, y: Float64Array): Expanded | null {
  const k = spec.regimeCount;
  const p = spec.order;
  const m = k ** (p + 1);
  const kp = k ** p;
  let pi: Float64Array;
  try {
    pi = stationaryDistribution(transition, k);
  } catch {
    return null;
  }
  const big = new Float64Array(m * m);
  for (let from = 0; from < m; from++) {
    const sPrev = from % k;
    const shifted = k * (from % kp);
    for (let s = 0; s < k; s++) big[from * m + shifted + s] = transition[sPrev * k + s];
  }
  const initial = new Float64Array(m);
  const digits = new Int32Array(p + 1);
  for (let idx = 0; idx < m; idx++) {
    let x = idx;
    for (let q = 0; q <= p; q++) {
      digits[q] = x % k;
      x = Math.floor(x / k);
    }
    let prob = pi[digits[p]];
    for (let q = p; q >= 1; q--) prob *= transition[digits[q] * k + digits[q - 1]];
    initial[idx] = prob;
  }
  const rows = y.length - p;
  const logf = new Float64Array(rows * m);
  const c = -0.5 * Math.log(2 * Math.PI * sigma2);
  for (let r = 0; r < rows; r++) {
    const t = r + p;
    for (let idx = 0; idx < m; idx++) {
      let x = idx;
      const s0 = x % k;
      x = Math.floor(x / k);
      let mean = means[s0];
      for (let q = 1; q <= p; q++) {
        const sq = x % k;
        x = Math.floor(x / k);
        mean += ar[q - 1] * (y[t - q] - means[sq]);
      }
      const e = y[t] - mean;
      logf[r * m + idx] = c - (e * e) / (2 * sigma2);
    }
  }
  return { m, transition: big, initial, logf, base: transition, pi };
}

function marginal(joint: Float64Array, m: number, k: number): Float64Array {
  const rows = joint.length / m;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let idx = 0; idx < m; idx++) out[r * k + (idx % k)] += joint[r * m + idx];
  return out;
}

export function markovAutoregressionFilter(spec: MarkovAutoregressionSpec, params: MarkovAutoregressionParams, y: Float64Array): MarkovAutoregressionFilterResult {
  validate(spec, params);
  validateSeries(y, spec.order + 1);
  const k = spec.regimeCount;
  const transition = Float64Array.from(params.transition.flat());
  const ex = expand(spec, transition, params.const, params.sigma2, params.ar, y);
  if (!ex) throw new RegimeLabError('E_BAD_INPUT', 'transition matrix has no unique stationary distribution');
  const f = hamiltonFilter({ logDensities: ex.logf, regimeCount: ex.m, transition: ex.transition, initialProbs: ex.initial });
  const smoothed = kimSmoother(f.filteredProbs, f.predictedProbs, ex.transition, ex.m);
  return {
    regimeCount: k,
    logLikelihood: f.logLikelihood,
    nobs: y.length - spec.order,
    filteredProbs: marginal(f.filteredProbs, ex.m, k),
    predictedProbs: marginal(f.predictedProbs, ex.m, k),
    smoothedProbs: marginal(smoothed, ex.m, k),
    steadyState: Array.from(ex.pi),
    expectedDurationsBars: Array.from(expectedDurationsBars(transition, k)),
  };
}

export type MarkovAutoregressionFit = {
  spec: MarkovAutoregressionSpec;
  /** Regimes ordered by const ascending. */
  params: MarkovAutoregressionParams;
  paramNames: string[];
  paramArray: Float64Array;
  standardErrors: Float64Array;
  logLikelihood: number;
  paramCount: number;
  nobs: number;
  aic: number;
  bic: number;
  hqic: number;
  converged: boolean;
};

/** BFGS (numerical gradient: the expanded filter is small) from a few starts; the best is kept. */
export function fitMarkovAutoregression(
  spec: MarkovAutoregressionSpec,
  y: Float64Array,
  options: { signal?: CancelSignal; onProgress?: (fraction: number) => void } = {},
): MarkovAutoregressionFit {
  const k = spec.regimeCount;
  const p = spec.order;
  validateSeries(y, p + 10);
  const d = k * (k - 1) + k + 1 + p;
  const transition = new Float64Array(k * k);
  const off = k * (k - 1);
  const negLoglik = (u: Float64Array): number => {
    transitionFromLogits(u, 0, k, transition);
    const ex = expand(spec, transition, u.subarray(off, off + k), Math.exp(u[off + k]), u.subarray(off + k + 1), y);
    if (!ex) return Infinity;
    const f = hamiltonFilter({ logDensities: ex.logf, regimeCount: ex.m, transition: ex.transition, initialProbs: ex.initial });
    return -f.logLikelihood;
  };
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let variance = 0;
  for (const v of y) variance += (v - mean) ** 2 / y.length;
  const sd = Math.sqrt(variance);
  const starts: Float64Array[] = [];
  for (const [spread, diag] of [[1, 0.9], [0.5, 0.8], [1.5, 0.95]] as const) {
    const u = new Float64Array(d);
    const P = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) P[i * k + j] = i === j ? diag : (1 - diag) / (k - 1);
    logitsFromTransition(P, k, u, 0);
    for (let j = 0; j < k; j++) u[off + j] = mean + spread * sd * (j / (k - 1) - 0.5);
    u[off + k] = Math.log(variance * 0.6);
    starts.push(u);
  }
  const objective = withNumericalGradient(negLoglik);
  let final: { x: Float64Array; value: number; converged: boolean } | null = null;
  for (const [i, u] of starts.entries()) {
    throwIfCancelled(options.signal);
    const r = minimize(objective, u, { maxIterations: 500, gradientTolerance: 1e-6, signal: options.signal });
    if (!final || r.value < final.value) final = r;
    options.onProgress?.((i + 1) / (starts.length + 1));
  }
  if (!final) throw new RegimeLabError('E_INTERNAL', 'no start reached a finite likelihood');
  transitionFromLogits(final.x, 0, k, transition);
  const rawConst = Array.from(final.x.subarray(off, off + k));
  const order = rawConst.map((_, i) => i).sort((a, b) => rawConst[a] - rawConst[b]);
  const params: MarkovAutoregressionParams = {
    transition: order.map((a) => order.map((b) => transition[a * k + b])),
    const: order.map((o) => rawConst[o]),
    sigma2: Math.exp(final.x[off + k]),
    ar: Array.from(final.x.subarray(off + k + 1)),
  };
  const paramArray = markovAutoregressionParamsToArray(spec, params);
  const loglikAt = (x: Float64Array): number => {
    try {
      const q = markovAutoregressionParamsFromArray(spec, x);
      if (!(q.sigma2 > 0) || q.transition.flat().some((v) => !(v >= 0 && v <= 1))) return NaN;
      return markovAutoregressionFilter(spec, q, y).logLikelihood;
    } catch {
      return NaN;
    }
  };
  const logLikelihood = loglikAt(paramArray);
  const standardErrors = new Float64Array(d).fill(NaN);
  fillStandardErrors(numericalHessian(loglikAt, paramArray), standardErrors);
  options.onProgress?.(1);
  const nobs = y.length - p;
  return {
    spec,
    params,
    paramNames: markovAutoregressionParamNames(spec),
    paramArray,
    standardErrors,
    logLikelihood,
    paramCount: d,
    nobs,
    aic: -2 * logLikelihood + 2 * d,
    bic: -2 * logLikelihood + d * Math.log(nobs),
    hqic: -2 * logLikelihood + 2 * d * Math.log(Math.log(nobs)),
    converged: final.converged,
  };
}
