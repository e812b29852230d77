// Causality by truncation: a run on the data cut at bar T makes exactly the same decisions (targets,
// regimes seen, orders) and has the same equity before T as the run on the full data, for regime
// series given on the trading grid and detected on weekly bars; and a weekly regime is used only
// after its week has closed.
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { sliceCandles } from '../../../../core/series/candles.ts';
import { alignRegimesCausally } from '../../../../core/regimes/align.ts';
import type { RegimeSeries } from '../../../../core/regimes/regime-series.ts';
import { dataOf, H4, syntheticMarket } from './fixtures.ts';

const market = syntheticMarket(2400, 21);

function truncated(T: number) {
  const regimes: RegimeSeries = { ...market.regimes, time: market.regimes.time.subarray(0, T), probs: market.regimes.probs.subarray(0, 2 * T) };
  return dataOf([{ symbol: 'X', candles: sliceCandles(market.candles, 0, T), regimeSeries: regimes }]);
}

const configs = {
  'gated moderate + Kelly 4-state + momentum signal': {
    instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'four-state' }, signal: {}, gate: {},
    rebalance: { rule: 'every-bar' }, circuitBreaker: { maxDrawdown: 0.15 }, costs: { funding: { kind: 'constant' } },
  },
  'gradient + drift band': { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate', mode: 'gradient' }, rebalance: { rule: 'drift', band: 0.05 } },
};

describe('causality by truncation', () => {
  for (const [name, config] of Object.entries(configs)) {
    it(name, () => {
      const full = runBacktest(config, dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]));
      for (const T of [700, 1500]) {
        const cut = runBacktest(config, truncated(T));
        const k = cut.equity.length - 1; // the cut run's last bar is T − 1; decisions before it are final
        expect(Array.from(cut.targetExposure[0].subarray(0, k))).toEqual(Array.from(full.targetExposure[0].subarray(0, k)));
        expect(Array.from(cut.regimeSeen[0].subarray(0, k))).toEqual(Array.from(full.regimeSeen[0].subarray(0, k)));
        expect(Array.from(cut.equity)).toEqual(Array.from(full.equity.subarray(0, k + 1)));
        const before = (r: typeof full) => r.reports!.fills.filter((f) => (f.bar_index as number) <= T - 1).map((f) => [f.bar_index, f.last_qty, f.last_px]);
        expect(before(cut)).toEqual(before(full));
      }
    });
  }

  it('weekly regimes become usable only at the close of the week’s last 4h bar', () => {
    // Week of Monday 2024-01-01: its regime row may be used from the decision at 2024-01-07 24:00.
    const monday = Date.UTC(2024, 0, 1);
    const weekly: RegimeSeries = { time: Float64Array.of(monday, monday + 7 * 86_400_000), timeframe: '1w', regimeCount: 2, probs: Float64Array.of(0.9, 0.1, 0.2, 0.8), hindsight: false, source: 'test' };
    const trade = Float64Array.from({ length: 7 * 6 * 2 + 1 }, (_, i) => monday + i * H4);
    const aligned = alignRegimesCausally(weekly, trade, '4h');
    const lastBarOfWeek1 = 7 * 6 - 1; // opens Sunday 20:00, closes Monday 00:00
    expect(aligned.sourceRow[lastBarOfWeek1 - 1]).toBe(-1);
    expect(aligned.sourceRow[lastBarOfWeek1]).toBe(0);
    expect(aligned.sourceRow[2 * 7 * 6 - 2]).toBe(0);
    expect(aligned.sourceRow[2 * 7 * 6 - 1]).toBe(1);
    expect(Number.isNaN(aligned.probs[0])).toBe(true);
  });
});
