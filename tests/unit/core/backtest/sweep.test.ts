// The optimized sweep (labels shared per gate config, leverages mapped by lookup, equity-only kernel,
// allocation-free headline) gives, for every variant, exactly the headline of runBacktest on that
// variant, on grids over leverages, gate threshold / N, fees and funding; also the paths that do not
// use the lookup (gradient sizing, a portfolio with propagation) and a slice run.
import { describe, expect, it } from 'vitest';
import { applyVariant } from '../../../../core/backtest/grid.ts';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { runSweep } from '../../../../core/backtest/sweep.ts';
import { dataOf, syntheticMarket } from './fixtures.ts';

const btc = syntheticMarket(1500, 21);
const eth = syntheticMarket(1500, 22);
const single = dataOf([{ symbol: 'X', candles: btc.candles, regimeSeries: btc.regimes }]);
const pair = dataOf([{ symbol: 'X', candles: btc.candles, regimeSeries: btc.regimes }, { symbol: 'Y', candles: eth.candles, regimeSeries: eth.regimes }]);

function expectRowsEqualRuns(config: Record<string, unknown>, grid: Record<string, unknown[]>, data: typeof single): number {
  const sweep = runSweep(config, grid, data);
  for (const row of sweep.rows) {
    expect(row.error, JSON.stringify(row.variant)).toBeUndefined();
    const full = runBacktest(applyVariant(config, row.variant), data);
    expect(row.headline, JSON.stringify(row.variant)).toEqual(full.headline);
  }
  return sweep.rows.length;
}

describe('sweep rows == runBacktest headline of each variant', () => {
  it('regime leverage × gate threshold × confirm bars × taker fee × funding rate (single instrument)', () => {
    const config = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, gate: {}, costs: { funding: { kind: 'constant' } }, benchmarks: false };
    const grid = {
      'sizing.leverage.0': [1.2, 3],
      'sizing.leverage.1': [0.5, -0.5],
      'gate.threshold': [0.6, 0.85],
      'gate.confirmBars': [1, 3],
      'costs.takerFeeBps': [0, 7],
      'costs.funding.ratePerEvent': [0, 0.0003],
    };
    expect(expectRowsEqualRuns(config, grid, single)).toBe(64);
  });

  it('every-bar rebalancing with liquidations at high leverage, and the constant / buy-and-hold sizings', () => {
    const config = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [8, 2] }, rebalance: { rule: 'every-bar' }, margin: { maxLeverage: 20, maintenanceMarginRate: 0.02, afterLiquidation: 'continue' }, benchmarks: false };
    expectRowsEqualRuns(config, { 'sizing.leverage.0': [8, 15], 'costs.slippage.bps': [0, 5], warmupLeverage: [0, 1] }, single);
    expectRowsEqualRuns({ instruments: [{ symbol: 'X' }], sizing: { kind: 'constant' }, rebalance: { rule: 'drift' }, benchmarks: false }, { 'sizing.leverage': [-1, 2], 'rebalance.band': [0.05, 0.2] }, single);
    expectRowsEqualRuns({ instruments: [{ symbol: 'X' }], sizing: { kind: 'buy-and-hold' }, benchmarks: false }, { 'costs.takerFeeBps': [0, 10] }, single);
  });

  it('gradient sizing and a two-instrument portfolio with cross-asset propagation (schedule path)', () => {
    const gradient = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75], mode: 'gradient' }, rebalance: { rule: 'drift', band: 0.05 }, benchmarks: false };
    expectRowsEqualRuns(gradient, { 'sizing.leverage.0': [1, 2], 'costs.takerFeeBps': [0, 5] }, single);
    const portfolio = { instruments: [{ symbol: 'X', weight: 0.6 }, { symbol: 'Y', weight: 0.4 }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, gate: {}, crossAsset: { correlationThreshold: 0.05 }, costs: { funding: { kind: 'constant' } }, benchmarks: false };
    expectRowsEqualRuns(portfolio, { 'sizing.leverage.1': [0.25, 1], 'gate.confirmBars': [1, 2], 'costs.takerFeeBps': [0, 5] }, pair);
  });

  it('a slice [from, to) gives the same rows as the whole sweep', () => {
    const config = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, gate: {}, benchmarks: false };
    const grid = { 'gate.threshold': [0.6, 0.7, 0.8], 'sizing.leverage.0': [1, 2] };
    const whole = runSweep(config, grid, single);
    const slice = runSweep(config, grid, single, { from: 2, to: 5 });
    expect(slice.rows).toEqual(whole.rows.slice(2, 5));
  });
});
