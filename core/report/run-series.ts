// The per-bar series a report reads from a BacktestResult, aligned as runBacktest aligns its own
// metrics: return bar j (1 ≤ j < n) is held with the exposure and the regime seen at close j − 1.
// Derived once here so every section uses the same arrays the engine's statistics used.

import type { BacktestResult } from '../backtest/run-backtest.ts';
import { simpleReturns } from '../metrics/returns-risk.ts';

export type RunSeries = {
  /** Bar times of the returns (the close of return bar j is time[j]). */
  returnTime: Float64Array;
  returns: Float64Array;
  /** Regime held over each return bar (portfolio regime: max over instruments; −1 before any estimate). */
  heldRegime: Int32Array;
  heldExposure: Float64Array;
  /** Costs per return bar as a fraction of the equity at its start. */
  costs: Float64Array;
  /** Underlying (instrument 0) simple returns per return bar. */
  assetReturns: Float64Array;
  assetReturnsSource: 'underlying closes' | 'buy-and-hold benchmark';
  /** Per-bar portfolio regime aligned with result.time (for charts). */
  regimeAtBar: Int8Array;
};

export function runSeries(result: BacktestResult, underlyingClose?: Float64Array | null): RunSeries {
  const n = result.equity.length;
  const regimeAtBar = Int8Array.from({ length: n }, (_, j) => (result.regimeSeen.length ? Math.max(...result.regimeSeen.map((r) => r[j])) : -1));
  const returns = simpleReturns(result.equity);
  const costs = Float64Array.from({ length: n - 1 }, (_, j) => (result.fees[j + 1] + result.funding[j + 1] + result.slippage[j + 1]) / result.equity[j]);
  let assetReturns: Float64Array;
  let assetReturnsSource: RunSeries['assetReturnsSource'];
  if (underlyingClose && underlyingClose.length === n) {
    assetReturns = Float64Array.from({ length: n - 1 }, (_, j) => underlyingClose[j + 1] / underlyingClose[j] - 1);
    assetReturnsSource = 'underlying closes';
  } else {
    const bh = result.benchmarks.find((b) => b.name === 'buy-and-hold');
    assetReturns = bh ? simpleReturns(bh.equity) : new Float64Array(n - 1);
    assetReturnsSource = 'buy-and-hold benchmark';
  }
  return {
    returnTime: result.time.slice(1),
    returns,
    heldRegime: Int32Array.from({ length: n - 1 }, (_, j) => regimeAtBar[j]),
    heldExposure: result.netExposure.slice(0, n - 1),
    costs,
    assetReturns,
    assetReturnsSource,
    regimeAtBar,
  };
}
