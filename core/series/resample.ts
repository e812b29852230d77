// Resampling candles from a finer to a coarser timeframe in UTC buckets: open first, high max,
// low min, close last; volume, quote volume, trades and taker volumes summed. A bucket missing any
// base bar (or holding a synthetic one) is flagged INCOMPLETE so it is never mistaken for a full bar.

import { allocateCandles, CANDLE_FLAG, type Candles } from './candles.ts';
import { bucketStart, canResample, timeframeMs, type Timeframe } from './timeframe.ts';

export function resampleCandles(source: Candles, from: Timeframe, to: Timeframe): Candles {
  if (!canResample(from, to)) {
    throw new RangeError(`resampleCandles: cannot resample ${from} to ${to} (target must be a whole multiple)`);
  }
  const n = source.time.length;
  const barsPerBucket = timeframeMs(to) / timeframeMs(from);
  const size = timeframeMs(to);
  // Times are sorted, so a bucket's start is recomputed only when a bar passes the current end.
  // Count buckets first so the output is allocated once.
  let buckets = 0;
  let bucketEnd = -Infinity;
  for (let i = 0; i < n; i++) {
    if (source.time[i] >= bucketEnd) {
      buckets++;
      bucketEnd = bucketStart(source.time[i], to) + size;
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
      const b = bucketStart(time[i], to);
      bucketEnd = b + size;
      out.time[k] = b;
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
