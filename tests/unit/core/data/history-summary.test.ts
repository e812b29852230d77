// historySummary on a real archive: BTCUSDT 1h 2023-03 has one missing hour (the 2023-03-24 spot
// trading halt). At 1h that is one gap of one bar; resampled to 4h the bucket is still there but built
// from three of its four hours, so it is one incomplete bar and no gap. The report's data card reads these.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCandleFile } from '../../../../core/data/parse-candle-file.ts';
import { resampleCandles } from '../../../../core/series/resample.ts';
import { historySummary } from '../../../../core/data/gaps.ts';
import { CANDLE_FLAG } from '../../../../core/series/candles.ts';
import { repoRoot } from '../../helpers/paths.ts';

const MARCH = path.resolve(repoRoot, '..', 'shared', 'data', 'binance', 'spot', 'monthly', 'klines', 'BTCUSDT', '1h', 'intabyu__interview-at', 'BTCUSDT-1h-2023-03.csv');

describe('historySummary', () => {
  it('counts the halt as one gap of one bar at 1h, and as one incomplete bar at 4h', async () => {
    const bytes = fs.readFileSync(MARCH);
    const { candles } = await parseCandleFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'BTCUSDT-1h-2023-03.csv', {});
    expect(historySummary(candles.time, candles.flags, '1h')).toEqual({ gaps: 1, missingBars: 1, syntheticBars: 0, incompleteBars: 0 });
    const h4 = resampleCandles(candles, '1h', '4h');
    expect(h4.time.length).toBe(31 * 6);
    expect(historySummary(h4.time, h4.flags, '4h')).toEqual({ gaps: 0, missingBars: 0, syntheticBars: 0, incompleteBars: 1 });
  });

  it('counts a gap of several bars once, with all its bars, and synthetic bars apart from incomplete ones', () => {
    const hour = 3_600_000;
    const time = Float64Array.from([0, 1, 2, 6, 7, 9].map((h) => h * hour));
    const flags = Uint8Array.from([0, CANDLE_FLAG.SYNTHETIC, 0, CANDLE_FLAG.INCOMPLETE, 0, 0]);
    expect(historySummary(time, flags, '1h')).toEqual({ gaps: 2, missingBars: 4, syntheticBars: 1, incompleteBars: 1 });
    expect(historySummary(new Float64Array(0), new Uint8Array(0), '1h')).toEqual({ gaps: 0, missingBars: 0, syntheticBars: 0, incompleteBars: 0 });
  });
});
