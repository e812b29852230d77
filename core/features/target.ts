// The forecast target aligned with the feature panel: the realized volatility of the h bars that start
// at the prediction time, std(r_t … r_{t+h−1}) with r_i = ln(C_i / C_{i−1}) — what row t is asked for.
import { forwardRealizedVol } from '../metrics/realized-vol.ts';

/**
 * target[t] for t = 0 … n (the panel's rows); NaN at t = 0 and where fewer than h bars follow.
 * forwardRealizedVol's values[s] covers bars s+1 … s+h, so row t reads values[t − 1].
 */
export function forwardVolTarget(close: Float64Array, horizon: number, { ddof = 1 }: { ddof?: number } = {}): Float64Array {
  const n = close.length;
  const target = new Float64Array(n + 1).fill(NaN);
  const { values } = forwardRealizedVol(close, horizon, { ddof });
  for (let t = 1; t <= values.length; t++) target[t] = values[t - 1];
  return target;
}
