// Returns and risk statistics of one marked-to-market equity series: total return, CAGR from elapsed
// calendar time, volatility, Sharpe, Sortino, Calmar, Omega, Ulcer performance, tail ratio, moments,
// exposure/leverage/turnover, cost drag and switch rates. Defaults are crypto's: 365 periods a year
// for daily bars (8,760 hourly), a 365-day calendar year; nothing assumes 252.
// A ratio whose denominator is zero (zero volatility, no downside, no drawdown) is null, never NaN.
import { assertFiniteNumber, assertFiniteSeries, badInput } from './validate.ts';
import { isZeroSpread, mean, negativePartSquared, quantile, standardDeviation } from './descriptive.ts';
import { assertEquity } from './drawdown.ts';

export const DEFAULT_PERIODS_PER_YEAR = 365;
export const HOURLY_PERIODS_PER_YEAR = 8_760;
export const MS_PER_DAY = 86_400_000;
/** Calendar year for CAGR and per-year rates: 365 days (crypto trades every day; no 365.25 leap averaging). */
export const MS_PER_YEAR = 365 * MS_PER_DAY;
/** Annualized figures over a span shorter than this are flagged `shortSpan`. */
export const SHORT_SPAN_YEARS = 0.25;

export type AnnualizationOptions = { periodsPerYear?: number };

function resolvePeriodsPerYear(periodsPerYear: number | undefined): number {
  const ppy = periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  if (!(ppy > 0) || !Number.isFinite(ppy)) badInput('periodsPerYear', `must be a positive finite number, got ${ppy}`, ppy);
  return ppy;
}

/** Simple returns E_t / E_{t−1} − 1 (length n − 1). */
export function simpleReturns(equity: Float64Array): Float64Array {
  assertEquity('equity', equity);
  const r = new Float64Array(Math.max(0, equity.length - 1));
  for (let i = 1; i < equity.length; i++) r[i - 1] = equity[i] / equity[i - 1] - 1;
  return r;
}

/** Log returns ln(E_t / E_{t−1}) (length n − 1). */
export function logReturns(equity: Float64Array): Float64Array {
  assertEquity('equity', equity);
  const r = new Float64Array(Math.max(0, equity.length - 1));
  for (let i = 1; i < equity.length; i++) r[i - 1] = Math.log(equity[i] / equity[i - 1]);
  return r;
}

/** Total return E_last / E_first − 1; 0 for fewer than two points. */
export function totalReturn(equity: Float64Array): number {
  assertEquity('equity', equity);
  if (equity.length < 2) return 0;
  return equity[equity.length - 1] / equity[0] - 1;
}

export function elapsedYears(time: Float64Array, { msPerYear = MS_PER_YEAR }: { msPerYear?: number } = {}): number {
  assertFiniteSeries('time', time);
  if (time.length < 2) return 0;
  const span = time[time.length - 1] - time[0];
  if (span < 0) badInput('time', 'must be increasing (last time is before the first)');
  return span / msPerYear;
}

export type AnnualizedValue = { value: number | null; years: number; shortSpan: boolean };

/** CAGR = (E_last / E_first)^(1 / years) − 1 with years from elapsed calendar time; null over a zero span. */
export function cagr(equity: Float64Array, time: Float64Array, { msPerYear = MS_PER_YEAR }: { msPerYear?: number } = {}): AnnualizedValue {
  assertEquity('equity', equity);
  if (time.length !== equity.length) badInput('time', `length ${time.length} differs from equity length ${equity.length}`);
  const years = elapsedYears(time, { msPerYear });
  if (!(years > 0)) return { value: null, years, shortSpan: true };
  const growth = equity[equity.length - 1] / equity[0];
  return { value: Math.pow(growth, 1 / years) - 1, years, shortSpan: years < SHORT_SPAN_YEARS };
}

/** CAGR from per-period returns, years = n / periodsPerYear (for bootstrap samples without times). */
export function cagrFromReturns(returns: Float64Array, { periodsPerYear }: AnnualizationOptions = {}): number | null {
  assertFiniteSeries('returns', returns);
  const ppy = resolvePeriodsPerYear(periodsPerYear);
  if (returns.length === 0) return null;
  let logGrowth = 0;
  for (let i = 0; i < returns.length; i++) logGrowth += Math.log1p(returns[i]);
  return Math.expm1((logGrowth * ppy) / returns.length);
}

/** Annualized volatility std(r, ddof)·√periodsPerYear; null when n ≤ ddof. */
export function annualizedVolatility(returns: Float64Array, { periodsPerYear, ddof = 1 }: AnnualizationOptions & { ddof?: number } = {}): number | null {
  assertFiniteSeries('returns', returns);
  const ppy = resolvePeriodsPerYear(periodsPerYear);
  if (returns.length <= ddof) return null;
  return standardDeviation(returns, ddof) * Math.sqrt(ppy);
}

/** Per-period risk-free rate from an annual rate, compounded: (1 + rf)^(1/ppy) − 1. */
export function perPeriodRate(annualRate: number, periodsPerYear: number): number {
  assertFiniteNumber('riskFree', annualRate);
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}

export type SharpeOptions = AnnualizationOptions & {
  /** Annual risk-free rate (default 0), de-compounded to a per-period rate. */
  riskFree?: number;
  /** Delta degrees of freedom of the standard deviation (default 1, the sample std). */
  ddof?: number;
};

/**
 * Annualized Sharpe ratio: mean(r − rf_p) / std(r, ddof) · √periodsPerYear.
 * null when n < 2 or the volatility is zero (see isZeroSpread) — a constant series has no Sharpe.
 */
export function sharpeRatio(returns: Float64Array, { periodsPerYear, riskFree = 0, ddof = 1 }: SharpeOptions = {}): number | null {
  assertFiniteSeries('returns', returns);
  const ppy = resolvePeriodsPerYear(periodsPerYear);
  if (returns.length < 2 || returns.length <= ddof) return null;
  const rf = perPeriodRate(riskFree, ppy);
  const m = mean(returns) - rf;
  const sd = standardDeviation(returns, ddof);
  if (isZeroSpread(sd, mean(returns))) return null;
  return (m / sd) * Math.sqrt(ppy);
}

/** Downside deviation √(Σ min(r − target, 0)² / N) over ALL N observations (Sortino & Price 1994). */
export function downsideDeviation(returns: Float64Array, { target = 0 }: { target?: number } = {}): number {
  assertFiniteSeries('returns', returns);
  if (returns.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < returns.length; i++) {
    s += negativePartSquared(returns[i] - target);
  }
  return Math.sqrt(s / returns.length);
}

/**
 * Annualized Sortino ratio: (mean(r) − target) / downsideDeviation · √periodsPerYear, target per period.
 * null when n < 2 or there is no observation below the target (no downside: unbounded).
 */
export function sortinoRatio(returns: Float64Array, { periodsPerYear, target = 0 }: AnnualizationOptions & { target?: number } = {}): number | null {
  const ppy = resolvePeriodsPerYear(periodsPerYear);
  const dd = downsideDeviation(returns, { target });
  if (returns.length < 2 || dd === 0) return null;
  return ((mean(returns) - target) / dd) * Math.sqrt(ppy);
}

/** Calmar ratio CAGR / max drawdown depth; null without a drawdown or without a CAGR. */
export function calmarRatio(cagrValue: number | null, maxDrawdownDepth: number): number | null {
  if (cagrValue === null || !(maxDrawdownDepth > 0)) return null;
  return cagrValue / maxDrawdownDepth;
}

/** Omega ratio Σ max(r − θ, 0) / Σ max(θ − r, 0) (Keating & Shadwick 2002); null with no loss below θ. */
export function omegaRatio(returns: Float64Array, { threshold = 0 }: { threshold?: number } = {}): number | null {
  assertFiniteSeries('returns', returns);
  let gains = 0;
  let losses = 0;
  for (let i = 0; i < returns.length; i++) {
    const d = returns[i] - threshold;
    if (d > 0) gains += d;
    else losses -= d;
  }
  return losses > 0 ? gains / losses : null;
}

/** Ulcer performance index (Martin): (CAGR − riskFree) / ulcer index; null when the ulcer index is 0. */
export function ulcerPerformanceIndex(cagrValue: number | null, ulcer: number, { riskFree = 0 }: { riskFree?: number } = {}): number | null {
  if (cagrValue === null || !(ulcer > 0)) return null;
  return (cagrValue - riskFree) / ulcer;
}

/** Tail ratio |q_{0.95}| / |q_{0.05}| (as QuantStats), linear-interpolated quantiles; null if q_{0.05} = 0. */
export function tailRatio(returns: Float64Array, { upper = 0.95 }: { upper?: number } = {}): number | null {
  assertFiniteSeries('returns', returns);
  if (returns.length === 0) return null;
  const hi = quantile(returns, upper);
  const lo = quantile(returns, 1 - upper);
  return lo === 0 ? null : Math.abs(hi) / Math.abs(lo);
}

export function bestPeriod(returns: Float64Array): number | null {
  assertFiniteSeries('returns', returns);
  let best: number | null = null;
  for (let i = 0; i < returns.length; i++) if (best === null || returns[i] > best) best = returns[i];
  return best;
}

export function worstPeriod(returns: Float64Array): number | null {
  assertFiniteSeries('returns', returns);
  let worst: number | null = null;
  for (let i = 0; i < returns.length; i++) if (worst === null || returns[i] < worst) worst = returns[i];
  return worst;
}

export type ExposureStats = {
  /** Share of bars with a non-zero position. */
  timeInMarket: number;
  /** Mean signed exposure (position value / equity): net long > 0. */
  averageExposure: number;
  /** Mean |exposure|. */
  averageLeverage: number;
  maxLeverage: number;
  /** Σ |Δ exposure| per year: 2.0 = the book turned over twice a year (buy and sell each count). */
  turnoverPerYear: number;
  /** Bars where the exposure changed, per year. */
  rebalancesPerYear: number;
};

/** Exposure statistics from the per-bar exposure (position value / equity); years from the caller or n / periodsPerYear. */
export function exposureStats(exposure: Float64Array, { periodsPerYear, years }: AnnualizationOptions & { years?: number } = {}): ExposureStats {
  assertFiniteSeries('exposure', exposure);
  const n = exposure.length;
  const span = years ?? n / resolvePeriodsPerYear(periodsPerYear);
  let inMarket = 0;
  let signed = 0;
  let abs = 0;
  let maxLev = 0;
  let turnover = Math.abs(exposure[0] ?? 0);
  let rebalances = (exposure[0] ?? 0) !== 0 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const e = exposure[i];
    if (e !== 0) inMarket++;
    signed += e;
    abs += Math.abs(e);
    if (Math.abs(e) > maxLev) maxLev = Math.abs(e);
    if (i > 0) {
      const d = Math.abs(e - exposure[i - 1]);
      turnover += d;
      if (d > 0) rebalances++;
    }
  }
  const perYear = (x: number): number => (span > 0 ? x / span : 0);
  return {
    timeInMarket: n ? inMarket / n : 0,
    averageExposure: n ? signed / n : 0,
    averageLeverage: n ? abs / n : 0,
    maxLeverage: maxLev,
    turnoverPerYear: perYear(turnover),
    rebalancesPerYear: perYear(rebalances),
  };
}

export type CostSeries = { fees?: Float64Array; funding?: Float64Array; slippage?: Float64Array };

export type CostDrag = { feesPctPerYear: number; fundingPctPerYear: number; slippagePctPerYear: number; totalPctPerYear: number };

/**
 * Cost drag in % of equity per year: Σ_t cost_t / E_{t−1} / years, per kind. Costs are cash amounts
 * paid at bar t (positive = paid; negative funding = received), aligned with the equity bars.
 */
export function costDrag(costs: CostSeries, equity: Float64Array, years: number): CostDrag {
  assertEquity('equity', equity);
  const drag = (field: string, c: Float64Array | undefined): number => {
    if (!c) return 0;
    assertFiniteSeries(field, c);
    if (c.length !== equity.length) badInput(field, `length ${c.length} differs from equity length ${equity.length}`);
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i] / equity[Math.max(0, i - 1)];
    return years > 0 ? (100 * s) / years : 0;
  };
  const feesPctPerYear = drag('costs.fees', costs.fees);
  const fundingPctPerYear = drag('costs.funding', costs.funding);
  const slippagePctPerYear = drag('costs.slippage', costs.slippage);
  return { feesPctPerYear, fundingPctPerYear, slippagePctPerYear, totalPctPerYear: feesPctPerYear + fundingPctPerYear + slippagePctPerYear };
}

/** Number of label changes between consecutive bars. */
export function countRegimeSwitches(regimes: ArrayLike<number>): number {
  let switches = 0;
  for (let i = 1; i < regimes.length; i++) if (regimes[i] !== regimes[i - 1]) switches++;
  return switches;
}

export function regimeSwitchesPerYear(regimes: ArrayLike<number>, years: number): number {
  return years > 0 ? countRegimeSwitches(regimes) / years : 0;
}
