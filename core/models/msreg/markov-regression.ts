// Markov-switching regression with switching intercept and (optionally) switching variance, as
// statsmodels 0.13.5 `MarkovRegression(trend='c')`: steady-state initial probabilities, every
// observation in the likelihood. Filter/smoother, EM then BFGS with the exact (Fisher-identity) gradient.

import { RegimeLabError, throwIfCancelled, type CancelSignal } from '../../errors.ts';
import { minimize } from '../../optim/bfgs.ts';
import { hessianFromGradient } from '../../optim/numdiff.ts';
import { hamiltonFilter } from '../markov/hamilton-filter.ts';
import { kimSmoother } from '../markov/kim-smoother.ts';
import { viterbiPath } from '../markov/viterbi.ts';
import { ascendingOrder } from '../markov/regime-order.ts';
import { stationaryDistribution, stationaryDerivative, expectedDurationsBars } from '../markov/transition.ts';
import { transitionFromLogits, logitsFromTransition, pullBackTransitionGradient } from '../markov/transition-logits.ts';
import { gaussianLogDensities } from '../hmm/gaussian-hmm.ts';
import { fillStandardErrors } from '../markov/standard-errors.ts';
import {
  markovRegressionParamCount,
  markovRegressionParamNames,
  markovRegressionParamsToArray,
  markovRegressionParamsToNamed,
  toStatsmodelsOrientation,
  validateMarkovRegressionParams,
  validateMarkovRegressionSpec,
  validateSeries,
  type MarkovRegressionParams,
  type MarkovRegressionSpec,
} from './spec.ts';

export type MarkovRegressionFilterResult = {
  regimeCount: number;
  logLikelihood: number;
  logLikelihoodPerObs: Float64Array;
  /** n×K, P(S_t | y_0..y_t). */
  filteredProbs: Float64Array;
  /** n×K, P(S_t | y_0..y_{t−1}); row 0 = steady state (statsmodels `predicted_marginal_probabilities`). */
  predictedProbs: Float64Array;
  /** K, P(S_n | y_0..y_{n−1}). */
  forecastProbs: Float64Array;
  /** n×K, P(S_t | y_0..y_{n−1}) (Kim; hindsight). */
  smoothedProbs: Float64Array;
  viterbi: Uint8Array;
  steadyState: number[];
  expectedDurationsBars: number[];
};

type Internal = { k: number; transition: Float64Array; means: Float64Array; variances: Float64Array; pi: Float64Array };

function toInternal(spec: MarkovRegressionSpec, p: MarkovRegressionParams): Internal {
  const k = spec.regimeCount;
  const transition = new Float64Array(k * k);
  p.transition.forEach((row, i) => row.forEach((v, j) => (transition[i * k + j] = v)));
  const variances = Float64Array.from({ length: k }, (_, j) => (spec.switchingVariance ? p.sigma2[j] : p.sigma2[0]));
  return { k, transition, means: Float64Array.from(p.const), variances, pi: stationaryDistribution(transition, k) };
}

export function markovRegressionFilter(spec: MarkovRegressionSpec, params: MarkovRegressionParams, y: Float64Array): MarkovRegressionFilterResult {
  validateMarkovRegressionParams(spec, params);
  validateSeries(y, 1);
  const m = toInternal(spec, params);
  const logf = gaussianLogDensities(y, m.means, m.variances);
  // As statsmodels: steady-state initialisation, predicted[0] = π, every observation in the llf.
  const f = hamiltonFilter({ logDensities: logf, regimeCount: m.k, transition: m.transition, initialProbs: m.pi });
  return {
    regimeCount: m.k,
    logLikelihood: f.logLikelihood,
    logLikelihoodPerObs: f.logLikelihoodPerObs,
    filteredProbs: f.filteredProbs,
    predictedProbs: f.predictedProbs,
    forecastProbs: f.forecastProbs,
    smoothedProbs: kimSmoother(f.filteredProbs, f.predictedProbs, m.transition, m.k),
    viterbi: viterbiPath(logf, m.k, m.transition, m.pi).path,
    steadyState: Array.from(m.pi),
    expectedDurationsBars: Array.from(expectedDurationsBars(m.transition, m.k)),
  };
}

type EStep = { logLikelihood: number; gamma: Float64Array; xiCounts: Float64Array };

function eStep(m: Internal, y: Float64Array, logf: Float64Array): EStep | null {
  gaussianLogDensities(y, m.means, m.variances, logf);
  const f = hamiltonFilter({ logDensities: logf, regimeCount: m.k, transition: m.transition, initialProbs: m.pi, perObservation: false });
  if (!Number.isFinite(f.logLikelihood)) return null;
  const xiCounts = new Float64Array(m.k * m.k);
  const gamma = kimSmoother(f.filteredProbs, f.predictedProbs, m.transition, m.k, xiCounts);
  return { logLikelihood: f.logLikelihood, gamma, xiCounts };
}

/**
 * Exact gradient of the llf in natural coordinates [free P[i][c] row-major, const[K], sigma2[K or 1]]
 * by the Fisher identity: ∂llf = E[∂ log p(y, S) | y], including the steady-state term Σ_k γ_0k ∂log π_k.
 */
function naturalGradient(spec: MarkovRegressionSpec, m: Internal, y: Float64Array, e: EStep, grad: Float64Array): void {
  const k = m.k;
  const n = y.length;
  grad.fill(0);
  for (let i = 0; i < k; i++) {
    const last = m.transition[i * k + k - 1];
    for (let c = 0; c < k - 1; c++) {
      const p = m.transition[i * k + c];
      let g = (p > 0 ? e.xiCounts[i * k + c] / p : 0) - (last > 0 ? e.xiCounts[i * k + k - 1] / last : 0);
      const dpi = stationaryDerivative(m.transition, k, m.pi, i, c);
      if (dpi) for (let j = 0; j < k; j++) if (m.pi[j] > 0) g += (e.gamma[j] * dpi[j]) / m.pi[j];
      grad[i * (k - 1) + c] = g;
    }
  }
  const o = k * (k - 1);
  for (let j = 0; j < k; j++) {
    const mu = m.means[j];
    const v = m.variances[j];
    let gm = 0;
    let gv = 0;
    for (let t = 0; t < n; t++) {
      const g = e.gamma[t * k + j];
      const r = y[t] - mu;
      gm += g * r;
      gv += g * (r * r / v - 1);
    }
    grad[o + j] = gm / v;
    grad[o + k + (spec.switchingVariance ? j : 0)] += gv / (2 * v);
  }
}

export type MarkovRegressionFitOptions = {
  /** EM iterations for the continued starts before the quasi-Newton polish (default 50). */
  emIterations?: number;
  /** EM stops once a step gains less than this, relative to |llf| (default 1e-9; looser EM leaves BFGS more, costlier, work). */
  emTolerance?: number;
  /** K ≥ 3: add starts that split each regime of a (K−1)-regime fit (default true). */
  splitStarts?: boolean;
  /** Generated starts (best after a 10-step EM screen) whose EM continues and which are polished (default 2). */
  continued?: number;
  /** Starts run through EM; the best two are polished (default: 4 generated starts). */
  startParams?: MarkovRegressionParams[];
  standardErrors?: boolean;
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
};

export type MarkovRegressionFit = {
  spec: MarkovRegressionSpec;
  /** Regimes ordered by sigma2 ascending (switching variance) or const ascending (common variance). */
  params: MarkovRegressionParams;
  paramNames: string[];
  /** statsmodels order. */
  paramArray: Float64Array;
  namedParams: Record<string, number>;
  standardErrors: Float64Array;
  logLikelihood: number;
  /** All parameters, transitions included (statsmodels' k). */
  paramCount: number;
  nobs: number;
  aic: number;
  bic: number;
  hqic: number;
  /** statsmodels orientation, [i][j] = P(S_t = i | S_{t−1} = j) (columns = from), for side-by-side checks. */
  regimeTransitionStatsmodels: number[][];
  steadyState: number[];
  expectedDurationsBars: number[];
  converged: boolean;
  iterations: number;
  starts: { label: string; logLikelihood: number }[];
};

/** Unconstrained u = [transition logits K(K−1), const K, log sigma2 (K or 1)]. */
function fromUnconstrained(spec: MarkovRegressionSpec, u: ArrayLike<number>, m: Internal): boolean {
  const k = spec.regimeCount;
  transitionFromLogits(u, 0, k, m.transition);
  const o = k * (k - 1);
  for (let j = 0; j < k; j++) {
    m.means[j] = u[o + j];
    m.variances[j] = Math.exp(u[o + k + (spec.switchingVariance ? j : 0)]);
  }
  try {
    m.pi.set(stationaryDistribution(m.transition, k));
  } catch {
    return false;
  }
  return true;
}

function toUnconstrained(spec: MarkovRegressionSpec, m: Internal): Float64Array {
  const k = spec.regimeCount;
  const u = new Float64Array(markovRegressionParamCount(spec));
  logitsFromTransition(m.transition, k, u, 0);
  const o = k * (k - 1);
  for (let j = 0; j < k; j++) u[o + j] = m.means[j];
  if (spec.switchingVariance) for (let j = 0; j < k; j++) u[o + k + j] = Math.log(m.variances[j]);
  else u[o + k] = Math.log(m.variances[0]);
  return u;
}

function emStep(spec: MarkovRegressionSpec, m: Internal, y: Float64Array, e: EStep): void {
  const k = m.k;
  const n = y.length;
  // As statsmodels' EM: transitions from the expected counts (the steady-state initial term is ignored).
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += e.xiCounts[i * k + j];
    for (let j = 0; j < k; j++) m.transition[i * k + j] = Math.min(Math.max(e.xiCounts[i * k + j] / s, 1e-12), 1);
    let r = 0;
    for (let j = 0; j < k; j++) r += m.transition[i * k + j];
    for (let j = 0; j < k; j++) m.transition[i * k + j] /= r;
  }
  let pooled = 0;
  for (let j = 0; j < k; j++) {
    let w = 0;
    let sy = 0;
    for (let t = 0; t < n; t++) {
      w += e.gamma[t * k + j];
      sy += e.gamma[t * k + j] * y[t];
    }
    const mu = sy / w;
    let sv = 0;
    for (let t = 0; t < n; t++) sv += e.gamma[t * k + j] * (y[t] - mu) ** 2;
    m.means[j] = mu;
    m.variances[j] = Math.max(sv / w, 1e-12);
    pooled += sv;
  }
  if (!spec.switchingVariance) m.variances.fill(Math.max(pooled / n, 1e-12));
  m.pi.set(stationaryDistribution(m.transition, k));
}

function defaultStarts(spec: MarkovRegressionSpec, y: Float64Array): { label: string; m: Internal }[] {
  const k = spec.regimeCount;
  const n = y.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t];
  mean /= n;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += (y[t] - mean) ** 2;
  variance /= n;
  const sorted = Float64Array.from(y).sort();
  const quantile = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
  const make = (label: string, diag: number, means: number[], variances: number[]) => {
    const transition = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) transition[i * k + j] = i === j ? diag : (1 - diag) / (k - 1);
    const v = spec.switchingVariance ? variances : new Array<number>(k).fill(variance);
    return { label, m: { k, transition, means: Float64Array.from(means), variances: Float64Array.from(v), pi: stationaryDistribution(transition, k) } };
  };
  const spread = (lo: number, hi: number) => Array.from({ length: k }, (_, j) => variance * lo * (hi / lo) ** (j / (k - 1)));
  const quantileMeans = Array.from({ length: k }, (_, j) => quantile((j + 0.5) / k));
  const flat = new Array<number>(k).fill(mean);
  return [
    make('variance spread 0.3–2.5, p_ii = 0.95', 0.95, flat, spread(0.3, 2.5)),
    make('variance spread 0.1–5, p_ii = 0.99', 0.99, flat, spread(0.1, 5)),
    make('quantile means, p_ii = 0.9', 0.9, quantileMeans, new Array<number>(k).fill(variance)),
    make('quantile means, variance spread, p_ii = 0.98', 0.98, quantileMeans, spread(0.5, 2)),
  ];
}

/** K-regime start from a (K−1)-regime fit: regime j duplicated with means μ ± dm·σ and variances σ²·fv^±1. */
function splitRegime(spec: MarkovRegressionSpec, p: MarkovRegressionParams, j: number, dm: number, fv: number): Internal {
  const k = spec.regimeCount;
  const source = Array.from({ length: k }, (_, a) => (a <= j ? a : a - 1)); // new regime → old regime
  const transition = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const v = p.transition[source[a]][source[b]];
      transition[a * k + b] = source[b] === j ? v / 2 : v;
    }
  }
  const sd = Math.sqrt(spec.switchingVariance ? p.sigma2[j] : p.sigma2[0]);
  const means = Float64Array.from({ length: k }, (_, a) => p.const[source[a]] + (a === j ? -dm * sd : a === j + 1 ? dm * sd : 0));
  const variances = Float64Array.from({ length: k }, (_, a) => {
    const v = spec.switchingVariance ? p.sigma2[source[a]] : p.sigma2[0];
    return spec.switchingVariance ? (a === j ? v / fv : a === j + 1 ? v * fv : v) : v;
  });
  return { k, transition, means, variances, pi: stationaryDistribution(transition, k) };
}

function fromParams(spec: MarkovRegressionSpec, p: MarkovRegressionParams): Internal {
  validateMarkovRegressionParams(spec, p);
  return toInternal(spec, p);
}

function cloneInternal(m: Internal): Internal {
  return { k: m.k, transition: Float64Array.from(m.transition), means: Float64Array.from(m.means), variances: Float64Array.from(m.variances), pi: Float64Array.from(m.pi) };
}

function toParams(spec: MarkovRegressionSpec, m: Internal): MarkovRegressionParams {
  const k = m.k;
  return {
    transition: Array.from({ length: k }, (_, i) => Array.from(m.transition.subarray(i * k, i * k + k))),
    const: Array.from(m.means),
    sigma2: spec.switchingVariance ? Array.from(m.variances) : [m.variances[0]],
  };
}

export function fitMarkovRegression(spec: MarkovRegressionSpec, y: Float64Array, options: MarkovRegressionFitOptions = {}): MarkovRegressionFit {
  validateMarkovRegressionSpec(spec);
  validateSeries(y, 4 * markovRegressionParamCount(spec));
  const k = spec.regimeCount;
  const n = y.length;
  const d = markovRegressionParamCount(spec);
  const progress = options.onProgress ?? (() => {});
  const emIterations = options.emIterations ?? 50;
  const emTolerance = options.emTolerance ?? 1e-9;
  const logf = new Float64Array(n * k);
  const starts: { label: string; m: Internal; priority?: boolean }[] = [
    ...defaultStarts(spec, y),
    ...(options.startParams ?? []).map((p, i) => ({ label: `user ${i + 1}`, m: fromParams(spec, p), priority: true })),
  ];

  // K ≥ 3: also split each regime of a (K−1)-regime fit in two (how the reference's best K=3 optima
  // were found: statsmodels' own fit stops 3.0 short on the synthetic series).
  if (k >= 3 && (options.splitStarts ?? true)) {
    const smaller = fitMarkovRegression({ ...spec, regimeCount: k - 1 }, y, { standardErrors: false, signal: options.signal });
    for (let j = 0; j < k - 1; j++) {
      for (const [label, dm, fv] of [['mean split', 0.25, 1], ['variance split', 0, 1.5]] as const) {
        starts.push({ label: `${label} of regime ${j} of the K=${k - 1} fit`, m: splitRegime(spec, smaller.params, j, dm, fv), priority: j === k - 2 });
      }
    }
  }
  progress(0.2);

  // 1. EM from every start (cheap, robust far from the optimum): a few steps for all, more for the best two.
  const runEm = (m0: Internal, iterations: number) => {
    let m = m0;
    let e = eStep(m, y, logf);
    let previous = -Infinity;
    for (let it = 0; it < iterations && e; it++) {
      throwIfCancelled(options.signal);
      // EM only has to bring BFGS into the basin.
      if (e.logLikelihood - previous < emTolerance * Math.abs(e.logLikelihood)) break;
      previous = e.logLikelihood;
      const next = cloneInternal(m);
      emStep(spec, next, y, e);
      const en = eStep(next, y, logf);
      if (!en) break;
      m = next;
      e = en;
    }
    return { m, logLikelihood: e ? e.logLikelihood : -Infinity };
  };
  // Splits of the most volatile regime and user starts are always continued: a 10-step EM screen
  // ranks them poorly although they lead to the best K=3 optima on the reference series.
  const screened = starts.map((s) => ({ label: s.label, priority: s.priority === true, ...runEm(cloneInternal(s.m), Math.min(10, emIterations)) }));
  screened.sort((a, b) => b.logLikelihood - a.logLikelihood);
  progress(0.35);
  const generic = screened.filter((s) => !s.priority).slice(0, options.continued ?? 2);
  const afterEm = [...generic, ...screened.filter((s) => s.priority)].map((s) => ({ label: s.label, ...runEm(s.m, emIterations) }));
  afterEm.sort((a, b) => b.logLikelihood - a.logLikelihood);
  progress(0.5);

  // 2. BFGS on −llf/n in unconstrained coordinates with the exact gradient, from the best two.
  const work = cloneInternal(afterEm[0].m);
  const gNat = new Float64Array(d);
  const scale = 1 / n;
  const objective = (u: Float64Array, gU: Float64Array | null): number => {
    if (!fromUnconstrained(spec, u, work)) return Infinity;
    const e = eStep(work, y, logf);
    if (!e) return Infinity;
    if (gU) {
      naturalGradient(spec, work, y, e, gNat);
      pullBackTransitionGradient(work.transition, k, gNat, gU, 0);
      const o = k * (k - 1);
      for (let j = 0; j < k; j++) gU[o + j] = gNat[o + j];
      if (spec.switchingVariance) for (let j = 0; j < k; j++) gU[o + k + j] = gNat[o + k + j] * work.variances[j];
      else gU[o + k] = gNat[o + k] * work.variances[0];
      for (let i = 0; i < d; i++) gU[i] *= -scale;
    }
    return -e.logLikelihood * scale;
  };
  type Polished = { u: Float64Array; value: number; converged: boolean; iterations: number };
  let final: Polished | null = null;
  const polished: { label: string; logLikelihood: number }[] = [];
  for (const [idx, s] of afterEm.entries()) {
    throwIfCancelled(options.signal);
    const r = minimize(objective, toUnconstrained(spec, s.m), { maxIterations: 500, gradientTolerance: 1e-5 * scale, functionTolerance: 1e-15, signal: options.signal });
    if (!final || r.value < final.value) final = { u: r.x, value: r.value, converged: r.converged, iterations: r.iterations };
    progress(0.5 + (0.4 * (idx + 1)) / afterEm.length);
    polished.push({ label: s.label, logLikelihood: -r.value / scale });
  }
  throwIfCancelled(options.signal);
  if (!final) throw new RegimeLabError('E_INTERNAL', 'no start reached a finite likelihood');
  fromUnconstrained(spec, final.u, work);

  // 3. Canonical labels: sigma2 ascending (switching variance) or const ascending.
  const order = Array.from(ascendingOrder(spec.switchingVariance ? work.variances : work.means));
  const ordered: Internal = {
    k,
    transition: Float64Array.from({ length: k * k }, (_, idx) => work.transition[order[Math.floor(idx / k)] * k + order[idx % k]]),
    means: Float64Array.from(order, (o) => work.means[o]),
    variances: Float64Array.from(order, (o) => work.variances[o]),
    pi: Float64Array.from(order, (o) => work.pi[o]),
  };
  const params = toParams(spec, ordered);
  const logLikelihood = markovRegressionFilter(spec, params, y).logLikelihood;
  const paramArray = markovRegressionParamsToArray(spec, params);

  // 4. Standard errors from the Hessian of the exact gradient, in statsmodels' natural coordinates.
  const standardErrors = new Float64Array(d).fill(NaN);
  if (options.standardErrors ?? true) {
    const toStatsmodels = (natural: Float64Array, out: Float64Array) => {
      // natural: [P[i][c] row-major, const, sigma2]; statsmodels: p[i->j] with j outer
      let o = 0;
      for (let c = 0; c < k - 1; c++) for (let i = 0; i < k; i++) out[o++] = natural[i * (k - 1) + c];
      for (let q = k * (k - 1); q < d; q++) out[q] = natural[q];
    };
    const gradAt = (x: Float64Array, g: Float64Array) => {
      const p = markovRegressionParamsFromArrayLoose(spec, x);
      if (!p) {
        g.fill(NaN);
        return;
      }
      const e = eStep(p, y, logf);
      if (!e) {
        g.fill(NaN);
        return;
      }
      naturalGradient(spec, p, y, e, gNat);
      toStatsmodels(gNat, g);
    };
    fillStandardErrors(hessianFromGradient(gradAt, paramArray), standardErrors);
  }
  progress(1);
  const paramCount = d;
  return {
    spec,
    params,
    paramNames: markovRegressionParamNames(spec),
    paramArray,
    namedParams: markovRegressionParamsToNamed(spec, params),
    standardErrors,
    logLikelihood,
    paramCount,
    nobs: n,
    // As statsmodels: k counts every parameter; BIC and HQIC use nobs = n.
    aic: -2 * logLikelihood + 2 * paramCount,
    bic: -2 * logLikelihood + paramCount * Math.log(n),
    hqic: -2 * logLikelihood + 2 * paramCount * Math.log(Math.log(n)),
    regimeTransitionStatsmodels: toStatsmodelsOrientation(params.transition),
    steadyState: Array.from(ordered.pi),
    expectedDurationsBars: Array.from(expectedDurationsBars(ordered.transition, k)),
    converged: final.converged,
    iterations: final.iterations,
    starts: polished,
  };
}

/** statsmodels-ordered array → internal model without throwing (null outside the domain). */
function markovRegressionParamsFromArrayLoose(spec: MarkovRegressionSpec, x: ArrayLike<number>): Internal | null {
  const k = spec.regimeCount;
  const transition = new Float64Array(k * k);
  let o = 0;
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) transition[i * k + j] = x[o++];
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k - 1; j++) s += transition[i * k + j];
    transition[i * k + k - 1] = 1 - s;
  }
  for (let i = 0; i < k * k; i++) if (!(transition[i] >= 0 && transition[i] <= 1)) return null;
  const means = Float64Array.from({ length: k }, () => x[o++]);
  const variances = new Float64Array(k);
  if (spec.switchingVariance) for (let j = 0; j < k; j++) variances[j] = x[o++];
  else variances.fill(x[o++]);
  if (!variances.every((v) => v > 0)) return null;
  let pi: Float64Array;
  try {
    pi = stationaryDistribution(transition, k);
  } catch {
    return null;
  }
  return { k, transition, means, variances, pi };
}
