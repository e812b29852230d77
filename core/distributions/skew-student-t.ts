// Fernández–Steel skewed Student-t standardised to mean 0 and variance 1, as fGarch `dsstd`
// (cond.dist = "sstd"), skew ξ > 0 (ξ > 1 is right skew, ξ = 1 is `std`), shape ν > 2:
//   m1 = 2√(ν−2)/((ν−1)·B(½, ν/2)), μξ = m1(ξ − 1/ξ), σξ² = (1 − m1²)(ξ² + ξ⁻²) + 2m1² − 1,
//   y = zσξ + μξ, f(z) = 2/(ξ + 1/ξ) · σξ · f_std(y / ξ^sign(y); ν)   (fGarch: ξ^0 when y = 0).

import type { Rng } from '../random/rng.ts';
import { digamma, logBeta } from './special.ts';
import { stdLogConstant, stdLogConstantDnu } from './student-t.ts';

/** Per-(ν, ξ) constants of the standardised skew-t and their derivatives. */
export type SstdConstants = {
  nu: number;
  xi: number;
  /** E|t| of the unit-variance t. */
  m1: number;
  mu: number;
  sigma: number;
  /** log(2/(ξ + 1/ξ)) + log σξ + C(ν): the z-free part of log f. */
  logConstant: number;
  dm1Dnu: number;
  dMuDxi: number;
  dMuDnu: number;
  dSigmaDxi: number;
  dSigmaDnu: number;
  /** ∂/∂ξ and ∂/∂ν of logConstant. */
  dLogConstantDxi: number;
  dLogConstantDnu: number;
  /** dC/dν of the underlying unit-variance t. */
  stdConstantDnu: number;
};

export function sstdConstants(nu: number, xi: number): SstdConstants {
  const m1 = (2 * Math.sqrt(nu - 2)) / ((nu - 1) * Math.exp(logBeta(0.5, nu / 2)));
  // d log m1 / dν = ½/(ν−2) − 1/(ν−1) − ½ψ(ν/2) + ½ψ((ν+1)/2)
  const dm1Dnu = m1 * (0.5 / (nu - 2) - 1 / (nu - 1) - 0.5 * digamma(nu / 2) + 0.5 * digamma((nu + 1) / 2));
  const xi2 = xi * xi;
  const sumSquares = xi2 + 1 / xi2;
  const mu = m1 * (xi - 1 / xi);
  const variance = (1 - m1 * m1) * sumSquares + 2 * m1 * m1 - 1;
  const sigma = Math.sqrt(variance);
  const dVarianceDxi = (1 - m1 * m1) * (2 * xi - 2 / (xi2 * xi));
  const dVarianceDnu = 2 * m1 * dm1Dnu * (2 - sumSquares);
  const dSigmaDxi = dVarianceDxi / (2 * sigma);
  const dSigmaDnu = dVarianceDnu / (2 * sigma);
  const stdConstantDnu = stdLogConstantDnu(nu);
  return {
    nu, xi, m1, mu, sigma,
    logConstant: Math.log(2 / (xi + 1 / xi)) + Math.log(sigma) + stdLogConstant(nu),
    dm1Dnu,
    dMuDxi: m1 * (1 + 1 / xi2),
    dMuDnu: dm1Dnu * (xi - 1 / xi),
    dSigmaDxi,
    dSigmaDnu,
    dLogConstantDxi: -(1 - 1 / xi2) / (xi + 1 / xi) + dSigmaDxi / sigma,
    dLogConstantDnu: dSigmaDnu / sigma + stdConstantDnu,
    stdConstantDnu,
  };
}

/** log f(z; ν, ξ); NaN outside ν > 2, ξ > 0. */
export function sstdLogDensity(z: number, nu: number, xi: number, constants = sstdConstants(nu, xi)): number {
  if (!(nu > 2) || !(xi > 0)) return NaN;
  const y = z * constants.sigma + constants.mu;
  const u = y > 0 ? y / xi : y < 0 ? y * xi : 0;
  return constants.logConstant - 0.5 * (nu + 1) * Math.log1p((u * u) / (nu - 2));
}

/** Derivatives of log f at one z, written by `sstdLogDensityWithDerivatives`. */
export type SstdDerivatives = { dz: number; dnu: number; dxi: number };

/** log f(z; ν, ξ) and its partial derivatives in z, ν and ξ (into `out`). */
export function sstdLogDensityWithDerivatives(z: number, c: SstdConstants, out: SstdDerivatives): number {
  const nu = c.nu;
  const y = z * c.sigma + c.mu;
  // k = ξ^(−sign y); dk/dξ = −sign(y)·k/ξ.
  const sign = y > 0 ? 1 : y < 0 ? -1 : 0;
  const k = sign > 0 ? 1 / c.xi : sign < 0 ? c.xi : 1;
  const u = y * k;
  const q = (u * u) / (nu - 2);
  const dLogStdDu = (-(nu + 1) * u) / (nu - 2 + u * u);
  const dLogStdDnuDirect = -0.5 * Math.log1p(q) + (0.5 * (nu + 1) * q) / ((1 + q) * (nu - 2));
  const dUDxi = k * (z * c.dSigmaDxi + c.dMuDxi) - (sign * u) / c.xi;
  const dUDnu = k * (z * c.dSigmaDnu + c.dMuDnu);
  out.dz = dLogStdDu * c.sigma * k;
  out.dxi = c.dLogConstantDxi + dLogStdDu * dUDxi;
  out.dnu = c.dLogConstantDnu + dLogStdDnuDirect + dLogStdDu * dUDnu;
  return c.logConstant - 0.5 * (nu + 1) * Math.log1p(q);
}

/** One draw of the standardised skew-t: |t| from the unit-variance t, right with prob ξ²/(1+ξ²). */
export function sampleSstd(rng: Rng, nu: number, xi: number, constants = sstdConstants(nu, xi)): number {
  const magnitude = Math.abs(rng.studentT(nu)) * Math.sqrt((nu - 2) / nu);
  const y = rng.uniform() < (xi * xi) / (1 + xi * xi) ? magnitude * xi : -magnitude / xi;
  return (y - constants.mu) / constants.sigma;
}

/**
 * E[z²·sign(z)] of the standardised skew-t (0 when ξ = 1): the asymmetry term the APARCH δ=2
 * variance forecast needs, E[(|z| − γz)²] = 1 + γ² − 2γ·E[z² sign z]. Half-line moments of the
 * Fernández–Steel form are closed-form; the piece between y = 0 and y = μξ uses Gauss–Legendre.
 */
export function sstdSignedSecondMoment(nu: number, xi: number, constants = sstdConstants(nu, xi)): number {
  const { m1, mu, sigma } = constants;
  const weight = 2 / (xi + 1 / xi);
  // For y < 0, density weight·f_std(yξ): E[y^r 1{y<0}] = weight·(−1)^r ξ^−(r+1)·M_r/2 with M_0 = 1,
  // M_1 = m1, M_2 = 1 (absolute moments of the unit-variance t).
  const p0 = (weight / xi) * 0.5;
  const e1 = (-weight / (xi * xi)) * 0.5 * m1;
  const e2 = (weight / (xi * xi * xi)) * 0.5;
  // E[(y − μ)² 1{y < 0}]
  let belowMean = e2 - 2 * mu * e1 + mu * mu * p0;
  // Add (μ > 0) or remove (μ < 0) ∫ (y − μ)² g(y) dy between 0 and μ.
  const density = (y: number): number => {
    const u = y > 0 ? y / xi : y * xi;
    return weight * Math.exp(stdLogConstant(nu) - 0.5 * (nu + 1) * Math.log1p((u * u) / (nu - 2)));
  };
  belowMean += gaussLegendre((y) => (y - mu) * (y - mu) * density(y), 0, mu);
  const lowerHalf = belowMean / (sigma * sigma); // E[z² 1{z < 0}]
  return 1 - 2 * lowerHalf;
}

// 20-point Gauss–Legendre rule on [−1, 1], nodes by Newton's method on P_20 at module load.
const { nodes: GL_NODES, weights: GL_WEIGHTS } = legendreRule(20);

function legendreRule(n: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * derivative * derivative));
  }
  return { nodes, weights };
}

function gaussLegendre(f: (x: number) => number, a: number, b: number): number {
  const half = 0.5 * (b - a);
  const mid = 0.5 * (a + b);
  let sum = 0;
  for (let i = 0; i < GL_NODES.length; i++) {
    sum += GL_WEIGHTS[i] * f(mid + half * GL_NODES[i]);
  }
  return sum * half;
}
