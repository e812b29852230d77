// Gaussian hidden Markov model with hmmlearn's parameterisation (startprob, transmat rows = from,
// means, variances): log densities, posteriors, Viterbi and plain-ML Baum–Welch (Rabiner 1989),
// all on the shared log-space machinery in core/models/markov.

import { RegimeLabError, throwIfCancelled, type CancelSignal } from '../../errors.ts';
import { hamiltonFilter } from '../markov/hamilton-filter.ts';
import { kimSmoother } from '../markov/kim-smoother.ts';
import { viterbiPath } from '../markov/viterbi.ts';
import { toTransitionMatrix, validateProbabilityVector, stationaryDistribution, expectedDurationsBars } from '../markov/transition.ts';
import { ascendingOrder } from '../markov/regime-order.ts';

export type GaussianHmmParams = {
  /** P(S_0 = k); a free parameter, not the steady state. */
  startprob: number[];
  /** transmat[i][j] = P(S_{t+1} = j | S_t = i); rows sum to 1 (hmmlearn `transmat_`). */
  transmat: number[][];
  means: number[];
  /** Variances (hmmlearn `covars_`, covariance_type='diag'), not standard deviations. */
  variances: number[];
};

export type GaussianHmmPosteriors = {
  regimeCount: number;
  /** ln p(y_0..y_{T−1}) with S_0 ~ startprob. */
  logLikelihood: number;
  /** T×K, γ_t(k) = P(S_t = k | y_0..y_{T−1}) (hindsight). */
  posteriors: Float64Array;
  /** T×K, P(S_t = k | y_0..y_t) (causal). */
  filteredProbs: Float64Array;
  /** T×K, P(S_t = k | y_0..y_{t−1}). */
  predictedProbs: Float64Array;
  /** 0-based most probable path; ties go to the lowest index. */
  viterbi: Uint8Array;
  viterbiLogProbability: number;
};

const LOG_2PI = Math.log(2 * Math.PI);

/** hmmlearn order: startprob[0..K−1], transmat row by row, means[0..K−1], variances[0..K−1]. */
export function hmmParamsToArray(p: GaussianHmmParams): Float64Array {
  return Float64Array.from([...p.startprob, ...p.transmat.flat(), ...p.means, ...p.variances]);
}

export function hmmParamsFromArray(values: ArrayLike<number>, regimeCount: number): GaussianHmmParams {
  const k = regimeCount;
  const d = k + k * k + 2 * k;
  if (values.length !== d) throw new RegimeLabError('E_BAD_INPUT', `params has ${values.length} values, expected ${d} for K=${k}`);
  const v = Array.from(values);
  const transmat: number[][] = [];
  for (let i = 0; i < k; i++) transmat.push(v.slice(k + i * k, k + (i + 1) * k));
  return { startprob: v.slice(0, k), transmat, means: v.slice(k + k * k, 2 * k + k * k), variances: v.slice(2 * k + k * k) };
}

export function hmmParamNames(regimeCount: number): string[] {
  const k = regimeCount;
  const names: string[] = [];
  for (let i = 0; i < k; i++) names.push(`startprob[${i}]`);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) names.push(`transmat[${i}][${j}]`);
  for (let i = 0; i < k; i++) names.push(`means[${i}]`);
  for (let i = 0; i < k; i++) names.push(`variances[${i}]`);
  return names;
}

export function validateHmmParams(p: GaussianHmmParams): number {
  const k = p.startprob.length;
  if (k < 1) throw new RegimeLabError('E_BAD_INPUT', 'startprob must have at least one entry');
  validateProbabilityVector(p.startprob, k, 'startprob');
  toTransitionMatrix(p.transmat, 'transmat');
  if (p.transmat.length !== k) throw new RegimeLabError('E_BAD_INPUT', `transmat has ${p.transmat.length} rows, expected ${k}`);
  if (p.means.length !== k) throw new RegimeLabError('E_BAD_INPUT', `means has ${p.means.length} entries, expected ${k}`);
  if (p.variances.length !== k) throw new RegimeLabError('E_BAD_INPUT', `variances has ${p.variances.length} entries, expected ${k}`);
  p.means.forEach((m, i) => {
    if (!Number.isFinite(m)) throw new RegimeLabError('E_BAD_INPUT', `means[${i}] must be finite, got ${m}`);
  });
  p.variances.forEach((v, i) => {
    if (!(v > 0 && Number.isFinite(v))) throw new RegimeLabError('E_BAD_INPUT', `variances[${i}] must be > 0, got ${v}`);
  });
  return k;
}

function validateSeries(y: Float64Array): void {
  if (!(y instanceof Float64Array) || y.length < 1) throw new RegimeLabError('E_BAD_INPUT', 'y must be a non-empty Float64Array');
  for (let t = 0; t < y.length; t++) {
    if (!Number.isFinite(y[t])) throw new RegimeLabError('E_BAD_INPUT', `y[${t}] must be finite, got ${y[t]}`);
  }
}

/** T×K log N(y_t; means[k], variances[k]). */
export function gaussianLogDensities(y: Float64Array, means: ArrayLike<number>, variances: ArrayLike<number>, out?: Float64Array): Float64Array {
  const k = means.length;
  const n = y.length;
  const logf = out ?? new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const m = means[j];
    const v = variances[j];
    const c = -0.5 * (LOG_2PI + Math.log(v));
    const inv = 0.5 / v;
    for (let t = 0; t < n; t++) {
      const e = y[t] - m;
      logf[t * k + j] = c - e * e * inv;
    }
  }
  return logf;
}

export function gaussianHmmPosteriors(params: GaussianHmmParams, y: Float64Array): GaussianHmmPosteriors {
  const k = validateHmmParams(params);
  validateSeries(y);
  const transition = toTransitionMatrix(params.transmat, 'transmat');
  const logf = gaussianLogDensities(y, params.means, params.variances);
  const f = hamiltonFilter({ logDensities: logf, regimeCount: k, transition, initialProbs: params.startprob });
  const posteriors = kimSmoother(f.filteredProbs, f.predictedProbs, transition, k);
  const v = viterbiPath(logf, k, transition, params.startprob, 0);
  return {
    regimeCount: k,
    logLikelihood: f.logLikelihood,
    posteriors,
    filteredProbs: f.filteredProbs,
    predictedProbs: f.predictedProbs,
    viterbi: v.path,
    viterbiLogProbability: v.logProbability,
  };
}

/**
 * The initial parameters of the reference cases: startprob = 1/K; transmat 0.9 on the diagonal and
 * 0.1/(K−1) elsewhere; means = numpy.quantile(y, (k+0.5)/K) (linear interpolation); every
 * variance = var(y) with ddof = 0.
 */
export function defaultHmmStart(y: Float64Array, regimeCount: number): GaussianHmmParams {
  const k = regimeCount;
  if (!Number.isInteger(k) || k < 1) throw new RegimeLabError('E_BAD_INPUT', `regimeCount must be a positive integer, got ${k}`);
  validateSeries(y);
  const sorted = Float64Array.from(y).sort();
  const n = sorted.length;
  const quantile = (q: number): number => {
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  };
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t];
  mean /= n;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += (y[t] - mean) ** 2;
  variance /= n;
  const transmat = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (k === 1 ? 1 : i === j ? 0.9 : 0.1 / (k - 1))));
  return {
    startprob: new Array<number>(k).fill(1 / k),
    transmat,
    means: Array.from({ length: k }, (_, j) => quantile((j + 0.5) / k)),
    variances: new Array<number>(k).fill(variance),
  };
}

export type BaumWelchOptions = {
  /** Stop after the first iteration whose loglik gain is below this (default 1e-6). */
  tolerance?: number;
  /** Most M-steps (default 5000). */
  maxIterations?: number;
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
};

export type BaumWelchResult = {
  params: GaussianHmmParams;
  logLikelihood: number;
  /** M-steps performed. */
  iterations: number;
  converged: boolean;
  /** [n] = loglik(θ_n); [0] = the initial parameters. */
  logLikelihoodTrace: number[];
};

/**
 * Plain maximum-likelihood EM, as the reference: startprob = γ_0; transmat[i][j] = Σ_t ξ_t(i,j) /
 * Σ_{t<T−1} γ_t(i); means = γ-weighted mean; variances = γ-weighted mean of (y − new mean)². No priors
 * and no variance floor. Stops after the first n with loglik(θ_n) − loglik(θ_{n−1}) < tolerance.
 */
export function baumWelch(y: Float64Array, start: GaussianHmmParams, options: BaumWelchOptions = {}): BaumWelchResult {
  const k = validateHmmParams(start);
  validateSeries(y);
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 5000;
  const n = y.length;
  const logf = new Float64Array(n * k);
  let params: GaussianHmmParams = start;
  let step = eStep(params, y, logf, k);
  const trace = [step.logLikelihood];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    throwIfCancelled(options.signal);
    params = mStep(step, y, k);
    iterations++;
    step = eStep(params, y, logf, k);
    trace.push(step.logLikelihood);
    options.onProgress?.(iterations / maxIterations);
    if (!Number.isFinite(step.logLikelihood)) break;
    if (step.logLikelihood - trace[trace.length - 2] < tolerance) {
      converged = true;
      break;
    }
  }
  options.onProgress?.(1);
  return { params, logLikelihood: step.logLikelihood, iterations, converged, logLikelihoodTrace: trace };
}

type EStep = { logLikelihood: number; gamma: Float64Array; xiCounts: Float64Array };

function eStep(params: GaussianHmmParams, y: Float64Array, logf: Float64Array, k: number): EStep {
  const transition = toTransitionMatrix(params.transmat, 'transmat');
  gaussianLogDensities(y, params.means, params.variances, logf);
  const f = hamiltonFilter({ logDensities: logf, regimeCount: k, transition, initialProbs: params.startprob, perObservation: false });
  const xiCounts = new Float64Array(k * k);
  const gamma = kimSmoother(f.filteredProbs, f.predictedProbs, transition, k, xiCounts);
  return { logLikelihood: f.logLikelihood, gamma, xiCounts };
}

function mStep(step: EStep, y: Float64Array, k: number): GaussianHmmParams {
  const n = y.length;
  const { gamma, xiCounts } = step;
  const startprob = Array.from(gamma.subarray(0, k));
  const transmat: number[][] = [];
  for (let i = 0; i < k; i++) {
    let denom = 0;
    for (let t = 0; t < n - 1; t++) denom += gamma[t * k + i];
    const row: number[] = [];
    for (let j = 0; j < k; j++) row.push(denom > 0 ? xiCounts[i * k + j] / denom : i === j ? 1 : 0);
    // Rounding can leave Σ_j off 1 by a few ulps; keep the row exactly stochastic.
    const s = row.reduce((a, b) => a + b, 0);
    transmat.push(row.map((x) => x / s));
  }
  const means: number[] = [];
  const variances: number[] = [];
  for (let j = 0; j < k; j++) {
    let w = 0;
    let sy = 0;
    for (let t = 0; t < n; t++) {
      const g = gamma[t * k + j];
      w += g;
      sy += g * y[t];
    }
    const m = sy / w;
    let sv = 0;
    for (let t = 0; t < n; t++) {
      const e = y[t] - m;
      sv += gamma[t * k + j] * e * e;
    }
    means.push(m);
    variances.push(sv / w);
  }
  return { startprob, transmat, means, variances };
}


export type GaussianHmmFit = {
  /** Regimes ordered by variance ascending (RegimeLab's convention); startprob/transmat permuted alike. */
  params: GaussianHmmParams;
  /** order[newRegime] = regime index in the Baum–Welch labelling (which follows the quantile start). */
  regimeOrder: number[];
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Free parameters: (K−1) start + K(K−1) transition + K means + K variances. */
  paramCount: number;
  nobs: number;
  aic: number;
  bic: number;
  stationaryProbs: number[];
  expectedDurationsBars: number[];
};

/** Baum–Welch from `defaultHmmStart` (or `start`), then regimes ordered by variance. */
export function fitGaussianHmm(
  y: Float64Array,
  regimeCount: number,
  options: BaumWelchOptions & { start?: GaussianHmmParams } = {},
): GaussianHmmFit {
  const start = options.start ?? defaultHmmStart(y, regimeCount);
  const bw = baumWelch(y, start, options);
  const k = regimeCount;
  const order = Array.from(ascendingOrder(bw.params.variances));
  const params: GaussianHmmParams = {
    startprob: order.map((o) => bw.params.startprob[o]),
    transmat: order.map((a) => order.map((b) => bw.params.transmat[a][b])),
    means: order.map((o) => bw.params.means[o]),
    variances: order.map((o) => bw.params.variances[o]),
  };
  const transition = toTransitionMatrix(params.transmat, 'transmat');
  const paramCount = k - 1 + k * (k - 1) + 2 * k;
  const n = y.length;
  return {
    params,
    regimeOrder: order,
    logLikelihood: bw.logLikelihood,
    iterations: bw.iterations,
    converged: bw.converged,
    paramCount,
    nobs: n,
    aic: -2 * bw.logLikelihood + 2 * paramCount,
    bic: -2 * bw.logLikelihood + paramCount * Math.log(n),
    stationaryProbs: k === 1 ? [1] : Array.from(stationaryDistribution(transition, k)),
    expectedDurationsBars: Array.from(expectedDurationsBars(transition, k)),
  };
}
