// Gaussian HMM against the reference cases (own log-space numpy, checked by pomegranate 0.14.8):
// fixed-parameter loglik, posteriors and Viterbi; Baum–Welch snapshots θ_1, θ_5, θ_10, θ_50 and
// the converged fit.
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../../../helpers/paths.ts';
import { readCsv, numericColumn, readJson } from '../markov/reference-csv.ts';
import {
  gaussianHmmPosteriors,
  baumWelch,
  defaultHmmStart,
  fitGaussianHmm,
  hmmParamsToArray,
  hmmParamsFromArray,
  hmmParamNames,
  type GaussianHmmParams,
} from '../../../../../core/models/hmm/index.ts';

type Fixed = { params: GaussianHmmParams; loglik: number; viterbi_logprob: number; posteriors_and_viterbi_file: string; viterbi_state_counts: number[] };
type Snapshot = GaussianHmmParams & { loglik: number };
type Case = {
  id: string; input: { file: string; column: string }; K: number; T: number; flags: string[];
  fixed_params_init: Fixed;
  baum_welch: { n_iter: number; loglik_final: number; loglik_trace: number[]; snapshots: Record<string, Snapshot>; final: Fixed };
};
const dir = (...p: string[]) => sharedPath('data', 'reference', 'hmm', ...p);
const cases = readJson<{ cases: Case[] }>(dir('cases.json')).cases;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function checkFixed(y: Float64Array, K: number, fixed: Fixed, worst: { ll: number; post: number }) {
  const r = gaussianHmmPosteriors(fixed.params, y);
  expect(Math.abs(r.logLikelihood - fixed.loglik)).toBeLessThan(1e-8);
  worst.ll = Math.max(worst.ll, rel(r.logLikelihood, fixed.loglik));
  expect(Math.abs(r.viterbiLogProbability - fixed.viterbi_logprob)).toBeLessThan(1e-8);
  const cols = readCsv(dir(fixed.posteriors_and_viterbi_file));
  let maxDiff = 0;
  for (let k = 0; k < K; k++) {
    const g = numericColumn(cols, `gamma_${k}`);
    for (let t = 0; t < y.length; t++) maxDiff = Math.max(maxDiff, Math.abs(r.posteriors[t * K + k] - g[t]));
  }
  expect(maxDiff).toBeLessThan(1e-8);
  worst.post = Math.max(worst.post, maxDiff);
  const vit = numericColumn(cols, 'viterbi');
  let mismatches = 0;
  for (let t = 0; t < y.length; t++) if (r.viterbi[t] !== vit[t]) mismatches++;
  expect(mismatches).toBe(0);
}

function expectParamsClose(a: GaussianHmmParams, b: GaussianHmmParams, rtol: number, atol: number) {
  const x = hmmParamsToArray(a);
  const z = hmmParamsToArray(b);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - z[i])).toBeLessThanOrEqual(rtol * Math.abs(z[i]) + atol);
}

describe('Gaussian HMM reference cases', () => {
  const worst = { ll: 0, post: 0, snapParam: 0 };
  for (const c of cases) {
    it(c.id, () => {
      const y = numericColumn(readCsv(dir(c.input.file)), c.input.column);
      expect(y.length).toBe(c.T);
      const start = defaultHmmStart(y, c.K);
      expectParamsClose(start, c.fixed_params_init.params, 1e-12, 1e-14);
      checkFixed(y, c.K, c.fixed_params_init, worst);
      checkFixed(y, c.K, c.baum_welch.final, worst);
      const bw = baumWelch(y, c.fixed_params_init.params);
      // snapshots: exact EM steps (params rel 1e-7, loglik abs 1e-6)
      for (const [n, snap] of Object.entries(c.baum_welch.snapshots)) {
        const iter = Number(n);
        if (iter > bw.iterations) continue;
        const one = baumWelch(y, c.fixed_params_init.params, { maxIterations: iter, tolerance: -Infinity });
        expect(one.iterations).toBe(iter);
        expectParamsClose(one.params, snap, 1e-7, 1e-12);
        expect(Math.abs(one.logLikelihood - snap.loglik)).toBeLessThan(1e-6);
        const a = hmmParamsToArray(one.params);
        const b = hmmParamsToArray(snap);
        for (let i = 0; i < a.length; i++) if (Math.abs(b[i]) > 1e-8) worst.snapParam = Math.max(worst.snapParam, rel(a[i], b[i]));
      }
      for (let i = 0; i < Math.min(bw.logLikelihoodTrace.length, c.baum_welch.loglik_trace.length, 30); i++) {
        expect(Math.abs(bw.logLikelihoodTrace[i] - c.baum_welch.loglik_trace[i])).toBeLessThan(1e-6);
      }
      expect(Math.abs(bw.logLikelihood - c.baum_welch.loglik_final)).toBeLessThan(1e-4);
      const slow = c.baum_welch.n_iter > 300;
      if (!slow) {
        expect(Math.abs(bw.iterations - c.baum_welch.n_iter)).toBeLessThanOrEqual(Math.ceil(0.1 * c.baum_welch.n_iter));
        expectParamsClose(bw.params, c.baum_welch.final.params, 1e-3, 1e-8);
      }
      bw.params.transmat.forEach((row) => expect(Math.abs(row.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-12));
    });
  }
  it('reports the worst agreement', () => {
    console.log(`HMM: max rel loglik error ${worst.ll.toExponential(2)}, max abs posterior error ${worst.post.toExponential(2)}, max rel snapshot param error ${worst.snapParam.toExponential(2)}`);
    expect(worst.ll).toBeLessThan(1e-8);
  });
});

describe('Gaussian HMM invariants', () => {
  const y = numericColumn(readCsv(dir('series/synthetic_hmm3_3000.csv')), 'y');
  const params = cases.find((c) => c.id === 'hmm_synthetic_hmm3_3000_k3')!.baum_welch.final.params;
  it('hmmlearn parameter order round-trips', () => {
    const arr = hmmParamsToArray(params);
    expect(hmmParamNames(3).length).toBe(arr.length);
    expect(hmmParamNames(3)[3]).toBe('transmat[0][0]');
    expect(hmmParamsFromArray(arr, 3)).toEqual(params);
  });
  it('causality by truncation: filtered probabilities on y_0..y_t equal the full run', () => {
    const full = gaussianHmmPosteriors(params, y);
    const cut = 1234;
    const part = gaussianHmmPosteriors(params, y.slice(0, cut));
    for (let i = 0; i < cut * 3; i++) expect(part.filteredProbs[i]).toBe(full.filteredProbs[i]);
  });
  it('fitGaussianHmm orders regimes by variance and keeps the Baum–Welch optimum', () => {
    const c = cases.find((x) => x.id === 'hmm_synthetic_hmm3_3000_k3')!;
    const fit = fitGaussianHmm(y, 3);
    expect(Math.abs(fit.logLikelihood - c.baum_welch.loglik_final)).toBeLessThan(1e-4);
    for (let i = 1; i < 3; i++) expect(fit.params.variances[i]).toBeGreaterThan(fit.params.variances[i - 1]);
    // relabelling does not change the likelihood
    expect(Math.abs(gaussianHmmPosteriors(fit.params, y).logLikelihood - fit.logLikelihood)).toBeLessThan(1e-9);
    fit.params.transmat.forEach((row) => expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12));
    // generator: variances 0.5, 1.5, 5.0
    expect(fit.params.variances[0]).toBeGreaterThan(0.3);
    expect(fit.params.variances[2]).toBeLessThan(7);
    expect(fit.paramCount).toBe(2 + 6 + 6);
  });

  it('Baum–Welch honours cancellation and reports progress', () => {
    const start = defaultHmmStart(y, 3);
    expect(() => baumWelch(y, start, { signal: { cancelled: () => true } })).toThrow(/cancelled/);
    const seen: number[] = [];
    baumWelch(y, start, { maxIterations: 5, tolerance: -Infinity, onProgress: (f) => seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
  });
  it('rejects a negative variance, naming it', () => {
    expect(() => gaussianHmmPosteriors({ ...params, variances: [1, -2, 3] }, y)).toThrow(/variances\[1\] must be > 0, got -2/);
  });
});
