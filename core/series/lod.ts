// Levels of detail for the chart: pick a bucket size so a span holds at most `maxBars` bars, and
// resample candles into buckets of any size (not only the stored timeframes: 3h, 2d, …). The chart
// never holds more points than the screen can show (notes/charting.md: a year of 1-minute bars in
// one series makes every repaint cost ≈ 300 ms; a few thousand bars cost ≈ 2 ms).

import { allocateCandles, CANDLE_FLAG, type Candles } from './candles.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Monday 1970-01-05 00:00 UTC: week-multiple buckets start on Mondays, as core/series/timeframe.ts does for 1w. */
const WEEK_ANCHOR_MS = 4 * DAY_MS;

/** Bucket sizes a chart level may use: round units a reader recognises on the time axis. */
export const LOD_BUCKETS_MS: readonly number[] = [
  MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS,
  HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 4 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS,
  DAY_MS, 2 * DAY_MS, 3 * DAY_MS, WEEK_MS, 2 * WEEK_MS, 4 * WEEK_MS,
];

/**
 * The smallest bucket (a multiple of `baseMs`, from LOD_BUCKETS_MS, or a multiple of 4 weeks beyond
 * it) with which `spanMs` of bars holds at most `maxBars` buckets. Returns `baseMs` when the raw
 * bars already fit.
 */
export function lodBucketMs(spanMs: number, baseMs: number, maxBars: number): number {
  if (!(baseMs > 0) || !(maxBars >= 1)) throw new RangeError(`lodBucketMs: baseMs (${baseMs}) and maxBars (${maxBars}) must be positive`);
  const fits = (bucket: number) => Math.ceil(Math.max(0, spanMs) / bucket) <= maxBars;
  if (fits(baseMs)) return baseMs;
  for (const bucket of LOD_BUCKETS_MS) if (bucket > baseMs && bucket % baseMs === 0 && fits(bucket)) return bucket;
  const top = LOD_BUCKETS_MS[LOD_BUCKETS_MS.length - 1];
  const unit = top % baseMs === 0 ? top : baseMs;
  return unit * Math.ceil(spanMs / (unit * maxBars));
}

/** Anchor of the bucket grid: Mondays for week multiples, the epoch otherwise. */
export function lodAnchorMs(bucketMs: number): number {
  return bucketMs % WEEK_MS === 0 ? WEEK_ANCHOR_MS : 0;
}

/** Start (UTC ms) of the `bucketMs` bucket containing `timeMs`. */
export function lodBucketStart(timeMs: number, bucketMs: number): number {
  const anchor = lodAnchorMs(bucketMs);
  return Math.floor((timeMs - anchor) / bucketMs) * bucketMs + anchor;
}

/**
 * Resamples `source` (bars of `baseMs`) into buckets of `bucketMs`: open first, high max, low min,
 * close last, volumes and trades summed — the conventions of core/series/resample.ts. A bucket with
 * base bars missing or a flagged bar is flagged INCOMPLETE.
 */
export function resampleToBucket(source: Candles, baseMs: number, bucketMs: number): Candles {
  if (!(bucketMs >= baseMs) || bucketMs % baseMs !== 0) throw new RangeError(`resampleToBucket: bucket ${bucketMs} ms must be a whole multiple of the base ${baseMs} ms`);
  const n = source.time.length;
  const barsPerBucket = bucketMs / baseMs;
  let buckets = 0;
  let bucketEnd = -Infinity;
  for (let i = 0; i < n; i++) {
    if (source.time[i] >= bucketEnd) {
      buckets++;
      bucketEnd = lodBucketStart(source.time[i], bucketMs) + bucketMs;
    }
  }
  const out = allocateCandles(buckets);
  const { time, open, high, low, close, volume, quoteVolume, trades, takerBuyBase, takerBuyQuote, flags } = source;
  let k = -1;
  let inBucket = 0;
  bucketEnd = -Infinity;
  for (let i = 0; i < n; i++) {
    if (time[i] >= bucketEnd) {
      if (k >= 0 && inBucket !== barsPerBucket) out.flags[k] |= CANDLE_FLAG.INCOMPLETE;
      k++;
      inBucket = 0;
      const start = lodBucketStart(time[i], bucketMs);
      bucketEnd = start + bucketMs;
      out.time[k] = start;
      out.open[k] = open[i];
      out.high[k] = high[i];
      out.low[k] = low[i];
    } else {
      if (high[i] > out.high[k]) out.high[k] = high[i];
      if (low[i] < out.low[k]) out.low[k] = low[i];
    }
    inBucket++;
    out.close[k] = close[i];
    out.volume[k] += volume[i];
    out.quoteVolume[k] += quoteVolume[i];
    out.trades[k] += trades[i];
    out.takerBuyBase[k] += takerBuyBase[i];
    out.takerBuyQuote[k] += takerBuyQuote[i];
    if (flags[i] !== 0) out.flags[k] |= CANDLE_FLAG.INCOMPLETE;
  }
  if (k >= 0 && inBucket !== barsPerBucket) out.flags[k] |= CANDLE_FLAG.INCOMPLETE;
  return out;
}

/**
 * For each bar [barTime[i], barTime[i] + bucketMs), the value of the series at its last point
 * inside the bar — what was known at the bar's close, so a resampled probability stays causal.
 * NaN for a bar holding no point of the series. Both time arrays are sorted.
 */
export function sampleAtBarClose(seriesTime: Float64Array, values: Float64Array, barTime: Float64Array, bucketMs: number): Float64Array {
  const out = new Float64Array(barTime.length).fill(NaN);
  let j = 0;
  for (let i = 0; i < barTime.length; i++) {
    const end = barTime[i] + bucketMs;
    while (j < seriesTime.length && seriesTime[j] < end) j++;
    // j − 1 is the last point before the bar's end; it belongs to the bar if it is not before its start.
    if (j > 0 && seriesTime[j - 1] >= barTime[i]) out[i] = values[j - 1];
  }
  return out;
}
