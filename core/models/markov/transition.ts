// Transition matrices of a K-regime Markov chain: validation, the stationary distribution,
// expected durations and the flat (K·K, row-major, rows = from) layout every switching model uses.
// RegimeLab's orientation: P[i][j] = Pr(s_t = j | s_{t-1} = i), rows sum to 1.

import { RegimeLabError } from '../../errors.ts';

/** Row-major K×K, rows = from: transition[i*K + j] = Pr(s_t = j | s_{t-1} = i). */
export type TransitionMatrix = Float64Array;

/** Flattens number[][] (rows = from) into the row-major layout, validating it. */
export function toTransitionMatrix(rows: readonly (readonly number[])[], field = 'transition'): TransitionMatrix {
  const k = rows.length;
  const flat = new Float64Array(k * k);
  rows.forEach((row, i) => {
    if (row.length !== k) throw new RegimeLabError('E_BAD_INPUT', `${field}[${i}] has ${row.length} columns, expected ${k}`);
    for (let j = 0; j < k; j++) flat[i * k + j] = row[j];
  });
  validateTransitionMatrix(flat, k, field);
  return flat;
}

export function transitionRows(transition: TransitionMatrix, k: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < k; i++) rows.push(Array.from(transition.subarray(i * k, i * k + k)));
  return rows;
}

/** Throws E_BAD_INPUT unless every row is a probability vector (tolerance 1e-9 on the row sum). */
export function validateTransitionMatrix(transition: TransitionMatrix, k: number, field = 'transition'): void {
  if (!Number.isInteger(k) || k < 1) throw new RegimeLabError('E_BAD_INPUT', `number of regimes must be a positive integer, got ${k}`);
  if (transition.length !== k * k) {
    throw new RegimeLabError('E_BAD_INPUT', `${field} has ${transition.length} entries, expected ${k}×${k} = ${k * k}`);
  }
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = transition[i * k + j];
      if (!(p >= 0 && p <= 1)) throw new RegimeLabError('E_BAD_INPUT', `${field}[${i}][${j}] must be a probability, got ${p}`);
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-9) throw new RegimeLabError('E_BAD_INPUT', `${field} row ${i} sums to ${sum}, expected 1`);
  }
}

export function validateProbabilityVector(probs: ArrayLike<number>, k: number, field: string): void {
  if (probs.length !== k) throw new RegimeLabError('E_BAD_INPUT', `${field} has ${probs.length} entries, expected ${k}`);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    if (!(probs[j] >= 0 && probs[j] <= 1)) throw new RegimeLabError('E_BAD_INPUT', `${field}[${j}] must be a probability, got ${probs[j]}`);
    sum += probs[j];
  }
  if (Math.abs(sum - 1) > 1e-9) throw new RegimeLabError('E_BAD_INPUT', `${field} sums to ${sum}, expected 1`);
}

/**
 * Stationary distribution π = πP, Σπ = 1.
 * As R MSGARCH: π = solve(t(I − P + 1), 1), i.e. (I − P + 𝟙𝟙ᵀ)ᵀ π = 𝟙 — the same linear system
 * statsmodels solves for its steady-state initialisation. Gaussian elimination with partial pivoting.
 */
export function stationaryDistribution(transition: TransitionMatrix, k: number): Float64Array {
  // a[r][c] = (I − P + 1)[c][r]
  const a = new Float64Array(k * k);
  const b = new Float64Array(k).fill(1);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) a[r * k + c] = (r === c ? 1 : 0) - transition[c * k + r] + 1;
  }
  const pi = solveLinearSystem(a, b, k);
  if (!pi) throw new RegimeLabError('E_BAD_INPUT', 'transition matrix has no unique stationary distribution (reducible chain)');
  return pi;
}

/** Solves a·x = b (a row-major n×n, copied). Returns null when a is singular. */
export function solveLinearSystem(aIn: Float64Array, bIn: Float64Array, n: number): Float64Array | null {
  const a = Float64Array.from(aIn);
  const x = Float64Array.from(bIn);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    if (!(Math.abs(a[pivot * n + col]) > 1e-300)) return null;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const tmp = a[col * n + c];
        a[col * n + c] = a[pivot * n + c];
        a[pivot * n + c] = tmp;
      }
      const tmp = x[col];
      x[col] = x[pivot];
      x[pivot] = tmp;
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / a[col * n + col];
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r * n + c] -= f * a[col * n + c];
      x[r] -= f * x[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let c = r + 1; c < n; c++) s -= a[r * n + c] * x[c];
    x[r] = s / a[r * n + r];
  }
  return x;
}

/** Expected duration of each regime in bars, 1/(1 − p_ii) (Infinity for an absorbing regime). */
export function expectedDurationsBars(transition: TransitionMatrix, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = 1 / (1 - transition[i * k + i]);
  return out;
}

/** P^steps by repeated squaring (MSGARCH's `TransMat(nahead)` reports the first row of P^10000). */
export function transitionPower(transition: TransitionMatrix, k: number, steps: number): Float64Array {
  let result: Float64Array = new Float64Array(k * k);
  for (let i = 0; i < k; i++) result[i * k + i] = 1;
  let base: Float64Array = Float64Array.from(transition);
  let e = Math.floor(steps);
  while (e > 0) {
    if (e & 1) result = matMul(result, base, k);
    base = matMul(base, base, k);
    e = Math.floor(e / 2);
  }
  return result;
}

function matMul(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const c = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) {
    const ail = a[i * k + l];
    for (let j = 0; j < k; j++) c[i * k + j] += ail * b[l * k + j];
  }
  return c;
}

/**
 * ∂π/∂P[i][c] for a free entry whose row's last column absorbs the change (P[i][K−1] = 1 − Σ):
 * differentiating π(I − P + 𝟙𝟙ᵀ) = 𝟙ᵀ gives (I − P + 𝟙𝟙ᵀ)ᵀ ∂π = (π ∂P)ᵀ, with π∂P = π_i (e_c − e_{K−1}).
 * Returns null when the system is singular.
 */
export function stationaryDerivative(transition: TransitionMatrix, k: number, pi: ArrayLike<number>, i: number, c: number): Float64Array | null {
  const a = new Float64Array(k * k);
  for (let r = 0; r < k; r++) for (let col = 0; col < k; col++) a[r * k + col] = (r === col ? 1 : 0) - transition[col * k + r] + 1;
  const rhs = new Float64Array(k);
  rhs[c] = pi[i];
  rhs[k - 1] -= pi[i];
  return solveLinearSystem(a, rhs, k);
}
