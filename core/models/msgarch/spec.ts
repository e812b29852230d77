// Markov-switching GARCH specifications and parameters as R MSGARCH 2.51 names and orders them:
// per regime k `alpha0_k, alpha1_k, [alpha2_k], beta_k, [nu_k]`, then the transition probabilities
// row by row without each row's last column (P_i_j = Pr(s_t = j | s_{t-1} = i), rows = from).

import { RegimeLabError } from '../../errors.ts';
import type { MsGarchRegimeParams } from './simulate.ts';

export type MsGarchVarianceModel = 'sGARCH' | 'gjrGARCH';
export type MsGarchDistribution = 'norm' | 'std';
export type MsGarchRegimeSpec = { model: MsGarchVarianceModel; distribution: MsGarchDistribution };
/** K = regimes.length (1, 2 or 3; larger K works but is untested against MSGARCH). */
export type MsGarchSpec = { regimes: MsGarchRegimeSpec[] };

export type MsGarchParams = {
  /** sGARCH regimes carry alpha2 = 0; normal regimes carry no nu. */
  regimes: MsGarchRegimeParams[];
  /** K×K, rows = from. */
  transition: number[][];
};

// As R MSGARCH (`spec$lower`, `spec$upper`): the box every parameter lives in, and the
// covariance-stationarity bound alpha1 + alpha2/2 + beta < 0.99999999.
export const MSGARCH_BOUNDS = {
  alpha0: [1e-7, 100],
  alpha1: [1e-6, 0.9999],
  alpha2: [1e-4, 10],
  beta: [0, 0.9999],
  nu: [2.1, 100],
  persistence: 0.99999999,
} as const;

export function uniformMsGarchSpec(model: MsGarchVarianceModel, distribution: MsGarchDistribution, regimeCount: number): MsGarchSpec {
  if (!Number.isInteger(regimeCount) || regimeCount < 1) {
    throw new RegimeLabError('E_BAD_INPUT', `regimeCount must be a positive integer, got ${regimeCount}`);
  }
  return { regimes: Array.from({ length: regimeCount }, () => ({ model, distribution })) };
}

export function validateMsGarchSpec(spec: MsGarchSpec): void {
  if (!Array.isArray(spec.regimes) || spec.regimes.length < 1 || spec.regimes.length > 255) {
    throw new RegimeLabError('E_BAD_INPUT', `spec.regimes must list 1 to 255 regimes, got ${spec.regimes?.length}`);
  }
  spec.regimes.forEach((r, k) => {
    if (r.model !== 'sGARCH' && r.model !== 'gjrGARCH') throw new RegimeLabError('E_BAD_INPUT', `spec.regimes[${k}].model must be 'sGARCH' or 'gjrGARCH', got ${String(r.model)}`);
    if (r.distribution !== 'norm' && r.distribution !== 'std') throw new RegimeLabError('E_BAD_INPUT', `spec.regimes[${k}].distribution must be 'norm' or 'std', got ${String(r.distribution)}`);
  });
}

/** Number of parameters of regime k's block. */
export function regimeParamCount(r: MsGarchRegimeSpec): number {
  return 3 + (r.model === 'gjrGARCH' ? 1 : 0) + (r.distribution === 'std' ? 1 : 0);
}

/** Free parameters d: regime blocks plus K·(K−1) transition probabilities (MSGARCH's AIC/BIC count). */
export function msGarchParamCount(spec: MsGarchSpec): number {
  const k = spec.regimes.length;
  return spec.regimes.reduce((s, r) => s + regimeParamCount(r), 0) + k * (k - 1);
}

/** MSGARCH's `param_order`, 1-based names: alpha0_1, alpha1_1, ..., P_1_1, ... */
export function msGarchParamNames(spec: MsGarchSpec): string[] {
  const names: string[] = [];
  spec.regimes.forEach((r, k) => {
    const s = k + 1;
    names.push(`alpha0_${s}`, `alpha1_${s}`);
    if (r.model === 'gjrGARCH') names.push(`alpha2_${s}`);
    names.push(`beta_${s}`);
    if (r.distribution === 'std') names.push(`nu_${s}`);
  });
  const k = spec.regimes.length;
  for (let i = 1; i <= k; i++) for (let j = 1; j < k; j++) names.push(`P_${i}_${j}`);
  return names;
}

/** Parameters in MSGARCH order. */
export function msGarchParamsToArray(spec: MsGarchSpec, params: MsGarchParams): Float64Array {
  const out: number[] = [];
  spec.regimes.forEach((r, k) => {
    const p = params.regimes[k];
    out.push(p.alpha0, p.alpha1);
    if (r.model === 'gjrGARCH') out.push(p.alpha2);
    out.push(p.beta);
    if (r.distribution === 'std') out.push(p.nu ?? NaN);
  });
  const k = spec.regimes.length;
  for (let i = 0; i < k; i++) for (let j = 0; j < k - 1; j++) out.push(params.transition[i][j]);
  return Float64Array.from(out);
}

/** Reads an array in MSGARCH order; each row's last transition column is 1 − Σ of the others. */
export function msGarchParamsFromArray(spec: MsGarchSpec, values: ArrayLike<number>): MsGarchParams {
  const d = msGarchParamCount(spec);
  if (values.length !== d) {
    throw new RegimeLabError('E_BAD_INPUT', `params has ${values.length} values, expected ${d} (${msGarchParamNames(spec).join(', ')})`);
  }
  let o = 0;
  const regimes: MsGarchRegimeParams[] = spec.regimes.map((r) => {
    const alpha0 = values[o++];
    const alpha1 = values[o++];
    const alpha2 = r.model === 'gjrGARCH' ? values[o++] : 0;
    const beta = values[o++];
    const p: MsGarchRegimeParams = { alpha0, alpha1, alpha2, beta };
    if (r.distribution === 'std') p.nu = values[o++];
    return p;
  });
  const k = spec.regimes.length;
  const transition: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    let sum = 0;
    for (let j = 0; j < k - 1; j++) {
      row.push(values[o]);
      sum += values[o++];
    }
    row.push(1 - sum);
    transition.push(row);
  }
  return { regimes, transition };
}

/** Reads a { name: value } object with MSGARCH's names (alpha0_1, ..., P_1_1, ...). */
export function msGarchParamsFromNamed(spec: MsGarchSpec, named: Record<string, number>): MsGarchParams {
  const names = msGarchParamNames(spec);
  const values = names.map((name) => {
    const v = named[name];
    if (typeof v !== 'number') throw new RegimeLabError('E_BAD_INPUT', `params.${name} is missing (got ${String(v)})`);
    return v;
  });
  return msGarchParamsFromArray(spec, values);
}

export function msGarchParamsToNamed(spec: MsGarchSpec, params: MsGarchParams): Record<string, number> {
  const names = msGarchParamNames(spec);
  const values = msGarchParamsToArray(spec, params);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

/**
 * Throws E_BAD_INPUT naming the first parameter outside the model's domain. The domain is wider than
 * MSGARCH's fitting box (any alpha0 > 0, alpha1, alpha2, beta ≥ 0, persistence < 1, nu > 2,
 * transition entries in [0, 1]) so fixed-parameter evaluation accepts every valid model.
 */
export function validateMsGarchParams(spec: MsGarchSpec, params: MsGarchParams): void {
  validateMsGarchSpec(spec);
  const k = spec.regimes.length;
  if (params.regimes.length !== k) throw new RegimeLabError('E_BAD_INPUT', `params.regimes has ${params.regimes.length} entries, expected ${k}`);
  spec.regimes.forEach((r, i) => {
    const p = params.regimes[i];
    const s = i + 1;
    if (!(p.alpha0 > 0 && Number.isFinite(p.alpha0))) throw new RegimeLabError('E_BAD_INPUT', `alpha0_${s} must be > 0, got ${p.alpha0}`);
    if (!(p.alpha1 >= 0)) throw new RegimeLabError('E_BAD_INPUT', `alpha1_${s} must be ≥ 0, got ${p.alpha1}`);
    if (r.model === 'gjrGARCH' && !(p.alpha2 >= 0)) throw new RegimeLabError('E_BAD_INPUT', `alpha2_${s} must be ≥ 0, got ${p.alpha2}`);
    if (r.model === 'sGARCH' && p.alpha2 !== 0 && p.alpha2 !== undefined) throw new RegimeLabError('E_BAD_INPUT', `alpha2_${s} must be 0 for an sGARCH regime, got ${p.alpha2}`);
    if (!(p.beta >= 0)) throw new RegimeLabError('E_BAD_INPUT', `beta_${s} must be ≥ 0, got ${p.beta}`);
    const persistence = p.alpha1 + (r.model === 'gjrGARCH' ? p.alpha2 / 2 : 0) + p.beta;
    if (!(persistence < 1)) throw new RegimeLabError('E_BAD_INPUT', `regime ${s} persistence alpha1 + alpha2/2 + beta must be < 1, got ${persistence}`);
    if (r.distribution === 'std' && !(p.nu !== undefined && p.nu > 2 && Number.isFinite(p.nu))) {
      throw new RegimeLabError('E_BAD_INPUT', `nu_${s} must be a finite number > 2, got ${p.nu}`);
    }
  });
  if (params.transition.length !== k) throw new RegimeLabError('E_BAD_INPUT', `params.transition has ${params.transition.length} rows, expected ${k}`);
  params.transition.forEach((row, i) => {
    if (row.length !== k) throw new RegimeLabError('E_BAD_INPUT', `params.transition[${i}] has ${row.length} columns, expected ${k}`);
    let sum = 0;
    row.forEach((p, j) => {
      if (!(p >= 0 && p <= 1)) throw new RegimeLabError('E_BAD_INPUT', `P_${i + 1}_${j + 1} must lie in [0, 1], got ${p}`);
      sum += p;
    });
    if (Math.abs(sum - 1) > 1e-9) throw new RegimeLabError('E_BAD_INPUT', `transition row ${i + 1} sums to ${sum}, expected 1`);
  });
}

export function validateReturns(returns: Float64Array, field = 'returns'): void {
  if (!(returns instanceof Float64Array)) throw new RegimeLabError('E_BAD_INPUT', `${field} must be a Float64Array`);
  if (returns.length < 2) throw new RegimeLabError('E_BAD_INPUT', `${field} needs at least 2 observations, got ${returns.length}`);
  for (let t = 0; t < returns.length; t++) {
    if (!Number.isFinite(returns[t])) throw new RegimeLabError('E_BAD_INPUT', `${field}[${t}] must be finite, got ${returns[t]}`);
  }
}
