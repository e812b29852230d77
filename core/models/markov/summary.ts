// What a quant reads off a fitted regime model's chain: stationary shares, expected durations in
// bars, and the time actually spent in each regime (smoothed-probability mean and Viterbi share).

import { expectedDurationsBars, stationaryDistribution, type TransitionMatrix } from './transition.ts';

export type RegimeSummary = {
  stationaryProbs: number[];
  /** 1/(1 − p_ii), in bars of the input series. */
  expectedDurationsBars: number[];
  /** Mean smoothed probability per regime (hindsight), when smoothed probabilities were given. */
  timeShareSmoothed?: number[];
  /** Share of bars on the Viterbi path in each regime, when a path was given. */
  timeShareViterbi?: number[];
};

export function summarizeRegimes(
  transition: TransitionMatrix,
  regimeCount: number,
  smoothedProbs?: Float64Array,
  path?: Uint8Array,
  from = 0,
): RegimeSummary {
  const k = regimeCount;
  const summary: RegimeSummary = {
    stationaryProbs: Array.from(stationaryDistribution(transition, k)),
    expectedDurationsBars: Array.from(expectedDurationsBars(transition, k)),
  };
  if (smoothedProbs) summary.timeShareSmoothed = columnMeans(smoothedProbs, k, from);
  if (path) {
    const counts = new Array<number>(k).fill(0);
    for (let t = from; t < path.length; t++) counts[path[t]]++;
    const m = Math.max(path.length - from, 1);
    summary.timeShareViterbi = counts.map((c) => c / m);
  }
  return summary;
}

export function columnMeans(matrix: Float64Array, k: number, from = 0): number[] {
  const n = matrix.length / k;
  const sums = new Array<number>(k).fill(0);
  for (let t = from; t < n; t++) for (let j = 0; j < k; j++) sums[j] += matrix[t * k + j];
  return sums.map((s) => s / Math.max(n - from, 1));
}
