// Standard errors of GARCH maximum-likelihood estimates: sqrt(diag(H⁻¹)) with H the Hessian of
// −loglik in the natural parameters. H is a central difference of the ANALYTIC gradient (numerical
// in one order only, error O(h²) with h ≈ 6e-6·max(1,|θ|)); fGarch uses optimHess (function values).

import { hessianFromGradient } from '../../optim/numdiff.ts';
import { invertMatrix } from '../../optim/linalg.ts';
import type { GarchSpec } from './spec.ts';
import { evaluateGarch, FULL_LENGTH } from './likelihood.ts';

export type StandardErrorResult = {
  /** In the spec's parameter order; NaN where H is singular or not positive definite. */
  stderr: Float64Array;
  /** Covariance matrix rows, same order; null when H cannot be inverted. */
  covariance: Float64Array[] | null;
};

/**
 * Standard errors at `fullAtOptimum` (7-slot vector) for the series `x`. `scale` maps each
 * estimated parameter from the series it was computed on to the reported one (fGarch fits on x/sd
 * and rescales μ by sd and ω by sd²): cov_reported[i][j] = scale_i·scale_j·cov[i][j].
 */
export function garchStandardErrors(
  x: Float64Array,
  spec: GarchSpec,
  fullAtOptimum: Float64Array,
  indices: number[],
  scale: ArrayLike<number>,
): StandardErrorResult {
  const k = indices.length;
  const full = Float64Array.from(fullAtOptimum);
  const gradFull = new Float64Array(FULL_LENGTH);
  const negativeGradient = (theta: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < k; i++) full[indices[i]] = theta[i];
    const loglik = evaluateGarch(x, spec, full, gradFull);
    for (let i = 0; i < k; i++) out[i] = Number.isFinite(loglik) ? -gradFull[indices[i]] : NaN;
  };
  const theta = Float64Array.from(indices, (slot) => fullAtOptimum[slot]);
  const hessian = hessianFromGradient(negativeGradient, theta);
  const stderr = new Float64Array(k).fill(NaN);
  if (hessian.some((row) => row.some((v) => !Number.isFinite(v)))) return { stderr, covariance: null };
  const inverse = invertMatrix(hessian);
  if (inverse === null) return { stderr, covariance: null };
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) inverse[i][j] *= scale[i] * scale[j];
    stderr[i] = inverse[i][i] > 0 ? Math.sqrt(inverse[i][i]) : NaN;
  }
  return { stderr, covariance: inverse };
}
