// Markov-switching regression specs and parameters as Python statsmodels 0.13.5
// `MarkovRegression(y, k_regimes=K, trend='c', switching_variance=...)` names and orders them:
// transitions p[i->j] (outer loop destination j = 0..K−2, inner source i), const[k], sigma2[k] (or one sigma2).

import { RegimeLabError } from '../../errors.ts';

export type MarkovRegressionSpec = { regimeCount: number; switchingVariance: boolean };

export type MarkovRegressionParams = {
  /** K×K, rows = from: transition[i][j] = P(S_t = j | S_{t−1} = i) (statsmodels' `regime_transition` transposed). */
  transition: number[][];
  /** Switching intercept per regime (statsmodels `const[k]`). */
  const: number[];
  /** Variances (statsmodels `sigma2`): K entries when switching, else one. */
  sigma2: number[];
};

export function validateMarkovRegressionSpec(spec: MarkovRegressionSpec): void {
  if (!Number.isInteger(spec.regimeCount) || spec.regimeCount < 2 || spec.regimeCount > 8) {
    throw new RegimeLabError('E_BAD_INPUT', `regimeCount must be an integer in [2, 8], got ${spec.regimeCount}`);
  }
}

/** Every parameter, the K(K−1) transition probabilities included (statsmodels' k for AIC/BIC/HQIC). */
export function markovRegressionParamCount(spec: MarkovRegressionSpec): number {
  const k = spec.regimeCount;
  return k * (k - 1) + k + (spec.switchingVariance ? k : 1);
}

export function markovRegressionParamNames(spec: MarkovRegressionSpec): string[] {
  const k = spec.regimeCount;
  const names: string[] = [];
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) names.push(`p[${i}->${j}]`);
  for (let i = 0; i < k; i++) names.push(`const[${i}]`);
  if (spec.switchingVariance) for (let i = 0; i < k; i++) names.push(`sigma2[${i}]`);
  else names.push('sigma2');
  return names;
}

/** statsmodels order. */
export function markovRegressionParamsToArray(spec: MarkovRegressionSpec, p: MarkovRegressionParams): Float64Array {
  const k = spec.regimeCount;
  const out: number[] = [];
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) out.push(p.transition[i][j]);
  out.push(...p.const, ...p.sigma2);
  return Float64Array.from(out);
}

export function markovRegressionParamsFromArray(spec: MarkovRegressionSpec, values: ArrayLike<number>): MarkovRegressionParams {
  validateMarkovRegressionSpec(spec);
  const k = spec.regimeCount;
  const d = markovRegressionParamCount(spec);
  if (values.length !== d) {
    throw new RegimeLabError('E_BAD_INPUT', `params has ${values.length} values, expected ${d} (${markovRegressionParamNames(spec).join(', ')})`);
  }
  const transition = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let o = 0;
  for (let j = 0; j < k - 1; j++) for (let i = 0; i < k; i++) transition[i][j] = values[o++];
  for (let i = 0; i < k; i++) transition[i][k - 1] = 1 - transition[i].slice(0, k - 1).reduce((a, b) => a + b, 0);
  const cst = Array.from({ length: k }, () => values[o++]);
  const sigma2 = Array.from({ length: spec.switchingVariance ? k : 1 }, () => values[o++]);
  return { transition, const: cst, sigma2 };
}

export function markovRegressionParamsToNamed(spec: MarkovRegressionSpec, p: MarkovRegressionParams): Record<string, number> {
  const names = markovRegressionParamNames(spec);
  const values = markovRegressionParamsToArray(spec, p);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

export function validateMarkovRegressionParams(spec: MarkovRegressionSpec, p: MarkovRegressionParams): void {
  validateMarkovRegressionSpec(spec);
  const k = spec.regimeCount;
  if (p.transition.length !== k) throw new RegimeLabError('E_BAD_INPUT', `transition has ${p.transition.length} rows, expected ${k}`);
  p.transition.forEach((row, i) => {
    if (row.length !== k) throw new RegimeLabError('E_BAD_INPUT', `transition[${i}] has ${row.length} columns, expected ${k}`);
    let s = 0;
    row.forEach((v, j) => {
      if (!(v >= 0 && v <= 1)) throw new RegimeLabError('E_BAD_INPUT', `p[${i}->${j}] must lie in [0, 1], got ${v}`);
      s += v;
    });
    if (Math.abs(s - 1) > 1e-9) throw new RegimeLabError('E_BAD_INPUT', `transition row ${i} sums to ${s}, expected 1`);
  });
  if (p.const.length !== k) throw new RegimeLabError('E_BAD_INPUT', `const has ${p.const.length} entries, expected ${k}`);
  p.const.forEach((c, i) => {
    if (!Number.isFinite(c)) throw new RegimeLabError('E_BAD_INPUT', `const[${i}] must be finite, got ${c}`);
  });
  const m = spec.switchingVariance ? k : 1;
  if (p.sigma2.length !== m) throw new RegimeLabError('E_BAD_INPUT', `sigma2 has ${p.sigma2.length} entries, expected ${m}`);
  p.sigma2.forEach((v, i) => {
    if (!(v > 0 && Number.isFinite(v))) throw new RegimeLabError('E_BAD_INPUT', `sigma2[${i}] must be > 0, got ${v}`);
  });
}

export function validateSeries(y: Float64Array, minLength: number, field = 'y'): void {
  if (!(y instanceof Float64Array)) throw new RegimeLabError('E_BAD_INPUT', `${field} must be a Float64Array`);
  if (y.length < minLength) throw new RegimeLabError('E_BAD_INPUT', `${field} needs at least ${minLength} observations, got ${y.length}`);
  for (let t = 0; t < y.length; t++) {
    if (!Number.isFinite(y[t])) throw new RegimeLabError('E_BAD_INPUT', `${field}[${t}] must be finite, got ${y[t]}`);
  }
}

/** statsmodels' `regime_transition[i][j] = P(S_t = i | S_{t−1} = j)`: columns = from. */
export function toStatsmodelsOrientation(transition: number[][]): number[][] {
  return transition[0].map((_, i) => transition.map((row) => row[i]));
}
