// One entry point over every volatility/regime model: fit a spec to a return series, or evaluate
// its log-likelihood at given parameters, with a uniform result (named parameters and standard
// errors, information criteria, transition matrix rows = from, regimes ordered by volatility) and
// the probability series. Information criteria are recomputed as totals the same way for every
// model (AIC = −2ℓ + 2k, BIC = −2ℓ + k ln n, HQIC = −2ℓ + 2k ln ln n) so a selection table can
// compare them; each model's native figures (fGarch reports per-observation values) are kept too.

import { RegimeLabError, type CancelSignal } from '../errors.ts';
import type { RegimeModelSpec } from '../contract/regimes.ts';
import { fitGarch, garchLogLikelihood, resolveParams as resolveGarchParams, paramNames as garchParamNames, garchSigmaPath, type GarchSpec } from './garch/index.ts';
import {
  fitMsGarch,
  msGarchFilter,
  msGarchParamNames,
  msGarchParamsFromArray,
  msGarchParamsFromNamed,
  uniformMsGarchSpec,
  type MsGarchSpec,
} from './msgarch/index.ts';
import { fitMarkovRegression, markovRegressionFilter, markovRegressionParamNames, markovRegressionParamsFromArray, type MarkovRegressionSpec } from './msreg/index.ts';
import { fitGaussianHmm, gaussianHmmPosteriors, hmmParamNames, hmmParamsFromArray } from './hmm/index.ts';

export type RegimeFitSummary = {
  spec: RegimeModelSpec;
  label: string;
  regimes: number;
  loglik: number;
  nobs: number;
  paramCount: number;
  aic: number;
  bic: number;
  hqic: number;
  /** The reference implementation's own criteria (fGarch: per observation). */
  native: { aic: number; bic: number; hqic: number | null };
  params: Record<string, number>;
  /** Parameter names in the reference implementation's order (`regimelab loglik --params [...]`). */
  paramOrder: string[];
  stderr: Record<string, number | null>;
  converged: boolean;
  iterations: number;
  /** Row-stochastic, rows = from, regimes ordered by volatility (regime 1 = lowest). */
  transitionMatrix: number[][] | null;
  stationary: number[] | null;
  expectedDurationsBars: number[] | null;
  /** Per-bar standard deviation of each regime, in the units of the input series. */
  regimeSigma: number[];
};

export type RegimeFitSeries = {
  /** n×K row-major: P(s_t | y_≤t), causal. */
  filtered?: Float64Array;
  /** n×K: P(s_t | y_<t). */
  predicted?: Float64Array;
  /** n×K: P(s_t | y_all) — hindsight, for study only. */
  smoothed?: Float64Array;
  viterbi?: Uint8Array;
  /** n (GARCH) or n×K (MS-GARCH): conditional σ per bar. */
  sigma?: Float64Array;
};

export type RegimeFit = { summary: RegimeFitSummary; series: RegimeFitSeries };

export type FitRegimeOptions = { signal?: CancelSignal; onProgress?: (fraction: number) => void };

export function regimeModelLabel(spec: RegimeModelSpec): string {
  const k = regimeCount(spec);
  const dist = spec.dist ?? 'norm';
  switch (spec.model) {
    case 'garch':
    case 'gjr':
      return `${spec.model === 'gjr' ? 'GJR' : 'GARCH'}(1,1)-${dist}${spec.mean === false ? '' : ' with mean'}`;
    case 'msgarch':
      return `MS-${(spec.variance ?? 'gjr') === 'gjr' ? 'GJR' : 'GARCH'}-${dist} K=${k}`;
    case 'msreg':
      return `MS regression K=${k}${spec.switchingVariance === false ? '' : ', switching variance'}`;
    case 'hmm':
      return `Gaussian HMM K=${k}`;
  }
}

export function regimeCount(spec: RegimeModelSpec): number {
  if (spec.model === 'garch' || spec.model === 'gjr') return 1;
  return spec.regimes ?? 2;
}

function garchSpecOf(spec: RegimeModelSpec): GarchSpec {
  const dist = spec.dist ?? 'norm';
  return { variance: spec.model === 'gjr' ? 'gjr' : 'garch', dist: dist === 't' ? 'std' : dist === 'skewt' ? 'sstd' : 'norm', mean: spec.mean ?? true };
}

function msGarchSpecOf(spec: RegimeModelSpec): MsGarchSpec {
  const dist = spec.dist ?? 'norm';
  if (dist === 'skewt') throw new RegimeLabError('E_BAD_INPUT', 'dist: MS-GARCH supports norm or t innovations, not skewt');
  const k = regimeCount(spec);
  if (k < 1 || k > 3) throw new RegimeLabError('E_BAD_INPUT', `regimes: MS-GARCH takes K = 1..3, got ${k}`);
  return uniformMsGarchSpec((spec.variance ?? 'gjr') === 'gjr' ? 'gjrGARCH' : 'sGARCH', dist === 't' ? 'std' : 'norm', k);
}

function msRegSpecOf(spec: RegimeModelSpec): MarkovRegressionSpec {
  const k = regimeCount(spec);
  if (k < 2 || k > 3) throw new RegimeLabError('E_BAD_INPUT', `regimes: MS regression takes K = 2 or 3, got ${k}`);
  return { regimeCount: k, switchingVariance: spec.switchingVariance ?? true };
}

function criteria(loglik: number, k: number, n: number) {
  return { aic: -2 * loglik + 2 * k, bic: -2 * loglik + k * Math.log(n), hqic: -2 * loglik + 2 * k * Math.log(Math.log(n)) };
}

function named(names: string[], values: ArrayLike<number>): Record<string, number | null> {
  return Object.fromEntries(names.map((name, i) => [name, Number.isFinite(values[i]) ? values[i] : null]));
}

/** What MS-GARCH and MS-regression fits report alike (both carry MLE standard errors and a chain). */
type SwitchingFit = {
  logLikelihood: number;
  nobs: number;
  paramCount: number;
  aic: number;
  bic: number;
  hqic: number;
  namedParams: Record<string, number>;
  paramNames: string[];
  standardErrors: ArrayLike<number>;
  converged: boolean;
  iterations: number;
  params: { transition: number[][] };
  expectedDurationsBars: number[];
};

function switchingSummary(spec: RegimeModelSpec, label: string, fit: SwitchingFit, stationary: number[], regimeSigma: number[]): RegimeFitSummary {
  return {
    spec,
    label,
    regimes: fit.params.transition.length,
    loglik: fit.logLikelihood,
    nobs: fit.nobs,
    paramCount: fit.paramCount,
    ...criteria(fit.logLikelihood, fit.paramCount, fit.nobs),
    native: { aic: fit.aic, bic: fit.bic, hqic: fit.hqic },
    params: fit.namedParams,
    paramOrder: fit.paramNames,
    stderr: named(fit.paramNames, fit.standardErrors),
    converged: fit.converged,
    iterations: fit.iterations,
    transitionMatrix: fit.params.transition.map((row) => [...row]),
    stationary,
    expectedDurationsBars: fit.expectedDurationsBars,
    regimeSigma,
  };
}

export function fitRegimeModel(spec: RegimeModelSpec, returns: Float64Array, options: FitRegimeOptions = {}): RegimeFit {
  const label = regimeModelLabel(spec);
  switch (spec.model) {
    case 'garch':
    case 'gjr': {
      const gspec = garchSpecOf(spec);
      const fit = fitGarch(returns, gspec, { signal: options.signal });
      options.onProgress?.(1);
      const paramCount = fit.paramNames.length;
      return {
        summary: {
          spec,
          label,
          regimes: 1,
          loglik: fit.loglik,
          nobs: fit.nobs,
          paramCount,
          ...criteria(fit.loglik, paramCount, fit.nobs),
          native: { aic: fit.aic, bic: fit.bic, hqic: fit.hqic },
          params: Object.fromEntries(fit.paramNames.map((name, i) => [name, fit.paramArray[i]])),
          paramOrder: fit.paramNames,
          stderr: Object.fromEntries(fit.paramNames.map((name) => [name, Number.isFinite(fit.stderr[name] ?? Number.NaN) ? (fit.stderr[name] as number) : null])),
          converged: fit.converged,
          iterations: fit.iterations,
          transitionMatrix: null,
          stationary: null,
          expectedDurationsBars: null,
          regimeSigma: [Math.sqrt(fit.unconditionalVariance)],
        },
        series: { sigma: fit.sigma },
      };
    }
    case 'msgarch': {
      const mspec = msGarchSpecOf(spec);
      const fit = fitMsGarch(mspec, returns, { restarts: spec.restarts, signal: options.signal, onProgress: options.onProgress });
      const filter = msGarchFilter(fit.spec, fit.params, returns);
      return {
        summary: switchingSummary(spec, label, fit, fit.stationaryProbs, fit.unconditionalVariances.map(Math.sqrt)),
        series: { filtered: filter.filteredProbs, predicted: filter.predictedProbs, smoothed: filter.smoothedProbs, viterbi: filter.viterbi, sigma: filter.sigma },
      };
    }
    case 'msreg': {
      const rspec = msRegSpecOf(spec);
      const fit = fitMarkovRegression(rspec, returns, { signal: options.signal, onProgress: options.onProgress });
      const filter = markovRegressionFilter(rspec, fit.params, returns);
      const variances = rspec.switchingVariance ? fit.params.sigma2 : Array.from({ length: rspec.regimeCount }, () => fit.params.sigma2[0]);
      return {
        summary: switchingSummary(spec, label, fit, fit.steadyState, variances.map(Math.sqrt)),
        series: { filtered: filter.filteredProbs, predicted: filter.predictedProbs, smoothed: filter.smoothedProbs, viterbi: filter.viterbi },
      };
    }
    case 'hmm': {
      const k = regimeCount(spec);
      if (k < 2 || k > 4) throw new RegimeLabError('E_BAD_INPUT', `regimes: the Gaussian HMM takes K = 2..4, got ${k}`);
      const fit = fitGaussianHmm(returns, k, { signal: options.signal });
      options.onProgress?.(1);
      const posteriors = gaussianHmmPosteriors(fit.params, returns);
      const names = hmmParamNames(k);
      const values = [...fit.params.startprob, ...fit.params.transmat.flat(), ...fit.params.means, ...fit.params.variances];
      const c = criteria(fit.logLikelihood, fit.paramCount, fit.nobs);
      return {
        summary: {
          spec,
          label,
          regimes: k,
          loglik: fit.logLikelihood,
          nobs: fit.nobs,
          paramCount: fit.paramCount,
          ...c,
          native: { aic: fit.aic, bic: fit.bic, hqic: null },
          params: Object.fromEntries(names.map((name, i) => [name, values[i]])),
          paramOrder: names,
          // Baum–Welch gives no Hessian; standard errors are not estimated for the HMM.
          stderr: Object.fromEntries(names.map((name) => [name, null])),
          converged: fit.converged,
          iterations: fit.iterations,
          transitionMatrix: fit.params.transmat.map((row) => [...row]),
          stationary: fit.stationaryProbs,
          expectedDurationsBars: fit.expectedDurationsBars,
          regimeSigma: fit.params.variances.map(Math.sqrt),
        },
        series: { filtered: posteriors.filteredProbs, predicted: posteriors.predictedProbs, smoothed: posteriors.posteriors, viterbi: posteriors.viterbi },
      };
    }
  }
  throw new RegimeLabError('E_BAD_INPUT', `model: unknown model ${JSON.stringify((spec as { model: unknown }).model)}`);
}

/** Parameters as an object of names or an array in the reference implementation's order. */
export type ParamsInput = Record<string, number> | number[];

export function regimeParamNames(spec: RegimeModelSpec): string[] {
  switch (spec.model) {
    case 'garch':
    case 'gjr':
      return garchParamNames(garchSpecOf(spec));
    case 'msgarch':
      return msGarchParamNames(msGarchSpecOf(spec));
    case 'msreg':
      return markovRegressionParamNames(msRegSpecOf(spec));
    case 'hmm':
      return hmmParamNames(regimeCount(spec));
  }
}

function toArray(spec: RegimeModelSpec, params: ParamsInput): number[] {
  const names = regimeParamNames(spec);
  if (Array.isArray(params)) {
    if (params.length !== names.length) {
      throw new RegimeLabError('E_BAD_INPUT', `params: ${regimeModelLabel(spec)} takes ${names.length} parameters in the order ${names.join(', ')}; got ${params.length}`);
    }
    return params;
  }
  const missing = names.filter((name) => typeof params[name] !== 'number');
  const unknown = Object.keys(params).filter((name) => !names.includes(name));
  if (missing.length || unknown.length) {
    throw new RegimeLabError('E_BAD_INPUT', `params: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `unknown ${unknown.join(', ')}` : ''} (expected ${names.join(', ')})`);
  }
  return names.map((name) => params[name]);
}

/** The log-likelihood at fixed parameters, with each reference implementation's conventions. */
export function regimeLogLikelihood(spec: RegimeModelSpec, returns: Float64Array, params: ParamsInput): { loglik: number; nobs: number; series: RegimeFitSeries } {
  const values = toArray(spec, params);
  switch (spec.model) {
    case 'garch':
    case 'gjr': {
      const gspec = garchSpecOf(spec);
      const resolved = resolveGarchParams(gspec, values);
      return { loglik: garchLogLikelihood(returns, gspec, resolved), nobs: returns.length, series: { sigma: garchSigmaPath(returns, gspec, resolved) } };
    }
    case 'msgarch': {
      const mspec = msGarchSpecOf(spec);
      const parsed = Array.isArray(params) ? msGarchParamsFromArray(mspec, values) : msGarchParamsFromNamed(mspec, params);
      const filter = msGarchFilter(mspec, parsed, returns);
      return { loglik: filter.logLikelihood, nobs: returns.length, series: { filtered: filter.filteredProbs, predicted: filter.predictedProbs, smoothed: filter.smoothedProbs, viterbi: filter.viterbi, sigma: filter.sigma } };
    }
    case 'msreg': {
      const rspec = msRegSpecOf(spec);
      const filter = markovRegressionFilter(rspec, markovRegressionParamsFromArray(rspec, values), returns);
      return { loglik: filter.logLikelihood, nobs: returns.length, series: { filtered: filter.filteredProbs, predicted: filter.predictedProbs, smoothed: filter.smoothedProbs, viterbi: filter.viterbi } };
    }
    case 'hmm': {
      const posteriors = gaussianHmmPosteriors(hmmParamsFromArray(values, regimeCount(spec)), returns);
      return { loglik: posteriors.logLikelihood, nobs: returns.length, series: { filtered: posteriors.filteredProbs, predicted: posteriors.predictedProbs, smoothed: posteriors.posteriors, viterbi: posteriors.viterbi } };
    }
  }
}
