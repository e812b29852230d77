// The columnar candle set every layer passes around: one typed array per field, times in UTC ms.
// Column names follow Binance's kline fields so imported files map onto them one to one.

export const CANDLE_FIELDS = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'quoteVolume',
  'trades',
  'takerBuyBase',
  'takerBuyQuote',
] as const;
export type CandleField = (typeof CANDLE_FIELDS)[number];

/** Bit flags per bar (Uint8Array `flags`). */
export const CANDLE_FLAG = {
  /** Filled by the repair policy (flat, zero volume); not traded data. */
  SYNTHETIC: 1,
  /** A resampled bucket with base bars missing. */
  INCOMPLETE: 2,
} as const;

export type Candles = {
  /** Bar open times, UTC milliseconds, strictly increasing. */
  time: Float64Array;
  flags: Uint8Array;
} & Record<CandleField, Float64Array>;

export function allocateCandles(length: number): Candles {
  const candles = { time: new Float64Array(length), flags: new Uint8Array(length) } as Candles;
  for (const field of CANDLE_FIELDS) candles[field] = new Float64Array(length);
  return candles;
}

export function candleCount(candles: Candles): number {
  return candles.time.length;
}

/** Bars [start, end) as views on the same buffers (no copy). */
export function sliceCandles(candles: Candles, start: number, end: number): Candles {
  const out = { time: candles.time.subarray(start, end), flags: candles.flags.subarray(start, end) } as Candles;
  for (const field of CANDLE_FIELDS) out[field] = candles[field].subarray(start, end);
  return out;
}

/** Index of the first bar with time >= timeMs (binary search). */
export function lowerBound(time: Float64Array, timeMs: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
