// Deliberate downsampling of chart series: the report's charts get at most a few thousand points
// per series, whatever the backtest's length. Lines keep each bucket's first, minimum, maximum and
// last point (M4, Jugel et al. 2014), so peaks, troughs and drawdowns survive exactly; step lines
// keep only the points where the value changes (then M4 if those are still too many).

export type ChartPoints = { t: number[]; v: number[] };

/** Indices kept by M4 over `buckets` equal-count buckets, ascending, unique. */
export function m4Indices(values: ArrayLike<number>, buckets: number): number[] {
  const n = values.length;
  if (n <= 4 * buckets) return Array.from({ length: n }, (_, i) => i);
  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets) - 1;
    if (hi < lo) continue;
    let min = lo;
    let max = lo;
    for (let i = lo + 1; i <= hi; i++) {
      if (values[i] < values[min]) min = i;
      if (values[i] > values[max]) max = i;
    }
    const four = [lo, min, max, hi].sort((a, c) => a - c);
    for (const i of four) if (kept[kept.length - 1] !== i) kept.push(i);
  }
  return kept;
}

/** Line points at the M4 indices; times in SECONDS (lightweight-charts' UTCTimestamp). */
export function downsampleLine(timeMs: ArrayLike<number>, values: ArrayLike<number>, buckets: number, round: (v: number) => number): ChartPoints {
  const idx = m4Indices(values, buckets);
  return { t: idx.map((i) => Math.floor(timeMs[i] / 1000)), v: idx.map((i) => round(values[i])) };
}

/** Step-line points: the first value, each change, and the last bar. */
export function downsampleStep(timeMs: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number, round: (v: number) => number): ChartPoints {
  const n = values.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || i === n - 1 || round(values[i]) !== round(values[i - 1])) idx.push(i);
  const kept = idx.length > maxPoints ? m4Indices(Float64Array.from(idx, (i) => values[i]), Math.floor(maxPoints / 4)).map((k) => idx[k]) : idx;
  return { t: kept.map((i) => Math.floor(timeMs[i] / 1000)), v: kept.map((i) => round(values[i])) };
}

export type Band = { start: number; end: number; regime: number };

/** Runs of equal labels as bands [start, end) in ms; label −1 (no regime yet) is kept as its own band. */
export function labelBands(timeMs: ArrayLike<number>, labels: ArrayLike<number>): Band[] {
  const bands: Band[] = [];
  for (let i = 0; i < labels.length; i++) {
    const last = bands[bands.length - 1];
    if (last && last.regime === labels[i]) last.end = timeMs[i];
    else bands.push({ start: timeMs[i], end: timeMs[i], regime: labels[i] });
  }
  return bands;
}

/**
 * Regime bands as a chart series: one point per kept time carrying the regime in force. `times`
 * are the chart's (downsampled) times in seconds; each gets the label of the last bar at or before it.
 */
export function bandsAtTimes(timeMs: ArrayLike<number>, labels: ArrayLike<number>, timesSec: number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const s of timesSec) {
    while (j + 1 < timeMs.length && Math.floor(timeMs[j + 1] / 1000) <= s) j++;
    out.push(labels[j]);
  }
  return out;
}
