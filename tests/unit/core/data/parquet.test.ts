// Parquet candles through hyparquet: the real BTCUSDT 1h file (time column last, INT64 TIMESTAMP).
import { describe, expect, it } from 'vitest';
import { FILES, parseShared, readBytes, rejection, utc } from './shared-files.ts';
import { parseCandleFile } from '../../../../core/data/parse-candle-file.ts';

describe('parquet', () => {
  it('reads 73,594 hourly bars with the TIMESTAMP column last; 28 gaps / 128 hours, 4 flat bars', async () => {
    const { candles, report, symbol, timeframe } = await parseShared(FILES.parquet1h);
    expect(report.format).toBe('parquet');
    expect(report.sha256).toBe('a30df4a72a6fe87a5b44d4792cfe42dbce8085f5558d2abfe87693d5ee6e91b1');
    expect([symbol, timeframe]).toEqual(['BTCUSDT', '1h']);
    expect(report.columnMapping).toMatchObject({ time: 'timestamp_utc', open: 'open', volume: 'volume' });
    expect(report.rows).toMatchObject({ read: 73594, accepted: 73594, rejected: 0 });
    expect(report.firstTimeMs).toBe(utc('2017-08-17T04:00:00'));
    expect(report.lastTimeMs).toBe(utc('2026-01-13T21:00:00'));
    expect(report.gaps).toMatchObject({ count: 28, missingBars: 128 });
    expect(report.gaps.list.some((g) => g.fromMs === utc('2023-03-24T13:00:00') && g.missingBars === 1)).toBe(true);
    expect(report.flatZeroVolume.count).toBe(4);
    expect(report.duplicates.identicalMerged + report.duplicates.conflictingTimes).toBe(0);
    expect(candles.open[0]).toBe(4261.48);
    // SOURCES.md lists each gap by the last bar before it ("2023-03-24 12:00 +1"): 13:00 is missing.
    // The unfinished last candle (volume 47.03) is noted: parquet has no close time to prove it.
    expect(candles.volume[candles.time.length - 1]).toBeCloseTo(47.03, 2);
    expect(report.notes.some((n) => n.includes('2026-01-13T21:00:00.000Z'))).toBe(true);
  });

  it('a truncated parquet file is a clear error', async () => {
    const bytes = readBytes(FILES.parquet1h);
    const cut = bytes.slice(0, bytes.length - 100);
    const error = await rejection(parseCandleFile(cut, 'btcusdt_1h.parquet'));
    expect(error.code).toBe('E_BAD_INPUT');
    const damaged = bytes.slice();
    damaged.fill(7, 1000, 200_000);
    const error2 = await rejection(parseCandleFile(damaged, 'btcusdt_1h.parquet'));
    expect(error2.code).toBe('E_BAD_INPUT');
    expect(error2.message).toMatch(/btcusdt_1h\.parquet/);
  });
});
