// Seeded simulation from a GARCH(1,1) / APARCH(δ=2) model with fGarch's parameters: r_t = μ + σ_t z_t,
// z_t unit-variance (normal, t with ν, or Fernández–Steel skew-t), h_{t+1} from variance.ts; like the
// reference DGPs the path starts at the unconditional variance, optionally after a discarded burn-in.

import { createRng } from '../../random/rng.ts';
import { sampleSstd, sstdConstants } from '../../distributions/skew-student-t.ts';
import type { GarchParams, GarchSpec } from './spec.ts';
import { badInput, resolveParams, validateSpec } from './spec.ts';
import { nextVariance } from './variance.ts';
import { garchPersistence } from './persistence.ts';

export type GarchSimulationOptions = {
  seed: number;
  /** Draws simulated and discarded before the returned path (default 0). */
  burnIn?: number;
  /** h_1 of the (burn-in) path; default the unconditional variance ω / (1 − persistence). */
  initialVariance?: number;
};

export type GarchSimulation = {
  returns: Float64Array;
  /** σ_t of each returned bar. */
  sigma: Float64Array;
  /** The unit-variance innovations z_t. */
  innovations: Float64Array;
};

export function simulateGarch(
  spec: GarchSpec,
  params: GarchParams | ArrayLike<number>,
  length: number,
  options: GarchSimulationOptions,
): GarchSimulation {
  validateSpec(spec);
  const p = resolveParams(spec, params);
  if (!(Number.isInteger(length) && length >= 1)) throw badInput('length', length, 'must be a positive integer');
  const burnIn = options.burnIn ?? 0;
  if (!(Number.isInteger(burnIn) && burnIn >= 0)) throw badInput('options.burnIn', burnIn, 'must be a non-negative integer');
  const persistence = garchPersistence(spec, p);
  let h = options.initialVariance ?? (persistence < 1 ? p.omega / (1 - persistence) : NaN);
  if (!(h > 0) || !Number.isFinite(h)) {
    throw badInput('options.initialVariance', options.initialVariance, `is required (> 0) when persistence ${persistence} >= 1`);
  }

  const rng = createRng(options.seed);
  const mu = spec.mean ? p.mu! : 0;
  const gamma1 = spec.variance === 'gjr' ? p.gamma1! : 0;
  const nu = p.shape ?? 0;
  const tScale = spec.dist === 'std' ? Math.sqrt((nu - 2) / nu) : 1;
  const skewConstants = spec.dist === 'sstd' ? sstdConstants(nu, p.skew!) : null;
  const draw = (): number =>
    spec.dist === 'norm' ? rng.normal() : spec.dist === 'std' ? rng.studentT(nu) * tScale : sampleSstd(rng, nu, p.skew!, skewConstants!);

  const returns = new Float64Array(length);
  const sigma = new Float64Array(length);
  const innovations = new Float64Array(length);
  for (let t = -burnIn; t < length; t++) {
    const s = Math.sqrt(h);
    const z = draw();
    const e = s * z;
    if (t >= 0) {
      returns[t] = mu + e;
      sigma[t] = s;
      innovations[t] = z;
    }
    h = nextVariance(e, h, p.omega, p.alpha1, gamma1, p.beta1);
  }
  return { returns, sigma, innovations };
}
