// Gap detection on a sorted, de-duplicated series of open times, and the repair policy's filler:
// a gap of at most `fillMaxBars` missing bars may be filled with flat, zero-volume bars at the
// previous close, flagged SYNTHETIC; longer gaps stay gaps. Nothing is filled unless asked.

import { CANDLE_FLAG } from '../series/candles.ts';
import { timeframeMs, type Timeframe } from '../series/timeframe.ts';
import { pushCapped, type Gap } from './import-report.ts';

export type GapScan = { count: number; missingBars: number; list: Gap[]; filledGaps: number; syntheticBars: number };

/**
 * Gaps between consecutive `times` (sorted, distinct, aligned) of step `stepMs`. When `fill` is
 * true, gaps of ≤ fillMaxBars bars are marked filled and counted in syntheticBars.
 */
export function findGaps(times: ArrayLike<number>, stepMs: number, fill: boolean, fillMaxBars: number): GapScan {
  const scan: GapScan = { count: 0, missingBars: 0, list: [], filledGaps: 0, syntheticBars: 0 };
  for (let k = 1; k < times.length; k++) {
    const step = times[k] - times[k - 1];
    if (step <= stepMs) continue;
    const missingBars = Math.round(step / stepMs) - 1;
    const filled = fill && missingBars <= fillMaxBars;
    scan.count++;
    scan.missingBars += missingBars;
    if (filled) {
      scan.filledGaps++;
      scan.syntheticBars += missingBars;
    }
    pushCapped(scan.list, { fromMs: times[k - 1] + stepMs, toMs: times[k] - stepMs, missingBars, filled });
  }
  return scan;
}

/** A stored series' defects for a report's data card: gaps and the bars missing in them, and flagged bars. */
export type HistorySummary = { gaps: number; missingBars: number; syntheticBars: number; incompleteBars: number };

export function historySummary(time: Float64Array, flags: Uint8Array, timeframe: Timeframe): HistorySummary {
  const { count, missingBars } = findGaps(time, timeframeMs(timeframe), false, 0);
  let syntheticBars = 0;
  let incompleteBars = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] & CANDLE_FLAG.SYNTHETIC) syntheticBars++;
    else if (flags[i] & CANDLE_FLAG.INCOMPLETE) incompleteBars++;
  }
  return { gaps: count, missingBars, syntheticBars, incompleteBars };
}
