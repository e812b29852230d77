// The MS-GARCH likelihood in the Haas–Mittnik–Paolella form of R MSGARCH 2.51: per-regime variance
// paths, per-regime log densities, the log-likelihood and its analytic gradient (forward-mode through
// the Hamilton filter). Works on the natural parameter vector in MSGARCH order; no allocation per step.

// As R MSGARCH: Student-t standardised to unit variance, the same density as fGarch's `dstd`.
import { stdLogConstant, stdLogConstantDnu } from '../../distributions/student-t.ts';
import { hamiltonLogLikelihood } from '../markov/hamilton-filter.ts';
import { stationaryDistribution, stationaryDerivative } from '../markov/transition.ts';
import type { MsGarchSpec } from './spec.ts';

const LOG_2PI = Math.log(2 * Math.PI);

/** Where each regime's parameters sit in the MSGARCH-ordered vector (−1 when absent). */
export type MsGarchLayout = {
  k: number;
  d: number;
  alpha0: Int32Array;
  alpha1: Int32Array;
  alpha2: Int32Array;
  beta: Int32Array;
  nu: Int32Array;
  /** Index of P_1_1; row i's free entries follow at transitionOffset + i·(K−1). */
  transitionOffset: number;
};

export function msGarchLayout(spec: MsGarchSpec): MsGarchLayout {
  const k = spec.regimes.length;
  const layout: MsGarchLayout = {
    k, d: 0,
    alpha0: new Int32Array(k), alpha1: new Int32Array(k), alpha2: new Int32Array(k).fill(-1),
    beta: new Int32Array(k), nu: new Int32Array(k).fill(-1), transitionOffset: 0,
  };
  let o = 0;
  spec.regimes.forEach((r, i) => {
    layout.alpha0[i] = o++;
    layout.alpha1[i] = o++;
    if (r.model === 'gjrGARCH') layout.alpha2[i] = o++;
    layout.beta[i] = o++;
    if (r.distribution === 'std') layout.nu[i] = o++;
  });
  layout.transitionOffset = o;
  layout.d = o + k * (k - 1);
  return layout;
}

/** The full K×K row-major transition matrix from the vector (last column = 1 − Σ others). */
export function transitionFromVector(theta: ArrayLike<number>, layout: MsGarchLayout, out: Float64Array): Float64Array {
  const k = layout.k;
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < k - 1; j++) {
      const p = theta[layout.transitionOffset + i * (k - 1) + j];
      out[i * k + j] = p;
      sum += p;
    }
    out[i * k + k - 1] = 1 - sum;
  }
  return out;
}

/**
 * Variance paths and log densities. variances (optional) is (n+1)×K: row t = h_{k,t} (0-based t),
 * row n = the next-step variance. logDensities is n×K. Returns false when a parameter is outside
 * the domain (then the outputs are unspecified).
 *
 * As R MSGARCH: h_{k,0} = each regime's unconditional variance alpha0/(1 − alpha1 − alpha2/2 − beta);
 * h_{k,t} = alpha0 + (alpha1 + alpha2·1[y_{t−1} < 0])·y_{t−1}² + beta·h_{k,t−1} for every regime on
 * every observed y (Haas et al. 2004); Student-t is standardised to unit variance.
 */
export function fillMsGarchDensities(
  theta: ArrayLike<number>,
  layout: MsGarchLayout,
  y: Float64Array,
  variances: Float64Array | null,
  logDensities: Float64Array,
): boolean {
  const { k } = layout;
  const n = y.length;
  for (let r = 0; r < k; r++) {
    const a0 = theta[layout.alpha0[r]];
    const a1 = theta[layout.alpha1[r]];
    const a2 = layout.alpha2[r] >= 0 ? theta[layout.alpha2[r]] : 0;
    const b = theta[layout.beta[r]];
    const denom = 1 - a1 - a2 / 2 - b;
    if (!(a0 > 0 && a1 >= 0 && a2 >= 0 && b >= 0 && denom > 0)) return false;
    let h = a0 / denom;
    const nuIndex = layout.nu[r];
    if (nuIndex >= 0) {
      const nu = theta[nuIndex];
      if (!(nu > 2 && Number.isFinite(nu))) return false;
      // log f = c + (ν/2)·log h − ((ν+1)/2)·log(h + y²/(ν−2)),  c = lnΓ((ν+1)/2) − lnΓ(ν/2) − ½ln(π(ν−2))
      const c = stdLogConstant(nu);
      const halfNu = nu / 2;
      const halfNu1 = (nu + 1) / 2;
      const invNu2 = 1 / (nu - 2);
      for (let t = 0; t < n; t++) {
        if (t > 0) {
          const yp = y[t - 1];
          h = a0 + (yp < 0 ? a1 + a2 : a1) * yp * yp + b * h;
        }
        if (variances) variances[t * k + r] = h;
        const yt = y[t];
        logDensities[t * k + r] = c + halfNu * Math.log(h) - halfNu1 * Math.log(h + yt * yt * invNu2);
      }
    } else {
      for (let t = 0; t < n; t++) {
        if (t > 0) {
          const yp = y[t - 1];
          h = a0 + (yp < 0 ? a1 + a2 : a1) * yp * yp + b * h;
        }
        if (variances) variances[t * k + r] = h;
        const yt = y[t];
        logDensities[t * k + r] = -0.5 * (LOG_2PI + Math.log(h) + (yt * yt) / h);
      }
    }
    if (variances) {
      const yp = y[n - 1];
      variances[n * k + r] = a0 + (yp < 0 ? a1 + a2 : a1) * yp * yp + b * h;
    }
  }
  return true;
}

/** Stationary π of the chain into `out`; false when the matrix is not a valid transition matrix. */
function stationaryInto(transition: Float64Array, k: number, out: Float64Array): boolean {
  for (let i = 0; i < k * k; i++) if (!(transition[i] >= 0 && transition[i] <= 1)) return false;
  try {
    out.set(stationaryDistribution(transition, k));
  } catch {
    return false;
  }
  return true;
}

export type MsGarchEvaluator = {
  readonly n: number;
  readonly layout: MsGarchLayout;
  /** +log-likelihood over t = 2..n (MSGARCH's `Kernel(..., do.prior = FALSE)`); −Infinity outside the domain. */
  logLikelihood(theta: ArrayLike<number>): number;
  /** The same value, with ∂loglik/∂theta (natural parameters, MSGARCH order) written into grad. */
  logLikelihoodWithGradient(theta: ArrayLike<number>, grad: Float64Array): number;
};

/** A reusable likelihood for one series and spec: workspaces are allocated once here. */
export function createMsGarchEvaluator(spec: MsGarchSpec, y: Float64Array): MsGarchEvaluator {
  const layout = msGarchLayout(spec);
  const { k } = layout;
  const n = y.length;
  const logDensities = new Float64Array(n * k);
  const transition = new Float64Array(k * k);
  const pi = new Float64Array(k);
  // Reverse-mode (adjoint) workspaces: the forward pass stores per step what the backward pass needs.
  const hPath = new Float64Array(n * k); // h_{k,t}
  const dldhPath = new Float64Array(n * k); // ∂l_{k,t}/∂h_{k,t}
  const dldnuPath = new Float64Array(n * k); // ∂l_{k,t}/∂nu_k
  const wPath = new Float64Array(n * k); // f_{k,t} / L_t
  const xiPath = new Float64Array(n * k); // filtered probabilities (row 0 = π)
  const cNu = new Float64Array(k);
  const dcNu = new Float64Array(k);
  const ra0 = new Float64Array(k);
  const ra1 = new Float64Array(k);
  const ra2 = new Float64Array(k);
  const rb = new Float64Array(k);
  const rnu = new Float64Array(k);
  const isT = new Uint8Array(k);
  const p = new Float64Array(k);
  const l = new Float64Array(k);
  const pBar = new Float64Array(k);
  const xiBar = new Float64Array(k);
  const hBar = new Float64Array(k);
  const transitionBar = new Float64Array(k * k);
  const gA0 = new Float64Array(k);
  const gA1 = new Float64Array(k);
  const gA2 = new Float64Array(k);
  const gB = new Float64Array(k);
  const gNu = new Float64Array(k);

  const logLikelihood = (theta: ArrayLike<number>): number => {
    transitionFromVector(theta, layout, transition);
    if (!stationaryInto(transition, k, pi)) return -Infinity;
    if (!fillMsGarchDensities(theta, layout, y, null, logDensities)) return -Infinity;
    // As R MSGARCH: the filter starts from π as the filtered probability of t = 1, and y_1 is
    // not in the likelihood.
    return nanToMinusInfinity(hamiltonLogLikelihood(logDensities, n, k, transition, pi, 1));
  };

  /**
   * Forward pass of the fused recursion, storing the adjoint inputs. The function ends right after
   * its loop on purpose (the last fold happens inside it): code after an OSR-compiled loop that the
   * interpreter never reached makes V8 deoptimise on every call (measured: 3x slower).
   */
  const forwardPass = (): number => {
    // ll = Σ_t (m_t + log s_t); the s_t are multiplied into a running product that is folded into
    // the log only when it leaves [1e-200, 1e200] (one log per ~hundreds of steps, no underflow).
    let ll = 0;
    let product = 1;
    for (let j = 0; j < k; j++) xiPath[j] = pi[j];
    for (let t = 1; t < n; t++) {
      const prev = (t - 1) * k;
      const row = t * k;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < k; i++) s += xiPath[prev + i] * transition[i * k + j];
        p[j] = s;
      }
      const yp = y[t - 1];
      const yp2 = yp * yp;
      const negY2 = yp < 0 ? yp2 : 0;
      const yt2 = y[t] * y[t];
      let m = -Infinity;
      let argMax = 0;
      for (let r = 0; r < k; r++) {
        const hr = ra0[r] + ra1[r] * yp2 + ra2[r] * negY2 + rb[r] * hPath[prev + r];
        hPath[row + r] = hr;
        let lr: number;
        if (isT[r] === 1) {
          const nu = rnu[r];
          const qv = yt2 / ((nu - 2) * hr);
          const lq = Math.log(1 + qv);
          lr = cNu[r] - 0.5 * Math.log(hr) - 0.5 * (nu + 1) * lq;
          const ratio = qv / (1 + qv);
          dldhPath[row + r] = (-1 + (nu + 1) * ratio) / (2 * hr);
          dldnuPath[row + r] = dcNu[r] - 0.5 * lq + (0.5 * (nu + 1) * ratio) / (nu - 2);
        } else {
          lr = -0.5 * (LOG_2PI + Math.log(hr) + yt2 / hr);
          dldhPath[row + r] = (0.5 * (yt2 / hr - 1)) / hr;
        }
        l[r] = lr;
        if (lr > m && p[r] > 0) {
          m = lr;
          argMax = r;
        }
      }
      let s = 0;
      for (let r = 0; r < k; r++) {
        const e = r === argMax ? 1 : Math.exp(l[r] - m);
        wPath[row + r] = e;
        s += p[r] * e;
      }
      ll += m;
      product *= s;
      if (product < 1e-200 || product > 1e200 || t === n - 1) {
        ll += Math.log(product);
        product = 1;
      }
      const invS = 1 / s;
      for (let r = 0; r < k; r++) {
        const w = wPath[row + r] * invS;
        wPath[row + r] = w;
        xiPath[row + r] = p[r] * w;
      }
    }
    return ll;
  };

  /** Backward pass: adjoints of the filter and the variance recursions, t = n−1 .. 1. */
  const backwardPass = (): void => {
    xiBar.fill(0);
    hBar.fill(0);
    transitionBar.fill(0);
    gA0.fill(0);
    gA1.fill(0);
    gA2.fill(0);
    gB.fill(0);
    gNu.fill(0);
    for (let t = n - 1; t >= 1; t--) {
      const row = t * k;
      const prev = row - k;
      // ll_t = logsumexp(a), xi = softmax(a), a_k = log p_k + l_k:
      // ā_k = xi_k (1 + x̄i_k − c), c = Σ_j xi_j x̄i_j; p̄_k = w_k (1 + x̄i_k − c); l̄_k = ā_k.
      let c = 0;
      for (let j = 0; j < k; j++) c += xiPath[row + j] * xiBar[j];
      for (let r = 0; r < k; r++) {
        const g = 1 + xiBar[r] - c;
        pBar[r] = wPath[row + r] * g;
        const lBar = xiPath[row + r] * g;
        hBar[r] += lBar * dldhPath[row + r];
        if (isT[r] === 1) gNu[r] += lBar * dldnuPath[row + r];
      }
      // h_t = a0 + a1·y² + a2·1[y<0]·y² + b·h_{t−1}
      const yp = y[t - 1];
      const yp2 = yp * yp;
      const negY2 = yp < 0 ? yp2 : 0;
      for (let r = 0; r < k; r++) {
        const hb = hBar[r];
        gA0[r] += hb;
        gA1[r] += hb * yp2;
        gA2[r] += hb * negY2;
        gB[r] += hb * hPath[prev + r];
        hBar[r] = rb[r] * hb;
      }
      // p_t = Pᵀ xi_{t−1}
      for (let i = 0; i < k; i++) {
        const x = xiPath[prev + i];
        let s = 0;
        for (let j = 0; j < k; j++) {
          const pb = pBar[j];
          s += transition[i * k + j] * pb;
          transitionBar[i * k + j] += x * pb;
        }
        xiBar[i] = s;
      }
    }
  };

  const logLikelihoodWithGradient = (theta: ArrayLike<number>, grad: Float64Array): number => {
    grad.fill(0);
    transitionFromVector(theta, layout, transition);
    if (!stationaryInto(transition, k, pi)) return -Infinity;
    for (let r = 0; r < k; r++) {
      ra0[r] = theta[layout.alpha0[r]];
      ra1[r] = theta[layout.alpha1[r]];
      ra2[r] = layout.alpha2[r] >= 0 ? theta[layout.alpha2[r]] : 0;
      rb[r] = theta[layout.beta[r]];
      isT[r] = layout.nu[r] >= 0 ? 1 : 0;
      const denom = 1 - ra1[r] - ra2[r] / 2 - rb[r];
      if (!(ra0[r] > 0 && ra1[r] >= 0 && ra2[r] >= 0 && rb[r] >= 0 && denom > 0)) return -Infinity;
      hPath[r] = ra0[r] / denom;
      if (isT[r] === 1) {
        const nu = theta[layout.nu[r]];
        if (!(nu > 2 && Number.isFinite(nu))) return -Infinity;
        rnu[r] = nu;
        cNu[r] = stdLogConstant(nu);
        dcNu[r] = stdLogConstantDnu(nu);
      }
    }
    const ll = forwardPass();
    if (!Number.isFinite(ll)) return -Infinity;
    backwardPass();
    // h_0 = a0/D, D = 1 − a1 − a2/2 − b; hBar now holds ∂ll/∂h_0.
    for (let r = 0; r < k; r++) {
      const denom = 1 - ra1[r] - ra2[r] / 2 - rb[r];
      const hb = hBar[r];
      const dD = (ra0[r] / (denom * denom)) * hb;
      grad[layout.alpha0[r]] = gA0[r] + hb / denom;
      grad[layout.alpha1[r]] = gA1[r] + dD;
      if (layout.alpha2[r] >= 0) grad[layout.alpha2[r]] = gA2[r] + dD / 2;
      grad[layout.beta[r]] = gB[r] + dD;
      if (isT[r] === 1) grad[layout.nu[r]] = gNu[r];
    }
    // xi_0 = π: π̄ = x̄i_0. Each free entry P_i_c (last column 1 − Σ) moves P directly and through π:
    // (I − P + 1)ᵀ ∂π = (π ∂P)ᵀ.
    const T0 = layout.transitionOffset;
    for (let i = 0; i < k; i++) {
      for (let c = 0; c < k - 1; c++) {
        const dpi = stationaryDerivative(transition, k, pi, i, c);
        if (!dpi) return -Infinity;
        let viaPi = 0;
        for (let j = 0; j < k; j++) viaPi += xiBar[j] * dpi[j];
        grad[T0 + i * (k - 1) + c] = transitionBar[i * k + c] - transitionBar[i * k + k - 1] + viaPi;
      }
    }
    return ll;
  };

  return { n, layout, logLikelihood, logLikelihoodWithGradient };
}

function nanToMinusInfinity(x: number): number {
  return Number.isNaN(x) ? -Infinity : x;
}
