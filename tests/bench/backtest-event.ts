// Benchmark: the event path (order, fill, position and account objects, NautilusTrader-style rows)
// over 500k 4h bars. Target ≥ 1M bars/s. Two cases: the gated Moderate strategy (orders on regime
// switches) and a gradient strategy rebalancing every bar (one order per bar).
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
  time(`event path: ${name}`, 7, () => {
    orders = simulateEvent(plan, { symbols: ['BTCUSDT'], strategyId: 'bench' }).reports.orders.length;
  }, (ms) => `${((BARS / ms) * 1000 / 1e6).toFixed(2)}M bars/s`);
  console.log(`${''.padEnd(58)} ${orders} orders`);
}
