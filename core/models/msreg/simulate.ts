// Simulation from a Markov-switching regression with switching mean and variance (statsmodels'
// MarkovRegression, trend='c'): s_0 from the steady state, s_t from the chain (rows = from),
// y_t = const[s_t] + √sigma2[s_t]·ε_t with ε_t standard normal.

import type { Rng } from '../../random/rng.ts';
import { stationaryDistribution } from '../markov/transition.ts';
import { validateMarkovRegressionParams, type MarkovRegressionParams, type MarkovRegressionSpec } from './spec.ts';

export function simulateMarkovRegression(spec: MarkovRegressionSpec, params: MarkovRegressionParams, length: number, rng: Rng): { y: Float64Array; states: Uint8Array } {
  validateMarkovRegressionParams(spec, params);
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`length must be a positive integer, got ${length}`);
  const k = spec.regimeCount;
  const pi = Array.from(stationaryDistribution(Float64Array.from(params.transition.flat()), k));
  const y = new Float64Array(length);
  const states = new Uint8Array(length);
  let state = draw(pi, rng.uniform());
  for (let t = 0; t < length; t++) {
    if (t > 0) state = draw(params.transition[state], rng.uniform());
    const variance = spec.switchingVariance ? params.sigma2[state] : params.sigma2[0];
    y[t] = params.const[state] + Math.sqrt(variance) * rng.normal();
    states[t] = state;
  }
  return { y, states };
}

export function draw(probabilities: readonly number[], u: number): number {
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i];
    if (u < cumulative) return i;
  }
  return probabilities.length - 1;
}
