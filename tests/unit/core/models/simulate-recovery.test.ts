// Every switching model simulates with a seed, and a fit on its simulation recovers the truth.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../core/random/rng.ts';
import { simulateMarkovRegression, fitMarkovRegression } from '../../../../core/models/msreg/index.ts';
import { simulateGaussianHmm, fitGaussianHmm } from '../../../../core/models/hmm/index.ts';

describe('simulation and recovery', () => {
  it('Markov-switching regression: same seed, same path; the fit recovers the parameters within 3 SE', () => {
    const spec = { regimeCount: 2, switchingVariance: true };
    const truth = { transition: [[0.98, 0.02], [0.05, 0.95]], const: [0.05, -0.2], sigma2: [0.5, 3] };
    const a = simulateMarkovRegression(spec, truth, 6000, createRng(11));
    const b = simulateMarkovRegression(spec, truth, 6000, createRng(11));
    expect(a.y).toEqual(b.y);
    const fit = fitMarkovRegression(spec, a.y);
    const se = fit.standardErrors;
    const names = fit.paramNames;
    const trueValues: Record<string, number> = { 'p[0->0]': 0.98, 'p[1->0]': 0.05, 'const[0]': 0.05, 'const[1]': -0.2, 'sigma2[0]': 0.5, 'sigma2[1]': 3 };
    for (const [name, value] of Object.entries(trueValues)) {
      const i = names.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      expect(Math.abs(fit.paramArray[i] - value), `${name}: ${fit.paramArray[i]} ± ${se[i]}`).toBeLessThan(3 * se[i]);
    }
  });

  it('Gaussian HMM: the fit recovers means and variances closely on 5,000 draws', () => {
    const truth = { startprob: [0.5, 0.5], transmat: [[0.97, 0.03], [0.06, 0.94]], means: [0.1, -0.3], variances: [0.4, 2.5] };
    const { y, states } = simulateGaussianHmm(truth, 5000, createRng(3));
    const share = states.reduce((s, x) => s + x, 0) / states.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.45);
    const fit = fitGaussianHmm(y, 2);
    expect(fit.params.variances[0]).toBeCloseTo(0.4, 1);
    expect(fit.params.variances[1] / 2.5).toBeGreaterThan(0.85);
    expect(fit.params.variances[1] / 2.5).toBeLessThan(1.15);
    expect(fit.params.transmat[0][0]).toBeCloseTo(0.97, 1);
  });
});
