// Unconstrained coordinates for a transition matrix, used by quasi-Newton fits: row i is
// softmax(u_i1..u_i,K−1, 0), so every entry (the implied last column too) stays in (0, 1).
// Free entries are P[i][c] for c < K−1 (rows = from), as R MSGARCH and statsmodels parameterise them.

/** Writes the K×K row-major matrix for logits u[offset + i·(K−1) + c]. */
export function transitionFromLogits(u: ArrayLike<number>, offset: number, k: number, out: Float64Array): Float64Array {
  for (let i = 0; i < k; i++) {
    const base = offset + i * (k - 1);
    let m = 0;
    for (let c = 0; c < k - 1; c++) m = Math.max(m, u[base + c]);
    let s = Math.exp(-m);
    for (let c = 0; c < k - 1; c++) s += Math.exp(u[base + c] - m);
    for (let c = 0; c < k - 1; c++) {
      const p = Math.exp(u[base + c] - m) / s;
      out[i * k + c] = p;
    }
    out[i * k + k - 1] = Math.exp(-m) / s;
  }
  return out;
}

/** Inverse map (entries floored at `floor` so a boundary matrix gets finite logits). */
export function logitsFromTransition(transition: ArrayLike<number>, k: number, u: Float64Array, offset: number, floor = 1e-10): void {
  for (let i = 0; i < k; i++) {
    const last = Math.max(transition[i * k + k - 1], floor);
    for (let c = 0; c < k - 1; c++) u[offset + i * (k - 1) + c] = Math.log(Math.max(transition[i * k + c], floor) / last);
  }
}

/**
 * Chain rule: given ∂f/∂P[i][c] for the free entries (gFree[i·(K−1) + c], the last column being
 * 1 − Σ), writes ∂f/∂u into gU[offset + ...]. ∂P_ic/∂u_il = P_ic(δ_cl − P_il).
 */
export function pullBackTransitionGradient(transition: ArrayLike<number>, k: number, gFree: ArrayLike<number>, gU: Float64Array, offset: number): void {
  for (let i = 0; i < k; i++) {
    let gp = 0;
    for (let c = 0; c < k - 1; c++) gp += transition[i * k + c] * gFree[i * (k - 1) + c];
    for (let c = 0; c < k - 1; c++) gU[offset + i * (k - 1) + c] = transition[i * k + c] * (gFree[i * (k - 1) + c] - gp);
  }
}
