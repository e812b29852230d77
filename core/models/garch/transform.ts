// Unconstrained coordinates for the GARCH fit: θ = T(u) keeps ω > 0, α1, β1 ∈ (0, 1), γ1 ∈ (−1, 1)
// and skew, shape within bounds (logistic maps), as fGarch's nlminb box but without its μ bound.
// With `stationary`, κ·α1 + β1 < 1 instead, κ = E[(|z| − γ1 z)²] (covariance stationarity).

import { aparchKappa } from './persistence.ts';
import type { GarchSpec } from './spec.ts';
import { ALPHA1, BETA1, GAMMA1, MU, OMEGA, SHAPE, SKEW } from './likelihood.ts';

export type ParameterBounds = {
  /** ν bounds; fGarch uses [1, 10], but the unit-variance t needs ν > 2 and 10 caps real tails. */
  shape: [number, number];
  /** ξ bounds, as fGarch. */
  skew: [number, number];
  /** Impose κ·α1 + β1 < 1 (not imposed by fGarch). */
  stationary: boolean;
};

export const DEFAULT_BOUNDS: ParameterBounds = { shape: [2.01, 100], skew: [0.1, 10], stationary: false };

/** Largest persistence allowed in stationary mode. */
const MAX_PERSISTENCE = 1 - 1e-6;

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));
const clampOpen = (p: number, lo: number, hi: number): number => {
  const margin = 1e-9 * (hi - lo);
  return Math.min(hi - margin, Math.max(lo + margin, p));
};

/**
 * u (indexed like the spec's parameters, fGarch order) → full 7-slot θ. When `jacobianDiagonal`
 * is given (box mode only) it receives dθ_i/du_i in the spec's order.
 */
export function toNatural(
  spec: GarchSpec,
  bounds: ParameterBounds,
  u: ArrayLike<number>,
  indices: number[],
  full: Float64Array,
  jacobianDiagonal: Float64Array | null,
): void {
  full.fill(0);
  full[SKEW] = 1;
  for (let k = 0; k < indices.length; k++) {
    const slot = indices[k];
    const v = u[k];
    let value: number;
    let derivative: number;
    switch (slot) {
      case MU: value = v; derivative = 1; break;
      case OMEGA: value = Math.exp(v); derivative = value; break;
      case GAMMA1: value = Math.tanh(v); derivative = 1 - value * value; break;
      case SKEW:
      case SHAPE: {
        const [lo, hi] = slot === SKEW ? bounds.skew : bounds.shape;
        const p = logistic(v);
        value = lo + (hi - lo) * p;
        derivative = (hi - lo) * p * (1 - p);
        break;
      }
      default: { // ALPHA1, BETA1 in box mode: logistic on (0, 1)
        const p = logistic(v);
        value = p;
        derivative = p * (1 - p);
      }
    }
    full[slot] = value;
    if (jacobianDiagonal) jacobianDiagonal[k] = derivative;
  }
  if (bounds.stationary) {
    // u[α1] → persistence P = κα1 + β1 ∈ (0, MAX), u[β1] → share s of P taken by κα1.
    const persistence = MAX_PERSISTENCE * logistic(u[indices.indexOf(ALPHA1)]);
    const share = logistic(u[indices.indexOf(BETA1)]);
    const kappa = aparchKappa(spec, full[GAMMA1], full[SHAPE], full[SKEW]);
    full[ALPHA1] = (persistence * share) / kappa;
    full[BETA1] = persistence * (1 - share);
  }
}

/** θ (full 7-slot) → u in the spec's order; values are pulled inside open bounds first. */
export function toUnconstrained(spec: GarchSpec, bounds: ParameterBounds, full: ArrayLike<number>, indices: number[]): Float64Array {
  const u = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const slot = indices[k];
    const value = full[slot];
    switch (slot) {
      case MU: u[k] = value; break;
      case OMEGA: u[k] = Math.log(Math.max(value, 1e-300)); break;
      case GAMMA1: u[k] = Math.atanh(clampOpen(value, -1, 1)); break;
      case SKEW:
      case SHAPE: {
        const [lo, hi] = slot === SKEW ? bounds.skew : bounds.shape;
        u[k] = logit((clampOpen(value, lo, hi) - lo) / (hi - lo));
        break;
      }
      default: u[k] = logit(clampOpen(value, 0, 1));
    }
  }
  if (bounds.stationary) {
    const kappa = aparchKappa(spec, full[GAMMA1], full[SHAPE], full[SKEW]);
    const persistence = Math.min(kappa * full[ALPHA1] + full[BETA1], MAX_PERSISTENCE * (1 - 1e-9));
    const share = (kappa * full[ALPHA1]) / (kappa * full[ALPHA1] + full[BETA1]);
    u[indices.indexOf(ALPHA1)] = logit(clampOpen(persistence / MAX_PERSISTENCE, 0, 1));
    u[indices.indexOf(BETA1)] = logit(clampOpen(share, 0, 1));
  }
  return u;
}

