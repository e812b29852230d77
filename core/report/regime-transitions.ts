// Transition matrices a report shows: the empirical one of the regime labels the strategy acted on
// (counts of label i followed by label j, rows normalised; bars without an estimate skipped), and
// the model's own from the last walk-forward refit (or the full-sample fit) in MSGARCH's naming,
// P_i_j = Pr(s_t = j | s_{t−1} = i) for j < K, the last column 1 − Σ.

import type { ResolvedRegimes } from '../regimes/resolve.ts';

export type LabelTransitions = { labels: number[]; counts: number[][]; matrix: (number | null)[][] };

export function labelTransitions(labels: ArrayLike<number>, regimeCount: number): LabelTransitions {
  const counts = Array.from({ length: regimeCount }, () => new Array<number>(regimeCount).fill(0));
  for (let t = 1; t < labels.length; t++) {
    const a = labels[t - 1];
    const b = labels[t];
    if (a < 0 || b < 0 || a >= regimeCount || b >= regimeCount) continue;
    counts[a][b]++;
  }
  const matrix = counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total > 0 ? v / total : null));
  });
  return { labels: Array.from({ length: regimeCount }, (_, k) => k), counts, matrix };
}

/** The model's transition matrix from the last refit's (or the hindsight fit's) named parameters; null when absent. */
export function modelTransition(regimes: ResolvedRegimes | undefined | null): { matrix: number[][]; from: string } | null {
  if (!regimes) return null;
  const k = regimes.regimeCount;
  const refit = regimes.refits ? [...regimes.refits].reverse().find((r) => r.params) : undefined;
  const params = refit?.params ?? regimes.fitParams ?? null;
  if (!params) return null;
  const matrix: number[][] = [];
  for (let i = 1; i <= k; i++) {
    const row: number[] = [];
    for (let j = 1; j < k; j++) {
      const p = params[`P_${i}_${j}`];
      if (typeof p !== 'number') return null;
      row.push(p);
    }
    row.push(1 - row.reduce((s, v) => s + v, 0));
    matrix.push(row);
  }
  return { matrix, from: refit ? `last walk-forward refit (detection row ${refit.atRow})` : 'full-sample fit (hindsight)' };
}
