// Maximum-likelihood fit of GARCH(1,1) / GJR(1,1) with fGarch's likelihood conventions: the series is
// scaled by sd(x) first (as fGarch), BFGS with the analytic gradient runs in unconstrained
// coordinates (transform.ts) from the best few of a grid of screened starts, and the best optimum is kept.

import { minimize } from '../../optim/bfgs.ts';
import type { CancelSignal } from '../../errors.ts';
import { throwIfCancelled } from '../../errors.ts';
import type { GarchParams, GarchSpec, GarchParamName } from './spec.ts';
import { badInput, paramNames, paramsFromArray, validateParams, validateReturns, validateSpec } from './spec.ts';
import { ALPHA1, BETA1, evaluateGarch, FULL_LENGTH, fullIndices, GAMMA1, MU, OMEGA, SHAPE, SKEW, toFullVector } from './likelihood.ts';
import type { ParameterBounds } from './transform.ts';
import { DEFAULT_BOUNDS, toNatural, toUnconstrained } from './transform.ts';
import { aparchKappa } from './persistence.ts';
import { garchStandardErrors } from './standard-errors.ts';
import { informationCriteria } from './information-criteria.ts';
import type { InformationCriteria } from './information-criteria.ts';
import { garchSigmaPath } from './variance.ts';
import { aparchToGjr } from './gjr-mapping.ts';
import type { GjrTextbook } from './gjr-mapping.ts';

/** Fewest observations a fit accepts. */
export const MIN_FIT_OBSERVATIONS = 30;

export type GarchFitOptions = {
  /** Full BFGS runs from the best screened starts (default 3); the best optimum is kept. */
  starts?: number;
  /** An extra starting point (e.g. the previous fit in a rolling refit), tried first. */
  initial?: GarchParams;
  bounds?: Partial<ParameterBounds>;
  /** BFGS iteration cap per start (default 300). */
  maxIterations?: number;
  /** Compute standard errors (default true). */
  standardErrors?: boolean;
  signal?: CancelSignal;
};

export type GarchFit = {
  spec: GarchSpec;
  /** Estimates by fGarch name. */
  params: GarchParams;
  /** The same estimates in fGarch's order (`paramNames`). */
  paramArray: Float64Array;
  paramNames: GarchParamName[];
  /** Standard errors by name (NaN where the Hessian is singular at the optimum). */
  stderr: Partial<Record<GarchParamName, number>>;
  /** +log-likelihood on the original series (fGarch's −fit@fit$llh). */
  loglik: number;
  nobs: number;
  /** Per observation, as fGarch's fit@fit$ics; `ics.totals` has the plain totals. */
  aic: number;
  bic: number;
  hqic: number;
  ics: InformationCriteria;
  /** κ·α1 + β1, κ = E[(|z| − γ1 z)²]; < 1 for a covariance-stationary fit. */
  persistence: number;
  /** ω / (1 − persistence), or Infinity when persistence ≥ 1. */
  unconditionalVariance: number;
  /** Textbook GJR coefficients (gjr only). */
  gjrTextbook: GjrTextbook | null;
  converged: boolean;
  iterations: number;
  evaluations: number;
  message: string;
  /** Conditional σ_t at the estimates, t = 1..N. */
  sigma: Float64Array;
};

type Candidate = { full: Float64Array; loglik: number };

export function fitGarch(returns: Float64Array, spec: GarchSpec, options: GarchFitOptions = {}): GarchFit {
  validateSpec(spec);
  validateReturns(returns, MIN_FIT_OBSERVATIONS);
  const bounds: ParameterBounds = { ...DEFAULT_BOUNDS, ...options.bounds };
  if (!(bounds.shape[0] > 2 && bounds.shape[1] > bounds.shape[0])) throw badInput('options.bounds.shape', bounds.shape, 'must satisfy 2 < lower < upper');
  if (!(bounds.skew[0] > 0 && bounds.skew[1] > bounds.skew[0])) throw badInput('options.bounds.skew', bounds.skew, 'must satisfy 0 < lower < upper');
  const startCount = options.starts ?? 3;
  if (!(Number.isInteger(startCount) && startCount >= 1)) throw badInput('options.starts', startCount, 'must be a positive integer');

  const n = returns.length;
  // As fGarch: optimise on x / sd(x) (sd with N − 1), report μ·sd and ω·sd².
  let mean = 0;
  for (let t = 0; t < n; t++) mean += returns[t];
  mean /= n;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (returns[t] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) throw badInput('returns', 'a constant series', 'must vary (sd > 0) to fit a GARCH model');
  const scaled = new Float64Array(n);
  for (let t = 0; t < n; t++) scaled[t] = returns[t] / sd;

  const indices = fullIndices(spec);
  const k = indices.length;
  const rescale = Float64Array.from(indices, (slot) => (slot === MU ? sd : slot === OMEGA ? sd * sd : 1));

  // Objective in u: −loglik(θ(u)) / N on the scaled series, gradient by the chain rule.
  const full = new Float64Array(FULL_LENGTH);
  const gradFull = new Float64Array(FULL_LENGTH);
  const jacobian = new Float64Array(k);
  const shifted = new Float64Array(FULL_LENGTH);
  const objective = (u: Float64Array, grad: Float64Array | null): number => {
    toNatural(spec, bounds, u, indices, full, bounds.stationary ? null : jacobian);
    const loglik = evaluateGarch(scaled, spec, full, grad ? gradFull : null);
    if (!Number.isFinite(loglik)) return Infinity;
    if (grad) {
      if (!bounds.stationary) {
        for (let i = 0; i < k; i++) grad[i] = (-gradFull[indices[i]] * jacobian[i]) / n;
      } else {
        // Dense chain rule with a central-difference Jacobian of the (cheap) transform.
        const uStep = Float64Array.from(u);
        for (let i = 0; i < k; i++) {
          const h = 1e-6 * Math.max(1, Math.abs(u[i]));
          uStep[i] = u[i] + h;
          toNatural(spec, bounds, uStep, indices, shifted, null);
          let sum = 0;
          for (let s = 0; s < FULL_LENGTH; s++) sum += gradFull[s] * shifted[s];
          uStep[i] = u[i] - h;
          toNatural(spec, bounds, uStep, indices, shifted, null);
          for (let s = 0; s < FULL_LENGTH; s++) sum -= gradFull[s] * shifted[s];
          uStep[i] = u[i];
          grad[i] = -sum / (2 * h) / n;
        }
      }
    }
    return -loglik / n;
  };

  // Screen a grid of starts by likelihood; run BFGS from the best few.
  const candidates: Candidate[] = [];
  const addCandidate = (theta: Float64Array): void => {
    const u = toUnconstrained(spec, bounds, theta, indices);
    toNatural(spec, bounds, u, indices, full, null);
    const value = objective(u, null);
    if (Number.isFinite(value)) candidates.push({ full: Float64Array.from(full), loglik: -value * n });
  };
  let initialCandidate: Candidate | null = null;
  if (options.initial) {
    validateParams(spec, options.initial);
    const theta = toFullVector(spec, options.initial);
    theta[MU] /= sd;
    theta[OMEGA] /= sd * sd;
    addCandidate(theta);
    initialCandidate = candidates.pop() ?? null;
  }
  const scaledMean = mean / sd;
  for (const theta of startingGrid(spec, scaledMean)) addCandidate(theta);
  candidates.sort((a, b) => b.loglik - a.loglik);
  const chosen = (initialCandidate ? [initialCandidate] : []).concat(candidates.slice(0, initialCandidate ? Math.max(startCount - 1, 0) : startCount));
  if (chosen.length === 0) throw badInput('returns', `series of length ${n}`, 'gives no finite likelihood at any starting value');

  let best: { u: Float64Array; value: number; converged: boolean; message: string } | null = null;
  let iterations = 0;
  let evaluations = 0;
  for (const candidate of chosen) {
    const u0 = toUnconstrained(spec, bounds, candidate.full, indices);
    const result = minimize(objective, u0, {
      maxIterations: options.maxIterations ?? 300,
      // Per-observation scale: |∂(−loglik/N)/∂u| ≤ 1e-7 leaves the total loglik ~1e-9 from the optimum;
      // tighter asks for decreases below the rounding noise of a 10⁴-term sum.
      gradientTolerance: 1e-7,
      functionTolerance: 1e-14,
      signal: options.signal,
    });
    iterations += result.iterations;
    evaluations += result.evaluations;
    throwIfCancelled(options.signal);
    if (best === null || result.value < best.value) {
      best = { u: result.x, value: result.value, converged: result.converged, message: result.message };
    }
  }
  const optimum = best!;

  toNatural(spec, bounds, optimum.u, indices, full, null);
  const scaledOptimum = Float64Array.from(full);
  const original = Float64Array.from(full);
  original[MU] *= sd;
  original[OMEGA] *= sd * sd;
  const paramArray = Float64Array.from(indices, (slot) => original[slot]);
  const params = paramsFromArray(spec, paramArray);
  const names = paramNames(spec);
  // As fGarch: the reported log-likelihood is recomputed on the original series.
  const loglik = evaluateGarch(returns, spec, original, null);

  const stderr: Partial<Record<GarchParamName, number>> = {};
  if (options.standardErrors ?? true) {
    const se = garchStandardErrors(scaled, spec, scaledOptimum, indices, rescale);
    names.forEach((name, i) => { stderr[name] = se.stderr[i]; });
  }

  const ics = informationCriteria(loglik, k, n);
  const kappa = aparchKappa(spec, original[GAMMA1], original[SHAPE], original[SKEW]);
  const persistence = kappa * original[ALPHA1] + original[BETA1];
  return {
    spec,
    params,
    paramArray,
    paramNames: names,
    stderr,
    loglik,
    nobs: n,
    aic: ics.aic,
    bic: ics.bic,
    hqic: ics.hqic,
    ics,
    persistence,
    unconditionalVariance: persistence < 1 ? original[OMEGA] / (1 - persistence) : Infinity,
    gjrTextbook: spec.variance === 'gjr' ? aparchToGjr(original[ALPHA1], original[GAMMA1]) : null,
    converged: optimum.converged,
    iterations,
    evaluations,
    message: optimum.message,
    sigma: garchSigmaPath(returns, spec, params),
  };
}

/**
 * Starting values on the sd-scaled series (variance ≈ 1): fGarch's own start (α1 0.1, β1 0.8,
 * γ1 0.1, ν 4, ξ 1) plus persistences 0.95–0.99 and heavier/lighter tails, ω targeting variance 1.
 */
function startingGrid(spec: GarchSpec, scaledMean: number): Float64Array[] {
  const grid: Float64Array[] = [];
  const persistencePairs: [number, number][] = [[0.1, 0.8], [0.08, 0.9], [0.05, 0.94], [0.1, 0.89]];
  const shapes = spec.dist === 'norm' ? [0] : [4, 2.5, 8];
  const gammas = spec.variance === 'gjr' ? [0.1, -0.1, 0.4] : [0];
  for (const [alpha1, beta1] of persistencePairs) {
    for (const shape of shapes) {
      for (const gamma1 of gammas) {
        const theta = new Float64Array(FULL_LENGTH);
        theta[MU] = spec.mean ? scaledMean : 0;
        theta[ALPHA1] = alpha1;
        theta[BETA1] = beta1;
        theta[GAMMA1] = gamma1;
        theta[OMEGA] = Math.max(1 - (1 + gamma1 * gamma1) * alpha1 - beta1, 0.005);
        theta[SKEW] = 1;
        theta[SHAPE] = shape;
        grid.push(theta);
      }
    }
  }
  return grid;
}
