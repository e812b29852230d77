// Shared set-up of the backtest benchmarks: a seeded 500k-bar two-regime 4h market with filtered
// regime probabilities (a stand-in for an MS-GARCH run), and a min / median timer.
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
