// Exploration statistics vs scipy.stats / statsmodels (het_arch, acf, acorr_ljungbox, corrcoef).
import { describe, expect, it } from 'vitest';
import { archLmTest, autocorrelation, correlationMatrix, exploreReturns, jarqueBera, ljungBox } from '../../../../core/metrics/explore.ts';
import { close, inputs, reference } from './reference.ts';

const ref = reference.explore;
const g = inputs.garch;

describe('exploration vs scipy / statsmodels', () => {
  it('moments, Jarque–Bera, ARCH-LM, Ljung–Box', () => {
    const rep = exploreReturns(g, { otherReturns: { b: Float64Array.from(g, (_v, i) => g[(i + 1) % g.length]) }, name: 'a' });
    close(rep.moments.mean, ref.mean, { rel: 1e-11, tag: 'explore' });
    close(rep.moments.std, ref.std, { rel: 1e-12, tag: 'explore' });
    close(rep.moments.skew, ref.skew, { rel: 1e-9, tag: 'explore' });
    close(rep.moments.excessKurtosis, ref.excessKurtosis, { rel: 1e-9, tag: 'explore' });
    close(rep.jarqueBera.statistic, ref.jarqueBera, { rel: 1e-9, tag: 'explore' });
    close(rep.jarqueBera.pValue, ref.jarqueBeraP, { rel: 1e-8, abs: 1e-300, tag: 'explore' });
    close(rep.archLm.statistic, ref.archLm, { rel: 1e-9, tag: 'explore' });
    close(rep.archLm.pValue, ref.archLmP, { rel: 1e-7, abs: 1e-300, tag: 'explore' });
    close(ljungBox(g, { lags: 10 }).statistic, ref.ljungBox, { rel: 1e-10, tag: 'explore' });
    close(ljungBox(g, { lags: 10 }).pValue, ref.ljungBoxP, { rel: 1e-8, tag: 'explore' });
    close(rep.ljungBoxSquaredReturns.statistic, ref.ljungBoxSquared, { rel: 1e-10, tag: 'explore' });
    close(rep.studentT.df, ref.studentT.df, { rel: 1e-4, tag: 'tfit' });
    expect(rep.studentT.logLikelihood).toBeGreaterThanOrEqual(ref.studentT.logLikelihood - 1e-7);
    close(rep.normalVarGap.empiricalVar, ref.empiricalVar99, { rel: 1e-12, tag: 'explore' });
    close(rep.normalVarGap.normalVar, ref.normalVar99, { rel: 1e-12, tag: 'explore' });
    expect(rep.correlation?.unconditional.names).toEqual(['a', 'b']);
  });

  it('ACF of returns and of squared returns with the noise band', () => {
    const a = autocorrelation(g, { lags: 20 });
    const m = g.reduce((s, v) => s + v, 0) / g.length;
    const sq = autocorrelation(Float64Array.from(g, (v) => (v - m) ** 2), { lags: 20 });
    ref.acfReturns.forEach((v: number, k: number) => close(a.acf[k], v, { rel: 1e-9, abs: 1e-13, tag: 'explore' }));
    ref.acfSquared.forEach((v: number, k: number) => close(sq.acf[k], v, { rel: 1e-9, abs: 1e-13, tag: 'explore' }));
    close(a.noiseBand, 1.959963984540054 / Math.sqrt(g.length), { rel: 1e-12 });
    expect(sq.significantLags.length).toBeGreaterThan(0); // GARCH: squared returns are autocorrelated
  });

  it('correlation matrices, unconditional and within a regime mask', () => {
    const cols = { a: inputs.assets[0], b: inputs.assets[1], c: inputs.assets[2] };
    const all = correlationMatrix(cols);
    const masked = correlationMatrix(cols, { mask: inputs.highVolMask });
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        close(all.matrix[i][j], ref.corr[i][j], { rel: 1e-12, tag: 'explore' });
        close(masked.matrix[i][j], ref.corrMasked[i][j], { rel: 1e-12, tag: 'explore' });
      }
    }
    expect(masked.n).toBe(inputs.highVolMask.reduce((s, v) => s + v, 0));
  });

  it('closed forms: white noise by construction has LM = 0 on a constant square; JB of a symmetric two-point law', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? -1 : 1));
    // S = 0, K = −2 → JB = n/6 · (4/4) = n/6
    close(jarqueBera(x).statistic, 200 / 6, { rel: 1e-12 });
    expect(archLmTest(x, { lags: 3 }).statistic).toBe(0);
    expect(autocorrelation(x, { lags: 2 }).acf[1]).toBeCloseTo(-199 / 200, 12);
    expect(() => exploreReturns(Float64Array.from([0.1, NaN, ...new Array(30).fill(0)]))).toThrow(/returns: element 1 is NaN/);
  });
});
