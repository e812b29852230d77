// Walk-forward volatility: between refits the forecast keeps moving with each bar (the bug this
// guards against held it at the refit's value), it equals the fixed-parameter recursion, and it is
// causal — truncating the series leaves every earlier forecast unchanged.
import { describe, it, expect } from 'vitest';
import { loadSeries } from './reference-data.ts';
import { rollingGarchForecast } from '../../../../../core/models/garch/rolling-forecast.ts';
import { fitGarch } from '../../../../../core/models/garch/fit.ts';
import { nextVariance } from '../../../../../core/models/garch/variance.ts';
import type { GarchSpec } from '../../../../../core/models/garch/spec.ts';

describe('rollingGarchForecast', () => {
  const x = loadSeries('dem2gbp').subarray(0, 1300);
  const spec: GarchSpec = { variance: 'garch', dist: 'norm', mean: true };
  const result = rollingGarchForecast(x, spec, { window: 500, refitEvery: 200 });

  it('refits on schedule with the window it names, NaN before the first fit', () => {
    expect(result.refits.map((r) => r.at)).toEqual([499, 699, 899, 1099, 1299]);
    expect(result.refits.map((r) => r.windowStart)).toEqual([0, 200, 400, 600, 800]);
    expect(result.varianceNext[498]).toBeNaN();
    expect(result.refitIndex[498]).toBe(-1);
    expect(result.refitIndex[699]).toBe(1);
    const direct = fitGarch(x.subarray(200, 700), spec, { standardErrors: false });
    expect(result.refits[1].loglik).toBeCloseTo(direct.loglik, 6);
  });

  it('moves every bar between refits and equals the recursion with the parameters in force', () => {
    for (let t = 500; t < 699; t++) {
      expect(result.varianceNext[t]).not.toBe(result.varianceNext[t - 1]);
      const p = result.refits[result.refitIndex[t]].params;
      expect(result.varianceNext[t]).toBeCloseTo(nextVariance(x[t] - p.mu!, result.varianceNext[t - 1], p.omega, p.alpha1, 0, p.beta1), 14);
    }
    let distinct = 0;
    for (let t = 700; t < 899; t++) if (result.sigmaNext[t] !== result.sigmaNext[700]) distinct++;
    expect(distinct).toBe(198);
  });

  it('at a refit the forecast continues the new fit’s σ path on its window', () => {
    const fit = fitGarch(x.subarray(0, 500), spec, { standardErrors: false });
    const p = fit.params;
    const expected = nextVariance(x[499] - p.mu!, fit.sigma[499] ** 2, p.omega, p.alpha1, 0, p.beta1);
    expect(result.varianceNext[499]).toBeCloseTo(expected, 8);
  });

  it('is causal: forecasts made from a truncated series are the same', () => {
    const truncated = rollingGarchForecast(x.subarray(0, 850), spec, { window: 500, refitEvery: 200 });
    for (let t = 0; t < 850; t++) {
      if (Number.isNaN(result.varianceNext[t])) expect(truncated.varianceNext[t]).toBeNaN();
      else expect(truncated.varianceNext[t]).toBe(result.varianceNext[t]);
    }
  });

  it('supports an expanding window and rejects bad options', () => {
    const expanding = rollingGarchForecast(x.subarray(0, 700), spec, { window: 'expanding', refitEvery: 100, minObservations: 400 });
    expect(expanding.refits.map((r) => [r.windowStart, r.at])).toEqual([[0, 399], [0, 499], [0, 599], [0, 699]]);
    expect(() => rollingGarchForecast(x, spec, { window: 'expanding', refitEvery: 10 })).toThrow(/options\.minObservations/);
    expect(() => rollingGarchForecast(x, spec, { window: 500, refitEvery: 0 })).toThrow(/options\.refitEvery must be a positive integer, got 0/);
  });
});
