// The GARCH(1,1) / APARCH(δ=2) variance recursion with fGarch's start, shared by the likelihood,
// filters, forecasts, simulation and rolling refits: h_t = ω + α1(|z_{t−1}| − γ1 z_{t−1})² + β1 h_{t−1},
// z_t = x_t − μ, and (as fGarch init.rec = "mci") h_1 = ω + (α1 + β1)·mean(z²) over the full sample.

import type { GarchParams, GarchSpec } from './spec.ts';
import { resolveParams, validateReturns, validateSpec } from './spec.ts';

/** mean((x − μ)²) over all of x, divided by N (fGarch's "mci" start; centred on μ, not on mean(x)). */
export function meanSquaredDeviation(returns: Float64Array, mu: number): number {
  let sum = 0;
  for (let i = 0; i < returns.length; i++) {
    const z = returns[i] - mu;
    sum += z * z;
  }
  return sum / returns.length;
}

/** As fGarch "mci": h_1 = ω + (α1 + β1)·mean(z²). No γ1 term even for APARCH (fGarch garchllh). */
export function mciInitialVariance(meanSquare: number, omega: number, alpha1: number, beta1: number): number {
  return omega + (alpha1 + beta1) * meanSquare;
}

/** One step of the recursion: h_{t+1} from the innovation z_t = x_t − μ and h_t (γ1 = 0 for GARCH). */
export function nextVariance(z: number, h: number, omega: number, alpha1: number, gamma1: number, beta1: number): number {
  const e = Math.abs(z) - gamma1 * z;
  return omega + alpha1 * e * e + beta1 * h;
}

/** Conditional variances h_1..h_N at fixed parameters (named, or an array in fGarch's order). */
export function garchVariancePath(returns: Float64Array, spec: GarchSpec, params: GarchParams | ArrayLike<number>): Float64Array {
  validateSpec(spec);
  validateReturns(returns);
  const p = resolveParams(spec, params);
  const mu = spec.mean ? p.mu! : 0;
  const gamma1 = spec.variance === 'gjr' ? p.gamma1! : 0;
  const variance = new Float64Array(returns.length);
  let h = mciInitialVariance(meanSquaredDeviation(returns, mu), p.omega, p.alpha1, p.beta1);
  for (let t = 0; t < returns.length; t++) {
    variance[t] = h;
    h = nextVariance(returns[t] - mu, h, p.omega, p.alpha1, gamma1, p.beta1);
  }
  return variance;
}

/** Conditional standard deviations σ_t = √h_t, as fGarch `.getfGarchEnv(".series")$h` square-rooted. */
export function garchSigmaPath(returns: Float64Array, spec: GarchSpec, params: GarchParams | ArrayLike<number>): Float64Array {
  const sigma = garchVariancePath(returns, spec, params);
  for (let t = 0; t < sigma.length; t++) sigma[t] = Math.sqrt(sigma[t]);
  return sigma;
}
