// Regime sources: walk-forward MS-GARCH is strictly causal (truncating the returns at T leaves every
// row before T identical), refits are logged with regime 0 the calm one; imported CSV series parse
// and validate with field names; hindsight runs are labelled everywhere.
import { describe, expect, it } from 'vitest';
import { simulateMsGarch } from '../../../../core/models/msgarch/simulate.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { walkForwardMsGarch } from '../../../../core/regimes/walk-forward.ts';
import { parseRegimeCsv } from '../../../../core/regimes/import-csv.ts';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { allocateCandles } from '../../../../core/series/candles.ts';

const sim = simulateMsGarch(
  {
    regimes: [
      { alpha0: 0.02, alpha1: 0.05, alpha2: 0, beta: 0.9 },
      { alpha0: 0.5, alpha1: 0.1, alpha2: 0, beta: 0.8 },
    ],
    transition: [[0.98, 0.02], [0.05, 0.95]],
  },
  700,
  createRng(42),
);
const model = { variance: 'sGARCH', distribution: 'norm', regimeCount: 2 } as const;
const options = { model, refitEveryBars: 150, window: 'expanding', minTrainBars: 300, restarts: 1 } as const;

describe('walk-forward MS-GARCH', () => {
  it('is causal: rows before T are identical when the returns are truncated at T', () => {
    const full = walkForwardMsGarch(sim.returns, options);
    expect(full.refits.map((r) => r.atRow)).toEqual([299, 449, 599]);
    expect(Number.isNaN(full.filteredProbs[298 * 2])).toBe(true);
    expect(full.filteredProbs[299 * 2] + full.filteredProbs[299 * 2 + 1]).toBeCloseTo(1, 12);
    const T = 520;
    const cut = walkForwardMsGarch(sim.returns.subarray(0, T), options);
    expect(Array.from(cut.filteredProbs)).toEqual(Array.from(full.filteredProbs.subarray(0, 2 * T)));
    // Regime 0 is the calm one at every refit (MSGARCH ordering by unconditional variance).
    for (const r of full.refits) {
      const p = r.params!;
      expect(p.alpha0_1 / (1 - p.alpha1_1 - p.beta_1)).toBeLessThan(p.alpha0_2 / (1 - p.alpha1_2 - p.beta_2));
    }
  });

  it('a rolling window trains on the last windowBars returns only', () => {
    const r = walkForwardMsGarch(sim.returns, { ...options, window: 'rolling', windowBars: 300 });
    expect(r.refits.map((x) => [x.trainStart, x.trainEnd])).toEqual([[0, 300], [150, 450], [300, 600]]);
    expect(() => walkForwardMsGarch(sim.returns, { ...options, window: 'rolling' })).toThrow(/windowBars/);
  });
});

describe('imported and hindsight regimes', () => {
  it('parses a CSV of filtered probabilities and names bad fields', () => {
    const s = parseRegimeCsv('time,p_low,p_high\n2024-01-01 00:00:00,0.9,0.1\n1704153600000,0.2,0.8\n', { timeframe: '1d' });
    expect(Array.from(s.time)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)]);
    expect(Array.from(s.probs)).toEqual([0.9, 0.1, 0.2, 0.8]);
    expect(s.hindsight).toBe(false);
    expect(() => parseRegimeCsv('time,a,b\n1,0.5,0.7\n', { timeframe: '1d', fileName: 'r.csv' })).toThrow(/r\.csv\.probs row 0 sums to 1\.2/);
    expect(() => parseRegimeCsv('time,a\n1,x\n', { timeframe: '1d' })).toThrow(/line 2: a 'x' is not a number/);
  });

  it('a hindsight backtest is labelled hindsight in the result, the headline and the regime source', () => {
    const n = 701;
    const candles = allocateCandles(n);
    let price = 100;
    for (let t = 0; t < n; t++) {
      if (t > 0) price *= Math.exp(sim.returns[t - 1] / 100);
      candles.time[t] = Date.UTC(2022, 0, 1) + t * 86_400_000;
      candles.open[t] = candles.high[t] = candles.low[t] = candles.close[t] = price;
    }
    const r = runBacktest(
      { instruments: [{ symbol: 'X' }], regimes: { source: 'hindsight', model, restarts: 1 }, sizing: { kind: 'regime-leverage', preset: 'moderate' } },
      { timeframe: '1d', instruments: [{ symbol: 'X', candles }] },
    );
    expect(r.hindsight).toBe(true);
    expect(r.headline.hindsight).toBe(true);
    expect(r.regimeSources[0]).toMatchObject({ hindsight: true, source: expect.stringMatching(/^HINDSIGHT/) });
    expect(r.benchmarks.find((b) => b.name === 'constant-average-leverage')!.headline.hindsight).toBe(true);
  });
});
