// Shared set-up of the backtest benchmarks: a seeded 500k-bar two-regime 4h market with filtered
// regime probabilities (a stand-in for an MS-GARCH run), a min / median timer, and the same-run numpy
// reference (numpy_vector_baseline.py under Debian's /usr/bin/python3).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { BacktestData } from '../../core/backtest/data.ts';
import { syntheticMarket } from '../unit/core/backtest/fixtures.ts';

export const BARS = 500_000;

export function benchData(bars = BARS): BacktestData {
  const m = syntheticMarket(bars, 2024, Date.UTC(2015, 0, 1));
  return { timeframe: '4h', instruments: [{ symbol: 'BTCUSDT', candles: m.candles, regimeSeries: m.regimes }] };
}

export function time(label: string, reps: number, fn: () => void, per?: (ms: number) => string): void {
  fn(); // warm-up (JIT)
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2] : 0.5 * (times[times.length / 2 - 1] + times[times.length / 2]);
  const extra = per ? `  (${per(times[0])} at min, ${per(median)} at median)` : '';
  console.log(`${label.padEnd(58)} reps ${String(reps).padStart(3)}  min ${times[0].toFixed(2).padStart(9)} ms  median ${median.toFixed(2).padStart(9)} ms${extra}`);
}

/**
 * glibc's malloc keeping freed memory: without it every 4 MB numpy temporary is fresh pages, and the
 * page faults are most of numpy's time here. With it, numpy at its best.
 */
export const NUMPY_KEEP_MEMORY = { MALLOC_MMAP_THRESHOLD_: '1000000000', MALLOC_TRIM_THRESHOLD_: '1000000000' };

/**
 * numpy_vector_baseline.py with these arguments (run from the repository root): its min / median ms,
 * or the reason it could not run (no numpy under /usr/bin/python3).
 */
export function numpyBaseline(args: (string | number)[], env: Record<string, string> = {}): { minMs: number; medianMs: number } | { unavailable: string } {
  const python = spawnSync('/usr/bin/python3', [path.join(process.cwd(), 'tests', 'bench', 'numpy_vector_baseline.py'), ...args.map(String)], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (python.status !== 0) return { unavailable: (python.stderr || python.error?.message || '').trim().split('\n').pop() ?? '' };
  const r = JSON.parse(python.stdout.trim().split('\n').pop()!) as { min_ms: number; median_ms: number };
  return { minMs: r.min_ms, medianMs: r.median_ms };
}
