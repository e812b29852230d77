// Timeframes RegimeLab stores and resamples to, and their UTC bucket arithmetic.
// Weeks start on Monday 00:00 UTC (ISO 8601), as exchanges and TradingView label weekly candles.

export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d', '1w'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE_MS = 60_000;
const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
  '1w': 7 * 1440 * MINUTE_MS,
};

/** 1970-01-01 was a Thursday; Monday 1970-01-05 00:00 UTC anchors the weekly buckets. */
const WEEK_ANCHOR_MS = 4 * 1440 * MINUTE_MS;

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function timeframeMs(timeframe: Timeframe): number {
  return TIMEFRAME_MS[timeframe];
}

/** Start (UTC ms) of the bucket of `timeframe` that contains `timeMs`. */
export function bucketStart(timeMs: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe];
  const anchor = timeframe === '1w' ? WEEK_ANCHOR_MS : 0;
  return Math.floor((timeMs - anchor) / size) * size + anchor;
}

/** Bars of `timeframe` per 365-day year (crypto trades 24/7). */
export function barsPerYear(timeframe: Timeframe): number {
  return (365 * 1440 * MINUTE_MS) / TIMEFRAME_MS[timeframe];
}

/** True when `coarse` is an integer multiple of `fine` with aligned buckets. */
export function canResample(fine: Timeframe, coarse: Timeframe): boolean {
  const f = TIMEFRAME_MS[fine];
  const c = TIMEFRAME_MS[coarse];
  return c > f && c % f === 0;
}
