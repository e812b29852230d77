// fGarch's APARCH δ=2 parameters (alpha1, gamma1) against textbook GJR (α, γ_GJR):
// α1(|z| − γ1 z)² = α1(1 − γ1)² z² for z ≥ 0 and α1(1 + γ1)² z² for z < 0, so
// α = α1(1 − γ1)², γ_GJR = 4·α1·γ1, α + γ_GJR = α1(1 + γ1)². Exact: both recursions are identical.

import { badInput } from './spec.ts';

export type GjrTextbook = {
  /** α: coefficient on z² when z ≥ 0. */
  alphaPos: number;
  /** γ_GJR: extra coefficient when z < 0. */
  gammaGjr: number;
  /** α + γ_GJR: coefficient on z² when z < 0. */
  alphaNeg: number;
};

export function aparchToGjr(alpha1: number, gamma1: number): GjrTextbook {
  const alphaPos = alpha1 * (1 - gamma1) ** 2;
  const alphaNeg = alpha1 * (1 + gamma1) ** 2;
  return { alphaPos, gammaGjr: 4 * alpha1 * gamma1, alphaNeg };
}

/** Inverse map: r = √((α+γ)/α), γ1 = (r−1)/(r+1), α1 = α/(1−γ1)². Needs α > 0 and α + γ > 0. */
export function gjrToAparch(alpha: number, gammaGjr: number): { alpha1: number; gamma1: number } {
  if (!(alpha > 0)) throw badInput('alpha', alpha, 'must be > 0');
  if (!(alpha + gammaGjr > 0)) throw badInput('gammaGjr', gammaGjr, 'must exceed -alpha');
  const r = Math.sqrt((alpha + gammaGjr) / alpha);
  const gamma1 = (r - 1) / (r + 1);
  return { alpha1: alpha / (1 - gamma1) ** 2, gamma1 };
}
