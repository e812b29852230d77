// Benchmark: a sweep of 1,000 variants × 500k 4h bars (target ≤ 4.6 s on one thread, ≤ 2.6 s on two
// workers; numpy 13.2 s): low-vol leverage × high-vol leverage × taker fee, each a full vector-path
// run with fees, funding and the headline statistics. The two-worker figure uses node:worker_threads
// directly: each worker gets the data once (structured clone at start-up, not timed), then runs
// runSweep(config, grid, data, { from, to, regimes }) on its half; the timed part is post → both rows back.
// Same-run reference: numpy_vector_baseline.py's sweep mode (the vectorized run plus headline statistics per
// variant, 100 variants of the same grid, glibc malloc keeping memory), per variant beside ours: the issue's
// targets are 4.6 / 13.2 = 0.35 of numpy per variant on one thread and 2.6 / 13.2 = 0.20 on two workers.
// Usage: node scripts/run-ts.mjs tests/bench/backtest-sweep.ts [reps=3]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { expandGrid } from '../../core/backtest/grid.ts';
import { parseStrategyConfig } from '../../core/backtest/config.ts';
import type { BacktestData } from '../../core/backtest/data.ts';
import { resolveBacktestRegimes } from '../../core/backtest/run-backtest.ts';
import { loadHeadlineWasm } from '../../core/backtest/headline-wasm.ts';
import { runSweep, type SweepRow } from '../../core/backtest/sweep.ts';
import type { ResolvedRegimes } from '../../core/regimes/resolve.ts';
import { BARS, benchData, NUMPY_KEEP_MEMORY, numpyBaseline } from './backtest-common.ts';

const input = {
  instruments: [{ symbol: 'BTCUSDT' }],
  regimes: { source: 'series' },
  sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] },
  gate: {},
  costs: { funding: { kind: 'constant', ratePerEvent: 0.0001 } },
};
const range = (a: number, step: number, count: number) => Array.from({ length: count }, (_, i) => +(a + i * step).toFixed(4));
const grid = { 'sizing.leverage.0': range(1, 0.1, 10), 'sizing.leverage.1': range(0.3, 0.1, 10), 'costs.takerFeeBps': range(0, 1, 10) };

type WorkerInit = { data: BacktestData; regimes: ResolvedRegimes[] | null };
type WorkerJob = { from: number; to: number };

if (!isMainThread) {
  const { data, regimes } = workerData as WorkerInit;
  const headlineWasm = await loadHeadlineWasm();
  runSweep(input, grid, data, { regimes, headlineWasm, from: 0, to: 20 }); // warm-up (JIT)
  parentPort!.postMessage('ready');
  parentPort!.on('message', (job: WorkerJob | 'exit') => {
    if (job === 'exit') process.exit(0);
    parentPort!.postMessage(runSweep(input, grid, data, { regimes, headlineWasm, from: job.from, to: job.to }).rows);
  });
} else {
  const reps = Number(process.argv[2] ?? 3);
  /** numpy's per-variant ms (min, median) over `reps` passes of 100 variants, or null when /usr/bin/python3 has no numpy. */
  /** numpy's per-variant ms over `reps` passes of 100 variants, or null when /usr/bin/python3 has no numpy. */
  const numpyReference = (): { min: number; median: number } | null => {
    const r = numpyBaseline([BARS, reps, 100], NUMPY_KEEP_MEMORY);
    if ('unavailable' in r) {
      console.log(`numpy sweep reference unavailable (${r.unavailable})`);
      return null;
    }
    return { min: r.minMs, median: r.medianMs };
  };
  // Before and after ours: the host's speed drifts over a minute; the reference is the better of the two.
  const numpyBefore = numpyReference();
  const data = benchData();
  const regimes = resolveBacktestRegimes(parseStrategyConfig(input), data);
  const variants = expandGrid(grid).length;
  const stats = (times: number[]) => {
    const s = [...times].sort((a, b) => a - b);
    const median = s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    return `min ${(s[0] / 1000).toFixed(2)} s  median ${(median / 1000).toFixed(2)} s  (${(s[0] / variants).toFixed(2)} ms per variant at min)`;
  };
  const bestOf = (rows: SweepRow[]) => {
    const top = rows.filter((r) => r.headline).sort((a, b) => (b.headline!.sharpe ?? -Infinity) - (a.headline!.sharpe ?? -Infinity))[0];
    return `best Sharpe ${top.headline!.sharpe!.toFixed(3)} at ${JSON.stringify(top.variant)}`;
  };

  const cpuS = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  const headlineWasm = await loadHeadlineWasm();
  // One thread: the WebAssembly kernel (two variants per run), and the JS kernel beside it (same rows).
  const oneThread = (wasm: boolean): { times: number[]; rows: SweepRow[]; cpu: number } => {
    const options = { regimes, ...(wasm ? { headlineWasm } : {}) };
    runSweep(input, grid, data, { ...options, from: 0, to: 20 }); // warm-up
    const times: number[] = [];
    let rows: SweepRow[] = [];
    // CPU time beside the wall time: on a shared machine the wall time includes waiting for a core.
    const cpu0 = process.cpuUsage();
    for (let rep = 0; rep < reps; rep++) {
      const t0 = performance.now();
      rows = runSweep(input, grid, data, options).rows;
      times.push(performance.now() - t0);
    }
    return { times, rows, cpu: cpuS(process.cpuUsage(cpu0)) / reps };
  };
  const js = oneThread(false);
  console.log(`sweep ${variants} variants × ${BARS} bars, one thread, JS kernel, reps ${reps}: ${stats(js.times)}; CPU ${js.cpu.toFixed(2)} s per run`);
  const one = oneThread(true);
  const single = one.times;
  const singleRows = one.rows;
  console.log(`sweep ${variants} variants × ${BARS} bars, one thread, WebAssembly kernel, reps ${reps}: ${stats(single)}; CPU ${one.cpu.toFixed(2)} s per run`);
  console.log(`WebAssembly rows identical to the JS kernel's: ${JSON.stringify(singleRows) === JSON.stringify(js.rows)}; ${bestOf(singleRows)}`);

  const setup0 = performance.now();
  const workers = [0, 1].map(() => new Worker(new URL(import.meta.url), { workerData: { data, regimes } satisfies WorkerInit }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const setupMs = performance.now() - setup0;
  const half = Math.ceil(variants / 2);
  const two: number[] = [];
  let twoRows: SweepRow[] = [];
  const cpu2 = process.cpuUsage();
  for (let rep = 0; rep < reps; rep++) {
    const t0 = performance.now();
    const parts = await Promise.all(workers.map((w, k) => new Promise<SweepRow[]>((resolve) => {
      w.once('message', resolve);
      w.postMessage({ from: k * half, to: Math.min(variants, (k + 1) * half) } satisfies WorkerJob);
    })));
    two.push(performance.now() - t0);
    twoRows = parts.flat();
  }
  const cpu3 = process.cpuUsage(cpu2);
  workers.forEach((w) => w.postMessage('exit'));
  const same = twoRows.length === singleRows.length && twoRows.every((r, i) => JSON.stringify(r) === JSON.stringify(singleRows[i]));
  console.log(`sweep ${variants} variants × ${BARS} bars, two workers, reps ${reps}: ${stats(two)}  (start-up with the data: ${(setupMs / 1000).toFixed(2)} s, not timed); CPU ${(cpuS(cpu3) / reps / 2).toFixed(2)} s per worker per run`);
  console.log(`two-worker rows identical to the one-thread rows: ${same}`);

  const numpyAfter = numpyReference();
  if (numpyBefore && numpyAfter) {
    const r = { min: Math.min(numpyBefore.min, numpyAfter.min), median: Math.min(numpyBefore.median, numpyAfter.median) };
    const oursOne = Math.min(...single) / variants;
    const oursTwo = Math.min(...two) / variants;
    console.log(`numpy sweep reference (same run, 100 variants × ${reps} passes, before and after ours): min ${r.min.toFixed(2)} ms  median ${r.median.toFixed(2)} ms per variant (before ${numpyBefore.min.toFixed(2)}, after ${numpyAfter.min.toFixed(2)}; × 1,000: ${r.min.toFixed(1)} s)`);
    console.log(`ours / numpy per variant at min: one thread ${(oursOne / r.min).toFixed(2)} (target 0.35), two workers ${(oursTwo / r.min).toFixed(2)} (target 0.20)`);
  }

}
