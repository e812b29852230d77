// Distribution functions the metrics need: normal, Student-t, chi-square and binomial CDFs and
// quantiles, and the regularized incomplete gamma and beta functions behind them. log Γ and log B
// come from special.ts (the one implementation); this file owns the distribution functions.
import { logBeta, logGamma } from './special.ts';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const EPS = 1e-16;
const TINY = 1e-300;

/**
 * Regularized lower and upper incomplete gamma P(a, x), Q(a, x) = 1 − P.
 * Series for x < a + 1, Lentz continued fraction otherwise (Numerical Recipes §6.2); each side is
 * computed directly, so the small tail keeps full relative precision.
 */
export function incompleteGamma(a: number, x: number): { lower: number; upper: number } {
  if (!(a > 0)) throw new RangeError(`incompleteGamma: a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`incompleteGamma: x must be >= 0, got ${x}`);
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const lower = sum * Math.exp(logPrefix);
    return { lower, upper: 1 - lower };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const upper = Math.exp(logPrefix) * h;
  return { lower: 1 - upper, upper };
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) (Numerical Recipes §6.4, continued fraction by Lentz). */
export function incompleteBeta(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incompleteBeta: a, b must be > 0, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incompleteBeta: x must be in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

// ---------- normal ----------

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Complementary error function through Q(1/2, x²), full relative precision in the tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('erfc: x is NaN');
  if (x === 0) return 1;
  const q = incompleteGamma(0.5, x * x);
  return x > 0 ? q.upper : 1 + q.lower;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal survival 1 − Φ(x), computed without cancellation. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

// Acklam's rational approximation (relative error 1.15e-9), refined by one Halley step on the exact CDF.
const ACK_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACK_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACK_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACK_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile Φ⁻¹(p), p in (0, 1); ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((ACK_C[0] * q + ACK_C[1]) * q + ACK_C[2]) * q + ACK_C[3]) * q + ACK_C[4]) * q + ACK_C[5]) /
      ((((ACK_D[0] * q + ACK_D[1]) * q + ACK_D[2]) * q + ACK_D[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((ACK_A[0] * r + ACK_A[1]) * r + ACK_A[2]) * r + ACK_A[3]) * r + ACK_A[4]) * r + ACK_A[5]) * q) /
      (((((ACK_B[0] * r + ACK_B[1]) * r + ACK_B[2]) * r + ACK_B[3]) * r + ACK_B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((ACK_C[0] * q + ACK_C[1]) * q + ACK_C[2]) * q + ACK_C[3]) * q + ACK_C[4]) * q + ACK_C[5]) /
      ((((ACK_D[0] * q + ACK_D[1]) * q + ACK_D[2]) * q + ACK_D[3]) * q + 1);
  }
  for (let step = 0; step < 2; step++) {
    // Halley refinement; the error is taken on the tail that is small, to keep relative precision.
    const e = x < 0 ? normalCdf(x) - p : (1 - p) - normalSf(x);
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

// ---------- Student-t ----------

/** Student-t density with ν degrees of freedom (standard, not rescaled). */
export function studentTPdf(t: number, nu: number): number {
  return Math.exp(studentTLogPdf(t, nu));
}

export function studentTLogPdf(t: number, nu: number): number {
  return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - ((nu + 1) / 2) * Math.log1p((t * t) / nu);
}

/** Student-t CDF via I_{ν/(ν+t²)}(ν/2, 1/2). */
export function studentTCdf(t: number, nu: number): number {
  if (!(nu > 0)) throw new RangeError(`studentTCdf: nu must be > 0, got ${nu}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(nu / 2, 0.5, nu / (nu + t * t));
  return t > 0 ? 1 - tail : tail;
}

/** Student-t quantile by safeguarded Newton on the CDF, started from the normal quantile. */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (!(nu > 0)) throw new RangeError(`studentTQuantile: nu must be > 0, got ${nu}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -studentTQuantile(1 - p, nu);
  // Lower tail: t < 0. Bracket [lo, 0].
  let lo = -1;
  while (studentTCdf(lo, nu) > p) lo *= 2;
  let hi = 0;
  let x = Math.max(lo, Math.min(normalQuantile(p), -1e-12));
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(x, nu) - p;
    if (f > 0) hi = x;
    else lo = x;
    const step = f / studentTPdf(x, nu);
    let next = x - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

// ---------- chi-square ----------

export function chiSquareCdf(x: number, df: number): number {
  if (x <= 0) return 0;
  return incompleteGamma(df / 2, x / 2).lower;
}

/** Chi-square survival function P(X > x). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSf: df must be > 0, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError('chiSquareSf: x is NaN');
  if (x <= 0) return 1;
  if (df === 2) return Math.exp(-x / 2);
  return incompleteGamma(df / 2, x / 2).upper;
}

// ---------- binomial ----------

/** Binomial probabilities P(X = k), k = 0..n, by the ratio recursion from k = mode outward. */
export function binomialPmfAll(n: number, p: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialPmfAll: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialPmfAll: p must be in [0, 1], got ${p}`);
  const pmf = new Float64Array(n + 1);
  if (p === 0) { pmf[0] = 1; return pmf; }
  if (p === 1) { pmf[n] = 1; return pmf; }
  const logStart = n * Math.log1p(-p);
  if (logStart > -700) {
    // Exact-ratio recursion P(k+1) = P(k)·(n−k)/(k+1)·p/(1−p): a few ulps per step.
    const odds = p / (1 - p);
    pmf[0] = Math.exp(logStart);
    for (let k = 0; k < n; k++) pmf[k + 1] = (pmf[k] * (n - k) * odds) / (k + 1);
    return pmf;
  }
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const logNFact = logGamma(n + 1);
  for (let k = 0; k <= n; k++) {
    pmf[k] = Math.exp(logNFact - logGamma(k + 1) - logGamma(n - k + 1) + k * logP + (n - k) * logQ);
  }
  return pmf;
}
