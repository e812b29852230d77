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

/**
 * Config overrides the headline kernels (simulate-headline.ts, headline-wasm.ts) are checked on: every
 * cost model, the leverage cap, a minimum order size, shorts, liquidations (stop or continue), warm-up.
 * Index 6 liquidates and goes on, index 7 stops after its liquidation.
 */
export const HEADLINE_CASES: [string, Record<string, unknown>][] = [
  ['moderate, gate, fees, slippage, funding', { sizing: { kind: 'regime-leverage', preset: 'moderate' }, gate: { threshold: 0.75, confirmBars: 2 }, costs: { takerFeeBps: 5, slippage: { bps: 2 }, funding: { kind: 'constant', ratePerEvent: 0.0001 } } }],
  ['short in the high-vol regime, maker fees', { sizing: { kind: 'regime-leverage', leverage: [1.2, -0.6] }, costs: { liquidity: 'maker', makerFeeBps: 2 } }],
  ['volatility-scaled slippage', { sizing: { kind: 'regime-leverage', leverage: [1.5, 0.5] }, costs: { slippage: { model: 'volatility', bps: 3, volatilityWindowBars: 20 } } }],
  ['volume impact slippage', { sizing: { kind: 'regime-leverage', leverage: [2, 0.5] }, costs: { slippage: { model: 'volume', bps: 1, impactBps: 25 } } }],
  ['leverage over the cap is scaled down', { sizing: { kind: 'regime-leverage', leverage: [18, 4] }, margin: { maxLeverage: 10, maintenanceMarginRate: 0.01, afterLiquidation: 'continue' } }],
  ['a minimum order size skips small rebalances', { sizing: { kind: 'regime-leverage', leverage: [1.05, 1] }, rebalance: { rule: 'on-change', minOrderNotional: 500 } }],
  ['liquidations, trading continues', { sizing: { kind: 'regime-leverage', leverage: [15, 8] }, margin: { maxLeverage: 20, maintenanceMarginRate: 0.03, liquidationFeeBps: 50, afterLiquidation: 'continue' }, costs: { funding: { kind: 'constant', ratePerEvent: 0.0003 } } }],
  ['a liquidation stops trading', { sizing: { kind: 'regime-leverage', leverage: [15, 8] }, margin: { maxLeverage: 20, maintenanceMarginRate: 0.03, afterLiquidation: 'stop' } }],
  ['constant leverage and buy-and-hold', { sizing: { kind: 'constant', leverage: 1.7 } }],
  ['warm-up leverage before the first label', { sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, warmupLeverage: 0.5, gate: { threshold: 0.9, confirmBars: 4 } }],
];
