// Headline statistics of one equity curve without allocating: total return, CAGR, volatility, Sharpe,
// Sortino, max drawdown and Calmar in two passes over the equity array (returns recomputed, never
// stored). Same arithmetic in the same order as simpleReturns → mean (Neumaier sum), variance (two
// passes), downsideDeviation, drawdownSeries and cagr, so the numbers are bit-identical to theirs;
// computeEquityStats stays the one full table. Sweeps call this once per variant on 500k bars.

import { isZeroSpread, negativePartSquared } from './descriptive.ts';
import { assertEquity } from './drawdown.ts';
import { calmarRatio, MS_PER_YEAR, perPeriodRate } from './returns-risk.ts';
import { badInput } from './validate.ts';

export type HeadlineEquityStats = {
  returnObservations: number;
  totalReturn: number;
  cagr: number | null;
  annualizedVolatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  /** Positive fraction of the running peak (the deepest E_t / max_{s ≤ t} E_s − 1, negated). */
  maxDrawdown: number;
  calmar: number | null;
};

export type HeadlineEquityOptions = {
  /** Bars per year (required: a sweep knows its timeframe). */
  periodsPerYear: number;
  /** Annual risk-free rate (default 0), de-compounded per period as sharpeRatio does. */
  riskFree?: number;
  /** ddof of volatility and Sharpe (default 1). */
  ddof?: number;
  /** Per-period Sortino target (default 0). */
  target?: number;
  msPerYear?: number;
};

/**
 * Headline statistics of `equity` (every value finite and > 0), the bars spanning startTime → endTime
 * (UTC ms; CAGR uses the elapsed calendar time). Equal to sharpeRatio, sortinoRatio,
 * annualizedVolatility, cagr, totalReturn of simpleReturns(equity) and to the drawdownSeries maximum.
 */
export function headlineEquityStats(equity: Float64Array, startTime: number, endTime: number, options: HeadlineEquityOptions): HeadlineEquityStats {
  const { periodsPerYear: ppy, target = 0 } = options;
  if (!(ppy > 0) || !Number.isFinite(ppy)) badInput('periodsPerYear', `must be a positive finite number, got ${ppy}`, ppy);
  const n = equity.length;
  if (n > 0 && !(equity[0] > 0 && equity[0] < Infinity)) assertEquity('equity', equity);
  // Pass 1: Σ r (Neumaier, as descriptive.sum), Σ min(r − target, 0)², the running peak and the lowest
  // equity since it (x ↦ x / peak − 1 is monotone, so the deepest drawdown of a peak is at that low).
  let sum = 0;
  let comp = 0;
  let downside = 0;
  let peak = n > 0 ? equity[0] : 0;
  let low = peak;
  let maxDrawdown = 0;
  let previous = peak;
  for (let i = 1; i < n; i++) {
    const e = equity[i];
    if (!(e > 0 && e < Infinity)) assertEquity('equity', equity);
    const r = e / previous - 1;
    previous = e;
    const t = sum + r;
    comp += Math.abs(sum) >= Math.abs(r) ? sum - t + r : r - t + sum;
    sum = t;
    downside += negativePartSquared(r - target);
    if (e > peak) {
      const depth = -(low / peak - 1);
      if (depth > maxDrawdown) maxDrawdown = depth;
      peak = e;
      low = e;
    } else if (e < low) low = e;
  }
  if (n > 0) {
    const depth = -(low / peak - 1);
    if (depth > maxDrawdown) maxDrawdown = depth;
  }
  return finishHeadlineEquityStats(
    { n, sum, comp, downside, maxDrawdown, first: n > 0 ? equity[0] : NaN, last: n > 0 ? equity[n - 1] : NaN },
    (mean) => {
      let ss = 0;
      let c = 0;
      let previous = equity[0];
      for (let i = 1; i < n; i++) {
        const e = equity[i];
        const d = e / previous - 1 - mean;
        previous = e;
        ss += d * d;
        c += d;
      }
      return { ss, c };
    },
    () => finiteReturns(equity),
    startTime,
    endTime,
    options,
  );
}

/**
 * What pass 1 over an equity curve of n points accumulates (Neumaier Σ r with its compensation,
 * Σ min(r − target, 0)², the deepest drawdown), plus its first and last values. A simulator that
 * computes these while it runs (core/backtest/simulate-headline.ts) finishes with the same function.
 */
export type EquityPass1 = { n: number; sum: number; comp: number; downside: number; maxDrawdown: number; first: number; last: number };

/** The mean return from pass 1's sums (NaN without returns): the mean pass 2 is taken about. */
export function pass1Mean(p: Pick<EquityPass1, 'n' | 'sum' | 'comp'>): number {
  const count = Math.max(0, p.n - 1);
  return count === 0 ? NaN : (p.sum + p.comp) / count;
}

/**
 * The headline statistics from pass 1's sums; `deviations(mean)` is pass 2 (Σ d², Σ d of the
 * returns minus the mean, in bar order) and `onNonFinite` throws for a non-finite return.
 */
export function finishHeadlineEquityStats(
  p: EquityPass1,
  deviations: (mean: number) => { ss: number; c: number },
  onNonFinite: () => void,
  startTime: number,
  endTime: number,
  options: HeadlineEquityOptions,
): HeadlineEquityStats {
  const { periodsPerYear: ppy, riskFree = 0, ddof = 1, target = 0, msPerYear = MS_PER_YEAR } = options;
  const { n, downside, maxDrawdown } = p;
  const count = Math.max(0, n - 1);
  const mean = pass1Mean(p);
  if (count > 0 && !Number.isFinite(mean)) onNonFinite();
  // Pass 2: the two-pass variance of descriptive.variance.
  let sd = 0;
  if (count - ddof > 0) {
    const { ss, c } = deviations(mean);
    sd = Math.sqrt(Math.max(0, (ss - (c * c) / count) / (count - ddof)));
  }
  const rootPpy = Math.sqrt(ppy);
  const enough = count >= 2 && count > ddof;
  const sharpe = enough && !isZeroSpread(sd, mean) ? ((mean - perPeriodRate(riskFree, ppy)) / sd) * rootPpy : null;
  const downsideDeviation = count === 0 ? 0 : Math.sqrt(downside / count);
  const sortino = count >= 2 && downsideDeviation !== 0 ? ((mean - target) / downsideDeviation) * rootPpy : null;
  const years = n >= 2 ? (endTime - startTime) / msPerYear : 0;
  if (years < 0) badInput('time', 'must be increasing (last time is before the first)');
  const cagr = years > 0 ? Math.pow(p.last / p.first, 1 / years) - 1 : null;
  return {
    returnObservations: count,
    totalReturn: n < 2 ? 0 : p.last / p.first - 1,
    cagr,
    annualizedVolatility: count > ddof ? sd * rootPpy : null,
    sharpe,
    sortino,
    maxDrawdown,
    calmar: calmarRatio(cagr, maxDrawdown),
  };
}

/** Throws as assertFiniteSeries('returns', …) does for the first non-finite return. */
function finiteReturns(equity: Float64Array): void {
  for (let i = 1; i < equity.length; i++) {
    const r = equity[i] / equity[i - 1] - 1;
    if (!Number.isFinite(r)) badInput('returns', `element ${i - 1} is ${r}; every value must be a finite number`, String(r));
  }
}
