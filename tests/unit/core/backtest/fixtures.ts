// Small builders for backtest tests: candles from OHLC rows on a 4h grid, a synthetic regime-switching
// market (seeded), and regime series from label paths. Plain data, no mocks.
import { allocateCandles, type Candles } from '../../../../core/series/candles.ts';
import { createRng } from '../../../../core/random/rng.ts';
import type { RegimeSeries } from '../../../../core/regimes/regime-series.ts';
import type { BacktestData, BacktestInstrument } from '../../../../core/backtest/data.ts';

export const H4 = 4 * 3_600_000;

/** Candles from [open, high, low, close] rows, bar i opening at start + i·4h. */
export function candlesFrom(rows: readonly (readonly [number, number, number, number])[], startMs = Date.UTC(2024, 0, 1, 4)): Candles {
  const c = allocateCandles(rows.length);
  rows.forEach(([o, h, l, cl], i) => {
    c.time[i] = startMs + i * H4;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
    c.volume[i] = 1000;
  });
  return c;
}

/** A two-regime random walk (calm σ 1 %, stormy σ 3 % per bar) with its true-regime probabilities (noisy). */
export function syntheticMarket(n: number, seed: number, startMs = Date.UTC(2021, 0, 1)): { candles: Candles; regimes: RegimeSeries; labels: Uint8Array } {
  const rng = createRng(seed);
  const c = allocateCandles(n);
  const labels = new Uint8Array(n);
  const probs = new Float64Array(n * 2);
  let s = 0;
  let price = 100;
  for (let t = 0; t < n; t++) {
    if (t > 0 && rng.uniform() < (s === 0 ? 0.02 : 0.08)) s = 1 - s;
    labels[t] = s;
    const sigma = s === 0 ? 0.01 : 0.03;
    const open = price * (1 + 0.001 * rng.normal());
    const close = open * Math.exp(sigma * rng.normal() + 0.0002);
    const hi = Math.max(open, close) * (1 + Math.abs(sigma * 0.5 * rng.normal()));
    const lo = Math.min(open, close) * (1 - Math.abs(sigma * 0.5 * rng.normal()));
    c.time[t] = startMs + t * H4;
    c.open[t] = open;
    c.high[t] = hi;
    c.low[t] = lo;
    c.close[t] = close;
    c.volume[t] = 500 + 1000 * rng.uniform();
    price = close;
    const pHigh = Math.min(0.999, Math.max(0.001, (s === 1 ? 0.8 : 0.2) + 0.25 * (rng.uniform() - 0.5)));
    probs[t * 2] = 1 - pHigh;
    probs[t * 2 + 1] = pHigh;
  }
  return { candles: c, labels, regimes: { time: c.time, timeframe: '4h', regimeCount: 2, probs, hindsight: false, source: 'synthetic' } };
}

export function dataOf(instruments: BacktestInstrument[]): BacktestData {
  return { timeframe: '4h', instruments };
}
