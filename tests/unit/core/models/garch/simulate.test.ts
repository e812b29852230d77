// Seeded simulation: reproducible by seed, the recursion it reports is the model's, and a fit of a
// long simulated path recovers the parameters it was simulated with.
import { describe, it, expect } from 'vitest';
import { simulateGarch } from '../../../../../core/models/garch/simulate.ts';
import { fitGarch } from '../../../../../core/models/garch/fit.ts';
import type { GarchParamName, GarchSpec } from '../../../../../core/models/garch/spec.ts';

describe('simulateGarch', () => {
  const spec: GarchSpec = { variance: 'gjr', dist: 'sstd', mean: true };
  const p = { mu: 0.02, omega: 0.03, alpha1: 0.07, gamma1: 0.35, beta1: 0.88, skew: 0.9, shape: 7 };

  it('is reproducible by seed and differs across seeds', () => {
    const a = simulateGarch(spec, p, 1000, { seed: 7, burnIn: 100 });
    const b = simulateGarch(spec, p, 1000, { seed: 7, burnIn: 100 });
    const c = simulateGarch(spec, p, 1000, { seed: 8, burnIn: 100 });
    expect(a.returns).toEqual(b.returns);
    expect(a.returns).not.toEqual(c.returns);
  });

  it('follows r_t = μ + σ_t z_t and the APARCH recursion, from the unconditional variance', () => {
    const { returns, sigma, innovations } = simulateGarch(spec, p, 500, { seed: 3 });
    for (let t = 0; t < 500; t++) expect(returns[t]).toBeCloseTo(p.mu + sigma[t] * innovations[t], 13);
    for (let t = 1; t < 500; t++) {
      const z = returns[t - 1] - p.mu;
      const e = Math.abs(z) - p.gamma1 * z;
      expect(sigma[t] ** 2).toBeCloseTo(p.omega + p.alpha1 * e * e + p.beta1 * sigma[t - 1] ** 2, 12);
    }
  });

  it('a fit of 20,000 simulated GARCH-t returns recovers the parameters within 3 SE', () => {
    const truth = { mu: 0.05, omega: 0.02, alpha1: 0.08, beta1: 0.9, shape: 6 };
    const tSpec: GarchSpec = { variance: 'garch', dist: 'std', mean: true };
    const { returns } = simulateGarch(tSpec, truth, 20_000, { seed: 2024, burnIn: 1000 });
    const fit = fitGarch(returns, tSpec);
    for (const [name, value] of Object.entries(truth)) {
      const key = name as GarchParamName;
      expect(Math.abs(fit.params[key]! - value) / fit.stderr[key]!, name).toBeLessThan(3);
    }
  });

  it('needs an initial variance when the model is not covariance stationary', () => {
    const explosive = { ...p, beta1: 0.95 };
    expect(() => simulateGarch(spec, explosive, 10, { seed: 1 })).toThrow(/options\.initialVariance/);
    expect(simulateGarch(spec, explosive, 10, { seed: 1, initialVariance: 1 }).sigma[0]).toBe(1);
  });
});
