// Model outputs as regime series (issue 8 "Signals"): a classifier's P(high vol) or a forecaster's
// predicted volatility, thresholded into 0 = calm / 1 = high-vol states usable as a backtest's regime
// source. NaN inputs (no prediction yet) stay "no state" (255), never a silent regime.
import { RegimeLabError } from '../errors.ts';

export const NO_REGIME = 255;

export function regimeFromScores(scores: Float64Array, threshold: number): Uint8Array {
  if (!Number.isFinite(threshold)) throw new RegimeLabError('E_BAD_INPUT', `threshold must be finite, got ${threshold}`);
  return Uint8Array.from(scores, (v) => (Number.isNaN(v) ? NO_REGIME : v >= threshold ? 1 : 0));
}
