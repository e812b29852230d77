// The GARCH(1,1) / GJR(1,1) model specification, its parameters by name and as arrays in fGarch's
// order (`mu, omega, alpha1, [gamma1], beta1, [skew], [shape]`), and input validation.
// GJR is fGarch's APARCH with δ = 2: h_t = ω + α1(|z| − γ1 z)² + β1 h_{t−1} (textbook map in gjr-mapping.ts).

import { RegimeLabError } from '../../errors.ts';

export type GarchVariance = 'garch' | 'gjr';
export type GarchDist = 'norm' | 'std' | 'sstd';

export type GarchSpec = {
  variance: GarchVariance;
  /** Conditional distribution, as fGarch cond.dist: normal, unit-variance t, Fernández–Steel skew-t. */
  dist: GarchDist;
  /** Include a constant mean μ (fGarch include.mean); without it the returns are used as given. */
  mean: boolean;
};

/** Parameters by fGarch name. Entries the spec does not use are ignored (mu = 0 without a mean). */
export type GarchParams = {
  mu?: number;
  omega: number;
  alpha1: number;
  /** APARCH asymmetry, −1 < γ1 < 1 (gjr only). */
  gamma1?: number;
  beta1: number;
  /** Fernández–Steel ξ > 0 (sstd only). */
  skew?: number;
  /** Degrees of freedom ν > 2 (std, sstd). */
  shape?: number;
};

export type GarchParamName = 'mu' | 'omega' | 'alpha1' | 'gamma1' | 'beta1' | 'skew' | 'shape';

/** Every parameter in fGarch's order; a spec uses a subsequence of it. */
export const ALL_PARAM_NAMES: readonly GarchParamName[] = ['mu', 'omega', 'alpha1', 'gamma1', 'beta1', 'skew', 'shape'];

/** The parameter names a spec uses, in fGarch's order (reference/README.md parameter table). */
export function paramNames(spec: GarchSpec): GarchParamName[] {
  return ALL_PARAM_NAMES.filter((name) => usesParam(spec, name));
}

export function usesParam(spec: GarchSpec, name: GarchParamName): boolean {
  switch (name) {
    case 'mu': return spec.mean;
    case 'gamma1': return spec.variance === 'gjr';
    case 'skew': return spec.dist === 'sstd';
    case 'shape': return spec.dist !== 'norm';
    default: return true;
  }
}

/** Named parameters as an array in fGarch's order. */
export function paramsToArray(spec: GarchSpec, params: GarchParams): Float64Array {
  const names = paramNames(spec);
  const out = new Float64Array(names.length);
  names.forEach((name, i) => {
    const value = params[name];
    if (value === undefined) throw badInput(`params.${name}`, value, 'is required by this spec');
    out[i] = value;
  });
  return out;
}

/** An array in fGarch's order as named parameters. */
export function paramsFromArray(spec: GarchSpec, values: ArrayLike<number>): GarchParams {
  const names = paramNames(spec);
  if (values.length !== names.length) {
    throw badInput('params', `array of length ${values.length}`, `must have ${names.length} entries (${names.join(', ')})`);
  }
  const params: GarchParams = { omega: NaN, alpha1: NaN, beta1: NaN };
  names.forEach((name, i) => { params[name] = values[i]; });
  return params;
}

/** Named parameters or an fGarch-ordered array, normalised to named form and validated. */
export function resolveParams(spec: GarchSpec, params: GarchParams | ArrayLike<number>): GarchParams {
  const named = isParamArray(params) ? paramsFromArray(spec, params) : params;
  validateParams(spec, named);
  return named;
}

function isParamArray(params: GarchParams | ArrayLike<number>): params is ArrayLike<number> {
  return typeof (params as ArrayLike<number>).length === 'number';
}

export function validateSpec(spec: GarchSpec): void {
  if (spec === null || typeof spec !== 'object') throw badInput('spec', spec, 'must be an object');
  if (spec.variance !== 'garch' && spec.variance !== 'gjr') throw badInput('spec.variance', spec.variance, "must be 'garch' or 'gjr'");
  if (spec.dist !== 'norm' && spec.dist !== 'std' && spec.dist !== 'sstd') throw badInput('spec.dist', spec.dist, "must be 'norm', 'std' or 'sstd'");
  if (typeof spec.mean !== 'boolean') throw badInput('spec.mean', spec.mean, 'must be true or false');
}

/** Parameter domain of the likelihood: ω > 0, α1, β1 ≥ 0, |γ1| < 1, ξ > 0, ν > 2, all finite. */
export function validateParams(spec: GarchSpec, params: GarchParams): void {
  for (const name of paramNames(spec)) {
    const value = params[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(`params.${name}`, value, 'must be a finite number');
  }
  if (!(params.omega > 0)) throw badInput('params.omega', params.omega, 'must be > 0');
  if (!(params.alpha1 >= 0)) throw badInput('params.alpha1', params.alpha1, 'must be >= 0');
  if (!(params.beta1 >= 0)) throw badInput('params.beta1', params.beta1, 'must be >= 0');
  if (spec.variance === 'gjr' && !(Math.abs(params.gamma1!) < 1)) throw badInput('params.gamma1', params.gamma1, 'must lie in (-1, 1)');
  if (spec.dist === 'sstd' && !(params.skew! > 0)) throw badInput('params.skew', params.skew, 'must be > 0');
  if (spec.dist !== 'norm' && !(params.shape! > 2)) throw badInput('params.shape', params.shape, 'must be > 2 (unit-variance t)');
}

/** Returns must be a non-empty Float64Array of finite values (at least `minLength`). */
export function validateReturns(returns: Float64Array, minLength = 1, field = 'returns'): void {
  if (!(returns instanceof Float64Array)) throw badInput(field, typeof returns, 'must be a Float64Array');
  if (returns.length < minLength) throw badInput(`${field}.length`, returns.length, `must be at least ${minLength}`);
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isFinite(returns[i])) throw badInput(`${field}[${i}]`, returns[i], 'must be a finite number');
  }
}

export function badInput(field: string, value: unknown, requirement: string): RegimeLabError {
  const shown = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return new RegimeLabError('E_BAD_INPUT', `${field} ${requirement}, got ${shown}`, { field, value: shown });
}
