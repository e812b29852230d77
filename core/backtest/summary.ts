// The headline statistics of one equity curve (the row a runs list or a sweep table shows), computed
// with core/metrics only: total return, CAGR, volatility, Sharpe, Sortino, max drawdown, Calmar.
// Sweeps and single runs call the same function, so a variant's row equals its full run's numbers.
// It allocates nothing (metrics/streaming.ts: bit-identical to the per-statistic functions).

import { RegimeLabError } from '../errors.ts';
import { headlineEquityStats, type HeadlineEquityStats } from '../metrics/streaming.ts';

export type HeadlineStats = {
  hindsight: boolean;
  finalEquity: number;
  pnl: number;
  totalReturn: number;
  cagr: number | null;
  annualizedVolatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  /** Positive fraction of the running peak. */
  maxDrawdown: number;
  calmar: number | null;
  fees: number;
  funding: number;
  slippage: number;
  /** Time average of the gross leverage held over each bar. */
  averageLeverage: number;
  /** Time average of the signed exposure held over each bar. */
  averageExposure: number;
  orders: number;
  rebalances: number;
  rebalancesPerYear: number | null;
  liquidations: number;
  /** null when the account was ruined (equity reached 0): ratios are undefined then. */
  ruined: boolean;
};

export type HeadlineInput = {
  equity: Float64Array;
  time: Float64Array;
  periodsPerYear: number;
  riskFree: number;
  hindsight: boolean;
  totals: { fees: number; funding: number; slippage: number; orders: number; rebalances: number; liquidations: number };
  /** Leverage / exposure at each close (held over the next bar); the last entry is not held. */
  grossLeverage?: Float64Array;
  netExposure?: Float64Array;
  /** Instead of the two arrays: their sums over the held bars (all but the last), as the vector kernel accumulates them. */
  heldSums?: { grossLeverage: number; netExposure: number };
};

/** The time average over the held bars (all but the last): from the array, or from its sum over them. */
export function heldAverage(x: Float64Array | undefined, sum: number | undefined, bars: number): number {
  if (sum !== undefined) return bars < 2 ? 0 : sum / (bars - 1);
  if (!x || x.length < 2) return 0;
  let s = 0;
  for (let j = 0; j < x.length - 1; j++) s += x[j];
  return s / (x.length - 1);
}

export function headlineStats(input: HeadlineInput): HeadlineStats {
  const { equity, time, periodsPerYear, riskFree } = input;
  let ruined = false;
  for (let j = 0; j < equity.length; j++) if (!(equity[j] > 0)) ruined = true;
  return headlineFromParts({
    hindsight: input.hindsight,
    first: equity[0],
    last: equity[equity.length - 1],
    ruined,
    time,
    totals: input.totals,
    averageLeverage: heldAverage(input.grossLeverage, input.heldSums?.grossLeverage, equity.length),
    averageExposure: heldAverage(input.netExposure, input.heldSums?.netExposure, equity.length),
    equityStats: () => {
      if (time.length !== equity.length) throw new RegimeLabError('E_BAD_INPUT', `time: length ${time.length} differs from equity length ${equity.length}`);
      return headlineEquityStats(equity, time[0], time[time.length - 1], { periodsPerYear, riskFree });
    },
  });
}

/**
 * The headline row from its parts: first and last equity, whether the account was ruined (some
 * equity ≤ 0), the averages, the totals and the equity statistics (called only when not ruined).
 * headlineStats assembles the parts from the arrays; simulate-headline.ts while it simulates.
 */
export function headlineFromParts(p: {
  hindsight: boolean;
  first: number;
  last: number;
  ruined: boolean;
  time: Float64Array;
  totals: HeadlineInput['totals'];
  averageLeverage: number;
  averageExposure: number;
  equityStats: () => HeadlineEquityStats;
}): HeadlineStats {
  const { first, last, ruined, time, totals } = p;
  const base = {
    hindsight: p.hindsight,
    finalEquity: last,
    pnl: last - first,
    fees: totals.fees,
    funding: totals.funding,
    slippage: totals.slippage,
    averageLeverage: p.averageLeverage,
    averageExposure: p.averageExposure,
    orders: totals.orders,
    rebalances: totals.rebalances,
    liquidations: totals.liquidations,
    ruined,
  };
  const years = time.length > 1 ? (time[time.length - 1] - time[0]) / (365 * 86_400_000) : 0;
  const rebalancesPerYear = years > 0 ? totals.rebalances / years : null;
  if (ruined) {
    return { ...base, totalReturn: last / first - 1, cagr: null, annualizedVolatility: null, sharpe: null, sortino: null, maxDrawdown: 1, calmar: null, rebalancesPerYear };
  }
  const s = p.equityStats();
  return {
    ...base,
    totalReturn: s.totalReturn,
    cagr: s.cagr,
    annualizedVolatility: s.annualizedVolatility,
    sharpe: s.sharpe,
    sortino: s.sortino,
    maxDrawdown: s.maxDrawdown,
    calmar: s.calmar,
    rebalancesPerYear,
  };
}

export function sumOf(x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j];
  return s;
}
