// The GARCH/GJR log-likelihood with fGarch's conventions and its analytic gradient, in one pass:
// loglik = Σ_{t=1..N} [log f(z_t/σ_t) − log σ_t], the first observation included (fGarch garchllh),
// with the derivatives of h_t carried through the recursion (∂h_t/∂θ = ∂(ω + α1 e² + β1 h)/∂θ + β1 ∂h_{t−1}/∂θ).

import { LOG_SQRT_2PI } from '../../distributions/normal.ts';
import { stdLogConstant, stdLogConstantDnu } from '../../distributions/student-t.ts';
import { sstdConstants } from '../../distributions/skew-student-t.ts';
import type { SstdConstants } from '../../distributions/skew-student-t.ts';
import type { GarchParams, GarchSpec } from './spec.ts';
import { ALL_PARAM_NAMES, paramNames, resolveParams, validateReturns, validateSpec } from './spec.ts';
import { mciInitialVariance } from './variance.ts';

// Slots of the full parameter vector (fGarch's order with every optional entry present).
export const MU = 0;
export const OMEGA = 1;
export const ALPHA1 = 2;
export const GAMMA1 = 3;
export const BETA1 = 4;
export const SKEW = 5;
export const SHAPE = 6;
export const FULL_LENGTH = 7;

const DIST_NORM = 0;
const DIST_STD = 1;
const DIST_SSTD = 2;

/**
 * The one implementation of the likelihood. `full` holds all 7 slots (unused ones ignored);
 * `gradFull`, when given, receives ∂loglik/∂θ in all 7 slots (unused ones 0). Returns −Infinity
 * where the parameters leave the domain or a variance is not positive; never NaN.
 */
export function evaluateGarch(
  x: Float64Array,
  spec: GarchSpec,
  full: ArrayLike<number>,
  gradFull: Float64Array | null,
): number {
  const n = x.length;
  const mu = spec.mean ? full[MU] : 0;
  const omega = full[OMEGA];
  const alpha1 = full[ALPHA1];
  const gamma1 = spec.variance === 'gjr' ? full[GAMMA1] : 0;
  const beta1 = full[BETA1];
  const dist = spec.dist === 'norm' ? DIST_NORM : spec.dist === 'std' ? DIST_STD : DIST_SSTD;
  const nu = dist === DIST_NORM ? 0 : full[SHAPE];
  const xi = dist === DIST_SSTD ? full[SKEW] : 1;
  if (!(omega > 0) || !(alpha1 >= 0) || !(beta1 >= 0) || !(Math.abs(gamma1) < 1)) return -Infinity;
  if (dist !== DIST_NORM && !(nu > 2)) return -Infinity;
  if (dist === DIST_SSTD && !(xi > 0)) return -Infinity;

  let sumZ = 0;
  let sumZ2 = 0;
  for (let t = 0; t < n; t++) {
    const z = x[t] - mu;
    sumZ += z;
    sumZ2 += z * z;
  }
  const meanSquare = sumZ2 / n;
  let h = mciInitialVariance(meanSquare, omega, alpha1, beta1);

  const wantGradient = gradFull !== null;
  // ∂h_t/∂θ for θ = μ, ω, α1, γ1, β1; at t = 1 from h_1 = ω + (α1+β1)·mean((x−μ)²).
  let dhMu = spec.mean ? (alpha1 + beta1) * (-2 * sumZ / n) : 0;
  let dhOmega = 1;
  let dhAlpha = meanSquare;
  let dhGamma = 0;
  let dhBeta = meanSquare;
  let gMu = 0, gOmega = 0, gAlpha = 0, gGamma = 0, gBeta = 0, gSkew = 0, gShape = 0;

  let constantTotal: number;
  const nuMinus2 = nu - 2;
  const halfNuPlus1 = 0.5 * (nu + 1);
  let sstd: SstdConstants | null = null;
  if (dist === DIST_NORM) constantTotal = -n * LOG_SQRT_2PI;
  else if (dist === DIST_STD) constantTotal = n * stdLogConstant(nu);
  else {
    sstd = sstdConstants(nu, xi);
    constantTotal = n * sstd.logConstant;
  }

  // Σ log h_t and Σ log(1 + u_t²/(ν−2)) are accumulated as running products, renormalised into
  // a log before they leave [1e-200, 1e200]: one log per ~hundreds of bars instead of two per bar.
  // The product's rounding error is ~N·1e-16 relative, i.e. ~1e-12 in the log-likelihood at N = 10⁴.
  let logH = 0;
  let productH = 1;
  let log1pQ = 0;
  let product1pQ = 1;
  let sumSquares = 0; // Σ ε² (normal)
  let sumShapeRest = 0; // Σ (ν+1)/2 · q/((1+q)(ν−2)) (t densities, for ∂/∂ν)
  const invNuMinus2 = 1 / nuMinus2;
  for (let t = 0; t < n; t++) {
    if (!(h > 0) || h === Infinity) return -Infinity;
    const z = x[t] - mu;
    const invH = 1 / h;
    const w = z * z * invH; // ε² with ε = z/σ
    if (h > 1e-100 && h < 1e100) {
      productH *= h;
      if (productH > 1e200 || productH < 1e-200) {
        logH += Math.log(productH);
        productH = 1;
      }
    } else {
      logH += Math.log(h);
    }
    // With L = log f(ε): epsDEps = ε·∂L/∂ε and zDEps = (∂L/∂ε)/σ (the direct ∂/∂z), sqrt-free
    // for norm and std; the skew-t needs ε itself.
    let epsDEps = 0;
    let dEpsOverSigma = 0;
    if (dist === DIST_NORM) {
      sumSquares += w;
      epsDEps = -w;
      dEpsOverSigma = -z * invH;
    } else {
      let q: number;
      let sstdU = 0;
      let sstdK = 1;
      let sstdSign = 0;
      let sstdEps = 0;
      if (dist === DIST_STD) {
        q = w * invNuMinus2;
      } else {
        // As fGarch dsstd: y = εσξ + μξ, u = y / ξ^sign(y) (ξ^0 when y = 0).
        sstdEps = z / Math.sqrt(h);
        const y = sstdEps * sstd!.sigma + sstd!.mu;
        sstdSign = y > 0 ? 1 : y < 0 ? -1 : 0;
        sstdK = sstdSign > 0 ? 1 / xi : sstdSign < 0 ? xi : 1;
        sstdU = y * sstdK;
        q = sstdU * sstdU * invNuMinus2;
      }
      const onePlusQ = 1 + q;
      if (onePlusQ < 1e100) {
        product1pQ *= onePlusQ;
        if (product1pQ > 1e200) {
          log1pQ += Math.log(product1pQ);
          product1pQ = 1;
        }
      } else {
        log1pQ += Math.log(onePlusQ);
      }
      if (wantGradient) {
        // ∂/∂u of −(ν+1)/2·log(1 + u²/(ν−2)) = −r·u with r = (ν+1)/(ν−2+u²); q/(1+q) = r·u²/(ν+1).
        const uSquared = q * nuMinus2;
        const r = (nu + 1) / (nuMinus2 + uSquared);
        sumShapeRest += 0.5 * invNuMinus2 * r * uSquared;
        if (dist === DIST_STD) {
          epsDEps = -r * w;
          dEpsOverSigma = -r * z * invH;
        } else {
          const c = sstd!;
          const dLogDu = -r * sstdU;
          const dEps = dLogDu * c.sigma * sstdK;
          epsDEps = dEps * sstdEps;
          dEpsOverSigma = dEps * sstdEps / z;
          if (z === 0) dEpsOverSigma = dEps / Math.sqrt(h);
          // ∂u/∂ξ = k(ε ∂σξ/∂ξ + ∂μξ/∂ξ) − sign·u/ξ;  ∂u/∂ν = k(ε ∂σξ/∂ν + ∂μξ/∂ν).
          gSkew += dLogDu * (sstdK * (sstdEps * c.dSigmaDxi + c.dMuDxi) - (sstdSign * sstdU) / xi);
          gShape += dLogDu * (sstdK * (sstdEps * c.dSigmaDnu + c.dMuDnu));
        }
      }
    }

    const e = Math.abs(z) - gamma1 * z;
    const hNext = omega + alpha1 * e * e + beta1 * h;
    if (wantGradient) {
      // loglik_t = L(z/√h) − ½ log h: ∂/∂h = −½(ε ∂L/∂ε + 1)/h; ∂/∂μ (direct) = −(∂L/∂ε)/σ.
      const dLogDh = -0.5 * (epsDEps + 1) * invH;
      gMu += dLogDh * dhMu - dEpsOverSigma;
      gOmega += dLogDh * dhOmega;
      gAlpha += dLogDh * dhAlpha;
      gGamma += dLogDh * dhGamma;
      gBeta += dLogDh * dhBeta;
      // Propagate ∂h_{t+1}/∂θ; ∂e/∂z = sign(z) − γ1, ∂z/∂μ = −1.
      const signZ = z > 0 ? 1 : z < 0 ? -1 : 0;
      dhMu = -2 * alpha1 * e * (signZ - gamma1) + beta1 * dhMu;
      dhOmega = 1 + beta1 * dhOmega;
      dhAlpha = e * e + beta1 * dhAlpha;
      dhGamma = -2 * alpha1 * e * z + beta1 * dhGamma;
      dhBeta = h + beta1 * dhBeta;
    }
    h = hNext;
  }
  logH += Math.log(productH);
  log1pQ += Math.log(product1pQ);
  const kernel = dist === DIST_NORM ? -0.5 * sumSquares : -halfNuPlus1 * log1pQ;
  const loglik = constantTotal + kernel - 0.5 * logH;
  if (!Number.isFinite(loglik)) return -Infinity;
  if (wantGradient) {
    gradFull.fill(0);
    if (spec.mean) gradFull[MU] = gMu;
    gradFull[OMEGA] = gOmega;
    gradFull[ALPHA1] = gAlpha;
    if (spec.variance === 'gjr') gradFull[GAMMA1] = gGamma;
    gradFull[BETA1] = gBeta;
    // Σ ∂/∂ν of −(ν+1)/2·log(1+q) at fixed u: −½ Σ log(1+q) + Σ (ν+1)/2 · q/((1+q)(ν−2)).
    gShape += -0.5 * log1pQ + sumShapeRest;
    if (dist === DIST_STD) gradFull[SHAPE] = gShape + n * stdLogConstantDnu(nu);
    if (dist === DIST_SSTD) {
      gradFull[SHAPE] = gShape + n * sstd!.dLogConstantDnu;
      gradFull[SKEW] = gSkew + n * sstd!.dLogConstantDxi;
    }
    for (let i = 0; i < FULL_LENGTH; i++) {
      if (!Number.isFinite(gradFull[i])) return -Infinity;
    }
  }
  return loglik;
}

/** Named parameters as the full 7-slot vector (unused slots 0, skew 1). */
export function toFullVector(spec: GarchSpec, params: GarchParams): Float64Array {
  const full = new Float64Array(FULL_LENGTH);
  full[MU] = spec.mean ? params.mu! : 0;
  full[OMEGA] = params.omega;
  full[ALPHA1] = params.alpha1;
  full[GAMMA1] = spec.variance === 'gjr' ? params.gamma1! : 0;
  full[BETA1] = params.beta1;
  full[SKEW] = spec.dist === 'sstd' ? params.skew! : 1;
  full[SHAPE] = spec.dist === 'norm' ? 0 : params.shape!;
  return full;
}

/** Indices into the full vector of the spec's parameters, in fGarch's order. */
export function fullIndices(spec: GarchSpec): number[] {
  return paramNames(spec).map((name) => ALL_PARAM_NAMES.indexOf(name));
}

/** Log-likelihood at fixed parameters (named, or an array in fGarch's order); +loglik, higher is better. */
export function garchLogLikelihood(returns: Float64Array, spec: GarchSpec, params: GarchParams | ArrayLike<number>): number {
  validateSpec(spec);
  validateReturns(returns);
  const full = toFullVector(spec, resolveParams(spec, params));
  return evaluateGarch(returns, spec, full, null);
}

/** Log-likelihood and its analytic gradient, the gradient in fGarch's parameter order. */
export function garchLogLikelihoodGradient(
  returns: Float64Array,
  spec: GarchSpec,
  params: GarchParams | ArrayLike<number>,
): { loglik: number; gradient: Float64Array } {
  validateSpec(spec);
  validateReturns(returns);
  const full = toFullVector(spec, resolveParams(spec, params));
  const gradFull = new Float64Array(FULL_LENGTH);
  const loglik = evaluateGarch(returns, spec, full, gradFull);
  const gradient = Float64Array.from(fullIndices(spec), (i) => gradFull[i]);
  return { loglik, gradient };
}
