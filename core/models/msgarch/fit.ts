// Maximum-likelihood fit of a Markov-switching GARCH (R MSGARCH 2.51 conventions): starts from a
// Gaussian HMM on the returns and a single-regime fit, a few short BFGS runs on an unconstrained
// map of MSGARCH's parameter box, the best polished; analytic gradients; SEs from the Hessian.

import { RegimeLabError, throwIfCancelled, type CancelSignal } from '../../errors.ts';
import { minimize } from '../../optim/bfgs.ts';
import { hessianFromGradient } from '../../optim/numdiff.ts';
import { ascendingOrder, isIdentityOrder } from '../markov/regime-order.ts';
import { fillStandardErrors } from '../markov/standard-errors.ts';
import { stationaryDistribution, expectedDurationsBars } from '../markov/transition.ts';
import { baumWelch, defaultHmmStart } from '../hmm/gaussian-hmm.ts';
import { transitionFromLogits, logitsFromTransition, pullBackTransitionGradient } from '../markov/transition-logits.ts';
import { createMsGarchEvaluator, transitionFromVector, type MsGarchLayout } from './likelihood.ts';
import { regimeUnconditionalVariance } from './simulate.ts';
import {
  MSGARCH_BOUNDS,
  msGarchParamCount,
  msGarchParamNames,
  msGarchParamsFromArray,
  msGarchParamsToNamed,
  validateMsGarchSpec,
  validateReturns,
  type MsGarchParams,
  type MsGarchSpec,
} from './spec.ts';

export type MsGarchFitOptions = {
  /** Starting points refined by short BFGS runs before the best is polished (default 4). */
  restarts?: number;
  /**
   * Short runs continued to convergence, best first (default 1: on all 18 MSGARCH reference fits the
   * second-best short run never ended higher than the best, so a second polish only costs time).
   */
  polish?: number;
  /** Extra starting parameter vectors (MSGARCH order), tried alongside the generated ones. */
  startParams?: ArrayLike<number>[];
  /** BFGS stops when max |∂loglik/∂u| ≤ this, in log-likelihood units (default 1e-4). */
  gradientTolerance?: number;
  /** Compute standard errors (default true). */
  standardErrors?: boolean;
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
};

export type MsGarchFit = {
  /** The spec with regimes in the fitted order (regime 1 = lowest unconditional variance). */
  spec: MsGarchSpec;
  params: MsGarchParams;
  paramNames: string[];
  /** MSGARCH order: per regime alpha0, alpha1, [alpha2], beta, [nu]; then P_i_j row by row without the last column. */
  paramArray: Float64Array;
  namedParams: Record<string, number>;
  /** Same order as paramArray; NaN where the Hessian is not usable (a parameter on its bound). */
  standardErrors: Float64Array;
  namedStandardErrors: Record<string, number>;
  logLikelihood: number;
  /** Free parameters: regime blocks + K(K−1) transition probabilities. */
  paramCount: number;
  /** As MSGARCH: n = length(y) in BIC and HQIC (the first observation only conditions). */
  nobs: number;
  aic: number;
  bic: number;
  hqic: number;
  stationaryProbs: number[];
  expectedDurationsBars: number[];
  unconditionalVariances: number[];
  /** order[newRegime] = regime index in the optimiser's labelling. */
  regimeOrder: number[];
  converged: boolean;
  iterations: number;
  evaluations: number;
  /** Log-likelihood of every start after its short run, best first. */
  starts: { label: string; logLikelihood: number }[];
};

const LOWER_ALPHA1 = MSGARCH_BOUNDS.alpha1[0];
const LOWER_HALF_ALPHA2 = MSGARCH_BOUNDS.alpha2[0] / 2;
const LOWER_ALPHA0 = MSGARCH_BOUNDS.alpha0[0];
const NU_LOW = MSGARCH_BOUNDS.nu[0];
const NU_RANGE = MSGARCH_BOUNDS.nu[1] - MSGARCH_BOUNDS.nu[0];

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Unconstrained map u ↔ natural θ (MSGARCH order). Per regime: alpha0 = 1e-7 + e^u; the excesses of
 * (alpha1, alpha2/2, beta) over their lower bounds are E·softmax(z, 0) with E = cap·logistic(v), so
 * alpha1 + alpha2/2 + beta < 0.99999999 always; nu = 2.1 + 97.9·logistic(u). Transition rows are
 * softmax(u_i, 0) (every entry, the implied last column too, in (0, 1)).
 */
type ParamMap = {
  toNatural(u: ArrayLike<number>, theta: Float64Array): void;
  toUnconstrained(theta: ArrayLike<number>): Float64Array;
  /** gU = Jᵀ gTheta with J = ∂θ/∂u at u. */
  pullBackGradient(u: ArrayLike<number>, gTheta: Float64Array, gU: Float64Array): void;
};

function createParamMap(layout: MsGarchLayout): ParamMap {
  const { k, d } = layout;
  const T0 = layout.transitionOffset;
  const gjr = Array.from(layout.alpha2, (i) => i >= 0);
  const cap = (r: number) => MSGARCH_BOUNDS.persistence - LOWER_ALPHA1 - (gjr[r] ? LOWER_HALF_ALPHA2 : 0) - 1e-12;
  // Unconstrained slots reuse the natural slots: alpha0 ↔ log, alpha1 ↔ v (total), alpha2 ↔ z(alpha2), beta ↔ z(alpha1).
  const shares = (u: ArrayLike<number>, r: number, w: Float64Array): number => {
    // components: [alpha1, (alpha2/2), beta], logits [z1, (z2), 0]
    const z1 = u[layout.beta[r]];
    const z2 = gjr[r] ? u[layout.alpha2[r]] : -Infinity;
    const m = Math.max(z1, z2, 0);
    const e1 = Math.exp(z1 - m);
    const e2 = gjr[r] ? Math.exp(z2 - m) : 0;
    const e3 = Math.exp(-m);
    const s = e1 + e2 + e3;
    w[0] = e1 / s;
    w[1] = e2 / s;
    w[2] = e3 / s;
    return cap(r) * logistic(u[layout.alpha1[r]]);
  };
  const w = new Float64Array(3);
  const P = new Float64Array(k * k);
  const gFree = new Float64Array(Math.max(k * (k - 1), 1));
  return {
    toNatural(u, theta) {
      for (let r = 0; r < k; r++) {
        theta[layout.alpha0[r]] = LOWER_ALPHA0 + Math.exp(u[layout.alpha0[r]]);
        const total = shares(u, r, w);
        theta[layout.alpha1[r]] = LOWER_ALPHA1 + total * w[0];
        if (gjr[r]) theta[layout.alpha2[r]] = 2 * (LOWER_HALF_ALPHA2 + total * w[1]);
        theta[layout.beta[r]] = total * w[2];
        if (layout.nu[r] >= 0) theta[layout.nu[r]] = NU_LOW + NU_RANGE * logistic(u[layout.nu[r]]);
      }
      transitionFromLogits(u, T0, k, P);
      for (let i = 0; i < k; i++) for (let c = 0; c < k - 1; c++) theta[T0 + i * (k - 1) + c] = P[i * k + c];
    },
    toUnconstrained(theta) {
      const u = new Float64Array(d);
      const floor = 1e-10;
      for (let r = 0; r < k; r++) {
        u[layout.alpha0[r]] = Math.log(Math.max(theta[layout.alpha0[r]] - LOWER_ALPHA0, floor));
        const c1 = Math.max(theta[layout.alpha1[r]] - LOWER_ALPHA1, floor);
        const c2 = gjr[r] ? Math.max(theta[layout.alpha2[r]] / 2 - LOWER_HALF_ALPHA2, floor) : 0;
        const c3 = Math.max(theta[layout.beta[r]], floor);
        const total = c1 + c2 + c3;
        const frac = Math.min(Math.max(total / cap(r), 1e-10), 1 - 1e-10);
        u[layout.alpha1[r]] = logit(frac);
        u[layout.beta[r]] = Math.log(c1 / c3);
        if (gjr[r]) u[layout.alpha2[r]] = Math.log(c2 / c3);
        if (layout.nu[r] >= 0) {
          const f = Math.min(Math.max((theta[layout.nu[r]] - NU_LOW) / NU_RANGE, 1e-10), 1 - 1e-10);
          u[layout.nu[r]] = logit(f);
        }
      }
      transitionFromVector(theta, layout, P);
      logitsFromTransition(P, k, u, T0);
      return u;
    },
    pullBackGradient(u, gTheta, gU) {
      gU.fill(0);
      for (let r = 0; r < k; r++) {
        gU[layout.alpha0[r]] = gTheta[layout.alpha0[r]] * Math.exp(u[layout.alpha0[r]]);
        const total = shares(u, r, w);
        const sig = logistic(u[layout.alpha1[r]]);
        const dTotal = cap(r) * sig * (1 - sig);
        // components c_i = total·w_i; natural = lower + c (alpha2 = 2·(lower + c_2))
        const gc0 = gTheta[layout.alpha1[r]];
        const gc1 = gjr[r] ? 2 * gTheta[layout.alpha2[r]] : 0;
        const gc2 = gTheta[layout.beta[r]];
        const gw = w[0] * gc0 + w[1] * gc1 + w[2] * gc2;
        gU[layout.alpha1[r]] = dTotal * gw;
        // ∂c_i/∂z_j = total·w_i(δ_ij − w_j): z1 ↔ component 0 (slot beta), z2 ↔ component 1 (slot alpha2)
        gU[layout.beta[r]] = total * w[0] * (gc0 - gw);
        if (gjr[r]) gU[layout.alpha2[r]] = total * w[1] * (gc1 - gw);
        if (layout.nu[r] >= 0) {
          const s = logistic(u[layout.nu[r]]);
          gU[layout.nu[r]] = gTheta[layout.nu[r]] * NU_RANGE * s * (1 - s);
        }
      }
      transitionFromLogits(u, T0, k, P);
      for (let q = 0; q < k * (k - 1); q++) gFree[q] = gTheta[T0 + q];
      pullBackTransitionGradient(P, k, gFree, gU, T0);
    },
  };
}

export function fitMsGarch(spec: MsGarchSpec, returns: Float64Array, options: MsGarchFitOptions = {}): MsGarchFit {
  validateMsGarchSpec(spec);
  validateReturns(returns);
  const k = spec.regimes.length;
  const n = returns.length;
  if (n < 10 * msGarchParamCount(spec)) {
    throw new RegimeLabError('E_BAD_INPUT', `returns has ${n} observations, too few for ${msGarchParamCount(spec)} parameters`);
  }
  const restarts = Math.max(1, Math.floor(options.restarts ?? 5));
  const progress = options.onProgress ?? (() => {});
  const signal = options.signal;
  const evaluator = createMsGarchEvaluator(spec, returns);
  const layout = evaluator.layout;
  const map = createParamMap(layout);
  const d = layout.d;
  const theta = new Float64Array(d);
  const gTheta = new Float64Array(d);
  // Objective: −loglik/n in unconstrained coordinates (scaled so tolerances do not depend on n).
  const scale = 1 / (n - 1);
  const objective = (u: Float64Array, gU: Float64Array | null): number => {
    map.toNatural(u, theta);
    if (gU === null) return -evaluator.logLikelihood(theta) * scale;
    const ll = evaluator.logLikelihoodWithGradient(theta, gTheta);
    map.pullBackGradient(u, gTheta, gU);
    for (let i = 0; i < d; i++) gU[i] *= -scale;
    return -ll * scale;
  };

  // 1. Candidate starts.
  throwIfCancelled(signal);
  const candidates = generateStarts(spec, returns, layout, signal);
  for (const s of options.startParams ?? []) {
    if (s.length !== d) throw new RegimeLabError('E_BAD_INPUT', `startParams entry has ${s.length} values, expected ${d}`);
    candidates.push({ label: 'user', theta: Float64Array.from(s) });
  }
  progress(0.05);
  const scored = candidates
    .map((c) => {
      const u = map.toUnconstrained(c.theta);
      return { label: c.label, u, value: objective(u, null) };
    })
    .filter((c) => Number.isFinite(c.value))
    .sort((a, b) => a.value - b.value);
  if (scored.length === 0) throw new RegimeLabError('E_INTERNAL', 'no starting point has a finite likelihood');

  // 2. Short runs from the best few starts.
  const gtol = (options.gradientTolerance ?? 1e-4) * scale;
  const chosen = scored.slice(0, restarts);
  let iterations = 0;
  let evaluations = 0;
  const short = chosen.map((c, i) => {
    throwIfCancelled(signal);
    const r = minimize(objective, c.u, { maxIterations: 20, gradientTolerance: gtol * 100, functionTolerance: 1e-9, signal });
    iterations += r.iterations;
    evaluations += r.evaluations;
    progress(0.05 + (0.55 * (i + 1)) / chosen.length);
    return { label: c.label, u: r.x, value: r.value };
  });
  short.sort((a, b) => a.value - b.value);

  // 3. Polish the best short run(s).
  let best: { label: string; u: Float64Array; value: number; converged: boolean } | null = null;
  const polishCount = Math.min(Math.max(1, Math.floor(options.polish ?? 1)), short.length);
  for (let i = 0; i < polishCount; i++) {
    throwIfCancelled(signal);
    // The optimiser polls `cancelled()` once per iteration: that poll also drives progress, so a long
    // (500k-bar) polish reports as it goes. ~150 iterations is a typical polish.
    let polled = 0;
    const base = 0.6 + (0.3 * i) / polishCount;
    const pollingSignal = {
      cancelled: () => {
        polled++;
        progress(base + (0.3 / polishCount) * (1 - Math.exp(-polled / 150)));
        return signal?.cancelled() ?? false;
      },
    };
    const r = minimize(objective, short[i].u, { maxIterations: 1000, gradientTolerance: gtol, functionTolerance: 1e-14, signal: pollingSignal });
    iterations += r.iterations;
    evaluations += r.evaluations;
    if (!best || r.value < best.value) best = { label: short[i].label, u: r.x, value: r.value, converged: r.converged };
    progress(0.6 + (0.3 * (i + 1)) / polishCount);
  }
  throwIfCancelled(signal);
  if (!best) throw new RegimeLabError('E_INTERNAL', 'no start reached a finite likelihood');
  const final = best;
  map.toNatural(final.u, theta);
  const logLikelihood = evaluator.logLikelihood(theta);

  // 4. Order regimes by unconditional variance (as MSGARCH), with the spec and transitions.
  const raw = msGarchParamsFromArray(spec, theta);
  const uncond = raw.regimes.map(regimeUnconditionalVariance);
  const order = Array.from(ascendingOrder(uncond));
  const orderedSpec: MsGarchSpec = { regimes: order.map((o) => spec.regimes[o]) };
  const params: MsGarchParams = {
    regimes: order.map((o) => raw.regimes[o]),
    transition: order.map((a) => order.map((b) => raw.transition[a][b])),
  };
  const orderedEvaluator = isIdentityOrder(order) ? evaluator : createMsGarchEvaluator(orderedSpec, returns);
  const paramArray = paramsToVector(orderedSpec, params);

  // 5. Standard errors: inverse of −Hessian of the loglik in natural coordinates (analytic gradient, differenced).
  const standardErrors = new Float64Array(d).fill(NaN);
  if (options.standardErrors ?? true) {
    const grad = (x: Float64Array, g: Float64Array) => {
      orderedEvaluator.logLikelihoodWithGradient(x, g);
    };
    const hessian = hessianFromGradient(grad, paramArray);
    fillStandardErrors(hessian, standardErrors);
  }
  progress(1);

  const paramNames = msGarchParamNames(orderedSpec);
  const paramCount = msGarchParamCount(orderedSpec);
  const P = new Float64Array(k * k);
  params.transition.forEach((row, i) => row.forEach((p, j) => (P[i * k + j] = p)));
  return {
    spec: orderedSpec,
    params,
    paramNames,
    paramArray,
    namedParams: msGarchParamsToNamed(orderedSpec, params),
    standardErrors,
    namedStandardErrors: Object.fromEntries(paramNames.map((nm, i) => [nm, standardErrors[i]])),
    logLikelihood,
    paramCount,
    nobs: n,
    aic: -2 * logLikelihood + 2 * paramCount,
    bic: -2 * logLikelihood + paramCount * Math.log(n),
    hqic: -2 * logLikelihood + 2 * paramCount * Math.log(Math.log(n)),
    stationaryProbs: k === 1 ? [1] : Array.from(stationaryDistribution(P, k)),
    expectedDurationsBars: Array.from(expectedDurationsBars(P, k)),
    unconditionalVariances: order.map((o) => uncond[o]),
    regimeOrder: order,
    converged: final.converged,
    iterations,
    evaluations,
    starts: short.map((s) => ({ label: s.label, logLikelihood: -s.value / scale })),
  };
}

function paramsToVector(spec: MsGarchSpec, params: MsGarchParams): Float64Array {
  const named = msGarchParamsToNamed(spec, params);
  return Float64Array.from(msGarchParamNames(spec).map((nm) => named[nm]));
}

type Start = { label: string; theta: Float64Array };

/**
 * Starting points: per-regime variance levels and transitions from a K-state Gaussian HMM on the
 * returns (Baum–Welch, capped), combined with a few GARCH persistence profiles.
 */
function generateStarts(spec: MsGarchSpec, y: Float64Array, layout: MsGarchLayout, signal?: CancelSignal): Start[] {
  const k = spec.regimes.length;
  let levels: number[];
  let transition: number[][];
  if (k === 1) {
    let s = 0;
    for (let t = 0; t < y.length; t++) s += y[t] * y[t];
    levels = [s / y.length];
    transition = [[1]];
  } else {
    // Starting values only: on long series the HMM sees the most recent 50k bars.
    const sample = y.length > 50_000 ? y.subarray(y.length - 50_000) : y;
    const start = defaultHmmStart(sample, k);
    start.means = new Array<number>(k).fill(0);
    // Spread the variances so EM separates calm from turbulent regimes.
    start.variances = start.variances.map((v, j) => v * (0.3 + (1.7 * j) / (k - 1)));
    const hmm = baumWelch(sample, start, { maxIterations: 40, tolerance: 1e-4, signal });
    const order = Array.from(ascendingOrder(hmm.params.variances));
    levels = order.map((o) => hmm.params.variances[o] + hmm.params.means[o] ** 2);
    transition = order.map((a) => order.map((b) => Math.min(Math.max(hmm.params.transmat[a][b], 1e-4), 1 - 1e-4)));
    transition = transition.map((row) => {
      const s = row.reduce((x, z) => x + z, 0);
      return row.map((p) => p / s);
    });
  }
  const persistentTransition = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (k === 1 ? 1 : i === j ? 0.98 : 0.02 / (k - 1))));
  const mixingTransition = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (k === 1 ? 1 : i === j ? 0.8 : 0.2 / (k - 1))));
  const profiles: { label: string; alpha: number[]; beta: number[]; nu: number; P: number[][] }[] = [
    { label: 'hmm, a=0.05 b=0.90', alpha: new Array(k).fill(0.05), beta: new Array(k).fill(0.9), nu: 8, P: transition },
    { label: 'hmm, a=0.10 b=0.80', alpha: new Array(k).fill(0.1), beta: new Array(k).fill(0.8), nu: 6, P: transition },
    { label: 'hmm, a=0.03 b=0.95', alpha: new Array(k).fill(0.03), beta: new Array(k).fill(0.95), nu: 10, P: transition },
    { label: 'hmm, low persistence', alpha: new Array(k).fill(0.05), beta: new Array(k).fill(0.5), nu: 8, P: transition },
    { label: 'hmm, mixed persistence', alpha: Array.from({ length: k }, (_, j) => (j === 0 ? 0.04 : 0.1)), beta: Array.from({ length: k }, (_, j) => (j === 0 ? 0.93 : 0.8)), nu: 8, P: transition },
    { label: 'persistent chain, a=0.05 b=0.90', alpha: new Array(k).fill(0.05), beta: new Array(k).fill(0.9), nu: 8, P: persistentTransition },
    // Fast-switching chains between highly persistent GARCHs: the mixture-like optima of crypto returns.
    { label: 'mixing chain, a=0.02 b=0.96', alpha: new Array(k).fill(0.02), beta: new Array(k).fill(0.96), nu: 6, P: mixingTransition },
    { label: 'mixing chain, a=0.05 b=0.90', alpha: new Array(k).fill(0.05), beta: new Array(k).fill(0.9), nu: 6, P: mixingTransition },
  ];
  return profiles.map((p) => {
    const theta = new Float64Array(layout.d);
    spec.regimes.forEach((r, j) => {
      const gjr = r.model === 'gjrGARCH';
      const a1 = gjr ? p.alpha[j] / 2 : p.alpha[j];
      const a2 = gjr ? p.alpha[j] : 0;
      const b = p.beta[j];
      theta[layout.alpha0[j]] = Math.max(levels[j] * (1 - a1 - a2 / 2 - b), 2e-7);
      theta[layout.alpha1[j]] = a1;
      if (gjr) theta[layout.alpha2[j]] = a2;
      theta[layout.beta[j]] = b;
      if (layout.nu[j] >= 0) theta[layout.nu[j]] = p.nu;
    });
    for (let i = 0; i < k; i++) for (let c = 0; c < k - 1; c++) theta[layout.transitionOffset + i * (k - 1) + c] = p.P[i][c];
    return { label: p.label, theta };
  });
}
