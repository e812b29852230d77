// MS-GARCH invariants: analytic gradient vs central differences, causality by truncation,
// parameter-order round trips, cancellation and progress, named input errors, simulate → fit.
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../../../helpers/paths.ts';
import { readCsv, numericColumn } from '../markov/reference-csv.ts';
import {
  createMsGarchEvaluator,
  fitMsGarch,
  msGarchFilter,
  msGarchParamsFromArray,
  msGarchParamsToArray,
  msGarchParamNames,
  simulateMsGarch,
  uniformMsGarchSpec,
  type MsGarchParams,
  type MsGarchSpec,
} from '../../../../../core/models/msgarch/index.ts';
import { numericalGradient } from '../../../../../core/optim/numdiff.ts';
import { createRng } from '../../../../../core/random/rng.ts';

const y = numericColumn(readCsv(sharedPath('data', 'reference', 'msgarch', 'inputs', 'dem2gbp.csv')), 'r');
const gjr3: MsGarchParams = {
  regimes: [
    { alpha0: 0.01, alpha1: 0.03, alpha2: 0.04, beta: 0.9, nu: 12 },
    { alpha0: 0.05, alpha1: 0.08, alpha2: 0.02, beta: 0.8, nu: 6 },
    { alpha0: 0.3, alpha1: 0.2, alpha2: 0.1, beta: 0.5, nu: 4 },
  ],
  transition: [[0.9, 0.07, 0.03], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]],
};
const gjr3Spec = uniformMsGarchSpec('gjrGARCH', 'std', 3);

describe('MS-GARCH invariants', () => {
  it('analytic gradient equals central differences (K=3 gjrGARCH-std, mixed K=2)', () => {
    const mixed: MsGarchSpec = { regimes: [{ model: 'sGARCH', distribution: 'norm' }, { model: 'gjrGARCH', distribution: 'std' }] };
    const mixedParams: MsGarchParams = {
      regimes: [{ alpha0: 0.02, alpha1: 0.05, alpha2: 0, beta: 0.9 }, { alpha0: 0.2, alpha1: 0.1, alpha2: 0.1, beta: 0.7, nu: 5 }],
      transition: [[0.95, 0.05], [0.1, 0.9]],
    };
    for (const [spec, params] of [[gjr3Spec, gjr3], [mixed, mixedParams]] as const) {
      const ev = createMsGarchEvaluator(spec, y);
      const theta = msGarchParamsToArray(spec, params);
      const g = new Float64Array(theta.length);
      const gn = new Float64Array(theta.length);
      const value = ev.logLikelihoodWithGradient(theta, g);
      expect(Math.abs(value - ev.logLikelihood(theta))).toBeLessThan(1e-9);
      numericalGradient((x) => ev.logLikelihood(x), theta, gn);
      for (let i = 0; i < theta.length; i++) expect(Math.abs(g[i] - gn[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(gn[i])));
    }
  });

  it('causality by truncation: filtered probabilities and σ on y_1..y_t equal the full run', () => {
    const full = msGarchFilter(gjr3Spec, gjr3, y);
    for (const cut of [2, 500, 1500]) {
      const part = msGarchFilter(gjr3Spec, gjr3, y.slice(0, cut));
      for (let i = 0; i < cut * 3; i++) {
        expect(part.filteredProbs[i]).toBe(full.filteredProbs[i]);
        expect(part.sigma[i]).toBe(full.sigma[i]);
      }
    }
  });

  it('filtered, predicted and smoothed rows sum to 1', () => {
    const r = msGarchFilter(gjr3Spec, gjr3, y);
    for (const m of [r.filteredProbs, r.predictedProbs, r.smoothedProbs]) {
      for (let t = 0; t < y.length; t++) expect(Math.abs(m[3 * t] + m[3 * t + 1] + m[3 * t + 2] - 1)).toBeLessThan(1e-12);
    }
  });

  it('MSGARCH parameter order round-trips (K=3: P_1_1, P_1_2, P_2_1, ...)', () => {
    const arr = msGarchParamsToArray(gjr3Spec, gjr3);
    const names = msGarchParamNames(gjr3Spec);
    expect(names.slice(0, 5)).toEqual(['alpha0_1', 'alpha1_1', 'alpha2_1', 'beta_1', 'nu_1']);
    expect(names.slice(-6)).toEqual(['P_1_1', 'P_1_2', 'P_2_1', 'P_2_2', 'P_3_1', 'P_3_2']);
    const back = msGarchParamsFromArray(gjr3Spec, arr);
    back.transition.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(gjr3.transition[i][j], 15)));
    expect(back.regimes).toEqual(gjr3.regimes);
  });

  it('invalid parameters throw errors that name the field and value', () => {
    const bad = { ...gjr3, regimes: [{ ...gjr3.regimes[0], nu: 1.5 }, gjr3.regimes[1], gjr3.regimes[2]] };
    expect(() => msGarchFilter(gjr3Spec, bad, y)).toThrow(/nu_1 must be a finite number > 2, got 1.5/);
    const explosive = { ...gjr3, regimes: [{ ...gjr3.regimes[0], beta: 0.99 }, gjr3.regimes[1], gjr3.regimes[2]] };
    expect(() => msGarchFilter(gjr3Spec, explosive, y)).toThrow(/regime 1 persistence/);
    expect(() => msGarchFilter(gjr3Spec, { ...gjr3, transition: [[0.9, 0.2, -0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]] }, y)).toThrow(/P_1_3 must lie in \[0, 1\], got -0.1/);
    expect(() => msGarchFilter(gjr3Spec, gjr3, Float64Array.of(1, NaN, 2))).toThrow(/returns\[1\] must be finite/);
  });

  it('cancellation stops a fit with E_CANCELLED; progress rises to 1', () => {
    const spec = uniformMsGarchSpec('sGARCH', 'norm', 2);
    let calls = 0;
    expect(() => fitMsGarch(spec, y, { signal: { cancelled: () => ++calls > 3 } })).toThrow(/cancelled/);
    const seen: number[] = [];
    fitMsGarch(uniformMsGarchSpec('sGARCH', 'norm', 1), y, { onProgress: (f) => seen.push(f), standardErrors: false });
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it('no underflow on 500k bars: finite log-likelihood equal on both likelihood paths', () => {
    const truth: MsGarchParams = {
      regimes: [{ alpha0: 0.02, alpha1: 0.05, alpha2: 0, beta: 0.9, nu: 6 }, { alpha0: 0.4, alpha1: 0.1, alpha2: 0, beta: 0.8, nu: 4 }],
      transition: [[0.99, 0.01], [0.03, 0.97]],
    };
    const spec = uniformMsGarchSpec('sGARCH', 'std', 2);
    const sim = simulateMsGarch(truth, 500_000, createRng(5));
    const r = msGarchFilter(spec, truth, sim.returns);
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
    const ev = createMsGarchEvaluator(spec, sim.returns);
    const g = new Float64Array(8);
    const theta = msGarchParamsToArray(spec, truth);
    expect(Math.abs(ev.logLikelihoodWithGradient(theta, g) - r.logLikelihood)).toBeLessThan(1e-8 * Math.abs(r.logLikelihood));
    expect(g.every((v) => Number.isFinite(v))).toBe(true);
    let worst = 0;
    for (let t = 0; t < sim.returns.length; t++) worst = Math.max(worst, Math.abs(r.smoothedProbs[2 * t] + r.smoothedProbs[2 * t + 1] - 1));
    expect(worst).toBeLessThan(1e-12);
  });

  it('mixed per-regime specs: regimes (and their spec) are reordered by unconditional variance', () => {
    const spec: MsGarchSpec = { regimes: [{ model: 'gjrGARCH', distribution: 'std' }, { model: 'sGARCH', distribution: 'norm' }] };
    const fit = fitMsGarch(spec, y, { restarts: 3 });
    expect(fit.unconditionalVariances[0]).toBeLessThanOrEqual(fit.unconditionalVariances[1]);
    expect(fit.paramNames).toEqual(msGarchParamNames(fit.spec));
    expect(Math.abs(msGarchFilter(fit.spec, fit.params, y).logLikelihood - fit.logLikelihood)).toBeLessThan(1e-9);
    // a mixed K=2 spec nests both uniform ones only loosely; it must at least beat the single-regime normal fit
    expect(fit.logLikelihood).toBeGreaterThan(-1106.9772);
  });

  it('simulate → fit recovers the simulated parameters within 3 SE (K=2 sGARCH-norm, 8000 bars)', () => {
    const truth: MsGarchParams = {
      regimes: [{ alpha0: 0.02, alpha1: 0.05, alpha2: 0, beta: 0.9 }, { alpha0: 0.4, alpha1: 0.1, alpha2: 0, beta: 0.8 }],
      transition: [[0.99, 0.01], [0.03, 0.97]],
    };
    const sim = simulateMsGarch(truth, 8000, createRng(77));
    const spec = uniformMsGarchSpec('sGARCH', 'norm', 2);
    const fit = fitMsGarch(spec, sim.returns);
    const trueArr = msGarchParamsToArray(spec, truth);
    for (let i = 0; i < trueArr.length; i++) {
      expect(Math.abs(fit.paramArray[i] - trueArr[i]) / fit.standardErrors[i], fit.paramNames[i]).toBeLessThan(3);
    }
  });
});
