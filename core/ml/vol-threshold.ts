// The causal high-volatility threshold of a forecaster's regime signal (issue 8 "Signals"): at bar t,
// the q-quantile of the realized h-bar volatility of every earlier window already complete at t
// (windows starting at s ≤ t − h), i.e. the same event the chart classifiers are trained on
// ("next-24h realized vol above the 0.75 quantile of the history"), with no look-ahead.
import { RegimeLabError } from '../errors.ts';

/**
 * thresholds[t] = quantile_q { target[s] : s ≤ t − horizon, target[s] finite } (linear interpolation
 * between order statistics, as R type 7 / numpy's default), NaN while fewer than `minHistory` complete
 * windows exist. O(n log n): a Fenwick tree over the ranks of the target values.
 */
export function expandingQuantileThreshold(target: Float64Array, horizon: number, q: number, minHistory: number): Float64Array {
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RegimeLabError('E_BAD_INPUT', `horizon must be a positive integer, got ${horizon}`);
  if (!(q > 0 && q < 1)) throw new RegimeLabError('E_BAD_INPUT', `quantile must be in (0, 1), got ${q}`);
  if (!(Number.isInteger(minHistory) && minHistory >= 1)) throw new RegimeLabError('E_BAD_INPUT', `minHistory must be a positive integer, got ${minHistory}`);
  const n = target.length;
  const finite: number[] = [];
  for (let s = 0; s < n; s++) if (Number.isFinite(target[s])) finite.push(s);
  const order = finite.slice().sort((a, b) => target[a] - target[b]);
  const sortedValues = Float64Array.from(order, (s) => target[s]);
  const rankOf = new Int32Array(n).fill(-1);
  order.forEach((s, rank) => (rankOf[s] = rank));
  const size = order.length;
  const tree = new Int32Array(size + 1);
  let log = 1;
  while (1 << log <= size) log++;
  const add = (rank: number) => {
    for (let i = rank + 1; i <= size; i += i & -i) tree[i]++;
  };
  /** The rank of the k-th smallest inserted value (k 0-based). */
  const kth = (k: number): number => {
    let pos = 0;
    let remaining = k + 1;
    for (let step = 1 << log; step > 0; step >>= 1) {
      if (pos + step <= size && tree[pos + step] < remaining) {
        pos += step;
        remaining -= tree[pos];
      }
    }
    return pos; // 1-based index of the answer minus 1 = its rank
  };
  const out = new Float64Array(n).fill(NaN);
  let count = 0;
  for (let t = 0; t < n; t++) {
    const completed = t - horizon;
    if (completed >= 0 && rankOf[completed] >= 0) {
      add(rankOf[completed]);
      count++;
    }
    if (count < minHistory) continue;
    const h = (count - 1) * q;
    const lo = Math.floor(h);
    const a = sortedValues[kth(lo)];
    out[t] = lo + 1 < count ? a + (h - lo) * (sortedValues[kth(lo + 1)] - a) : a;
  }
  return out;
}
