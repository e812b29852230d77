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

/** Start of the chunk period after the one starting at `periodStart`. */
export function nextChunkPeriodStart(periodStart: number, timeframe: Timeframe): number {
  const date = new Date(periodStart);
  if (timeframe === '1d' || timeframe === '1w') return Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Index ranges [start, end) of sorted `time` falling in each chunk period (a few Date ops per chunk, not per bar). */
export function chunkRanges(time: Float64Array, timeframe: Timeframe): { period: number; start: number; end: number }[] {
  const ranges: { period: number; start: number; end: number }[] = [];
  let start = 0;
  while (start < time.length) {
    const period = chunkPeriodStart(time[start], timeframe);
    const next = nextChunkPeriodStart(period, timeframe);
    let lo = start + 1;
    let hi = time.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[mid] < next) lo = mid + 1;
      else hi = mid;
    }
    ranges.push({ period, start, end: lo });
    start = lo;
  }
  return ranges;
}
