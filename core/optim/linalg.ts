// Small dense linear algebra for optimiser output: the inverse of a symmetric matrix (covariance from
// a Hessian) by Gauss–Jordan elimination with partial pivoting. Sizes here are a handful of parameters.

/** Inverse of a square matrix given as rows; null when it is singular to working precision. */
export function invertMatrix(rows: ArrayLike<number>[]): Float64Array[] | null {
  const n = rows.length;
  const a = rows.map((row) => Float64Array.from(row));
  const inv = Array.from({ length: n }, (_, i) => {
    const r = new Float64Array(n);
    r[i] = 1;
    return r;
  });
  let scale = 0;
  for (const row of a) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) <= 1e-14 * scale) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [inv[col], inv[pivot]] = [inv[pivot], inv[col]];
    const p = a[col][col];
    for (let j = 0; j < n; j++) {
      a[col][j] /= p;
      inv[col][j] /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r][col];
      if (factor === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r][j] -= factor * a[col][j];
        inv[r][j] -= factor * inv[col][j];
      }
    }
  }
  return inv;
}
