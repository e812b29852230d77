// Benchmark: a sweep of 1,000 variants × 500k 4h bars on one thread (target ≤ 4.6 s; numpy 13.2 s):
// low-vol leverage × high-vol leverage × taker fee, each a full vector-path run with fees, funding
// and the headline statistics (core/metrics). Two workers are the service's job: each would run
// runSweep(config, grid, data, { from, to, regimes }) on its slice with the data transferred.
import { expandGrid } from '../../core/backtest/grid.ts';
import { parseStrategyConfig } from '../../core/backtest/config.ts';
import { resolveBacktestRegimes } from '../../core/backtest/run-backtest.ts';
import { runSweep } from '../../core/backtest/sweep.ts';
import { BARS, benchData } from './backtest-common.ts';

const data = benchData();
const input = {
  instruments: [{ symbol: 'BTCUSDT' }],
  regimes: { source: 'series' },
  sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] },
  gate: {},
  costs: { funding: { kind: 'constant', ratePerEvent: 0.0001 } },
};
const range = (a: number, step: number, count: number) => Array.from({ length: count }, (_, i) => +(a + i * step).toFixed(4));
const grid = { 'sizing.leverage.0': range(1, 0.1, 10), 'sizing.leverage.1': range(0.3, 0.1, 10), 'costs.takerFeeBps': range(0, 1, 10) };
const regimes = resolveBacktestRegimes(parseStrategyConfig(input), data);
const variants = expandGrid(grid).length;
runSweep(input, grid, data, { regimes, from: 0, to: 20 }); // warm-up
const times: number[] = [];
let best = '';
for (let rep = 0; rep < 1; rep++) {
  const t0 = performance.now();
  const result = runSweep(input, grid, data, { regimes });
  times.push(performance.now() - t0);
  const top = result.rows.filter((r) => r.headline).sort((a, b) => (b.headline!.sharpe ?? -Infinity) - (a.headline!.sharpe ?? -Infinity))[0];
  best = `best Sharpe ${top.headline!.sharpe!.toFixed(3)} at ${JSON.stringify(top.variant)}`;
}
times.sort((a, b) => a - b);
console.log(`sweep ${variants} variants × ${BARS} bars, one thread: one run ${(times[0] / 1000).toFixed(2)} s  (${(times[0] / variants).toFixed(2)} ms per variant at min)`);
console.log(best);
