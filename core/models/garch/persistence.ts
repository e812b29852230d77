// Persistence of GARCH(1,1) / APARCH(δ=2): P = κ·α1 + β1 with κ = E[(|z| − γ1 z)²] =
// 1 + γ1² − 2γ1·E[z² sign z] (E[z² sign z] = 0 for symmetric z; the skew-t's is computed), the
// unconditional variance ω / (1 − P), and their use as the mean-reversion rate of variance forecasts.

import { sstdConstants, sstdSignedSecondMoment } from '../../distributions/skew-student-t.ts';
import type { GarchParams, GarchSpec } from './spec.ts';

/** κ = E[(|z| − γ1 z)²] under the spec's innovation density. */
export function aparchKappa(spec: GarchSpec, gamma1: number, shape: number, skew: number): number {
  if (spec.variance !== 'gjr' || gamma1 === 0) return 1;
  const asymmetry = spec.dist === 'sstd' ? sstdSignedSecondMoment(shape, skew, sstdConstants(shape, skew)) : 0;
  return 1 + gamma1 * gamma1 - 2 * gamma1 * asymmetry;
}

/** κ·α1 + β1: the rate at which variance forecasts revert (< 1 for covariance stationarity). */
export function garchPersistence(spec: GarchSpec, params: GarchParams): number {
  const kappa = aparchKappa(spec, spec.variance === 'gjr' ? params.gamma1! : 0, params.shape ?? 0, params.skew ?? 1);
  return kappa * params.alpha1 + params.beta1;
}

/** ω / (1 − persistence); Infinity when the model is not covariance stationary. */
export function garchUnconditionalVariance(spec: GarchSpec, params: GarchParams): number {
  const persistence = garchPersistence(spec, params);
  return persistence < 1 ? params.omega / (1 - persistence) : Infinity;
}
