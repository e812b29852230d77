// Unit-variance Student-t (fGarch `dstd`, cond.dist = "std"), shape ν > 2: f(z) = s·t_ν(z·s) with
// s = √(ν/(ν−2)), so log f(z) = C(ν) − (ν+1)/2 · log(1 + z²/(ν−2)). Derivatives in z and ν.

import { digamma, logGamma } from './special.ts';

/** C(ν) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(π(ν−2)), the normalising constant of log f. */
export function stdLogConstant(nu: number): number {
  return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(Math.PI * (nu - 2));
}

/** dC/dν. */
export function stdLogConstantDnu(nu: number): number {
  return 0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / (nu - 2);
}

/** log f(z; ν) of the unit-variance t; NaN for ν ≤ 2. */
export function stdLogDensity(z: number, nu: number): number {
  if (!(nu > 2)) return NaN;
  return stdLogConstant(nu) - 0.5 * (nu + 1) * Math.log1p((z * z) / (nu - 2));
}

/** ∂/∂z log f(z; ν) = −(ν+1) z / (ν − 2 + z²). */
export function stdLogDensityDz(z: number, nu: number): number {
  return (-(nu + 1) * z) / (nu - 2 + z * z);
}

/** ∂/∂ν log f(z; ν). `constantDnu` may be passed in when evaluated over a whole series. */
export function stdLogDensityDnu(z: number, nu: number, constantDnu = stdLogConstantDnu(nu)): number {
  const q = (z * z) / (nu - 2);
  return constantDnu - 0.5 * Math.log1p(q) + (0.5 * (nu + 1) * q) / ((1 + q) * (nu - 2));
}
