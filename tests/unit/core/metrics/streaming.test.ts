// headlineEquityStats (two passes, no allocation) against the per-statistic functions it mirrors
// (bit for bit) and against computeEquityStats (to 1e-12 relative), on random and degenerate curves.
import { describe, expect, it } from 'vitest';
import { negativePartSquared } from '../../../../core/metrics/descriptive.ts';
import { drawdownSeries } from '../../../../core/metrics/drawdown.ts';
import { computeEquityStats } from '../../../../core/metrics/equity-stats.ts';
import { annualizedVolatility, cagr, sharpeRatio, simpleReturns, sortinoRatio, totalReturn } from '../../../../core/metrics/returns-risk.ts';
import { headlineEquityStats } from '../../../../core/metrics/streaming.ts';
import { createRng } from '../../../../core/random/rng.ts';

const H4 = 4 * 3_600_000;
const PPY = 2190;

function randomEquity(n: number, seed: number, sigma = 0.02, drift = 0.0003): { equity: Float64Array; time: Float64Array } {
  const rng = createRng(seed);
  const equity = new Float64Array(n);
  const time = new Float64Array(n);
  let e = 1e5;
  for (let t = 0; t < n; t++) {
    if (t > 0) e *= Math.exp(drift + sigma * rng.normal());
    equity[t] = e;
    time[t] = Date.UTC(2020, 0, 1) + t * H4;
  }
  return { equity, time };
}

function reference(equity: Float64Array, time: Float64Array, riskFree: number) {
  const returns = simpleReturns(equity);
  const dd = drawdownSeries(equity);
  let maxDrawdown = 0;
  for (const d of dd) if (-d > maxDrawdown) maxDrawdown = -d;
  const growth = cagr(equity, time).value;
  return {
    totalReturn: totalReturn(equity),
    cagr: growth,
    annualizedVolatility: returns.length >= 2 ? annualizedVolatility(returns, { periodsPerYear: PPY }) : null,
    sharpe: sharpeRatio(returns, { periodsPerYear: PPY, riskFree }),
    sortino: sortinoRatio(returns, { periodsPerYear: PPY }),
    maxDrawdown,
  };
}

const relClose = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
};

describe('headlineEquityStats', () => {
  for (const [seed, riskFree, sigma] of [[1, 0, 0.02], [2, 0.04, 0.01], [3, 0, 0.05]] as const) {
    it(`equals the per-statistic functions bit for bit (seed ${seed}, riskFree ${riskFree})`, () => {
      const { equity, time } = randomEquity(20_000, seed, sigma);
      const s = headlineEquityStats(equity, time[0], time[time.length - 1], { periodsPerYear: PPY, riskFree });
      const ref = reference(equity, time, riskFree);
      expect({ totalReturn: s.totalReturn, cagr: s.cagr, annualizedVolatility: s.annualizedVolatility, sharpe: s.sharpe, sortino: s.sortino, maxDrawdown: s.maxDrawdown }).toEqual(ref);
      expect(s.maxDrawdown).toBeGreaterThan(0.1);
      expect(s.returnObservations).toBe(equity.length - 1);
      // computeEquityStats, the full table: the same figures to 1e-12 relative.
      const full = computeEquityStats(equity, time, { periodsPerYear: PPY, riskFree });
      for (const k of ['totalReturn', 'cagr', 'annualizedVolatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar'] as const) relClose(s[k], full[k]);
    });
  }

  it('degenerate curves: one bar, two bars, constant, monotone', () => {
    const t = (n: number) => Float64Array.from({ length: n }, (_, i) => i * H4);
    const one = headlineEquityStats(Float64Array.of(100), 0, 0, { periodsPerYear: PPY });
    expect(one).toEqual({ returnObservations: 0, totalReturn: 0, cagr: null, annualizedVolatility: null, sharpe: null, sortino: null, maxDrawdown: 0, calmar: null });
    const two = headlineEquityStats(Float64Array.of(100, 90), 0, H4, { periodsPerYear: PPY });
    expect(two.totalReturn).toBeCloseTo(-0.1, 15);
    expect(two.sharpe).toBeNull();
    expect(two.maxDrawdown).toBeCloseTo(0.1, 15);
    const flat = new Float64Array(50).fill(1000);
    const f = headlineEquityStats(flat, 0, 49 * H4, { periodsPerYear: PPY });
    const fullFlat = computeEquityStats(flat, t(50), { periodsPerYear: PPY });
    expect([f.sharpe, f.sortino, f.maxDrawdown, f.calmar, f.annualizedVolatility]).toEqual([fullFlat.sharpe, fullFlat.sortino, 0, null, 0]);
    const up = Float64Array.from({ length: 50 }, (_, i) => 100 * 1.01 ** i);
    const u = headlineEquityStats(up, 0, 49 * H4, { periodsPerYear: PPY });
    const ref = reference(up, t(50), 0);
    expect([u.sharpe, u.sortino, u.maxDrawdown, u.calmar]).toEqual([ref.sharpe, null, 0, null]);
  });

  it('rejects a non-positive equity and a bad periodsPerYear with E_BAD_INPUT naming the field', () => {
    expect(() => headlineEquityStats(Float64Array.of(100, 0, 50), 0, 2, { periodsPerYear: PPY })).toThrow(/equity: element 1 is 0/);
    expect(() => headlineEquityStats(Float64Array.of(100, NaN), 0, 2, { periodsPerYear: PPY })).toThrow(/equity: element 1 is NaN/);
    expect(() => headlineEquityStats(Float64Array.of(100, 101), 0, 2, { periodsPerYear: 0 })).toThrow(/periodsPerYear/);
  });
});

describe('negativePartSquared (the hot loops\' branch-free min(x, 0)²)', () => {
  const bits = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0];
  const reference = (x: number) => {
    const d = Math.min(x, 0);
    return d * d;
  };
  it('equals Math.min(x, 0) ** 2 bit for bit on special, boundary and random doubles', () => {
    const special = [0, -0, 1, -1, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, -2.2250738585072014e-308,
      Number.MAX_VALUE, -Number.MAX_VALUE, -(2 ** 1023), -(2 ** 1022), -1.5e154, -1e-160, 1e-160, Number.EPSILON, -Number.EPSILON];
    const rng = createRng(11);
    const random = Array.from({ length: 20_000 }, (_, i) => {
      const mantissa = rng.normal();
      return i % 2 ? mantissa * 0.02 : mantissa * 2 ** Math.round(rng.uniform() * 2000 - 1000);
    });
    // Every exponent, negative and positive, from the subnormals to the overflow of 2x.
    const exponents = Array.from({ length: 2098 }, (_, k) => [(1 + k / 2098) * 2 ** (k - 1074), -(1 + k / 2098) * 2 ** (k - 1074)]).flat();
    for (const x of [...special, ...random, ...exponents]) expect(bits(negativePartSquared(x)), `x = ${x}`).toBe(bits(reference(x)));
  });
});
