// Label switching: a regime model's labels are arbitrary, so RegimeLab orders regimes by
// volatility (regime 0 = lowest) and applies the one permutation to every output of a fit.

/** order[newIndex] = oldIndex, ascending by `values` (stable: ties keep their original order). */
export function ascendingOrder(values: ArrayLike<number>): Int32Array {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[a] - values[b] || a - b);
  return Int32Array.from(idx);
}

export function isIdentityOrder(order: ArrayLike<number>): boolean {
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
  return true;
}

/** Columns of an n×K row-major matrix (probabilities, σ paths) reordered: out[:, a] = m[:, order[a]]. */
export function permuteColumns(matrix: Float64Array, order: ArrayLike<number>): Float64Array {
  const k = order.length;
  const n = matrix.length / k;
  const out = new Float64Array(matrix.length);
  for (let t = 0; t < n; t++) {
    const row = t * k;
    for (let a = 0; a < k; a++) out[row + a] = matrix[row + order[a]];
  }
  return out;
}

/** K×K row-major transition matrix relabelled: out[a][b] = P[order[a]][order[b]]. */
export function permuteTransition(transition: Float64Array, order: ArrayLike<number>): Float64Array {
  const k = order.length;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b] = transition[order[a] * k + order[b]];
  return out;
}

export function permuteVector<T>(values: readonly T[], order: ArrayLike<number>): T[] {
  return Array.from(order, (old) => values[old]);
}

/** A state path relabelled: a step in old regime order[a] becomes regime a. */
export function permutePath(path: Uint8Array, order: ArrayLike<number>): Uint8Array {
  const newLabel = new Uint8Array(order.length);
  for (let a = 0; a < order.length; a++) newLabel[order[a]] = a;
  const out = new Uint8Array(path.length);
  for (let t = 0; t < path.length; t++) out[t] = newLabel[path[t]];
  return out;
}
