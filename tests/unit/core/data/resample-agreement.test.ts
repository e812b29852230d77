// Resampling the real finer files agrees bar for bar with the real coarser ones (SOURCES.md,
// "Resample consistency"): complete buckets only, OHLC at 1e-9 relative, volume at 1e-6, and the
// only disagreements are the corrections SOURCES.md lists (unfinished last bars of the exports).
import { describe, expect, it } from 'vitest';
import { CANDLE_FIELDS, CANDLE_FLAG, allocateCandles, type Candles } from '../../../../core/series/candles.ts';
import { resampleCandles } from '../../../../core/series/resample.ts';
import type { Timeframe } from '../../../../core/series/timeframe.ts';
import { AZMATH, FILES, SATER8, TAHA, YANNIEDOG, parseShared, utc } from './shared-files.ts';

function concat(parts: Candles[]): Candles {
  const out = allocateCandles(parts.reduce((n, c) => n + c.time.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.time.set(part.time, offset);
    out.flags.set(part.flags, offset);
    for (const field of CANDLE_FIELDS) out[field].set(part[field], offset);
    offset += part.time.length;
  }
  return out;
}

const close = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

/** Complete resampled buckets compared with the reference bars at the same open time. */
function compare(resampled: Candles, reference: Candles): { compared: number; disagreements: number[] } {
  const index = new Map<number, number>();
  reference.time.forEach((t, i) => index.set(t, i));
  let compared = 0;
  const disagreements: number[] = [];
  for (let k = 0; k < resampled.time.length; k++) {
    if (resampled.flags[k] & CANDLE_FLAG.INCOMPLETE) continue;
    const j = index.get(resampled.time[k]);
    if (j === undefined) continue;
    compared++;
    const ok = (['open', 'high', 'low', 'close'] as const).every((f) => close(resampled[f][k], reference[f][j], 1e-9)) && close(resampled.volume[k], reference.volume[j], 1e-6);
    if (!ok) disagreements.push(resampled.time[k]);
  }
  return { compared, disagreements };
}

async function candlesOf(files: string[]): Promise<Candles> {
  return concat(await Promise.all(files.map(async (f) => (await parseShared(f)).candles)));
}

const BTC_1H_ARCHIVES = [FILES.spot1h202201Crlf, ...['01', '02', '03', '04', '05'].map((m) => FILES.spot1h2023(m))];
const BTC_1M_ZIPS = [FILES.spot1m20200101, FILES.spot1m20200102, FILES.spot1m20200103, FILES.spot1mUs20250102];

describe('resample agreement with the real coarser files', () => {
  it('BTC 1h archives → 4h: 1,091 complete buckets, 0 disagreements vs yanniedog, taha and sater8', async () => {
    const fourHour = resampleCandles(await candlesOf(BTC_1H_ARCHIVES), '1h', '4h');
    // The halt bucket 2023-03-24 12:00 has 3 of 4 hours and is flagged incomplete.
    expect(fourHour.flags[fourHour.time.indexOf(utc('2023-03-24T12:00:00'))] & CANDLE_FLAG.INCOMPLETE).toBeTruthy();
    for (const source of [YANNIEDOG, TAHA, SATER8]) {
      const result = compare(fourHour, (await parseShared(FILES.export(source, 'BTCUSDT_4h.csv'))).candles);
      expect({ source, ...result }).toEqual({ source, compared: 1091, disagreements: [] });
    }
  });

  it('BTC 1h archives → 1d: 181 days, 0 disagreements vs yanniedog 1d', async () => {
    const daily = resampleCandles(await candlesOf(BTC_1H_ARCHIVES), '1h', '1d');
    expect(compare(daily, (await parseShared(FILES.export(YANNIEDOG, 'BTCUSDT_1d.csv'))).candles)).toEqual({ compared: 181, disagreements: [] });
  });

  it('BTC 1m zips (ms and µs) → 4h / 1d / 1h agree with every source that covers them', async () => {
    const minutes = await candlesOf(BTC_1M_ZIPS);
    const fourHour = resampleCandles(minutes, '1m', '4h');
    const expected: [string, number][] = [[YANNIEDOG, 24], [SATER8, 24], [TAHA, 6], [AZMATH, 6]];
    for (const [source, compared] of expected) {
      expect({ source, ...compare(fourHour, (await parseShared(FILES.export(source, 'BTCUSDT_4h.csv'))).candles) }).toEqual({ source, compared, disagreements: [] });
    }
    const daily = resampleCandles(minutes, '1m', '1d');
    expect(compare(daily, (await parseShared(FILES.export(YANNIEDOG, 'BTCUSDT_1d.csv'))).candles)).toEqual({ compared: 4, disagreements: [] });
    const hourly = resampleCandles(minutes, '1m', '1h');
    expect(compare(hourly, (await parseShared(FILES.export(AZMATH, 'BTCUSDT_1h.csv'))).candles)).toEqual({ compared: 24, disagreements: [] });
  });

  it('azmath BTC/SOL 1h → 4h: 4,379 each, 0 disagreements vs azmath 4h', async () => {
    for (const symbol of ['BTCUSDT', 'SOLUSDT']) {
      const fourHour = resampleCandles((await parseShared(FILES.export(AZMATH, `${symbol}_1h.csv`))).candles, '1h', '4h');
      expect(compare(fourHour, (await parseShared(FILES.export(AZMATH, `${symbol}_4h.csv`))).candles)).toEqual({ compared: 4379, disagreements: [] });
    }
  });

  it('yanniedog SOL 1h → 1d: 1,963 days, 0 disagreements; → 4h: only the listed unfinished last bars differ', async () => {
    const hourly = (await parseShared(FILES.export(YANNIEDOG, 'SOLUSDT_1h.csv'))).candles;
    const daily = resampleCandles(hourly, '1h', '1d');
    expect(compare(daily, (await parseShared(FILES.export(YANNIEDOG, 'SOLUSDT_1d.csv'))).candles)).toEqual({ compared: 1963, disagreements: [] });
    const fourHour = resampleCandles(hourly, '1h', '4h');
    expect(Array.from(fourHour.time).filter((_, k) => fourHour.flags[k] & CANDLE_FLAG.INCOMPLETE)).toHaveLength(15);
    // taha's last bar 2025-07-15 20:00 and sater8's 2025-11-18 08:00 are the listed corrections.
    const taha = compare(fourHour, (await parseShared(FILES.export(TAHA, 'SOLUSDT_4h.csv'))).candles);
    expect(taha.disagreements).toEqual([utc('2025-07-15T20:00:00')]);
    const sater8 = compare(fourHour, (await parseShared(FILES.export(SATER8, 'SOLUSDT_4h.csv'))).candles);
    expect(sater8.disagreements).toEqual([utc('2025-11-18T08:00:00')]);
    expect(sater8.compared).toBeGreaterThan(11_000);
  });

  it('BTC 1h parquet → 4h: 18,332 of 18,333 agree with yanniedog; the one is its unfinished 2026-01-06 12:00', async () => {
    const fourHour = resampleCandles((await parseShared(FILES.parquet1h)).candles, '1h', '4h');
    const result = compare(fourHour, (await parseShared(FILES.export(YANNIEDOG, 'BTCUSDT_4h.csv'))).candles);
    expect(result).toEqual({ compared: 18333, disagreements: [utc('2026-01-06T12:00:00')] });
    // The finished values SOURCES.md lists under Corrections.
    const k = fourHour.time.indexOf(utc('2026-01-06T12:00:00'));
    expect([fourHour.high[k], fourHour.low[k], fourHour.close[k]]).toEqual([94444.44, 93352.01, 93648.99]);
    expect(fourHour.volume[k]).toBeCloseTo(3747.64759, 4);
  });

  it('resampling every coarser timeframe keeps volume and trades totals', async () => {
    const minutes = await candlesOf(BTC_1M_ZIPS);
    const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
    for (const to of ['5m', '15m', '1h', '4h', '1d', '1w'] as Timeframe[]) {
      const coarse = resampleCandles(minutes, '1m', to);
      expect(sum(coarse.volume)).toBeCloseTo(sum(minutes.volume), 6);
      expect(sum(coarse.trades)).toBe(sum(minutes.trades));
    }
  });
});
