// Standard errors of a maximum-likelihood fit from the Hessian of its log-likelihood, shared by the
// switching models: SE_i = √[(−H)⁻¹]_ii over the parameters whose Hessian rows are usable.

import { invertMatrix } from '../../optim/linalg.ts';

/** Writes SE_i into out; NaN for a parameter whose Hessian row is not finite or not concave (typically one on its bound). */
export function fillStandardErrors(hessian: Float64Array[], out: Float64Array): void {
  const d = hessian.length;
  const usable: number[] = [];
  for (let i = 0; i < d; i++) if (hessian[i].every((v) => Number.isFinite(v)) && hessian[i][i] < 0) usable.push(i);
  const sub = usable.map((i) => Float64Array.from(usable, (j) => -hessian[i][j]));
  const inv = sub.length > 0 ? invertMatrix(sub) : null;
  if (!inv) return;
  usable.forEach((i, a) => {
    const v = inv[a][a];
    out[i] = v > 0 ? Math.sqrt(v) : NaN;
  });
}

