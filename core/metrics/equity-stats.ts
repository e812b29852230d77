// The one table of returns, risk and drawdown statistics of a marked-to-market equity series, with
// the conventions it used printed beside the numbers (what `regimelab stats` and the UI show).
// Undefined figures are null with the reason in `undefinedBecause`; annualized figures over less
// than a quarter of a year are listed in `flags.annualizedOverShortSpan`.
import { isZeroSpread, kurtosis, mean, median, skewness, standardDeviation } from './descriptive.ts';
import { assertEquity, maxDrawdown, maxDrawdownDuration, timeUnderwater, ulcerIndex, worstDrawdowns, type DrawdownEpisode } from './drawdown.ts';
import {
  annualizedVolatility, bestPeriod, cagr, calmarRatio, costDrag, downsideDeviation, exposureStats, MS_PER_YEAR, omegaRatio,
  regimeSwitchesPerYear, sharpeRatio, simpleReturns, SHORT_SPAN_YEARS, sortinoRatio, tailRatio, totalReturn,
  ulcerPerformanceIndex, worstPeriod, type CostDrag, type CostSeries, type ExposureStats,
} from './returns-risk.ts';
import { assertFiniteSeries, badInput } from './validate.ts';

export type EquityStatsOptions = {
  /** Bars per year; default inferred from the median bar spacing (daily → 365, hourly → 8,760). */
  periodsPerYear?: number;
  /** Annual risk-free rate (default 0). */
  riskFree?: number;
  /** ddof of volatility and Sharpe (default 1). */
  ddof?: number;
  /** Per-period target of Sortino and threshold of Omega (default 0). */
  target?: number;
  msPerYear?: number;
  /** Per-bar exposure (position value / equity), aligned with equity. */
  exposure?: Float64Array;
  /** Per-bar costs in cash, aligned with equity. */
  costs?: CostSeries;
  /** Per-bar regime labels, aligned with equity (switch rate, regime at drawdown start). */
  regimes?: ArrayLike<number>;
  topDrawdowns?: number;
};

export type EquityStats = {
  conventions: {
    periodsPerYear: number;
    periodsPerYearSource: 'given' | 'inferred from the median bar spacing' | 'default (fewer than two bars)';
    riskFree: number;
    ddof: number;
    target: number;
    yearDays: number;
    returns: string;
    drawdown: string;
    undefinedRatios: string;
    sortino: string;
    ulcer: string;
    skewKurtosis: string;
  };
  observations: number;
  returnObservations: number;
  startTime: number | null;
  endTime: number | null;
  years: number;
  totalReturn: number;
  cagr: number | null;
  annualizedVolatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  downsideDeviation: number;
  calmar: number | null;
  omega: number | null;
  ulcerIndex: number;
  ulcerPerformanceIndex: number | null;
  tailRatio: number | null;
  skew: number | null;
  excessKurtosis: number | null;
  bestPeriod: number | null;
  worstPeriod: number | null;
  maxDrawdown: number;
  maxDrawdownDurationBars: number;
  maxDrawdownDurationMs: number | null;
  timeUnderwater: number;
  worstDrawdowns: DrawdownEpisode[];
  exposure: ExposureStats | null;
  costDrag: CostDrag | null;
  regimeSwitchesPerYear: number | null;
  flags: {
    shortSpan: boolean;
    annualizedOverShortSpan: string[];
    zeroVolatility: boolean;
    noDownside: boolean;
    noDrawdown: boolean;
    tooFewObservations: boolean;
  };
  undefinedBecause: Record<string, string>;
};

/** Bars per year from the median spacing of the timestamps (a 24/7 market: 365-day year). */
export function inferPeriodsPerYear(time: Float64Array, msPerYear = MS_PER_YEAR): number | null {
  if (time.length < 2) return null;
  const dt = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) dt[i - 1] = time[i] - time[i - 1];
  const step = median(dt);
  return step > 0 ? msPerYear / step : null;
}

export function computeEquityStats(equity: Float64Array, time: Float64Array, options: EquityStatsOptions = {}): EquityStats {
  assertEquity('equity', equity);
  assertFiniteSeries('time', time);
  if (equity.length === 0) badInput('equity', 'needs at least one observation');
  if (time.length !== equity.length) badInput('time', `length ${time.length} differs from equity length ${equity.length}`);
  for (let i = 1; i < time.length; i++) if (!(time[i] > time[i - 1])) badInput('time', `must be strictly increasing; element ${i} is ${time[i]} after ${time[i - 1]}`, time[i]);
  const { riskFree = 0, ddof = 1, target = 0, msPerYear = MS_PER_YEAR, exposure, costs, regimes, topDrawdowns = 5 } = options;
  let periodsPerYear = options.periodsPerYear;
  let periodsPerYearSource: EquityStats['conventions']['periodsPerYearSource'] = 'given';
  if (periodsPerYear === undefined) {
    const inferred = inferPeriodsPerYear(time, msPerYear);
    periodsPerYear = inferred ?? 365;
    periodsPerYearSource = inferred === null ? 'default (fewer than two bars)' : 'inferred from the median bar spacing';
  }
  const returns = simpleReturns(equity);
  const undefinedBecause: Record<string, string> = {};
  const tooFew = returns.length < 2;
  const growth = cagr(equity, time, { msPerYear });
  const dd = maxDrawdown(equity);
  const duration = maxDrawdownDuration(equity, time);
  const ulcer = ulcerIndex(equity);
  const sd = returns.length >= 2 ? standardDeviation(returns, ddof) : 0;
  const zeroVolatility = !tooFew && isZeroSpread(sd, mean(returns));
  const downside = downsideDeviation(returns, { target });
  const sharpe = sharpeRatio(returns, { periodsPerYear, riskFree, ddof });
  const sortino = sortinoRatio(returns, { periodsPerYear, target });
  const calmar = calmarRatio(growth.value, dd.depth);
  const omega = omegaRatio(returns, { threshold: target });
  const upi = ulcerPerformanceIndex(growth.value, ulcer, { riskFree });
  const tail = tailRatio(returns);
  if (tooFew) {
    for (const k of ['sharpe', 'sortino', 'annualizedVolatility', 'skew', 'excessKurtosis']) undefinedBecause[k] = 'fewer than two returns';
  } else if (zeroVolatility) undefinedBecause.sharpe = 'zero volatility (constant returns): the ratio is unbounded';
  if (!tooFew && sortino === null) undefinedBecause.sortino = `no return below the target ${target}: no downside`;
  if (growth.value === null) undefinedBecause.cagr = 'zero elapsed time';
  if (calmar === null) undefinedBecause.calmar = dd.depth > 0 ? 'CAGR undefined' : 'no drawdown';
  if (omega === null) undefinedBecause.omega = `no return below the threshold ${target}`;
  if (upi === null) undefinedBecause.ulcerPerformanceIndex = ulcer > 0 ? 'CAGR undefined' : 'no drawdown (ulcer index 0)';
  if (tail === null) undefinedBecause.tailRatio = returns.length ? 'the 5 % quantile is 0' : 'no returns';
  const years = growth.years;
  const shortSpan = years < SHORT_SPAN_YEARS;
  const annualized = ['cagr', 'annualizedVolatility', 'sharpe', 'sortino', 'calmar', 'ulcerPerformanceIndex'];
  if (exposure && exposure.length !== equity.length) badInput('exposure', `length ${exposure.length} differs from equity length ${equity.length}`);
  if (regimes && regimes.length !== equity.length) badInput('regimes', `length ${regimes.length} differs from equity length ${equity.length}`);
  const volatility = annualizedVolatility(returns, { periodsPerYear, ddof });
  return {
    conventions: {
      periodsPerYear,
      periodsPerYearSource,
      riskFree,
      ddof,
      target,
      yearDays: msPerYear / 86_400_000,
      returns: 'simple returns E_t / E_{t-1} - 1 of the marked-to-market equity',
      drawdown: 'depth as a positive fraction of the running peak',
      undefinedRatios: 'null (never NaN), reason in undefinedBecause',
      sortino: 'downside deviation over all observations below the per-period target',
      ulcer: 'sqrt(mean(drawdown^2)), drawdown as a fraction (Martin 1987)',
      skewKurtosis: 'biased moment estimators (scipy.stats defaults); kurtosis is excess',
    },
    observations: equity.length,
    returnObservations: returns.length,
    startTime: time.length ? time[0] : null,
    endTime: time.length ? time[time.length - 1] : null,
    years,
    totalReturn: totalReturn(equity),
    cagr: growth.value,
    annualizedVolatility: volatility,
    sharpe,
    sortino,
    downsideDeviation: downside,
    calmar,
    omega,
    ulcerIndex: ulcer,
    ulcerPerformanceIndex: upi,
    tailRatio: tail,
    skew: tooFew ? null : skewness(returns),
    excessKurtosis: tooFew ? null : kurtosis(returns),
    bestPeriod: bestPeriod(returns),
    worstPeriod: worstPeriod(returns),
    maxDrawdown: dd.depth,
    maxDrawdownDurationBars: duration.bars,
    maxDrawdownDurationMs: duration.ms,
    timeUnderwater: timeUnderwater(equity),
    worstDrawdowns: worstDrawdowns(equity, { top: topDrawdowns, time, regimes }),
    exposure: exposure ? exposureStats(exposure, { years: years > 0 ? years : undefined, periodsPerYear }) : null,
    costDrag: costs ? costDrag(costs, equity, years) : null,
    regimeSwitchesPerYear: regimes ? regimeSwitchesPerYear(regimes, years) : null,
    flags: {
      shortSpan,
      annualizedOverShortSpan: shortSpan ? annualized : [],
      zeroVolatility,
      noDownside: !tooFew && sortino === null,
      noDrawdown: dd.depth === 0,
      tooFewObservations: tooFew,
    },
    undefinedBecause,
  };
}
