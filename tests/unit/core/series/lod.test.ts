// Levels of detail: bucket choice, arbitrary-bucket resampling against the timeframe resampler, and
// causal sampling of a series at bar closes.
import { describe, expect, it } from 'vitest';
import { lodBucketMs, lodBucketStart, resampleToBucket, sampleAtBarClose } from '../../../../core/series/lod.ts';
import { resampleCandles } from '../../../../core/series/resample.ts';
import { allocateCandles, CANDLE_FLAG } from '../../../../core/series/candles.ts';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

function minutes(n: number, start = Date.UTC(2024, 0, 1)) {
  const c = allocateCandles(n);
  for (let i = 0; i < n; i++) {
    c.time[i] = start + i * M;
    c.open[i] = 100 + Math.sin(i);
    c.close[i] = 100 + Math.sin(i + 1);
    c.high[i] = Math.max(c.open[i], c.close[i]) + 0.5 + (i % 7) * 0.01;
    c.low[i] = Math.min(c.open[i], c.close[i]) - 0.5 - (i % 5) * 0.01;
    c.volume[i] = 1 + (i % 3);
    c.trades[i] = 2;
  }
  return c;
}

describe('lodBucketMs', () => {
  it('keeps raw bars that fit and picks the smallest round bucket otherwise', () => {
    expect(lodBucketMs(3 * D, M, 4320)).toBe(M);
    // A year of minutes in ~3,200 bars: 3h buckets (2,920 bars), as measured in notes/charting.md.
    expect(lodBucketMs(365 * D, M, 3200)).toBe(3 * H);
    expect(lodBucketMs(365 * D, H, 3200)).toBe(3 * H);
    expect(lodBucketMs(365 * D, 4 * H, 100)).toBe(7 * D);
    // Beyond the ladder: multiples of 4 weeks.
    expect(lodBucketMs(20 * 365 * D, M, 10) % (28 * D)).toBe(0);
    expect(Math.ceil((20 * 365 * D) / lodBucketMs(20 * 365 * D, M, 10))).toBeLessThanOrEqual(10);
  });
  it('refuses a non-positive base or budget', () => {
    expect(() => lodBucketMs(D, 0, 10)).toThrow(RangeError);
  });
});

describe('resampleToBucket', () => {
  it('matches resampleCandles for a stored timeframe (1m → 1h)', () => {
    const c = minutes(24 * 60 + 30);
    const a = resampleToBucket(c, M, H);
    const b = resampleCandles(c, '1m', '1h');
    for (const field of ['time', 'open', 'high', 'low', 'close', 'volume', 'trades', 'flags'] as const) expect(Array.from(a[field])).toEqual(Array.from(b[field]));
    expect(a.flags[a.flags.length - 1] & CANDLE_FLAG.INCOMPLETE).toBeTruthy();
  });
  it('builds 3h buckets aligned to UTC midnight', () => {
    const c = minutes(9 * 60, Date.UTC(2024, 0, 1, 1));
    const r = resampleToBucket(c, M, 3 * H);
    expect(Array.from(r.time)).toEqual([0, 3, 6, 9].map((h) => Date.UTC(2024, 0, 1, h)));
    expect(r.open[0]).toBe(c.open[0]);
    expect(r.close[1]).toBe(c.close[5 * 60 - 1]);
    expect(r.volume[1]).toBe(c.volume.subarray(2 * 60, 5 * 60).reduce((s, v) => s + v, 0));
    expect(r.flags[0] & CANDLE_FLAG.INCOMPLETE).toBeTruthy();
    expect(r.flags[1]).toBe(0);
  });
  it('starts week-multiple buckets on Mondays', () => {
    expect(new Date(lodBucketStart(Date.UTC(2024, 0, 10), 14 * D)).getUTCDay()).toBe(1);
  });
});

describe('sampleAtBarClose', () => {
  it('takes the last point inside each bar, NaN for an empty bar', () => {
    const t = Float64Array.of(0, 10, 20, 30, 60);
    const v = Float64Array.of(1, 2, 3, 4, 5);
    expect(Array.from(sampleAtBarClose(t, v, Float64Array.of(0, 25, 50, 75), 25))).toEqual([3, 4, 5, NaN]);
  });
});
