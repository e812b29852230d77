// The Kim (1994) backward smoother over a Hamilton filter's output, and the expected transition
// counts Σ_t Pr(s_t = i, s_{t+1} = j | y) that EM steps (HMM Baum–Welch, MS regression) need.
// Works on normalised probabilities, so it is as underflow-free as the filter.

import type { TransitionMatrix } from './transition.ts';

/**
 * smoothed[t][i] = filtered[t][i] · Σ_j P[i][j] · smoothed[t+1][j] / predicted[t+1][j], from
 * smoothed[n-1] = filtered[n-1] (statsmodels; R MSGARCH starts one row later at the forecast,
 * which gives the same rows 1..n).
 */
export function kimSmoother(
  filteredProbs: Float64Array,
  predictedProbs: Float64Array,
  transition: TransitionMatrix,
  regimeCount: number,
  /** When given (K×K, zeroed by the caller), Σ_t ξ_t(i,j) is accumulated here in the same pass. */
  transitionCounts: Float64Array | null = null,
): Float64Array {
  const k = regimeCount;
  const n = filteredProbs.length / k;
  const smoothed = new Float64Array(n * k);
  if (n === 0) return smoothed;
  const ratio = new Float64Array(k);
  for (let j = 0; j < k; j++) smoothed[(n - 1) * k + j] = filteredProbs[(n - 1) * k + j];
  for (let t = n - 2; t >= 0; t--) {
    const next = (t + 1) * k;
    for (let j = 0; j < k; j++) {
      const p = predictedProbs[next + j];
      ratio[j] = p > 0 ? smoothed[next + j] / p : 0;
    }
    const row = t * k;
    let total = 0;
    for (let i = 0; i < k; i++) {
      let s = 0;
      const f = filteredProbs[row + i];
      for (let j = 0; j < k; j++) {
        const pr = transition[i * k + j] * ratio[j];
        s += pr;
        // ξ_t(i,j) = filtered[t][i]·P[i][j]·smoothed[t+1][j]/predicted[t+1][j]
        if (transitionCounts) transitionCounts[i * k + j] += f * pr;
      }
      const v = f * s;
      smoothed[row + i] = v;
      total += v;
    }
    // Renormalise away rounding drift (exact arithmetic gives total = 1).
    if (total > 0) for (let i = 0; i < k; i++) smoothed[row + i] /= total;
  }
  return smoothed;
}

/**
 * K×K row-major Σ_{t=from..n-2} ξ_t(i,j), ξ_t(i,j) = Pr(s_t = i, s_{t+1} = j | y)
 * = filtered[t][i]·P[i][j]·smoothed[t+1][j] / predicted[t+1][j].
 */
export function expectedTransitionCounts(
  filteredProbs: Float64Array,
  predictedProbs: Float64Array,
  smoothedProbs: Float64Array,
  transition: TransitionMatrix,
  regimeCount: number,
  from = 0,
): Float64Array {
  const k = regimeCount;
  const n = filteredProbs.length / k;
  const counts = new Float64Array(k * k);
  const ratio = new Float64Array(k);
  for (let t = from; t < n - 1; t++) {
    const next = (t + 1) * k;
    for (let j = 0; j < k; j++) {
      const p = predictedProbs[next + j];
      ratio[j] = p > 0 ? smoothedProbs[next + j] / p : 0;
    }
    const row = t * k;
    for (let i = 0; i < k; i++) {
      const f = filteredProbs[row + i];
      for (let j = 0; j < k; j++) counts[i * k + j] += f * transition[i * k + j] * ratio[j];
    }
  }
  return counts;
}
