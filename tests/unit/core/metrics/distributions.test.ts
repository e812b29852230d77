// core/distributions/cdf.ts against scipy.stats / scipy.special values (reference.json).
import { describe, expect, it } from 'vitest';
import {
  binomialPmfAll, chiSquareSf, incompleteBeta, incompleteGamma, normalCdf, normalQuantile, studentTCdf, studentTQuantile,
} from '../../../../core/distributions/cdf.ts';
import { logGamma } from '../../../../core/distributions/special.ts';
import { close, reference } from './reference.ts';

const d = reference.distributions;

describe('special functions vs scipy', () => {
  it('normal CDF and quantile', () => {
    for (const [z, p] of d.normal_cdf) close(normalCdf(z), p, { rel: 1e-13, abs: 1e-300, tag: 'normal' });
    for (const [p, z] of d.normal_ppf) close(normalQuantile(p), z, { rel: 1e-13, abs: 1e-15, tag: 'normal' });
  });

  it('Student-t CDF and quantile', () => {
    for (const [x, nu, p] of d.t_cdf) close(studentTCdf(x, nu), p, { rel: 1e-12, abs: 1e-300, tag: 't' });
    // scipy 1.10's t.ppf (stdtrit) is good to only ~1e-10 relative; the script polishes it on scipy's
    // betainc-based t.cdf, which itself loses digits in the far Cauchy tail: compare at 1e-10, and
    // at nu = 1 against the exact Cauchy quantile −cot(πp) at 1e-13.
    for (const [p, nu, x] of d.t_ppf) close(studentTQuantile(p, nu), x, { rel: 1e-10, tag: 't' });
    for (const p of [1e-6, 0.01, 0.05, 0.4]) close(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p), { rel: 1e-13, tag: 't' });
    for (const p of [0.001, 0.2, 0.7]) close(studentTCdf(studentTQuantile(p, 3.5), 3.5), p, { rel: 1e-13, tag: 't' });
  });

  it('chi-square survival function', () => {
    for (const [x, k, p] of d.chi2_sf) close(chiSquareSf(x, k), p, { rel: 1e-12, abs: 1e-300, tag: 'chi2' });
  });

  it('logGamma, incomplete beta and gamma', () => {
    for (const [x, v] of d.gammaln) close(logGamma(x), v, { rel: 1e-13, abs: 1e-14, tag: 'gamma' });
    for (const [a, b, x, v] of d.betainc) close(incompleteBeta(a, b, x), v, { rel: 1e-12, abs: 1e-300, tag: 'beta' });
    for (const [a, x, lo, up] of d.gammainc) {
      const g = incompleteGamma(a, x);
      close(g.lower, lo, { rel: 1e-12, abs: 1e-300, tag: 'gamma' });
      close(g.upper, up, { rel: 1e-12, abs: 1e-300, tag: 'gamma' });
    }
  });

  it('binomial pmf sums to 1 and matches the closed form at the ends', () => {
    const pmf = binomialPmfAll(250, 0.01);
    expect(pmf.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(pmf[0]).toBeCloseTo(0.99 ** 250, 15);
  });

  it('rejects arguments outside the domain', () => {
    expect(() => normalQuantile(1.5)).toThrow(/p must be in/);
    expect(() => incompleteGamma(0, 1)).toThrow(/a must be > 0/);
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});
