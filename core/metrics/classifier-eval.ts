// Evaluation of a regime classifier's P(high vol) against realized-volatility labels: accuracy,
// precision, recall, F1, binned expected calibration error, Brier score and the information
// coefficient (Spearman rank correlation of P(high vol) with realized vol), overall and per
// realized-volatility quartile (edges: linear-interpolated quartiles of the evaluated realized vol).
import { quantileSorted, sortedCopy, spearmanCorrelation } from './descriptive.ts';
import { assertFiniteSeries, assertPositiveInteger, badInput } from './validate.ts';

export type ClassifierScores = {
  n: number;
  accuracy: number | null;
  /** TP / (TP + FP); null when nothing was predicted positive. */
  precision: number | null;
  /** TP / (TP + FN); null when there is no positive label. */
  recall: number | null;
  /** Harmonic mean of precision and recall; null when either is null or both are 0. */
  f1: number | null;
  /** Σ_b (n_b / n) |mean p_b − mean y_b| over equal-width probability bins. */
  expectedCalibrationError: number | null;
  brier: number | null;
  /** Spearman ρ(P(high vol), realized vol); null when either side is constant. */
  informationCoefficient: number | null;
  confusion: { tp: number; fp: number; tn: number; fn: number };
};

export type ClassifierEvaluation = {
  overall: ClassifierScores;
  /** Quartiles of realized vol, lowest first (Q1 = calmest). */
  byRealizedVolQuartile: (ClassifierScores & { lowerEdge: number; upperEdge: number })[];
  conventions: { threshold: number; bins: number; quartileEdges: number[] };
};

function scores(prob: Float64Array, labels: Uint8Array, realizedVol: Float64Array, threshold: number, bins: number, include: (i: number) => boolean): ClassifierScores {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  let brier = 0;
  const binCount = new Float64Array(bins);
  const binProb = new Float64Array(bins);
  const binLabel = new Float64Array(bins);
  const p: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < prob.length; i++) {
    if (!include(i)) continue;
    const y = labels[i];
    const predicted = prob[i] >= threshold ? 1 : 0;
    if (predicted && y) tp++;
    else if (predicted) fp++;
    else if (y) fn++;
    else tn++;
    brier += (prob[i] - y) ** 2;
    const b = Math.min(bins - 1, Math.floor(prob[i] * bins));
    binCount[b]++;
    binProb[b] += prob[i];
    binLabel[b] += y;
    p.push(prob[i]);
    v.push(realizedVol[i]);
  }
  const n = tp + fp + tn + fn;
  const precision = tp + fp ? tp / (tp + fp) : null;
  const recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  let ece = 0;
  for (let b = 0; b < bins; b++) if (binCount[b]) ece += (binCount[b] / n) * Math.abs(binProb[b] / binCount[b] - binLabel[b] / binCount[b]);
  return {
    n,
    accuracy: n ? (tp + tn) / n : null,
    precision,
    recall,
    f1,
    expectedCalibrationError: n ? ece : null,
    brier: n ? brier / n : null,
    informationCoefficient: n >= 2 ? spearmanCorrelation(p, v) : null,
    confusion: { tp, fp, tn, fn },
  };
}

/**
 * Scores P(high vol) against 0/1 labels (1 = high realized vol); predicted high when p ≥ threshold
 * (default 0.5); ECE over `bins` equal-width bins (default 10, p = 1 in the last bin).
 */
export function evaluateClassifier(
  probHigh: Float64Array,
  labels: Uint8Array,
  realizedVol: Float64Array,
  { threshold = 0.5, bins = 10 }: { threshold?: number; bins?: number } = {},
): ClassifierEvaluation {
  assertFiniteSeries('probHigh', probHigh);
  assertFiniteSeries('realizedVol', realizedVol);
  assertPositiveInteger('bins', bins);
  if (labels.length !== probHigh.length) badInput('labels', `length ${labels.length} differs from probHigh length ${probHigh.length}`);
  if (realizedVol.length !== probHigh.length) badInput('realizedVol', `length ${realizedVol.length} differs from probHigh length ${probHigh.length}`);
  for (let i = 0; i < probHigh.length; i++) {
    if (probHigh[i] < 0 || probHigh[i] > 1) badInput('probHigh', `element ${i} is ${probHigh[i]}; a probability must be in [0, 1]`, probHigh[i]);
    if (labels[i] > 1) badInput('labels', `element ${i} is ${labels[i]}; labels must be 0 or 1`, labels[i]);
  }
  const sorted = sortedCopy(realizedVol);
  const edges = [0, 0.25, 0.5, 0.75, 1].map((q) => quantileSorted(sorted, q));
  const byRealizedVolQuartile = [0, 1, 2, 3].map((k) => {
    const lo = edges[k];
    const hi = edges[k + 1];
    // Bins are (lo, hi], the first one [lo, hi]: every observation lands in exactly one quartile.
    const inQuartile = (i: number): boolean => (k === 0 ? realizedVol[i] <= hi : realizedVol[i] > lo && realizedVol[i] <= hi);
    return { ...scores(probHigh, labels, realizedVol, threshold, bins, inQuartile), lowerEdge: lo, upperEdge: hi };
  });
  return {
    overall: scores(probHigh, labels, realizedVol, threshold, bins, () => true),
    byRealizedVolQuartile,
    conventions: { threshold, bins, quartileEdges: edges },
  };
}
