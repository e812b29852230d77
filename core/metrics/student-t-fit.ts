// Maximum-likelihood fit of a location-scale Student-t (loc, scale, ν) to returns, as
// scipy.stats.t.fit defines it: x = loc + scale·T_ν. Profile likelihood: for each ν the EM
// (iteratively reweighted) estimates of loc and scale, then a golden-section search over ln ν.
import { logGamma } from '../distributions/special.ts';
import { mean, standardDeviation } from './descriptive.ts';
import { assertFiniteSeries, assertMinLength } from './validate.ts';

export type StudentTFit = {
  df: number;
  loc: number;
  scale: number;
  logLikelihood: number;
  /** True when ν hit the search bound (the sample is close to normal, or degenerate). */
  dfAtBound: boolean;
};

export const STUDENT_T_DF_BOUNDS = { min: 0.5, max: 1000 } as const;

function logLik(x: Float64Array, df: number, loc: number, scale: number): number {
  const c = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - Math.log(scale);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const z = (x[i] - loc) / scale;
    s += Math.log1p((z * z) / df);
  }
  return x.length * c - ((df + 1) / 2) * s;
}

function emLocScale(x: Float64Array, df: number, loc0: number, scale0: number): { loc: number; scale: number } {
  let loc = loc0;
  let scale2 = scale0 * scale0;
  const n = x.length;
  for (let iter = 0; iter < 2000; iter++) {
    let sw = 0;
    let swx = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - loc;
      const w = (df + 1) / (df + (d * d) / scale2);
      sw += w;
      swx += w * x[i];
    }
    const newLoc = swx / sw;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - newLoc;
      const w = (df + 1) / (df + (d * d) / scale2);
      ss += w * d * d;
    }
    const newScale2 = ss / n;
    const done = Math.abs(newLoc - loc) <= 1e-13 * Math.sqrt(scale2) && Math.abs(newScale2 - scale2) <= 1e-12 * scale2;
    loc = newLoc;
    scale2 = newScale2;
    if (done) break;
  }
  return { loc, scale: Math.sqrt(scale2) };
}

/** MLE of (df, loc, scale); needs at least 4 observations with non-zero spread. */
export function fitStudentT(returns: Float64Array): StudentTFit {
  assertFiniteSeries('returns', returns);
  assertMinLength('returns', returns, 4);
  const sd = standardDeviation(returns, 0);
  const m = mean(returns);
  if (!(sd > 0)) return { df: STUDENT_T_DF_BOUNDS.max, loc: m, scale: 0, logLikelihood: Infinity, dfAtBound: true };
  let warm = { loc: m, scale: sd };
  const profile = (logDf: number): { ll: number; loc: number; scale: number } => {
    const df = Math.exp(logDf);
    const est = emLocScale(returns, df, warm.loc, warm.scale);
    warm = est;
    return { ll: logLik(returns, df, est.loc, est.scale), ...est };
  };
  // Golden-section maximisation over ln ν.
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(STUDENT_T_DF_BOUNDS.min);
  let b = Math.log(STUDENT_T_DF_BOUNDS.max);
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = profile(c).ll;
  let fd = profile(d).ll;
  while (b - a > 1e-9) {
    if (fc > fd) {
      b = d; d = c; fd = fc;
      c = b - phi * (b - a);
      fc = profile(c).ll;
    } else {
      a = c; c = d; fc = fd;
      d = a + phi * (b - a);
      fd = profile(d).ll;
    }
  }
  const logDf = (a + b) / 2;
  const best = profile(logDf);
  const df = Math.exp(logDf);
  const dfAtBound = logDf > Math.log(STUDENT_T_DF_BOUNDS.max) - 1e-3 || logDf < Math.log(STUDENT_T_DF_BOUNDS.min) + 1e-3;
  return { df, loc: best.loc, scale: best.scale, logLikelihood: best.ll, dfAtBound };
}
