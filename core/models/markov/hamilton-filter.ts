// The Hamilton (1989) filter shared by every regime-switching model in RegimeLab: given per-regime
// log densities it returns filtered and one-step predicted regime probabilities and the
// log-likelihood. Log space with a per-step max shift, so 500k bars never underflow.

import { RegimeLabError } from '../../errors.ts';
import { validateProbabilityVector, validateTransitionMatrix, type TransitionMatrix } from './transition.ts';

export type HamiltonFilterInput = {
  /** n×K row-major: logDensities[t*K + k] = log f(y_t | s_t = k, y_0..y_{t-1}). */
  logDensities: Float64Array;
  regimeCount: number;
  /** Row-major K×K, rows = from: Pr(s_t = j | s_{t-1} = i). */
  transition: TransitionMatrix;
  /** Pr(s_0 = k) before y_0 is seen (the predicted probability of the first row). */
  initialProbs: ArrayLike<number>;
  /**
   * Leading observations that only condition the model and are not in the likelihood: their rows
   * get filtered = predicted (no update). As R MSGARCH: 1 (y_1 is excluded). Default 0.
   */
  excludedLeading?: number;
  /** Fill logLikelihoodPerObs (default true). EM loops pass false: one log per bar saved. */
  perObservation?: boolean;
};

export type HamiltonFilterResult = {
  /** n×K: Pr(s_t = k | y_0..y_t). */
  filteredProbs: Float64Array;
  /** n×K: Pr(s_t = k | y_0..y_{t-1}); row 0 = initialProbs. */
  predictedProbs: Float64Array;
  /** K: Pr(s_n = k | y_0..y_{n-1}), the one-step-ahead regime forecast. */
  forecastProbs: Float64Array;
  /** n: log f(y_t | y_0..y_{t-1}); 0 for excluded leading rows. Empty when perObservation is false. */
  logLikelihoodPerObs: Float64Array;
  logLikelihood: number;
};

export function hamiltonFilter(input: HamiltonFilterInput): HamiltonFilterResult {
  const { n, k, excluded } = checkInput(input);
  const filteredProbs = new Float64Array(n * k);
  const predictedProbs = new Float64Array(n * k);
  const forecastProbs = new Float64Array(k);
  const logLikelihoodPerObs = new Float64Array(input.perObservation === false ? 0 : n);
  const pred = Float64Array.from({ length: k }, (_, j) => input.initialProbs[j]);
  const logLikelihood = runFilter(
    input.logDensities, n, k, input.transition, pred, new Float64Array(k), excluded,
    filteredProbs, predictedProbs, input.perObservation === false ? null : logLikelihoodPerObs,
  );
  forecastProbs.set(pred);
  return { filteredProbs, predictedProbs, forecastProbs, logLikelihoodPerObs, logLikelihood };
}

/**
 * The log-likelihood alone, without allocating per-observation outputs: the inner loop of every
 * fit. `n` lets a caller pass a reused workspace longer than the series. No input validation.
 */
export function hamiltonLogLikelihood(
  logDensities: Float64Array,
  n: number,
  k: number,
  transition: TransitionMatrix,
  initialProbs: ArrayLike<number>,
  excludedLeading = 0,
): number {
  const pred = new Float64Array(k);
  for (let j = 0; j < k; j++) pred[j] = initialProbs[j];
  return runFilter(logDensities, n, k, transition, pred, new Float64Array(k), excludedLeading, null, null, null);
}

/**
 * The recursion. `pred` enters as the initial probabilities and leaves as the forecast for t = n.
 * The function ends right after its loop on purpose: code after an OSR-compiled loop that the
 * interpreter never reached makes V8 deoptimise on every call (measured: 660 deopts in one fit).
 */
function runFilter(
  logDensities: Float64Array,
  n: number,
  k: number,
  transition: TransitionMatrix,
  pred: Float64Array,
  post: Float64Array,
  excluded: number,
  filtered: Float64Array | null,
  predicted: Float64Array | null,
  perObs: Float64Array | null,
): number {
  let logLik = 0;
  let product = 1;
  for (let t = 0; t < n; t++) {
    const row = t * k;
    if (predicted) for (let j = 0; j < k; j++) predicted[row + j] = pred[j];
    if (t < excluded) {
      for (let j = 0; j < k; j++) post[j] = pred[j];
    } else {
      // Shift by the largest log density among regimes that can occur (its exp is exactly 1).
      let m = -Infinity;
      let arg = -1;
      for (let j = 0; j < k; j++) {
        const v = logDensities[row + j];
        if (v > m && pred[j] > 0) {
          m = v;
          arg = j;
        }
      }
      if (arg < 0) return -Infinity;
      let s = 0;
      for (let j = 0; j < k; j++) {
        const a = j === arg ? pred[j] : pred[j] * Math.exp(logDensities[row + j] - m);
        post[j] = a;
        s += a;
      }
      const inv = 1 / s;
      for (let j = 0; j < k; j++) post[j] *= inv;
      if (perObs) {
        const lt = m + Math.log(s);
        logLik += lt;
        perObs[t] = lt;
      } else {
        // log Π s_t, folded whenever the product leaves [1e-200, 1e200] and at the last step:
        // one log per hundreds of bars instead of one per bar, and still no underflow.
        logLik += m;
        product *= s;
        if (product < 1e-200 || product > 1e200 || t === n - 1) {
          logLik += Math.log(product);
          product = 1;
        }
      }
    }
    if (filtered) for (let j = 0; j < k; j++) filtered[row + j] = post[j];
    // pred_{t+1}[j] = Σ_i post[i]·P[i][j]
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += post[i] * transition[i * k + j];
      pred[j] = s;
    }
  }
  return logLik;
}

function checkInput(input: HamiltonFilterInput): { n: number; k: number; excluded: number } {
  const k = input.regimeCount;
  validateTransitionMatrix(input.transition, k);
  validateProbabilityVector(input.initialProbs, k, 'initialProbs');
  if (input.logDensities.length % k !== 0) {
    throw new RegimeLabError('E_BAD_INPUT', `logDensities has ${input.logDensities.length} entries, not a multiple of regimeCount ${k}`);
  }
  const n = input.logDensities.length / k;
  const excluded = input.excludedLeading ?? 0;
  if (!Number.isInteger(excluded) || excluded < 0 || excluded > n) {
    throw new RegimeLabError('E_BAD_INPUT', `excludedLeading must be an integer in [0, ${n}], got ${excluded}`);
  }
  return { n, k, excluded };
}
