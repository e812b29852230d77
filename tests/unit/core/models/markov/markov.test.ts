// Generic regime machinery against brute-force enumeration of all K^T paths, plus invariants:
// causality by truncation, no underflow on 500k bars, stationary distribution, relabelling.
import { describe, it, expect } from 'vitest';
import {
  hamiltonFilter,
  hamiltonLogLikelihood,
  kimSmoother,
  expectedTransitionCounts,
  viterbiPath,
  stationaryDistribution,
  expectedDurationsBars,
  transitionPower,
  toTransitionMatrix,
  ascendingOrder,
  permuteColumns,
  permuteTransition,
  permutePath,
  summarizeRegimes,
} from '../../../../../core/models/markov/index.ts';
import { createRng } from '../../../../../core/random/rng.ts';

function randomCase(k: number, n: number, seed: number) {
  const rng = createRng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < k; i++) {
    const w = Array.from({ length: k }, (_, j) => (j === i ? 3 : 0.2) + rng.uniform());
    const s = w.reduce((a, b) => a + b, 0);
    rows.push(w.map((x) => x / s));
  }
  const logDensities = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) logDensities[i] = -1 - 3 * rng.uniform();
  const init = Array.from({ length: k }, () => 0.5 + rng.uniform());
  const si = init.reduce((a, b) => a + b, 0);
  return { transition: toTransitionMatrix(rows), logDensities, initialProbs: init.map((x) => x / si) };
}

/** Enumerates every path: joint log probabilities, marginals and the argmax. */
function bruteForce(k: number, n: number, logF: Float64Array, P: Float64Array, init: number[], excluded: number) {
  let total = 0;
  const smoothed = new Float64Array(n * k);
  let bestPath: number[] = [];
  let bestLog = -Infinity;
  const paths = k ** n;
  for (let code = 0; code < paths; code++) {
    const s: number[] = [];
    let c = code;
    for (let t = 0; t < n; t++) {
      s.push(c % k);
      c = Math.floor(c / k);
    }
    let lp = Math.log(init[s[0]]) + (excluded > 0 ? 0 : logF[s[0]]);
    for (let t = 1; t < n; t++) lp += Math.log(P[s[t - 1] * k + s[t]]) + (t < excluded ? 0 : logF[t * k + s[t]]);
    const w = Math.exp(lp);
    total += w;
    for (let t = 0; t < n; t++) smoothed[t * k + s[t]] += w;
    if (lp > bestLog) {
      bestLog = lp;
      bestPath = s;
    }
  }
  for (let i = 0; i < smoothed.length; i++) smoothed[i] /= total;
  return { logLik: Math.log(total), smoothed, bestPath, bestLog };
}

describe('Hamilton filter, Kim smoother and Viterbi against enumeration', () => {
  for (const k of [2, 3, 4]) {
    it(`K=${k}, T=7: log-likelihood, smoothed probabilities, Viterbi path`, () => {
      const n = 7;
      const c = randomCase(k, n, 11 + k);
      const f = hamiltonFilter({ logDensities: c.logDensities, regimeCount: k, transition: c.transition, initialProbs: c.initialProbs });
      const bf = bruteForce(k, n, c.logDensities, c.transition, c.initialProbs, 0);
      expect(Math.abs(f.logLikelihood - bf.logLik)).toBeLessThan(1e-12);
      const sm = kimSmoother(f.filteredProbs, f.predictedProbs, c.transition, k);
      for (let i = 0; i < sm.length; i++) expect(Math.abs(sm[i] - bf.smoothed[i])).toBeLessThan(1e-13);
      const v = viterbiPath(c.logDensities, k, c.transition, c.initialProbs);
      expect(Array.from(v.path)).toEqual(bf.bestPath);
      expect(Math.abs(v.logProbability - bf.bestLog)).toBeLessThan(1e-12);
      expect(Math.abs(hamiltonLogLikelihood(c.logDensities, n, k, c.transition, c.initialProbs) - f.logLikelihood)).toBeLessThan(1e-12);
      let perObs = 0;
      for (const x of f.logLikelihoodPerObs) perObs += x;
      expect(Math.abs(perObs - f.logLikelihood)).toBeLessThan(1e-12);
    });
  }

  it('excluded leading observations: filtered = predicted there and they are not in the likelihood', () => {
    const k = 2;
    const n = 8;
    const c = randomCase(k, n, 5);
    const f = hamiltonFilter({ logDensities: c.logDensities, regimeCount: k, transition: c.transition, initialProbs: c.initialProbs, excludedLeading: 1 });
    const bf = bruteForce(k, n, c.logDensities, c.transition, c.initialProbs, 1);
    expect(Math.abs(f.logLikelihood - bf.logLik)).toBeLessThan(1e-12);
    expect(f.filteredProbs[0]).toBe(c.initialProbs[0]);
    expect(f.logLikelihoodPerObs[0]).toBe(0);
  });

  it('expected transition counts equal the enumerated pairwise marginals', () => {
    const k = 2;
    const n = 6;
    const c = randomCase(k, n, 9);
    const f = hamiltonFilter({ logDensities: c.logDensities, regimeCount: k, transition: c.transition, initialProbs: c.initialProbs });
    const sm = kimSmoother(f.filteredProbs, f.predictedProbs, c.transition, k);
    const xi = expectedTransitionCounts(f.filteredProbs, f.predictedProbs, sm, c.transition, k);
    const fused = new Float64Array(k * k);
    kimSmoother(f.filteredProbs, f.predictedProbs, c.transition, k, fused);
    for (let i = 0; i < k * k; i++) expect(Math.abs(fused[i] - xi[i])).toBeLessThan(1e-14);
    // Σ_j ξ(i,j) summed over t = Σ_{t<n-1} smoothed[t][i]
    for (let i = 0; i < k; i++) {
      let rowSum = 0;
      for (let j = 0; j < k; j++) rowSum += xi[i * k + j];
      let target = 0;
      for (let t = 0; t < n - 1; t++) target += sm[t * k + i];
      expect(Math.abs(rowSum - target)).toBeLessThan(1e-13);
    }
  });
});

describe('invariants', () => {
  it('causality by truncation: filtered probabilities on y_0..y_t equal the full run up to t', () => {
    const k = 3;
    const n = 400;
    const c = randomCase(k, n, 21);
    const full = hamiltonFilter({ logDensities: c.logDensities, regimeCount: k, transition: c.transition, initialProbs: c.initialProbs });
    for (const cut of [1, 50, 217, 399]) {
      const part = hamiltonFilter({ logDensities: c.logDensities.slice(0, cut * k), regimeCount: k, transition: c.transition, initialProbs: c.initialProbs });
      for (let i = 0; i < cut * k; i++) expect(part.filteredProbs[i]).toBe(full.filteredProbs[i]);
    }
  });

  it('no underflow on 500k bars: finite log-likelihood, rows of every probability matrix sum to 1', () => {
    const k = 2;
    const n = 500_000;
    const rng = createRng(3);
    const logF = new Float64Array(n * k);
    for (let t = 0; t < n; t++) {
      logF[t * k] = -50 - 10 * rng.uniform();
      logF[t * k + 1] = -50 - 10 * rng.uniform();
    }
    const P = toTransitionMatrix([[0.99, 0.01], [0.02, 0.98]]);
    const pi = stationaryDistribution(P, k);
    const f = hamiltonFilter({ logDensities: logF, regimeCount: k, transition: P, initialProbs: pi });
    expect(Number.isFinite(f.logLikelihood)).toBe(true);
    expect(f.logLikelihood).toBeLessThan(-50 * n);
    const sm = kimSmoother(f.filteredProbs, f.predictedProbs, P, k);
    for (const m of [f.filteredProbs, f.predictedProbs, sm]) {
      let worst = 0;
      for (let t = 0; t < n; t++) worst = Math.max(worst, Math.abs(m[t * k] + m[t * k + 1] - 1));
      expect(worst).toBeLessThan(1e-12);
    }
    const v = viterbiPath(logF, k, P, pi);
    expect(Number.isFinite(v.logProbability)).toBe(true);
  });

  it('stationary distribution solves π = πP and matches P^10000', () => {
    const P = toTransitionMatrix([[0.9, 0.07, 0.03], [0.1, 0.8, 0.1], [0.05, 0.15, 0.8]]);
    const pi = stationaryDistribution(P, 3);
    const power = transitionPower(P, 3, 10000);
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 3; i++) s += pi[i] * P[i * 3 + j];
      expect(Math.abs(s - pi[j])).toBeLessThan(1e-15);
      expect(Math.abs(power[j] - pi[j])).toBeLessThan(1e-12);
    }
    expect(Array.from(expectedDurationsBars(P, 3))).toEqual([1 / (1 - 0.9), 1 / (1 - 0.8), 1 / (1 - 0.8)]);
  });

  it('relabelling by volatility permutes probabilities, transitions and paths consistently', () => {
    const P = toTransitionMatrix([[0.8, 0.2], [0.05, 0.95]]);
    const order = ascendingOrder([4, 1]);
    expect(Array.from(order)).toEqual([1, 0]);
    expect(Array.from(permuteTransition(P, order))).toEqual([0.95, 0.05, 0.2, 0.8]);
    expect(Array.from(permuteColumns(Float64Array.from([0.3, 0.7, 0.6, 0.4]), order))).toEqual([0.7, 0.3, 0.4, 0.6]);
    expect(Array.from(permutePath(Uint8Array.from([0, 1, 1]), order))).toEqual([1, 0, 0]);
    const s = summarizeRegimes(P, 2, Float64Array.from([1, 0, 0, 1]), Uint8Array.from([0, 1]));
    expect(s.timeShareSmoothed).toEqual([0.5, 0.5]);
    expect(s.timeShareViterbi).toEqual([0.5, 0.5]);
  });

  it('rejects a transition matrix whose row does not sum to 1, naming the row', () => {
    expect(() => toTransitionMatrix([[0.9, 0.2], [0.5, 0.5]])).toThrow(/row 0 sums to 1.1/);
    const P = toTransitionMatrix([[0.9, 0.1], [0.5, 0.5]]);
    expect(() => hamiltonFilter({ logDensities: new Float64Array(4), regimeCount: 2, transition: P, initialProbs: [0.2, 0.2] })).toThrow(/initialProbs sums to 0.4/);
  });
});
