// R MSGARCH 2.51 fixed-parameter cases: log-likelihood, filtered / predicted / smoothed
// probabilities, Viterbi, σ per regime and mixture volatility, against expected.json and states/*.csv.
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../../../helpers/paths.ts';
import { readCsv, numericColumn, readJson } from '../markov/reference-csv.ts';
import {
  msGarchFilter,
  msGarchParamsFromNamed,
  msGarchParamNames,
  uniformMsGarchSpec,
  createMsGarchEvaluator,
  msGarchParamsToArray,
  type MsGarchVarianceModel,
  type MsGarchDistribution,
} from '../../../../../core/models/msgarch/index.ts';

type StateBlock = { index: number[]; filt: number[][]; pred: number[][]; smooth: number[][]; viterbi: number[]; viterbi_counts: number[] };
type FixedCase = {
  id: string; series: string; model: MsGarchVarianceModel; dist: MsGarchDistribution; K: number;
  param_order: string[]; params: Record<string, number>; loglik: number;
  stationary_probs_solve: number[]; expected_durations?: number[]; single_regime_loglik_per_regime: number[];
  states: StateBlock; volatility_mixture: { index: number[]; value: number[] };
  sigma_per_regime: { index: number[]; value: number[][] }; states_file?: string;
};
type Expected = { fixed_param_cases: FixedCase[] };

const dir = (...p: string[]) => sharedPath('data', 'reference', 'msgarch', ...p);
const expected = readJson<Expected>(dir('expected.json'));
const seriesCache = new Map<string, Float64Array>();
function series(id: string): Float64Array {
  if (!seriesCache.has(id)) seriesCache.set(id, numericColumn(readCsv(dir('inputs', `${id}.csv`)), 'r'));
  return seriesCache.get(id)!;
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('MSGARCH fixed-parameter cases', () => {
  const worst = { loglik: 0, prob: 0, sigma: 0, vol: 0 };
  for (const c of expected.fixed_param_cases) {
    it(c.id, () => {
      const spec = uniformMsGarchSpec(c.model, c.dist, c.K);
      expect(msGarchParamNames(spec)).toEqual(c.param_order);
      const params = msGarchParamsFromNamed(spec, c.params);
      const y = series(c.series);
      const n = y.length;
      const K = c.K;
      const r = msGarchFilter(spec, params, y);
      // log-likelihood: 1e-8 relative (the README allows 1e-8 absolute; both hold)
      expect(rel(r.logLikelihood, c.loglik)).toBeLessThan(1e-8);
      expect(Math.abs(r.logLikelihood - c.loglik)).toBeLessThan(1e-8);
      worst.loglik = Math.max(worst.loglik, rel(r.logLikelihood, c.loglik));
      const ev = createMsGarchEvaluator(spec, y);
      expect(Math.abs(ev.logLikelihood(msGarchParamsToArray(spec, params)) - c.loglik)).toBeLessThan(1e-8);
      c.single_regime_loglik_per_regime.forEach((v, k) => expect(rel(r.singleRegimeLogLikelihood[k], v)).toBeLessThan(1e-8));
      c.stationary_probs_solve.forEach((v, k) => expect(Math.abs(r.stationaryProbs[k] - v)).toBeLessThan(1e-12));
      c.expected_durations?.forEach((v, k) => expect(rel(r.expectedDurationsBars[k], v)).toBeLessThan(1e-10));
      // states at 1-based rows `index`; pred and smooth have the extra row n+1
      const at = (m: Float64Array, row1: number, k: number) => m[(row1 - 1) * K + k];
      c.states.index.forEach((row1, i) => {
        for (let k = 0; k < K; k++) {
          const checks: [number, number][] = [
            [at(r.filteredProbs, row1, k), c.states.filt[i][k]],
            [at(r.predictedProbs, row1, k), c.states.pred[i][k]],
            [at(r.smoothedProbs, row1, k), c.states.smooth[i][k]],
          ];
          for (const [a, b] of checks) {
            expect(Math.abs(a - b)).toBeLessThan(1e-9);
            expect(rel(a, b) < 1e-8 || Math.abs(a - b) < 1e-15).toBe(true);
            worst.prob = Math.max(worst.prob, Math.abs(a - b));
          }
        }
        expect(r.viterbi[row1 - 1] + 1).toBe(c.states.viterbi[i]);
      });
      const last = c.states.index.length;
      for (let k = 0; k < K; k++) {
        expect(Math.abs(r.forecastProbs[k] - c.states.pred[last][k])).toBeLessThan(1e-12);
        expect(Math.abs(r.forecastProbs[k] - c.states.smooth[last][k])).toBeLessThan(1e-12);
      }
      const counts = new Array<number>(K).fill(0);
      for (const s of r.viterbi) counts[s]++;
      expect(counts).toEqual(c.states.viterbi_counts);
      c.volatility_mixture.index.forEach((row1, i) => {
        expect(rel(r.volatilityMixture[row1 - 1], c.volatility_mixture.value[i])).toBeLessThan(1e-10);
        worst.vol = Math.max(worst.vol, rel(r.volatilityMixture[row1 - 1], c.volatility_mixture.value[i]));
      });
      c.sigma_per_regime.index.forEach((row1, i) => {
        for (let k = 0; k < K; k++) {
          const v = row1 === n + 1 ? r.sigmaForecast[k] : r.sigma[(row1 - 1) * K + k];
          expect(rel(v, c.sigma_per_regime.value[i][k])).toBeLessThan(1e-10);
          worst.sigma = Math.max(worst.sigma, rel(v, c.sigma_per_regime.value[i][k]));
        }
      });
      if (c.states_file) {
        const cols = readCsv(dir(c.states_file));
        const tol = 1e-9; // 12 significant digits
        for (let k = 0; k < K; k++) {
          const filt = numericColumn(cols, `filt_${k + 1}`);
          const pred = numericColumn(cols, `pred_${k + 1}`);
          const smooth = numericColumn(cols, `smooth_${k + 1}`);
          const sig = numericColumn(cols, `sigma_${k + 1}`);
          for (let t = 0; t < n; t++) {
            expect(Math.abs(r.filteredProbs[t * K + k] - filt[t])).toBeLessThan(tol);
            expect(Math.abs(r.predictedProbs[t * K + k] - pred[t])).toBeLessThan(tol);
            expect(Math.abs(r.smoothedProbs[t * K + k] - smooth[t])).toBeLessThan(tol);
            expect(rel(r.sigma[t * K + k], sig[t])).toBeLessThan(tol);
          }
          expect(Math.abs(r.forecastProbs[k] - pred[n])).toBeLessThan(tol);
          expect(rel(r.sigmaForecast[k], sig[n])).toBeLessThan(tol);
        }
        const vit = numericColumn(cols, 'viterbi');
        const vol = numericColumn(cols, 'vol');
        let mismatches = 0;
        for (let t = 0; t < n; t++) {
          if (r.viterbi[t] + 1 !== vit[t]) mismatches++;
          expect(rel(r.volatilityMixture[t], vol[t])).toBeLessThan(tol);
        }
        expect(mismatches).toBe(0);
      }
    });
  }
  it('reports the worst agreement', () => {
    console.log(`MSGARCH fixed cases, max rel error: loglik ${worst.loglik.toExponential(2)}, probabilities (abs) ${worst.prob.toExponential(2)}, sigma ${worst.sigma.toExponential(2)}, mixture vol ${worst.vol.toExponential(2)}`);
    expect(worst.loglik).toBeLessThan(1e-8);
  });
});
