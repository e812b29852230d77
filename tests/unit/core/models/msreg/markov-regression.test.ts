// statsmodels 0.13.5 MarkovRegression / MarkovAutoregression reference cases: llf at every stored
// parameter vector, filtered / predicted / smoothed probabilities, information criteria, durations,
// fits (one-sided for flagged cases; better optima reported), parameters of unflagged fits.
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../../../helpers/paths.ts';
import { readCsv, numericColumn, readJson } from '../markov/reference-csv.ts';
import {
  fitMarkovRegression,
  markovRegressionFilter,
  markovRegressionParamsFromArray,
  markovRegressionParamNames,
  markovRegressionParamsToArray,
  toStatsmodelsOrientation,
  fitMarkovAutoregression,
  markovAutoregressionFilter,
  markovAutoregressionParamsFromArray,
  markovAutoregressionParamNames,
  type MarkovRegressionSpec,
} from '../../../../../core/models/msreg/index.ts';

type Case = {
  id: string; input: { file: string; column: string }; nobs: number; param_names: string[];
  spec: { model: string; k_regimes: number; switching_variance: boolean; order?: number };
  best_fit: {
    params: number[]; llf: number; aic: number; bic: number; hqic: number; regime_transition: number[][];
    expected_durations: number[]; steady_state: number[]; probabilities_file: string;
  };
  fixed_param_llf: { label: string; params: number[]; llf: number }[];
  flags: string[];
};
const dir = (...p: string[]) => sharedPath('data', 'reference', 'markov', ...p);
const cases = readJson<{ cases: Case[] }>(dir('cases.json')).cases;
const load = (c: Case) => numericColumn(readCsv(dir(c.input.file)), c.input.column);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const regressionCases = cases.filter((c) => c.spec.model === 'MarkovRegression');
const hamilton = cases.find((c) => c.id === 'mar_rgnp_hamilton_k2_ar4')!;
const specOf = (c: Case): MarkovRegressionSpec => ({ regimeCount: c.spec.k_regimes, switchingVariance: c.spec.switching_variance });

function maxProbDiff(file: string, k: number, filt: Float64Array, pred: Float64Array, smooth: Float64Array, rowOffset = 0): number {
  const cols = readCsv(dir(file));
  const t = numericColumn(cols, 't');
  let worst = 0;
  for (let j = 0; j < k; j++) {
    const f = numericColumn(cols, `filtered_${j}`);
    const p = numericColumn(cols, `predicted_${j}`);
    const s = numericColumn(cols, `smoothed_${j}`);
    for (let r = 0; r < t.length; r++) {
      const row = t[r] - rowOffset;
      worst = Math.max(worst, Math.abs(filt[row * k + j] - f[r]), Math.abs(pred[row * k + j] - p[r]), Math.abs(smooth[row * k + j] - s[r]));
    }
  }
  return worst;
}

const worst = { llf: 0, prob: 0 };
const fitReport: string[] = [];

describe('MarkovRegression at fixed parameters', () => {
  for (const c of regressionCases) {
    it(c.id, () => {
      const spec = specOf(c);
      const y = load(c);
      expect(markovRegressionParamNames(spec)).toEqual(c.param_names);
      for (const f of c.fixed_param_llf) {
        const r = markovRegressionFilter(spec, markovRegressionParamsFromArray(spec, f.params), y);
        expect(Math.abs(r.logLikelihood - f.llf), f.label).toBeLessThan(1e-7);
        expect(rel(r.logLikelihood, f.llf), f.label).toBeLessThan(1e-8);
        worst.llf = Math.max(worst.llf, rel(r.logLikelihood, f.llf));
      }
      const params = markovRegressionParamsFromArray(spec, c.best_fit.params);
      const r = markovRegressionFilter(spec, params, y);
      const k = spec.regimeCount;
      const diff = maxProbDiff(c.best_fit.probabilities_file, k, r.filteredProbs, r.predictedProbs, r.smoothedProbs);
      expect(diff).toBeLessThan(1e-8);
      worst.prob = Math.max(worst.prob, diff);
      // statsmodels orientation is the transpose (columns = from)
      expect(toStatsmodelsOrientation(params.transition).flat().map((v, i) => Math.abs(v - c.best_fit.regime_transition.flat()[i])).every((d) => d < 1e-15)).toBe(true);
      r.expectedDurationsBars.forEach((v, i) => expect(rel(v, c.best_fit.expected_durations[i])).toBeLessThan(1e-10));
      r.steadyState.forEach((v, i) => expect(Math.abs(v - c.best_fit.steady_state[i])).toBeLessThan(1e-12));
      const d = c.best_fit.params.length;
      expect(Math.abs(-2 * r.logLikelihood + 2 * d - c.best_fit.aic)).toBeLessThan(1e-6);
      expect(Math.abs(-2 * r.logLikelihood + d * Math.log(c.nobs) - c.best_fit.bic)).toBeLessThan(1e-6);
      expect(Math.abs(-2 * r.logLikelihood + 2 * d * Math.log(Math.log(c.nobs)) - c.best_fit.hqic)).toBeLessThan(1e-6);
    });
  }

  it('fed funds K=2 at the published (Stata) parameters: llf −508.63592 and its probabilities', () => {
    const c = cases.find((x) => x.id === 'mr_fedfunds_k2_const')!;
    const spec = specOf(c);
    const published = c.fixed_param_llf.find((f) => f.label === 'published_params')!;
    const r = markovRegressionFilter(spec, markovRegressionParamsFromArray(spec, published.params), load(c));
    expect(Math.abs(r.logLikelihood - -508.63592)).toBeLessThan(5e-6);
    expect(maxProbDiff('probs/mr_fedfunds_k2_const_published_params.csv', 2, r.filteredProbs, r.predictedProbs, r.smoothedProbs)).toBeLessThan(1e-8);
  });

  it('causality by truncation and row-stochastic probabilities', () => {
    const c = regressionCases[0];
    const spec = specOf(c);
    const y = load(c);
    const params = markovRegressionParamsFromArray(spec, c.best_fit.params);
    const full = markovRegressionFilter(spec, params, y);
    const part = markovRegressionFilter(spec, params, y.slice(0, 4321));
    for (let i = 0; i < 4321 * 2; i++) expect(part.filteredProbs[i]).toBe(full.filteredProbs[i]);
    for (let t = 0; t < y.length; t++) expect(Math.abs(full.smoothedProbs[2 * t] + full.smoothedProbs[2 * t + 1] - 1)).toBeLessThan(1e-12);
  });

  it('fits honour cancellation and report progress up to 1', () => {
    const c = cases.find((x) => x.id === 'mr_fedfunds_k2_sv')!;
    const y = load(c);
    expect(() => fitMarkovRegression(specOf(c), y, { signal: { cancelled: () => true } })).toThrow(/cancelled/);
    const seen: number[] = [];
    fitMarkovRegression(specOf(c), y, { onProgress: (f) => seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it('rejects a non-positive variance, naming it', () => {
    const spec = { regimeCount: 2, switchingVariance: true };
    expect(() => markovRegressionFilter(spec, { transition: [[0.9, 0.1], [0.2, 0.8]], const: [0, 0], sigma2: [1, 0] }, Float64Array.of(1, 2))).toThrow(/sigma2\[1\] must be > 0, got 0/);
  });
});

describe('MarkovAutoregression (Hamilton 1989 GNP, AR(4))', () => {
  const spec = { regimeCount: 2, order: 4 };
  const y = load(hamilton);
  it('llf at every stored parameter vector and probabilities at best and published parameters', () => {
    expect(markovAutoregressionParamNames(spec)).toEqual(hamilton.param_names);
    for (const f of hamilton.fixed_param_llf) {
      const r = markovAutoregressionFilter(spec, markovAutoregressionParamsFromArray(spec, f.params), y);
      expect(Math.abs(r.logLikelihood - f.llf), f.label).toBeLessThan(1e-7);
      worst.llf = Math.max(worst.llf, rel(r.logLikelihood, f.llf));
    }
    for (const [params, file] of [
      [hamilton.best_fit.params, hamilton.best_fit.probabilities_file],
      [hamilton.fixed_param_llf.find((f) => f.label === 'published_params')!.params, 'probs/mar_rgnp_hamilton_k2_ar4_published_params.csv'],
    ] as const) {
      const r = markovAutoregressionFilter(spec, markovAutoregressionParamsFromArray(spec, params), y);
      expect(r.nobs).toBe(131);
      const diff = maxProbDiff(file, 2, r.filteredProbs, r.predictedProbs, r.smoothedProbs, 4);
      expect(diff).toBeLessThan(1e-8);
      worst.prob = Math.max(worst.prob, diff);
    }
    const published = markovAutoregressionFilter(spec, markovAutoregressionParamsFromArray(spec, hamilton.fixed_param_llf.find((f) => f.label === 'published_params')!.params), y);
    expect(Math.abs(published.logLikelihood - -181.26339)).toBeLessThan(5e-6);
  });
  it('fit reaches the best llf and the published parameters', () => {
    const fit = fitMarkovAutoregression(spec, y);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(hamilton.best_fit.llf - 1e-4);
    fit.paramArray.forEach((v, i) => expect(Math.abs(v - hamilton.best_fit.params[i])).toBeLessThanOrEqual(1e-3 * Math.abs(hamilton.best_fit.params[i]) + 1e-3));
    expect(Math.abs(fit.aic - hamilton.best_fit.aic)).toBeLessThan(1e-3);
    fitReport.push(`${hamilton.id}: ${fit.logLikelihood.toFixed(6)} vs ${hamilton.best_fit.llf.toFixed(6)}`);
  });
});

describe('MarkovRegression fits', () => {
  for (const c of regressionCases) {
    it(`${c.id}${c.flags.length ? ' (flagged: llf only)' : ''}`, () => {
      const spec = specOf(c);
      const y = load(c);
      const fit = fitMarkovRegression(spec, y);
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(c.best_fit.llf - 1e-4);
      const gain = fit.logLikelihood - c.best_fit.llf;
      fitReport.push(`${c.id}: ${fit.logLikelihood.toFixed(6)} vs best ${c.best_fit.llf.toFixed(6)} (Δ ${gain.toExponential(2)})${gain > 1e-3 ? ' BETTER OPTIMUM' : ''}`);
      expect(fit.paramCount).toBe(c.best_fit.params.length);
      fit.params.transition.forEach((row) => expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12));
      expect(Math.abs(fit.aic - (-2 * fit.logLikelihood + 2 * fit.paramCount))).toBeLessThan(1e-9);
      if (c.flags.length === 0 && gain <= 1e-3) {
        fit.paramArray.forEach((v, i) => expect(Math.abs(v - c.best_fit.params[i]), c.param_names[i]).toBeLessThanOrEqual(1e-3 * Math.abs(c.best_fit.params[i]) + 1e-3));
        fit.standardErrors.forEach((se, i) => expect(Number.isFinite(se) && se > 0, `SE ${c.param_names[i]}`).toBe(true));
      }
      if (c.id === 'mr_synthetic_2regime_10000_k2_sv') {
        // true generating params: p[0->0]=0.99, p[1->0]=0.0285, const=[0.02, −0.05], sigma2=[1, 6.25]
        const truth = [0.99, 0.0285, 0.02, -0.05, 1.0, 6.25];
        truth.forEach((v, i) => expect(Math.abs(fit.paramArray[i] - v) / fit.standardErrors[i], c.param_names[i]).toBeLessThan(3));
        expect(markovRegressionParamsToArray(spec, fit.params)).toEqual(fit.paramArray);
      }
    });
  }
  it('reports agreement', () => {
    console.log(`MarkovRegression/Autoregression: max rel llf error ${worst.llf.toExponential(2)}, max abs probability error ${worst.prob.toExponential(2)}\n${fitReport.join('\n')}`);
    expect(fitReport.length).toBe(regressionCases.length + 1);
  });
});
