// Multi-step variance forecasts: the one-step value is the recursion's next step, later steps revert
// geometrically to ω/(1 − P) at rate P = κα1 + β1, with κ from the innovation density for GJR.
import { describe, it, expect } from 'vitest';
import { loadSeries } from './reference-data.ts';
import { forecastGarchVariance, forecastVarianceFrom } from '../../../../../core/models/garch/forecast.ts';
import { garchPersistence, garchUnconditionalVariance } from '../../../../../core/models/garch/persistence.ts';
import { garchVariancePath, nextVariance } from '../../../../../core/models/garch/variance.ts';
import type { GarchSpec } from '../../../../../core/models/garch/spec.ts';
import { sstdSignedSecondMoment } from '../../../../../core/distributions/skew-student-t.ts';

describe('forecastGarchVariance', () => {
  const x = loadSeries('dem2gbp');
  const spec: GarchSpec = { variance: 'gjr', dist: 'std', mean: true };
  const p = { mu: 0.001, omega: 0.01, alpha1: 0.12, gamma1: 0.2, beta1: 0.8, shape: 4.5 };

  it('one step ahead is the recursion applied to the last observation', () => {
    const path = garchVariancePath(x, spec, p);
    const n = x.length;
    const expected = nextVariance(x[n - 1] - p.mu, path[n - 1], p.omega, p.alpha1, p.gamma1, p.beta1);
    const forecast = forecastGarchVariance(x, spec, p, 10);
    expect(forecast.variance[0]).toBeCloseTo(expected, 14);
    expect(forecast.sigma[0]).toBeCloseTo(Math.sqrt(expected), 14);
  });

  it('reverts to ω/(1 − P) with P = (1 + γ1²)α1 + β1 for symmetric innovations', () => {
    const persistence = garchPersistence(spec, p);
    expect(persistence).toBeCloseTo((1 + 0.04) * 0.12 + 0.8, 15);
    const longRun = garchUnconditionalVariance(spec, p);
    const forecast = forecastGarchVariance(x, spec, p, 500);
    for (const j of [1, 5, 50]) {
      expect(forecast.variance[j]).toBeCloseTo(longRun + persistence ** j * (forecast.variance[0] - longRun), 12);
    }
    expect(forecast.variance[499]).toBeCloseTo(longRun, 8);
    let cumulative = 0;
    for (let j = 0; j < 500; j++) cumulative += forecast.variance[j];
    expect(forecast.cumulativeVariance[499]).toBeCloseTo(cumulative, 9);
  });

  it('uses the skew-t asymmetry in κ for sstd GJR', () => {
    const sstd: GarchSpec = { variance: 'gjr', dist: 'sstd', mean: false };
    const q = { omega: 0.01, alpha1: 0.1, gamma1: 0.3, beta1: 0.8, skew: 0.8, shape: 6 };
    const kappa = 1 + 0.09 - 2 * 0.3 * sstdSignedSecondMoment(6, 0.8);
    expect(kappa).not.toBeCloseTo(1.09, 3);
    expect(garchPersistence(sstd, q)).toBeCloseTo(kappa * 0.1 + 0.8, 14);
    const forecast = forecastVarianceFrom(sstd, q, 2, 3);
    expect(forecast.variance[1]).toBeCloseTo(0.01 + (kappa * 0.1 + 0.8) * 2, 14);
  });

  it('rejects a bad horizon', () => {
    expect(() => forecastGarchVariance(x, spec, p, 0)).toThrow(/horizon must be a positive integer, got 0/);
  });
});
