import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { allocateCandles, type Candles } from '../../../../core/series/candles.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { CHART_LEVELS, DEFAULT_CHART_SPEC, rasterizeChart, rasterizeCharts } from '../../../../core/charts/rasterize.ts';

function walk(n: number, seed: number): Candles {
  const rng = createRng(seed);
  const c = allocateCandles(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    const q = p * Math.exp(0.01 * rng.normal());
    c.time[i] = i * 3_600_000;
    c.open[i] = p;
    c.close[i] = q;
    c.high[i] = Math.max(p, q) * 1.002;
    c.low[i] = Math.min(p, q) * 0.998;
    c.volume[i] = 1 + rng.uniform();
    p = q;
  }
  return c;
}

const digest = (a: Float32Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('chart rasterizer', () => {
  const candles = walk(400, 9);

  it('is deterministic: the same window gives the same pixels, run after run and batched or not', () => {
    const a = rasterizeChart(candles, 300);
    const b = rasterizeChart(walk(400, 9), 300);
    expect(digest(a)).toBe(digest(b));
    const batch = rasterizeCharts(candles, [300, 250]);
    expect(digest(batch.subarray(0, 4096))).toBe(digest(a));
    expect(digest(batch.subarray(4096))).toBe(digest(rasterizeChart(candles, 250)));
  });

  it('uses only the bars strictly before the prediction bar', () => {
    const before = rasterizeChart(candles, 300);
    const changed = walk(400, 9);
    changed.high[300] *= 2;
    changed.volume[300] *= 100;
    expect(digest(rasterizeChart(changed, 300))).toBe(digest(before));
    changed.high[299] *= 2;
    expect(digest(rasterizeChart(changed, 300))).not.toBe(digest(before));
  });

  it('draws only the documented gray levels, each k/255 so a uint8 copy round-trips', () => {
    const image = rasterizeChart(candles, 300);
    const levels = new Set(Object.values(CHART_LEVELS).map((v) => Math.fround(v)));
    for (const v of image) {
      expect(levels.has(v)).toBe(true);
      expect(Math.fround(Math.round(v * 255) / 255)).toBe(v);
    }
  });

  it('puts a rising market bottom-left to top-right, with the window high on the top row and volume at the bottom', () => {
    const c = allocateCandles(168);
    for (let i = 0; i < 168; i++) {
      c.open[i] = 100 + i;
      c.close[i] = 101 + i;
      c.high[i] = 101.5 + i;
      c.low[i] = 99.5 + i;
      c.volume[i] = 1;
    }
    const { width: W, height: H, volumeRows } = DEFAULT_CHART_SPEC;
    const img = rasterizeChart(c, 168);
    expect(img[0 * W + (W - 1)]).not.toBe(0); // top right: the last column reaches the max high
    expect(img[0 * W + 0]).toBe(0);
    expect(img[(H - volumeRows - 2) * W + 0]).not.toBe(0); // bottom of the price area, first column
    expect(img[(H - 1) * W + 5]).toBe(Math.fround(CHART_LEVELS.volume));
    expect(img[(H - volumeRows - 1) * W + 5]).toBe(0); // the separator row
  });

  it('refuses windows without enough bars', () => {
    expect(() => rasterizeChart(candles, 100)).toThrow(/needs 168 bars/);
    expect(() => rasterizeChart(candles, 401)).toThrow(/valid ends/);
  });
});
