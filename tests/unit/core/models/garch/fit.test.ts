// GARCH/GJR maximum likelihood against R fGarch 4022.89: all 48 reference fits reach the reference
// log-likelihood (the flagged BTC case its polished optimum), unflagged parameters within the README's
// SE rule, standard errors within 5%, the DEM/GBP benchmark, recovery of the synthetic DGPs.
import { describe, it, expect } from 'vitest';
import { reference, loadSeries, specOf } from './reference-data.ts';
import { fitGarch } from '../../../../../core/models/garch/fit.ts';
import type { GarchFit } from '../../../../../core/models/garch/fit.ts';
import { garchLogLikelihood } from '../../../../../core/models/garch/likelihood.ts';
import { garchSigmaPath } from '../../../../../core/models/garch/variance.ts';
import type { GarchParamName } from '../../../../../core/models/garch/spec.ts';
import { RegimeLabError } from '../../../../../core/errors.ts';

const fits = new Map<string, GarchFit>();
const fitOf = (id: string): GarchFit => {
  let fit = fits.get(id);
  if (!fit) {
    const c = reference.fits.find((f) => f.id === id)!;
    fit = fitGarch(loadSeries(c.series), specOf(c));
    fits.set(id, fit);
  }
  return fit;
};

describe('fitGarch against the 48 fGarch fits', () => {
  it.each(reference.fits.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fit = fitOf(c.id);
    expect(fit.converged).toBe(true);
    expect(fit.nobs).toBe(loadSeries(c.series).length);
    // Log-likelihood: never below the reference optimum − 1e-4 (one-sided; higher is welcome).
    expect(fit.loglik).toBeGreaterThanOrEqual(c.loglik - 1e-4);
    expect(fit.loglik).toBeGreaterThanOrEqual(c.best_known_loglik - 1e-6);
    expect(fit.loglik).toBe(garchLogLikelihood(loadSeries(c.series), specOf(c), fit.params));
    expect(fit.paramNames).toEqual(c.param_order);
    if (c.flags.includes('fgarch_optimum_improvable_by_more_than_1e-4')) {
      // fGarch stops 77.8 short here (shape ≈ 3.75); the polished optimum has shape ≈ 2.45.
      expect(fit.loglik - c.loglik).toBeGreaterThan(77);
      for (const [name, value] of Object.entries(c.polished_params!)) {
        expect(Math.abs(fit.params[name as GarchParamName]! - value)).toBeLessThanOrEqual(Math.max(2e-3 * Math.abs(value), 1e-4));
      }
      return;
    }
    // Parameters (README rule |Δ| ≤ max(2e-3·|ref|, 0.05·SE); skew_not_significant: loose 0.5·SE).
    const seFactor = c.flags.includes('skew_not_significant') ? 0.5 : 0.05;
    for (const name of c.param_order) {
      const ref = c.params[name];
      const tolerance = Math.max(2e-3 * Math.abs(ref), seFactor * c.std_errors[name]);
      expect(Math.abs(fit.params[name as GarchParamName]! - ref), name).toBeLessThanOrEqual(tolerance);
      // Standard errors: 5% (README). On BTC with normal innovations fGarch's optimHess (step 1e-3
      // on the scaled parameters) is 6–7% below ours; a value Hessian with step 1e-4 agrees with ours
      // to 2e-4, so the difference is fGarch's difference scheme.
      const seTolerance = c.series === 'btcusdt_4h' && c.cond_dist === 'norm' ? 0.08 : 0.05;
      expect(Math.abs(fit.stderr[name as GarchParamName]! / c.std_errors[name] - 1), `se ${name}`).toBeLessThan(seTolerance);
    }
    // σ at the estimates, endpoints against fGarch's own path (parameters agree to ~1e-6 relative).
    c.sigma_last.forEach((s, i) => expect(Math.abs(fit.sigma[fit.sigma.length - 5 + i] / s - 1)).toBeLessThan(1e-4));
  });
});

describe('published benchmark and synthetic truth', () => {
  it('DEM/GBP GARCH(1,1)-norm: Bollerslev–Ghysels / McCullough–Renfro values', () => {
    const fit = fitOf('dem2gbp__garch__norm__mean');
    expect(fit.params.mu!).toBeCloseTo(-0.00619, 5);
    expect(fit.params.omega).toBeCloseTo(0.0107613, 6);
    expect(fit.params.alpha1).toBeCloseTo(0.153134, 5);
    expect(fit.params.beta1).toBeCloseTo(0.805974, 5);
    expect(fit.loglik).toBeCloseTo(-1106.608, 3);
  });

  it.each([
    ['synth_garch_t_10k__garch__std__mean', 'synth_garch_t_10k'],
    ['synth_gjr_t_10k__gjr__std__mean', 'synth_gjr_t_10k'],
  ])('%s recovers the DGP within 3 SE', (id, series) => {
    const fit = fitOf(id);
    const truth = reference.series[series].true_params_fgarch!;
    for (const [name, value] of Object.entries(truth)) {
      const se = fit.stderr[name as GarchParamName]!;
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(fit.params[name as GarchParamName]! - value) / se, name).toBeLessThan(3);
    }
  });
});

describe('fit output', () => {
  it('information criteria are fGarch per-observation values with plain totals beside them', () => {
    const fit = fitOf('dem2gbp__garch__std__mean');
    const k = 5;
    const n = fit.nobs;
    expect(fit.aic).toBeCloseTo((-2 * fit.loglik + 2 * k) / n, 12);
    expect(fit.bic).toBeCloseTo((-2 * fit.loglik + k * Math.log(n)) / n, 12);
    expect(fit.hqic).toBeCloseTo((-2 * fit.loglik + 2 * k * Math.log(Math.log(n))) / n, 12);
    expect(fit.ics.totals.aic).toBeCloseTo(-2 * fit.loglik + 2 * k, 9);
    expect(fit.ics.totals.bic).toBeCloseTo(fit.bic * n, 9);
  });

  it('σ, persistence, textbook GJR and arrays are consistent with the estimates', () => {
    const fit = fitOf('dem2gbp__gjr__std__mean');
    const c = reference.fits.find((f) => f.id === 'dem2gbp__gjr__std__mean')!;
    expect(fit.sigma).toEqual(garchSigmaPath(loadSeries('dem2gbp'), specOf(c), fit.params));
    expect(Array.from(fit.paramArray)).toEqual(fit.paramNames.map((name) => fit.params[name]));
    const g1 = fit.params.gamma1!;
    expect(fit.persistence).toBeCloseTo((1 + g1 * g1) * fit.params.alpha1 + fit.params.beta1, 14);
    expect(fit.gjrTextbook!.gammaGjr).toBeCloseTo(4 * fit.params.alpha1 * g1, 14);
    // DEM/GBP GJR-t is just explosive in variance (κα1 + β1 ≈ 1.007): no unconditional variance.
    expect(fit.persistence).toBeGreaterThan(1);
    expect(fit.unconditionalVariance).toBe(Infinity);
    const normal = fitOf('dem2gbp__gjr__norm__mean');
    expect(normal.persistence).toBeLessThan(1);
    expect(normal.unconditionalVariance).toBeCloseTo(normal.params.omega / (1 - normal.persistence), 12);
  });

  it('the stationary option keeps κα1 + β1 < 1 where the free optimum is explosive (BTC, ν ≈ 2.46)', () => {
    const free = fitOf('btcusdt_4h__garch__std__mean');
    expect(free.persistence).toBeGreaterThan(1);
    const x = loadSeries('btcusdt_4h');
    const constrained = fitGarch(x, free.spec, { bounds: { stationary: true }, standardErrors: false });
    expect(constrained.persistence).toBeLessThan(1);
    expect(constrained.loglik).toBeLessThan(free.loglik);
    expect(constrained.loglik).toBeGreaterThan(free.loglik - 50);
  });

  it('rejects too-short or non-finite series and bad options with E_BAD_INPUT', () => {
    const spec = { variance: 'garch', dist: 'norm', mean: true } as const;
    expect(() => fitGarch(new Float64Array(10), spec)).toThrow(/returns\.length must be at least 30, got 10/);
    const withNaN = Float64Array.from(loadSeries('dem2gbp').subarray(0, 100));
    withNaN[42] = NaN;
    expect(() => fitGarch(withNaN, spec)).toThrow(/returns\[42\]/);
    expect(() => fitGarch(new Float64Array(100).fill(1), spec)).toThrow(RegimeLabError);
    expect(() => fitGarch(loadSeries('dem2gbp'), spec, { starts: 0 })).toThrow(/options\.starts/);
  });
});

describe('cancellation', () => {
  it('a cancelled signal stops the fit with E_CANCELLED', () => {
    const spec = { variance: 'garch', dist: 'std', mean: true } as const;
    let calls = 0;
    try {
      fitGarch(loadSeries('dem2gbp'), spec, { signal: { cancelled: () => ++calls > 5 } });
      throw new Error('expected cancellation');
    } catch (error) {
      expect(error).toBeInstanceOf(RegimeLabError);
      expect((error as RegimeLabError).code).toBe('E_CANCELLED');
    }
  });
});
