// Multi-step variance forecasts of GARCH(1,1) / APARCH(δ=2): with κ = E[(|z| − γ1 z)²] (1 + γ1² for
// symmetric z, the skew-t asymmetry otherwise), E[h_{T+j}] = ω + (κα1 + β1)·E[h_{T+j−1}] for j ≥ 2,
// from the one-step h_{T+1} the recursion gives at the last observation.

import type { GarchParams, GarchSpec } from './spec.ts';
import { badInput, resolveParams, validateReturns, validateSpec } from './spec.ts';
import { meanSquaredDeviation, mciInitialVariance, nextVariance } from './variance.ts';
import { garchPersistence } from './persistence.ts';

export type GarchVarianceForecast = {
  /** E[h_{T+j} | F_T], j = 1..horizon. */
  variance: Float64Array;
  /** √variance (σ of each future bar). */
  sigma: Float64Array;
  /** Variance of the j-bar cumulative return Σ_{i≤j} r_{T+i}: the running sum of `variance`. */
  cumulativeVariance: Float64Array;
};

/** Forecasts from a one-step variance h_{T+1} already known (e.g. the last step of a filter). */
export function forecastVarianceFrom(
  spec: GarchSpec,
  params: GarchParams | ArrayLike<number>,
  nextStepVariance: number,
  horizon: number,
): GarchVarianceForecast {
  validateSpec(spec);
  const p = resolveParams(spec, params);
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw badInput('horizon', horizon, 'must be a positive integer');
  if (!(nextStepVariance > 0) || !Number.isFinite(nextStepVariance)) throw badInput('nextStepVariance', nextStepVariance, 'must be a finite number > 0');
  const persistence = garchPersistence(spec, p);
  const variance = new Float64Array(horizon);
  const sigma = new Float64Array(horizon);
  const cumulativeVariance = new Float64Array(horizon);
  let h = nextStepVariance;
  let cumulative = 0;
  for (let j = 0; j < horizon; j++) {
    variance[j] = h;
    sigma[j] = Math.sqrt(h);
    cumulative += h;
    cumulativeVariance[j] = cumulative;
    h = p.omega + persistence * h;
  }
  return { variance, sigma, cumulativeVariance };
}

/** h-step forecasts after the last observation of `returns` (recursion run with fGarch's mci start). */
export function forecastGarchVariance(
  returns: Float64Array,
  spec: GarchSpec,
  params: GarchParams | ArrayLike<number>,
  horizon: number,
): GarchVarianceForecast {
  validateSpec(spec);
  validateReturns(returns);
  const p = resolveParams(spec, params);
  const mu = spec.mean ? p.mu! : 0;
  const gamma1 = spec.variance === 'gjr' ? p.gamma1! : 0;
  let h = mciInitialVariance(meanSquaredDeviation(returns, mu), p.omega, p.alpha1, p.beta1);
  for (let t = 0; t < returns.length; t++) h = nextVariance(returns[t] - mu, h, p.omega, p.alpha1, gamma1, p.beta1);
  return forecastVarianceFrom(spec, p, h, horizon);
}
