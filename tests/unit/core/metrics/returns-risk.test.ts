// Returns/risk and drawdown statistics and the computeEquityStats table: numpy/scipy reference values,
// closed-form series (constant growth, alternating ±r, a known drawdown path) and the defined edge cases.
import { describe, expect, it } from 'vitest';
import {
  annualizedVolatility, cagr, costDrag, exposureStats, omegaRatio, sharpeRatio, simpleReturns, sortinoRatio, tailRatio,
} from '../../../../core/metrics/returns-risk.ts';
import { drawdownEpisodes, maxDrawdown, timeUnderwater, ulcerIndex, worstDrawdowns } from '../../../../core/metrics/drawdown.ts';
import { computeEquityStats, inferPeriodsPerYear } from '../../../../core/metrics/equity-stats.ts';
import { kurtosis, skewness } from '../../../../core/metrics/descriptive.ts';
import { RegimeLabError } from '../../../../core/errors.ts';
import { close, inputs, reference } from './reference.ts';

const DAY = 86_400_000;
const ref = reference.returnsRisk;

describe('returns and risk vs numpy/scipy', () => {
  const r = simpleReturns(inputs.equity);
  it('matches every figure of the reference table', () => {
    const s = computeEquityStats(inputs.equity, inputs.time);
    expect(s.conventions.periodsPerYear).toBeCloseTo(365, 9);
    expect(s.conventions.periodsPerYearSource).toBe('inferred from the median bar spacing');
    const tag = 'returnsRisk';
    close(s.totalReturn, ref.totalReturn, { tag });
    close(s.cagr, ref.cagr, { tag });
    close(s.years, ref.years, { tag });
    close(s.annualizedVolatility, ref.annualizedVolatility, { tag });
    close(s.sharpe, ref.sharpe, { tag });
    close(s.sortino, ref.sortino, { tag });
    close(s.downsideDeviation, ref.downsideDeviation, { tag });
    close(s.omega, ref.omega, { tag });
    close(s.tailRatio, ref.tailRatio, { tag });
    close(s.skew, ref.skew, { tag, rel: 1e-9 });
    close(s.excessKurtosis, ref.excessKurtosis, { tag, rel: 1e-9 });
    close(s.bestPeriod, ref.bestPeriod, { tag });
    close(s.worstPeriod, ref.worstPeriod, { tag });
    close(s.maxDrawdown, ref.maxDrawdown, { tag });
    close(s.timeUnderwater, ref.timeUnderwater, { tag });
    close(s.ulcerIndex, ref.ulcerIndex, { tag });
    close(s.calmar, ref.calmar, { tag });
    close(s.ulcerPerformanceIndex, ref.ulcerPerformanceIndex, { tag });
    expect(s.worstDrawdowns[0].startIndex).toBe(ref.maxDrawdownPeakIndex);
    expect(s.worstDrawdowns[0].troughIndex).toBe(ref.maxDrawdownTroughIndex);
    expect(s.worstDrawdowns[0].recoveryIndex).toBe(ref.maxDrawdownRecoveryIndex);
    expect(s.flags.shortSpan).toBe(false);
    expect(s.flags.annualizedOverShortSpan).toEqual([]);
  });

  it('takes the risk-free rate as an annual rate, de-compounded per period', () => {
    close(sharpeRatio(r, { riskFree: 0.03 }), ref.sharpeRf, { tag: 'returnsRisk' });
  });

  it('offers the bias-corrected moments as an explicit option', () => {
    close(skewness(r, { bias: false }), ref.skewUnbiased, { rel: 1e-9, tag: 'returnsRisk' });
    close(kurtosis(r, { bias: false }), ref.excessKurtosisUnbiased, { rel: 1e-9, tag: 'returnsRisk' });
  });
});

describe('closed-form series', () => {
  it('constant growth: CAGR exact, zero volatility, Sharpe null with a reason', () => {
    const n = 731;
    const g = 0.001;
    const equity = Float64Array.from({ length: n }, (_, i) => 100 * (1 + g) ** i);
    const time = Float64Array.from({ length: n }, (_, i) => i * DAY);
    const s = computeEquityStats(equity, time);
    close(s.cagr, (1 + g) ** 365 - 1, { rel: 1e-11 });
    expect(s.sharpe).toBeNull();
    expect(s.sortino).toBeNull();
    expect(s.flags.zeroVolatility).toBe(true);
    expect(s.flags.noDownside).toBe(true);
    expect(s.flags.noDrawdown).toBe(true);
    expect(s.maxDrawdown).toBe(0);
    expect(s.calmar).toBeNull();
    expect(s.undefinedBecause.sharpe).toMatch(/zero volatility/);
    expect(s.undefinedBecause.calmar).toBe('no drawdown');
    expect(JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? '<non-finite>' : v))).not.toMatch(/<non-finite>/);
  });

  it('a flat account (all returns exactly 0) has defined zero statistics and null ratios', () => {
    const equity = new Float64Array(100).fill(1000);
    const time = Float64Array.from({ length: 100 }, (_, i) => i * DAY);
    const s = computeEquityStats(equity, time);
    expect(s.totalReturn).toBe(0);
    expect(s.cagr).toBe(0);
    expect(s.annualizedVolatility).toBe(0);
    expect(s.sharpe).toBeNull();
    expect(s.omega).toBeNull();
    expect(s.skew).toBe(0);
    expect(s.excessKurtosis).toBe(0);
  });

  it('alternating ±r: mean 0, std and Sortino in closed form', () => {
    const rr = 0.01;
    const n = 1000;
    const returns = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -rr : rr));
    // sample std: sqrt(n r² / (n − 1))
    close(annualizedVolatility(returns, { periodsPerYear: 365 }), rr * Math.sqrt(n / (n - 1)) * Math.sqrt(365), { rel: 1e-13 });
    close(sharpeRatio(returns), 0, { abs: 1e-15 });
    // downside deviation sqrt((n/2) r² / n) = r / √2; mean 0 → Sortino 0; Omega = 1
    close(sortinoRatio(Float64Array.from(returns, (v) => v + 0.001)), (0.001 / Math.sqrt(0.5 * 0.009 ** 2)) * Math.sqrt(365), { rel: 1e-12 });
    close(omegaRatio(returns), 1, { rel: 1e-13 });
    close(tailRatio(returns), 1, { rel: 1e-13 });
  });

  it('a known drawdown path: 100 → 120 → 90 → 130 → 104 → 110', () => {
    const equity = Float64Array.from([100, 120, 90, 130, 104, 110]);
    const time = Float64Array.from([0, 1, 2, 3, 4, 5].map((d) => d * DAY));
    const episodes = drawdownEpisodes(equity, { time, regimes: [0, 1, 1, 0, 1, 1] });
    expect(episodes).toHaveLength(2);
    expect(episodes[0]).toMatchObject({ startIndex: 1, troughIndex: 2, recoveryIndex: 3, lengthBars: 2, durationMs: 2 * DAY, regimeAtStart: 1 });
    close(episodes[0].depth, 0.25, { rel: 1e-15 });
    expect(episodes[1]).toMatchObject({ startIndex: 3, troughIndex: 4, recoveryIndex: null, lengthBars: 2, regimeAtStart: 0 });
    close(episodes[1].depth, 0.2, { rel: 1e-14 });
    expect(worstDrawdowns(equity, { top: 1 })[0].startIndex).toBe(1);
    expect(maxDrawdown(equity)).toMatchObject({ peakIndex: 1, troughIndex: 2, recoveryIndex: 3 });
    expect(timeUnderwater(equity)).toBeCloseTo(3 / 6, 15);
    const dd = [0, 0, -0.25, 0, -0.2, -(1 - 110 / 130)];
    close(ulcerIndex(equity), Math.sqrt(dd.reduce((s, v) => s + v * v, 0) / 6), { rel: 1e-14 });
  });

  it('exposure, turnover, costs and switch rates', () => {
    const exposure = Float64Array.from([0, 1, 1, 2, 0, 0, -1, -1]);
    const e = exposureStats(exposure, { years: 2 });
    expect(e.timeInMarket).toBe(5 / 8);
    expect(e.averageLeverage).toBe(6 / 8);
    expect(e.averageExposure).toBe(2 / 8);
    expect(e.maxLeverage).toBe(2);
    expect(e.turnoverPerYear).toBe((1 + 1 + 2 + 1) / 2);
    expect(e.rebalancesPerYear).toBe(4 / 2);
    const equity = Float64Array.from([100, 100, 200]);
    const drag = costDrag({ fees: Float64Array.from([0, 1, 2]) }, equity, 0.5);
    close(drag.feesPctPerYear, (100 * (1 / 100 + 2 / 100)) / 0.5, { rel: 1e-14 });
    expect(drag.totalPctPerYear).toBe(drag.feesPctPerYear);
  });
});

describe('edge cases', () => {
  it('fewer than two observations: defined values, nulls and the flag', () => {
    const s = computeEquityStats(Float64Array.from([100]), Float64Array.from([0]));
    expect(s.flags.tooFewObservations).toBe(true);
    expect(s.sharpe).toBeNull();
    expect(s.annualizedVolatility).toBeNull();
    expect(s.totalReturn).toBe(0);
    expect(s.cagr).toBeNull();
    expect(s.undefinedBecause.sharpe).toBe('fewer than two returns');
    const two = computeEquityStats(Float64Array.from([100, 110]), Float64Array.from([0, DAY]));
    expect(two.sharpe).toBeNull();
    expect(two.totalReturn).toBeCloseTo(0.1, 15);
  });

  it('a span shorter than a quarter flags the annualized figures', () => {
    const n = 60;
    const equity = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i) + i * 0.1);
    const time = Float64Array.from({ length: n }, (_, i) => i * DAY);
    const s = computeEquityStats(equity, time);
    expect(s.flags.shortSpan).toBe(true);
    expect(s.flags.annualizedOverShortSpan).toContain('sharpe');
    expect(s.flags.annualizedOverShortSpan).toContain('cagr');
    expect(cagr(equity, time).shortSpan).toBe(true);
  });

  it('hourly bars are annualized with 8,760 periods when inferred', () => {
    const time = Float64Array.from({ length: 50 }, (_, i) => i * 3_600_000);
    expect(inferPeriodsPerYear(time)).toBeCloseTo(8760, 9);
  });

  it('NaN and non-positive inputs throw errors that name the field', () => {
    const time = Float64Array.from([0, DAY, 2 * DAY]);
    expect(() => computeEquityStats(Float64Array.from([1, NaN, 2]), time)).toThrow(/equity: element 1 is NaN/);
    expect(() => computeEquityStats(Float64Array.from([1, 0, 2]), time)).toThrow(/equity: element 1 is 0/);
    expect(() => computeEquityStats(Float64Array.from([1, 2, 3]), Float64Array.from([0, NaN, 1]))).toThrow(/time: element 1/);
    expect(() => sharpeRatio(Float64Array.from([0.1, NaN]))).toThrow(/returns: element 1/);
    expect(() => sharpeRatio(Float64Array.from([0.1, 0.2]), { periodsPerYear: 0 })).toThrow(/periodsPerYear/);
    try {
      sharpeRatio(Float64Array.from([Infinity]));
    } catch (e) {
      expect(e).toBeInstanceOf(RegimeLabError);
      expect((e as RegimeLabError).code).toBe('E_BAD_INPUT');
    }
  });
});
