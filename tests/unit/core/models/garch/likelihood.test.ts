// The GARCH/GJR log-likelihood and σ path against R fGarch 4022.89 (shared/data/reference/garch):
// all 72 fixed-parameter cases, the 5 stored σ paths, the analytic gradient, the textbook-GJR map, input errors.
import fs from 'node:fs';
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../../../helpers/paths.ts';
import { reference, loadSeries, specOf, paramsOf, readColumn } from './reference-data.ts';
import { garchLogLikelihood, garchLogLikelihoodGradient } from '../../../../../core/models/garch/likelihood.ts';
import { garchSigmaPath, garchVariancePath } from '../../../../../core/models/garch/variance.ts';
import { paramNames, paramsToArray, paramsFromArray } from '../../../../../core/models/garch/spec.ts';
import type { GarchSpec } from '../../../../../core/models/garch/spec.ts';
import { aparchToGjr, gjrToAparch } from '../../../../../core/models/garch/gjr-mapping.ts';
import { numericalGradient } from '../../../../../core/optim/numdiff.ts';
import { RegimeLabError } from '../../../../../core/errors.ts';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('garchLogLikelihood at fixed parameters (fGarch .garchLLH)', () => {
  it.each(reference.fixed_param_loglik.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = loadSeries(c.series);
    const spec = specOf(c);
    const loglik = garchLogLikelihood(x, spec, paramsOf(c.params));
    expect(relative(loglik, c.loglik)).toBeLessThan(1e-8);
    expect(Math.abs(loglik - c.loglik)).toBeLessThan(1e-8); // the README's absolute rule, too
    // The same value from the array form in fGarch's order.
    expect(garchLogLikelihood(x, spec, paramsToArray(spec, paramsOf(c.params)))).toBe(loglik);
    const sigma = garchSigmaPath(x, spec, paramsOf(c.params));
    c.sigma_first.forEach((s, i) => expect(relative(sigma[i], s)).toBeLessThan(1e-10));
    c.sigma_last.forEach((s, i) => expect(relative(sigma[x.length - c.sigma_last.length + i], s)).toBeLessThan(1e-10));
  });
});

describe('σ paths at the fitted parameters (sigma/<fit id>.csv)', () => {
  const files = fs.readdirSync(sharedPath('data', 'reference', 'garch', 'sigma')).filter((f) => f.endsWith('.csv'));
  it('covers the 5 stored paths', () => expect(files.length).toBe(5));
  it.each(files)('%s', (file) => {
    const c = reference.fits.find((f) => `${f.id}.csv` === file)!;
    const expected = readColumn(sharedPath('data', 'reference', 'garch', 'sigma', file), 'sigma');
    const sigma = garchSigmaPath(loadSeries(c.series), specOf(c), paramsOf(c.params));
    expect(sigma.length).toBe(expected.length);
    let worst = 0;
    for (let t = 0; t < sigma.length; t++) worst = Math.max(worst, relative(sigma[t], expected[t]));
    expect(worst).toBeLessThan(1e-10);
  });
});

describe('analytic gradient', () => {
  // Probe and true-parameter points of every spec, on the DEM/GBP and BTC series.
  const cases = reference.fixed_param_loglik.filter((c) => c.series === 'dem2gbp' || (c.series === 'btcusdt_4h' && c.id.endsWith('@probe')));
  it.each(cases.map((c) => [c.id, c] as const))('agrees with central differences: %s', (_id, c) => {
    const x = loadSeries(c.series);
    const spec = specOf(c);
    const theta = paramsToArray(spec, paramsOf(c.params));
    const { loglik, gradient } = garchLogLikelihoodGradient(x, spec, theta);
    expect(loglik).toBe(garchLogLikelihood(x, spec, theta));
    // Steps relative to each parameter (ω ≈ 0.05 needs a step far below 6e-6).
    const numeric = new Float64Array(theta.length);
    theta.forEach((v, i) => {
      const h = 1e-6 * Math.abs(v);
      const up = Float64Array.from(theta); up[i] += h;
      const down = Float64Array.from(theta); down[i] -= h;
      numeric[i] = (garchLogLikelihood(x, spec, up) - garchLogLikelihood(x, spec, down)) / (2 * h);
    });
    for (let i = 0; i < theta.length; i++) {
      expect(Math.abs(gradient[i] - numeric[i])).toBeLessThan(2e-5 * Math.max(1, Math.abs(numeric[i])));
    }
  });

  it('is available through the generic numerical helper too (sstd GJR with a mean)', () => {
    const spec: GarchSpec = { variance: 'gjr', dist: 'sstd', mean: true };
    const x = loadSeries('dem2gbp');
    const theta = Float64Array.from([0.01, 0.01, 0.12, -0.3, 0.85, 1.3, 3.5]);
    const { gradient } = garchLogLikelihoodGradient(x, spec, theta);
    const numeric = numericalGradient((p) => garchLogLikelihood(x, spec, p), theta, new Float64Array(7));
    for (let i = 0; i < 7; i++) expect(Math.abs(gradient[i] - numeric[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric[i])));
  });
});

describe('fGarch conventions', () => {
  const x = loadSeries('dem2gbp');
  it('h_1 = ω + (α1 + β1)·mean((x − μ)²) with no γ1 term, centred on μ', () => {
    const spec: GarchSpec = { variance: 'gjr', dist: 'norm', mean: true };
    const p = { mu: 0.3, omega: 0.05, alpha1: 0.1, gamma1: 0.6, beta1: 0.85 };
    let ms = 0;
    for (const v of x) ms += (v - 0.3) ** 2;
    ms /= x.length;
    expect(garchVariancePath(x, spec, p)[0]).toBeCloseTo(0.05 + 0.95 * ms, 14);
  });

  it('the APARCH δ=2 recursion equals textbook GJR under the exact map', () => {
    const spec: GarchSpec = { variance: 'gjr', dist: 'norm', mean: false };
    const p = { omega: 0.02, alpha1: 0.071224989991992, gamma1: 0.3510004003203204, beta1: 0.88 };
    const { alphaPos, gammaGjr, alphaNeg } = aparchToGjr(p.alpha1, p.gamma1);
    expect(alphaPos).toBeCloseTo(0.03, 12); // synth_gjr_t_10k's textbook truth
    expect(gammaGjr).toBeCloseTo(0.1, 12);
    expect(alphaNeg).toBeCloseTo(0.13, 12);
    const back = gjrToAparch(alphaPos, gammaGjr);
    expect(back.alpha1).toBeCloseTo(p.alpha1, 14);
    expect(back.gamma1).toBeCloseTo(p.gamma1, 14);
    const h = garchVariancePath(x, spec, p);
    let textbook = h[0];
    for (let t = 1; t < x.length; t++) {
      const z = x[t - 1];
      textbook = p.omega + (alphaPos + (z < 0 ? gammaGjr : 0)) * z * z + p.beta1 * textbook;
      expect(relative(h[t], textbook)).toBeLessThan(1e-12);
    }
  });

  it('arrays follow the reference README order', () => {
    expect(paramNames({ variance: 'gjr', dist: 'sstd', mean: true })).toEqual(['mu', 'omega', 'alpha1', 'gamma1', 'beta1', 'skew', 'shape']);
    expect(paramNames({ variance: 'garch', dist: 'std', mean: false })).toEqual(['omega', 'alpha1', 'beta1', 'shape']);
    const spec: GarchSpec = { variance: 'garch', dist: 'sstd', mean: true };
    expect(paramsFromArray(spec, [1, 2, 3, 4, 5, 6])).toEqual({ mu: 1, omega: 2, alpha1: 3, beta1: 4, skew: 5, shape: 6 });
  });
});

describe('invalid input', () => {
  const spec: GarchSpec = { variance: 'garch', dist: 'std', mean: true };
  const p = { mu: 0, omega: 0.05, alpha1: 0.1, beta1: 0.85, shape: 5 };
  const expectBadInput = (run: () => unknown, message: RegExp) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(RegimeLabError);
      expect((error as RegimeLabError).code).toBe('E_BAD_INPUT');
      expect((error as Error).message).toMatch(message);
      return;
    }
    throw new Error('expected an E_BAD_INPUT error');
  };
  it('names the field and the value', () => {
    expectBadInput(() => garchLogLikelihood(Float64Array.from([0.1, NaN, 0.2]), spec, p), /returns\[1\].*NaN/);
    expectBadInput(() => garchLogLikelihood(new Float64Array(0), spec, p), /returns\.length.*0/);
    expectBadInput(() => garchLogLikelihood(Float64Array.from([1, 2]), { ...spec, dist: 'ged' as never }, p), /spec\.dist.*ged/);
    expectBadInput(() => garchLogLikelihood(Float64Array.from([1, 2]), spec, { ...p, shape: 1.5 }), /params\.shape.*1\.5/);
    expectBadInput(() => garchLogLikelihood(Float64Array.from([1, 2]), spec, { ...p, omega: -1 }), /params\.omega.*-1/);
    expectBadInput(() => garchLogLikelihood(Float64Array.from([1, 2]), spec, [0, 0.05, 0.1]), /params.*length 3/);
  });
});
