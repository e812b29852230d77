// Timeframe inference from the spacing of open times, and the alignment check that goes with it:
// the most common step between consecutive distinct times names the timeframe, and every open time
// must sit on a bucket boundary of it (UTC; weeks from Monday, as core/series/timeframe.ts).

import { bucketStart, timeframeMs, TIMEFRAMES, type Timeframe } from '../series/timeframe.ts';

export type SpacingSummary = {
  /** The most common step in ms, or null with fewer than two distinct times. */
  modeMs: number | null;
  /** How many steps have that length, and how many steps there are. */
  modeCount: number;
  steps: number;
};

/** Spacing of sorted times (`order` indexes `time`). */
export function summarizeSpacing(time: Float64Array, order: Uint32Array): SpacingSummary {
  const counts = new Map<number, number>();
  let steps = 0;
  for (let k = 1; k < order.length; k++) {
    const step = time[order[k]] - time[order[k - 1]];
    if (step <= 0) continue;
    steps++;
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let modeMs: number | null = null;
  let modeCount = 0;
  for (const [step, count] of counts) {
    if (count > modeCount || (count === modeCount && modeMs !== null && step < modeMs)) {
      modeMs = step;
      modeCount = count;
    }
  }
  return { modeMs, modeCount, steps };
}

export function timeframeOfStep(stepMs: number): Timeframe | null {
  return TIMEFRAMES.find((tf) => timeframeMs(tf) === stepMs) ?? null;
}

/** A step in words: "7 minutes", "1.5 hours", "30 days". */
export function describeDuration(ms: number): string {
  const units: [number, string][] = [[604_800_000, 'week'], [86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second'], [1, 'ms']];
  for (const [size, name] of units) {
    if (Math.abs(ms) >= size) {
      const value = Math.round((ms / size) * 1000) / 1000;
      return `${value} ${name}${value === 1 || name === 'ms' ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/** Indices (into `order`) of times not on a `timeframe` boundary. */
export function misalignedPositions(time: Float64Array, order: Uint32Array, timeframe: Timeframe, limit: number): { count: number; first: number[] } {
  let count = 0;
  const first: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const t = time[order[k]];
    if (bucketStart(t, timeframe) !== t) {
      count++;
      if (first.length < limit) first.push(k);
    }
  }
  return { count, first };
}
