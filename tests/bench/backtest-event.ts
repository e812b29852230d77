// Benchmark: the event path (order, fill, position and account objects, NautilusTrader-style rows)
// over 500k 4h bars. Target ≥ 1M bars/s. Two cases: the gated Moderate strategy (orders on regime
// switches) and a gradient strategy rebalancing every bar (one order per bar); each also with the
// report rows built from the logs.
import { parseStrategyConfig } from '../../core/backtest/config.ts';
import { prepareRun, resolveBacktestRegimes } from '../../core/backtest/run-backtest.ts';
import { simulateEvent } from '../../core/backtest/simulate-event.ts';
import { BARS, benchData, time } from './backtest-common.ts';

const data = benchData();
const cases = {
  'gated moderate, on-change': { sizing: { kind: 'regime-leverage', preset: 'moderate' }, gate: {} },
  'gradient, every bar (one order per bar)': { sizing: { kind: 'regime-leverage', preset: 'moderate', mode: 'gradient' }, rebalance: { rule: 'every-bar' } },
};
for (const [name, extra] of Object.entries(cases)) {
  const config = parseStrategyConfig({ instruments: [{ symbol: 'BTCUSDT' }], regimes: { source: 'series' }, costs: { funding: { kind: 'constant' } }, ...extra });
  const { plan } = prepareRun(config, data, resolveBacktestRegimes(config, data));
  let orders = 0;
  // The event path itself: order objects through the venue, fills, positions; its orders / fills /
  // account records kept as columns (core/backtest/report-log.ts).
  time(`event path: ${name}`, 7, () => {
    orders = simulateEvent(plan, { symbols: ['BTCUSDT'], strategyId: 'bench' }).series.orders;
  }, (ms) => `${((BARS / ms) * 1000 / 1e6).toFixed(2)}M bars/s`);
  // …and with every report turned into NautilusTrader-style row objects (what a CSV export reads).
  time(`  + all report rows built`, 5, () => {
    const r = simulateEvent(plan, { symbols: ['BTCUSDT'], strategyId: 'bench' }).reports;
    orders = r.orders.length + 0 * (r.fills.length + r.account.length + r.positions.length);
  }, (ms) => `${((BARS / ms) * 1000 / 1e6).toFixed(2)}M bars/s`);
  console.log(`${''.padEnd(58)} ${orders} orders`);
}
