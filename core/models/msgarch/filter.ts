// Everything an MS-GARCH model says about a series at fixed parameters: log-likelihood, per-regime
// σ paths, filtered / predicted / smoothed regime probabilities, Viterbi path and mixture volatility,
// with R MSGARCH 2.51's `State()` / `Volatility()` conventions (see the row mapping below).

import { hamiltonFilter } from '../markov/hamilton-filter.ts';
import { kimSmoother } from '../markov/kim-smoother.ts';
import { viterbiPath } from '../markov/viterbi.ts';
import { stationaryDistribution, expectedDurationsBars } from '../markov/transition.ts';
import { RegimeLabError } from '../../errors.ts';
import { fillMsGarchDensities, msGarchLayout } from './likelihood.ts';
import { msGarchParamsToArray, validateMsGarchParams, validateReturns, type MsGarchParams, type MsGarchSpec } from './spec.ts';

/**
 * Row t (0-based) ↔ MSGARCH row t+1. Matrices are n×K row-major unless stated.
 * - filteredProbs: Pr(s_t | y_0..y_t); row 0 = π because y_0 is not in the likelihood (FiltProb).
 * - predictedProbs: Pr(s_t | y_0..y_{t−1}); rows 0 and 1 = π (PredProb rows 1..n);
 *   forecastProbs = PredProb row n+1 = Pr(s_n | y_0..y_{n−1}).
 * - smoothedProbs: Pr(s_t | y_0..y_{n−1}) (Kim; SmoothProb rows 1..n; its row n+1 = forecastProbs).
 * - viterbi: 0-based (MSGARCH's is 1-based), over t = 1..n−1 from π, row 0 copied from row 1.
 * - sigma: √h_{k,t}; sigmaForecast = √h_{k,n} (calc_ht's extra row).
 * - volatilityMixture: √(Σ_k predicted[t][k]·h_{k,t}) (MSGARCH `Volatility()`).
 */
export type MsGarchFilterResult = {
  regimeCount: number;
  n: number;
  logLikelihood: number;
  /** n: log f(y_t | y_0..y_{t−1}), 0 for t = 0. */
  logLikelihoodPerObs: Float64Array;
  filteredProbs: Float64Array;
  predictedProbs: Float64Array;
  forecastProbs: Float64Array;
  smoothedProbs: Float64Array;
  viterbi: Uint8Array;
  sigma: Float64Array;
  sigmaForecast: Float64Array;
  volatilityMixture: Float64Array;
  stationaryProbs: number[];
  expectedDurationsBars: number[];
  /** regime k's parameters as a stand-alone single-regime model (t = 2..n), as MSGARCH's ExtractStateFit. */
  singleRegimeLogLikelihood: number[];
};

export function msGarchFilter(spec: MsGarchSpec, params: MsGarchParams, returns: Float64Array): MsGarchFilterResult {
  validateMsGarchParams(spec, params);
  validateReturns(returns);
  const k = spec.regimes.length;
  const n = returns.length;
  const layout = msGarchLayout(spec);
  const theta = msGarchParamsToArray(spec, params);
  const variances = new Float64Array((n + 1) * k);
  const logDensities = new Float64Array(n * k);
  if (!fillMsGarchDensities(theta, layout, returns, variances, logDensities)) {
    throw new RegimeLabError('E_BAD_INPUT', 'MS-GARCH parameters are outside the model domain');
  }
  const transition = new Float64Array(k * k);
  params.transition.forEach((row, i) => row.forEach((p, j) => (transition[i * k + j] = p)));
  const pi = k === 1 ? Float64Array.of(1) : stationaryDistribution(transition, k);
  // As R MSGARCH: π is the filtered probability at t = 1 and y_1 is not in the likelihood.
  const filter = hamiltonFilter({ logDensities, regimeCount: k, transition, initialProbs: pi, excludedLeading: 1 });
  const smoothedProbs = kimSmoother(filter.filteredProbs, filter.predictedProbs, transition, k);
  const viterbi = viterbiPath(logDensities, k, transition, pi, 1).path;
  const sigma = new Float64Array(n * k);
  const volatilityMixture = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let mix = 0;
    for (let j = 0; j < k; j++) {
      const v = variances[t * k + j];
      sigma[t * k + j] = Math.sqrt(v);
      mix += filter.predictedProbs[t * k + j] * v;
    }
    volatilityMixture[t] = Math.sqrt(mix);
  }
  const sigmaForecast = new Float64Array(k);
  for (let j = 0; j < k; j++) sigmaForecast[j] = Math.sqrt(variances[n * k + j]);
  const singleRegimeLogLikelihood: number[] = [];
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 1; t < n; t++) s += logDensities[t * k + j];
    singleRegimeLogLikelihood.push(s);
  }
  return {
    regimeCount: k,
    n,
    logLikelihood: filter.logLikelihood,
    logLikelihoodPerObs: filter.logLikelihoodPerObs,
    filteredProbs: filter.filteredProbs,
    predictedProbs: filter.predictedProbs,
    forecastProbs: filter.forecastProbs,
    smoothedProbs,
    viterbi,
    sigma,
    sigmaForecast,
    volatilityMixture,
    stationaryProbs: Array.from(pi),
    expectedDurationsBars: Array.from(expectedDurationsBars(transition, k)),
    singleRegimeLogLikelihood,
  };
}
