// Simulation from a Gaussian HMM with hmmlearn's parameters: S_0 ~ startprob, S_t from transmat
// (rows = from), y_t ~ N(means[S_t], variances[S_t]).

import type { Rng } from '../../random/rng.ts';
import { draw } from '../msreg/simulate.ts';
import { validateHmmParams, type GaussianHmmParams } from './gaussian-hmm.ts';

export function simulateGaussianHmm(params: GaussianHmmParams, length: number, rng: Rng): { y: Float64Array; states: Uint8Array } {
  validateHmmParams(params);
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`length must be a positive integer, got ${length}`);
  const y = new Float64Array(length);
  const states = new Uint8Array(length);
  let state = draw(params.startprob, rng.uniform());
  for (let t = 0; t < length; t++) {
    if (t > 0) state = draw(params.transmat[state], rng.uniform());
    y[t] = params.means[state] + Math.sqrt(params.variances[state]) * rng.normal();
    states[t] = state;
  }
  return { y, states };
}
