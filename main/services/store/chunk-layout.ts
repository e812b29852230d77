// How candles are cut into stored chunks: one chunk per UTC month below the daily timeframe, one per
// UTC year for 1d and 1w, so every chunk holds at most ~45k bars and a year loads in a dozen reads.

import type { Timeframe } from '../../../core/series/timeframe.ts';

export function chunkPeriodStart(timeMs: number, timeframe: Timeframe): number {
  const date = new Date(timeMs);
  if (timeframe === '1d' || timeframe === '1w') {
    // Weekly bars open on Mondays; a week straddling New Year belongs to the year of its open time.
    return Date.UTC(date.getUTCFullYear(), 0, 1);
  }
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
