// Lookups from a time to the bar that contains it, on the sorted open times (ms) the chart holds.

/** First index with times[i] ≥ t (times.length when none). */
export function firstAtOrAfter(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last index with times[i] ≤ t: the bar containing t (-1 when t is before the first bar). */
export function barAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function formatTime(ms: number, withMinutes = true): string {
  const iso = new Date(ms).toISOString();
  return withMinutes ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 10);
}

export function regimeName(regime: number, regimeCount: number): string {
  if (!Number.isFinite(regime) || regime < 0) return 'none yet';
  if (regime === 0) return 'calm';
  if (regime === regimeCount - 1) return 'turbulent';
  return `middle ${regime}`;
}
