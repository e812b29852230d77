// Most likely regime path (Viterbi 1967) in log space, from per-regime log densities.
// Ties go to the lowest regime index.

import type { TransitionMatrix } from './transition.ts';

export type ViterbiResult = {
  /** 0-based regime per observation. */
  path: Uint8Array;
  /** log Pr(path, y_start..y_{n-1}) under the initial distribution at `start`. */
  logProbability: number;
};

/**
 * Runs over t = start..n-1 with log δ_start = log initialProbs + log f(y_start); rows before
 * `start` are copied from row `start`. As R MSGARCH: start = 1 with initialProbs = π (its
 * Viterbi starts at t = 2 and copies row 1 from row 2). hmmlearn-style HMM: start = 0, startprob.
 */
export function viterbiPath(
  logDensities: Float64Array,
  regimeCount: number,
  transition: TransitionMatrix,
  initialProbs: ArrayLike<number>,
  start = 0,
): ViterbiResult {
  const k = regimeCount;
  const n = logDensities.length / k;
  const path = new Uint8Array(n);
  if (n <= start) return { path, logProbability: 0 };
  const logP = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) logP[i] = Math.log(transition[i]);
  const back = new Uint8Array(n * k);
  let delta = new Float64Array(k);
  let next = new Float64Array(k);
  for (let j = 0; j < k; j++) delta[j] = Math.log(initialProbs[j]) + logDensities[start * k + j];
  for (let t = start + 1; t < n; t++) {
    const row = t * k;
    for (let j = 0; j < k; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < k; i++) {
        const v = delta[i] + logP[i * k + j];
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      next[j] = best + logDensities[row + j];
      back[row + j] = arg;
    }
    const tmp = delta;
    delta = next;
    next = tmp;
  }
  let best = -Infinity;
  let state = 0;
  for (let j = 0; j < k; j++) {
    if (delta[j] > best) {
      best = delta[j];
      state = j;
    }
  }
  path[n - 1] = state;
  for (let t = n - 1; t > start; t--) {
    state = back[t * k + state];
    path[t - 1] = state;
  }
  for (let t = 0; t < start; t++) path[t] = path[start];
  return { path, logProbability: best };
}
