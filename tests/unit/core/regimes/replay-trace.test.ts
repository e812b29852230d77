// The replay's gate trace: hand-checked counter steps, agreement with the gated backtest's regimes
// and leverage on the same series, and causality by truncation.
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../../../core/regimes/replay-trace.ts';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { dataOf, syntheticMarket } from '../backtest/fixtures.ts';

/** Two-regime rows from P(high vol) values (NaN: no estimate). */
const rows = (pHigh: number[]) => Float64Array.from(pHigh.flatMap((p) => [1 - p, p]));

describe('replayTrace', () => {
  it('counts consecutive bars above the threshold and switches at the second', () => {
    const trace = replayTrace(rows([NaN, 0.1, 0.8, 0.6, 0.8, 0.9, 0.95, 0.2, 0.1]), 2);
    expect(Array.from(trace.rawRegime)).toEqual([-1, 0, 1, 1, 1, 1, 1, 0, 0]);
    // 0.6 is most probable but under 0.75: the counter resets.
    expect(Array.from(trace.confirmCount)).toEqual([0, 0, 1, 0, 1, 0, 1, 1, 0]);
    expect(Array.from(trace.pendingRegime)).toEqual([-1, -1, 1, -1, 1, -1, 1, 0, -1]);
    expect(Array.from(trace.confirmedRegime)).toEqual([-1, 0, 0, 0, 0, 1, 1, 1, 0]);
    expect(Array.from(trace.leverage)).toEqual([1, 1.5, 1.5, 1.5, 1.5, 0.75, 0.75, 0.75, 1.5]);
    expect(Array.from(trace.rawSwitches)).toEqual([2, 7]);
    expect(Array.from(trace.confirmedSwitches)).toEqual([5, 8]);
  });

  it('holds a regime for minDwellBars before the next switch', () => {
    const trace = replayTrace(rows([0.9, 0.1, 0.1, 0.1, 0.1]), 2, { threshold: 0.75, confirmBars: 1, minDwellBars: 3 });
    expect(Array.from(trace.confirmedRegime)).toEqual([1, 1, 1, 0, 0]);
  });

  it('makes the decisions of a gated hard regime-leverage backtest on the same series', () => {
    const market = syntheticMarket(1500, 7);
    const config = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, gate: {}, benchmarks: false };
    const run = runBacktest(config, dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]));
    const trace = replayTrace(market.regimes.probs, 2);
    const d0 = run.window.decisionIndex;
    const n = run.regimeSeen[0].length - 1; // the last recorded bar is the window's end, not a decision bar
    expect(Array.from(run.regimeSeen[0].subarray(0, n))).toEqual(Array.from(trace.confirmedRegime.subarray(d0, d0 + n)));
    expect(Array.from(run.targetExposure[0].subarray(0, n))).toEqual(Array.from(trace.leverage.subarray(d0, d0 + n)));
  });

  it('is causal: the trace of the first T rows is the first T rows of the trace', () => {
    const market = syntheticMarket(800, 3);
    const full = replayTrace(market.regimes.probs, 2);
    for (const T of [1, 57, 400]) {
      const cut = replayTrace(market.regimes.probs.subarray(0, 2 * T), 2);
      expect(Array.from(cut.confirmedRegime)).toEqual(Array.from(full.confirmedRegime.subarray(0, T)));
      expect(Array.from(cut.confirmCount)).toEqual(Array.from(full.confirmCount.subarray(0, T)));
      expect(Array.from(cut.leverage)).toEqual(Array.from(full.leverage.subarray(0, T)));
    }
  });

  it('names the field of an invalid gate', () => {
    expect(() => replayTrace(rows([0.5]), 2, { threshold: 0, confirmBars: 2, minDwellBars: 0 })).toThrow(/gate.threshold/);
    expect(() => replayTrace(Float64Array.of(0.5, 0.5, 0.5), 2)).toThrow(/multiple of regimeCount/);
  });
});
