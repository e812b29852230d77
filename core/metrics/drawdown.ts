// Drawdowns of a marked-to-market equity series: the drawdown path, maximum drawdown, durations,
// time underwater and the table of the worst episodes (start, trough, recovery, depth, length, regime).
// Depths are positive fractions of the running peak (0.25 = 25 % below the peak).
import { assertFiniteSeries, badInput } from './validate.ts';

export type DrawdownEpisode = {
  /** Index of the peak the episode starts from. */
  startIndex: number;
  troughIndex: number;
  /** First index at or above the starting peak again; null while still underwater at the end. */
  recoveryIndex: number | null;
  /** Positive fraction: 1 − trough / peak. */
  depth: number;
  /** Bars from the peak to the recovery (or to the last bar when not recovered). */
  lengthBars: number;
  /** Same span in milliseconds when times are given, else null. */
  durationMs: number | null;
  startTime: number | null;
  troughTime: number | null;
  recoveryTime: number | null;
  /** Regime label at the starting peak when regimes are given, else null. */
  regimeAtStart: number | null;
};

export function assertEquity(field: string, equity: Float64Array): void {
  assertFiniteSeries(field, equity);
  for (let i = 0; i < equity.length; i++) {
    if (!(equity[i] > 0)) badInput(field, `element ${i} is ${equity[i]}; equity must be > 0 (a ruined account has no returns)`, equity[i]);
  }
}

/** Drawdown path E_t / max_{s ≤ t} E_s − 1 (values ≤ 0). */
export function drawdownSeries(equity: Float64Array): Float64Array {
  assertEquity('equity', equity);
  const dd = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    dd[i] = equity[i] / peak - 1;
  }
  return dd;
}

/** Every drawdown episode in time order (a flat or rising series has none). */
export function drawdownEpisodes(
  equity: Float64Array,
  { time, regimes }: { time?: Float64Array; regimes?: ArrayLike<number> } = {},
): DrawdownEpisode[] {
  assertEquity('equity', equity);
  if (time && time.length !== equity.length) badInput('time', `length ${time.length} differs from equity length ${equity.length}`);
  if (regimes && regimes.length !== equity.length) badInput('regimes', `length ${regimes.length} differs from equity length ${equity.length}`);
  const episodes: DrawdownEpisode[] = [];
  const n = equity.length;
  let peakIndex = 0;
  let i = 1;
  while (i < n) {
    if (equity[i] >= equity[peakIndex]) {
      peakIndex = i;
      i++;
      continue;
    }
    // Underwater from peakIndex until equity returns to the peak.
    let troughIndex = i;
    let j = i;
    while (j < n && equity[j] < equity[peakIndex]) {
      if (equity[j] < equity[troughIndex]) troughIndex = j;
      j++;
    }
    const recoveryIndex = j < n ? j : null;
    const endIndex = recoveryIndex ?? n - 1;
    episodes.push({
      startIndex: peakIndex,
      troughIndex,
      recoveryIndex,
      depth: 1 - equity[troughIndex] / equity[peakIndex],
      lengthBars: endIndex - peakIndex,
      durationMs: time ? time[endIndex] - time[peakIndex] : null,
      startTime: time ? time[peakIndex] : null,
      troughTime: time ? time[troughIndex] : null,
      recoveryTime: time && recoveryIndex !== null ? time[recoveryIndex] : null,
      regimeAtStart: regimes ? regimes[peakIndex] : null,
    });
    if (recoveryIndex === null) break;
    peakIndex = recoveryIndex;
    i = recoveryIndex + 1;
  }
  return episodes;
}

/** The N deepest episodes, deepest first (ties: earlier first). */
export function worstDrawdowns(
  equity: Float64Array,
  { top = 5, time, regimes }: { top?: number; time?: Float64Array; regimes?: ArrayLike<number> } = {},
): DrawdownEpisode[] {
  return drawdownEpisodes(equity, { time, regimes })
    .sort((a, b) => b.depth - a.depth || a.startIndex - b.startIndex)
    .slice(0, top);
}

export type MaxDrawdown = {
  depth: number;
  peakIndex: number | null;
  troughIndex: number | null;
  recoveryIndex: number | null;
};

/** Maximum drawdown; depth 0 with null indices when the series never falls below a peak. */
export function maxDrawdown(equity: Float64Array): MaxDrawdown {
  const worst = worstDrawdowns(equity, { top: 1 })[0];
  if (!worst) return { depth: 0, peakIndex: null, troughIndex: null, recoveryIndex: null };
  return { depth: worst.depth, peakIndex: worst.startIndex, troughIndex: worst.troughIndex, recoveryIndex: worst.recoveryIndex };
}

/** Longest episode, peak to recovery (or to the end), in bars and milliseconds. */
export function maxDrawdownDuration(equity: Float64Array, time?: Float64Array): { bars: number; ms: number | null } {
  let bars = 0;
  let ms: number | null = time ? 0 : null;
  for (const e of drawdownEpisodes(equity, { time })) {
    if (e.lengthBars > bars) bars = e.lengthBars;
    if (e.durationMs !== null && ms !== null && e.durationMs > ms) ms = e.durationMs;
  }
  return { bars, ms };
}

/** Share of bars strictly below the running peak. Empty series: 0. */
export function timeUnderwater(equity: Float64Array): number {
  if (equity.length === 0) return 0;
  const dd = drawdownSeries(equity);
  let under = 0;
  for (let i = 0; i < dd.length; i++) if (dd[i] < 0) under++;
  return under / dd.length;
}

/** Ulcer index (Martin 1987): √(mean dd_t²) over all bars, with dd as a fraction (not percent). */
export function ulcerIndex(equity: Float64Array): number {
  if (equity.length === 0) return 0;
  const dd = drawdownSeries(equity);
  let s = 0;
  for (let i = 0; i < dd.length; i++) s += dd[i] * dd[i];
  return Math.sqrt(s / dd.length);
}
