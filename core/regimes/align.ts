// Strictly causal mapping of a regime series (fitted on a detection timeframe, e.g. 1w or 1d) onto the
// bars a strategy trades (e.g. 4h). The decision at the close of trading bar t may use detection row b
// only when b's bar has closed by then: time_b + tf_detect ≤ time_t + tf_trade. A weekly regime thus
// becomes usable at the close of the week's last 4h bar, never earlier.

import { timeframeMs, type Timeframe } from '../series/timeframe.ts';
import type { RegimeSeries } from './regime-series.ts';

/** n_trade×K probabilities on the trading grid (NaN where no detection bar had closed yet) and the row used. */
export type AlignedRegimes = {
  regimeCount: number;
  probs: Float64Array;
  /** For each trading bar, the detection row used (-1: none). */
  sourceRow: Int32Array;
  hindsight: boolean;
  source: string;
  detectionTimeframe: Timeframe;
};

export function alignRegimesCausally(series: RegimeSeries, tradeTime: Float64Array, tradeTimeframe: Timeframe): AlignedRegimes {
  const k = series.regimeCount;
  const n = tradeTime.length;
  const probs = new Float64Array(n * k).fill(NaN);
  const sourceRow = new Int32Array(n).fill(-1);
  const detectMs = timeframeMs(series.timeframe);
  const tradeMs = timeframeMs(tradeTimeframe);
  let b = -1;
  for (let t = 0; t < n; t++) {
    const decisionTime = tradeTime[t] + tradeMs;
    while (b + 1 < series.time.length && series.time[b + 1] + detectMs <= decisionTime) b++;
    if (b < 0) continue;
    sourceRow[t] = b;
    for (let j = 0; j < k; j++) probs[t * k + j] = series.probs[b * k + j];
  }
  return { regimeCount: k, probs, sourceRow, hindsight: series.hindsight, source: series.source, detectionTimeframe: series.timeframe };
}
