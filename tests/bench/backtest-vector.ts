// Benchmark: the vectorized regime-leverage backtest over 500k 4h bars with taker fees, slippage,
// constant funding (0.01 % per 8 h) and the equity curve (plus cash, exposure, leverage, costs)
// written out. Target ≤ 14 ms (numpy: 27.6 ms). Also: the kernel alone, and runBacktest (eager and lazy).
import { parseStrategyConfig } from '../../core/backtest/config.ts';
import { prepareRun, resolveBacktestRegimes, runBacktest } from '../../core/backtest/run-backtest.ts';
import { simulateVector, type SimulationWorkspace } from '../../core/backtest/simulate-vector.ts';
import { BARS, benchData, NUMPY_KEEP_MEMORY, numpyBaseline, time } from './backtest-common.ts';

const data = benchData();
const input = {
  instruments: [{ symbol: 'BTCUSDT' }],
  regimes: { source: 'series' },
  sizing: { kind: 'regime-leverage', preset: 'moderate' },
  gate: { threshold: 0.75, confirmBars: 2 },
  costs: { takerFeeBps: 5, slippage: { bps: 2 }, funding: { kind: 'constant', ratePerEvent: 0.0001 } },
  execution: { path: 'vector' },
};
const config = parseStrategyConfig(input);
const regimes = resolveBacktestRegimes(config, data);
const { plan } = prepareRun(config, data, regimes);
const workspace: SimulationWorkspace = {};
const equityOnly: SimulationWorkspace = {};
let last = simulateVector(plan);
console.log(`${BARS} bars, ${last.orders} orders, final equity ${last.equity[last.equity.length - 1].toFixed(2)}, fees ${last.fees.reduce((a, b) => a + b, 0).toFixed(2)}, funding ${last.funding.reduce((a, b) => a + b, 0).toFixed(2)}`);
time('kernel (simulateVector, fresh output arrays)', 30, () => {
  last = simulateVector(plan);
});
time('kernel (simulateVector, reused workspace)', 30, () => {
  last = simulateVector(plan, { workspace });
});
time('kernel (simulateVector, equity curve only, fresh array)', 30, () => {
  last = simulateVector(plan, { record: 'equity' });
});
time('kernel (simulateVector, equity curve only, reused workspace)', 30, () => {
  last = simulateVector(plan, { workspace: equityOnly, record: 'equity' });
});
time('schedule + plan + kernel (gate, leverage map, funding, slippage)', 20, () => {
  const p = prepareRun(config, data, regimes).plan;
  last = simulateVector(p);
});
time('runBacktest vector path (+ stats, regime table, 3 benchmarks)', 5, () => {
  runBacktest(input, data, { regimes });
});
time('runBacktest vector path, lazy (headline; the rest on first read)', 5, () => {
  runBacktest(input, data, { regimes, lazy: true });
});

// Same-run reference (run from the repository root): a vectorized numpy backtest of the same size (tests/bench/numpy_vector_baseline.py;
// fees, slippage, funding, equity curve — but no liquidation test and no per-bar cost series, so it
// does less than the kernel above). The issue quotes 27.6 ms for its numpy version on this machine kind.
// Twice: as numpy runs by default, and with glibc's malloc keeping freed memory (numpy at its best).
for (const [label, env] of [['numpy vectorized baseline (same run, /usr/bin/python3)', {}], ['numpy, malloc keeping memory (same run)', NUMPY_KEEP_MEMORY]] as const) {
  const r = numpyBaseline([BARS, 20], env);
  if ('unavailable' in r) console.log(`numpy baseline unavailable (${r.unavailable})`);
  else console.log(`${label.padEnd(58)} reps  20  min ${r.minMs.toFixed(2).padStart(9)} ms  median ${r.medianMs.toFixed(2).padStart(9)} ms`);
}
