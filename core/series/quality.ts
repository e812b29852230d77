// History quality per calendar period, in the spirit of MetaTrader's history-quality bar: for each
// UTC month (or year for daily/weekly data) the share of the expected bars that are present, and
// how many of those are synthetic (filled) or incomplete (resampled buckets with base bars missing).

import { CANDLE_FLAG } from './candles.ts';
import { timeframeMs, type Timeframe } from './timeframe.ts';

export type PeriodQuality = {
  periodStart: number;
  periodEnd: number;
  expectedBars: number;
  presentBars: number;
  syntheticBars: number;
  incompleteBars: number;
  /** presentBars (real, complete) / expectedBars, in [0, 1]. */
  quality: number;
};

/**
 * Expected bars run from the first to the last stored bar: a series that starts mid-month is not
 * penalised for the days before it existed.
 */
export function historyQuality(time: Float64Array, flags: Uint8Array, timeframe: Timeframe): PeriodQuality[] {
  const n = time.length;
  if (n === 0) return [];
  const step = timeframeMs(timeframe);
  const yearly = timeframe === '1d' || timeframe === '1w';
  const periodOf = (t: number) => {
    const d = new Date(t);
    return yearly ? Date.UTC(d.getUTCFullYear(), 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  };
  const nextPeriod = (p: number) => {
    const d = new Date(p);
    return yearly ? Date.UTC(d.getUTCFullYear() + 1, 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  };
  const first = time[0];
  const last = time[n - 1];
  const out: PeriodQuality[] = [];
  let i = 0;
  for (let p = periodOf(first); p <= last; p = nextPeriod(p)) {
    const end = nextPeriod(p);
    const from = Math.max(p, first);
    const to = Math.min(end - 1, last);
    const expectedBars = Math.floor((to - from) / step) + 1;
    let present = 0;
    let synthetic = 0;
    let incomplete = 0;
    while (i < n && time[i] < end) {
      if (flags[i] & CANDLE_FLAG.SYNTHETIC) synthetic++;
      else if (flags[i] & CANDLE_FLAG.INCOMPLETE) incomplete++;
      else present++;
      i++;
    }
    out.push({ periodStart: p, periodEnd: end, expectedBars, presentBars: present, syntheticBars: synthetic, incompleteBars: incomplete, quality: expectedBars > 0 ? Math.min(1, present / expectedBars) : 0 });
  }
  return out;
}
