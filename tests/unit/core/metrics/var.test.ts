// VaR / ES estimators vs scipy (quantiles, t MLE, numerical integration of the tail) and closed forms.
import { describe, expect, it } from 'vitest';
import {
  cornishFisherVar, historicalVar, mixtureVarSeries, modelVarSeries, normalVar, normalVarFromMoments, studentTVar, varHits, varTable,
} from '../../../../core/metrics/var.ts';
import { fitStudentT } from '../../../../core/metrics/student-t-fit.ts';
import { simpleReturns } from '../../../../core/metrics/returns-risk.ts';
import { close, inputs, reference } from './reference.ts';

const r = simpleReturns(inputs.equity);
const ref = reference.var;

describe('VaR and ES vs scipy', () => {
  it('fits the Student-t by maximum likelihood at least as well as scipy', () => {
    const fit = fitStudentT(r);
    close(fit.df, ref.studentTFit.df, { rel: 1e-5, tag: 'tfit' });
    close(fit.loc, ref.studentTFit.loc, { rel: 1e-5, tag: 'tfit' });
    close(fit.scale, ref.studentTFit.scale, { rel: 1e-6, tag: 'tfit' });
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(ref.studentTFit.logLikelihood - 1e-7);
    expect(fit.dfAtBound).toBe(false);
  });

  for (const level of [0.95, 0.99]) {
    it(`historical, normal, Student-t and Cornish–Fisher at ${level}`, () => {
      const want = ref.levels[String(level)];
      const h = historicalVar(r, level);
      close(h.var, want.historicalVar, { tag: 'var' });
      close(h.es, want.historicalEs, { tag: 'var' });
      const n = normalVar(r, level);
      close(n.var, want.normalVar, { rel: 1e-12, tag: 'var' });
      close(n.es, want.normalEs, { rel: 1e-9, tag: 'var' });
      const t = studentTVar(r, level);
      close(t.var, want.studentTVar, { rel: 1e-5, tag: 'var-t' });
      close(t.es, want.studentTEs, { rel: 1e-5, tag: 'var-t' });
      const cf = cornishFisherVar(r, level);
      close(cf.var, want.cornishFisherVar, { rel: 1e-9, tag: 'var' });
      close(cf.es, want.cornishFisherEs, { rel: 1e-8, tag: 'var' });
    });
  }

  it('model-based VaR from unit-variance t(5) one-step forecasts', () => {
    const m = ref.model;
    const v = modelVarSeries({ sigma: Float64Array.from(m.sigma), mean: Float64Array.from(m.mean), dist: 't', nu: m.nu }, 0.99);
    m.tVar99.forEach((want: number, i: number) => close(v.var[i], want, { rel: 1e-12, tag: 'var-model' }));
  });

  it('MS-GARCH mixture VaR and ES (normal low-vol + unit-variance t(4) high-vol)', () => {
    const mx = ref.model.mixture;
    const wHigh = Float64Array.from(mx.weightHigh);
    const out = mixtureVarSeries({
      weights: [Float64Array.from(wHigh, (w) => 1 - w), wHigh],
      sigma: [Float64Array.from(mx.sigmaLow), Float64Array.from(mx.sigmaHigh)],
      nu: [undefined, mx.nuHigh],
    }, 0.99);
    mx.var99.forEach((want: number, i: number) => close(out.var[i], want, { rel: 1e-11, tag: 'var-model' }));
    mx.es99.forEach((want: number, i: number) => close(out.es[i], want, { rel: 1e-9, tag: 'var-model' }));
  });
});

describe('closed forms and edge cases', () => {
  it('normal VaR of N(0, σ²) is 2.326σ at 99 %, ES φ(z)/p·σ', () => {
    const v = normalVarFromMoments(0, 0.02, 0.99);
    close(v.var, 0.02 * 2.3263478740408408, { rel: 1e-13 });
    close(v.es, 0.02 * 2.6652142203458076, { rel: 1e-12 });
  });

  it('Cornish–Fisher reduces to normal with zero skew and kurtosis (alternating ±r has S = 0, K = −2: use the formula)', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? -0.01 : 0.01));
    const cf = cornishFisherVar(x, 0.99);
    expect(cf.skew).toBeCloseTo(0, 14);
    expect(cf.excessKurtosis).toBeCloseTo(-2, 12);
    const z = -2.3263478740408408;
    const sd = 0.01 * Math.sqrt(1000 / 999);
    close(cf.var, -sd * (z + ((z ** 3 - 3 * z) * -2) / 24), { rel: 1e-12 });
  });

  it('historical VaR interpolates the order statistics; hits flag losses beyond VaR', () => {
    const x = Float64Array.from([-0.05, -0.03, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07]);
    const h = historicalVar(x, 0.9);
    close(h.var, 0.03, { rel: 1e-14 }); // (n − 1)·0.1 = 1 → second order statistic
    close(h.es, 0.04, { rel: 1e-14 });
    expect(Array.from(varHits(Float64Array.from([-0.05, 0.01, -0.02]), Float64Array.from([0.03, 0.03, 0.01])))).toEqual([1, 0, 1]);
  });

  it('a table at 95 % and 99 % for all four estimators; NaN input is rejected by name', () => {
    const t = varTable(r);
    expect(t.levels).toEqual([0.95, 0.99]);
    expect(t['cornish-fisher']).toHaveLength(2);
    expect(t.historical[1].var).toBeGreaterThan(t.historical[0].var);
    expect(() => historicalVar(Float64Array.from([0.1, NaN]))).toThrow(/returns: element 1 is NaN/);
    expect(() => modelVarSeries({ sigma: Float64Array.from([0.01]), dist: 't', nu: 2 })).toThrow(/forecast.nu/);
  });
});
