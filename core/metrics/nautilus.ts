// NautilusTrader-named statistics (PnL, returns and general families, under its printed names) and a
// cross-walk: what NautilusTrader (252 days), QuantStats and backtesting.py would print for the same
// run next to RegimeLab's own figure. Their formulas are re-implemented here from their published
// definitions (nautilus_trader/analysis/statistics/*.py, quantstats/stats.py, backtesting/_stats.py);
// nothing calls those tools. All of them work on DAILY returns of the equity.
import { kurtosis, mean, skewness, standardDeviation } from './descriptive.ts';
import { maxDrawdown } from './drawdown.ts';
import { cagr, sharpeRatio, simpleReturns, sortinoRatio, MS_PER_DAY } from './returns-risk.ts';
import { assertTrades, tradeStats } from './trades.ts';
import type { Trade } from './types.ts';
import { badInput } from './validate.ts';

/** Daily closes (last equity of each UTC day) and their simple returns. */
export function dailyEquity(equity: Float64Array, time: Float64Array): { dayStart: Float64Array; equity: Float64Array; returns: Float64Array } {
  if (time.length !== equity.length) badInput('time', `length ${time.length} differs from equity length ${equity.length}`);
  const days: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < equity.length; i++) {
    const day = Math.floor(time[i] / MS_PER_DAY) * MS_PER_DAY;
    if (days.length && days[days.length - 1] === day) closes[closes.length - 1] = equity[i];
    else {
      days.push(day);
      closes.push(equity[i]);
    }
  }
  const eq = Float64Array.from(closes);
  return { dayStart: Float64Array.from(days), equity: eq, returns: simpleReturns(eq) };
}

const positives = (x: Float64Array): Float64Array => x.filter((v) => v > 0);
const nonPositives = (x: Float64Array): Float64Array => x.filter((v) => v <= 0);
const negatives = (x: Float64Array): Float64Array => x.filter((v) => v < 0);
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * NautilusTrader PnL statistics of realized trade PnLs. As NautilusTrader: winners pnl > 0,
 * losers pnl <= 0; "Max Loser" is the most negative, "Min Loser" the one closest to 0.
 */
export function nautilusPnlStatistics(trades: readonly Trade[], { startingBalance }: { startingBalance: number }): Record<string, number | null> {
  assertTrades(trades);
  if (!(startingBalance > 0)) badInput('startingBalance', `must be > 0, got ${startingBalance}`, startingBalance);
  const pnl = Float64Array.from(trades, (t) => t.pnl);
  const winners = positives(pnl);
  const losers = nonPositives(pnl);
  const total = pnl.reduce((s, v) => s + v, 0);
  const avgWinner = winners.length ? mean(winners) : null;
  const avgLoser = losers.length ? mean(losers) : null;
  const winRate = winners.length / Math.max(1, pnl.length);
  return {
    'PnL (total)': total,
    'PnL% (total)': (100 * total) / startingBalance,
    'Max Winner': winners.length ? winners.reduce((a, b) => Math.max(a, b)) : null,
    'Avg Winner': avgWinner,
    'Min Winner': winners.length ? winners.reduce((a, b) => Math.min(a, b)) : null,
    'Min Loser': losers.length ? losers.reduce((a, b) => Math.max(a, b)) : null,
    'Avg Loser': avgLoser,
    'Max Loser': losers.length ? losers.reduce((a, b) => Math.min(a, b)) : null,
    // As NautilusTrader: 0 when there are no winners or no losers.
    Expectancy: avgWinner === null || avgLoser === null ? 0 : avgWinner * winRate + avgLoser * (1 - winRate),
    'Win Rate': winRate,
  };
}

/** NautilusTrader returns statistics of daily returns, annualized with `period` days (its default 252). */
export function nautilusReturnsStatistics(dailyReturns: Float64Array, { period = 252 }: { period?: number } = {}): Record<string, number | null> {
  const r = dailyReturns;
  const sd = r.length >= 2 ? standardDeviation(r, 1) : NaN;
  const win = positives(r);
  const loss = negatives(r);
  const sumLoss = loss.reduce((s, v) => s + v, 0);
  return {
    [`Returns Volatility (${period} days)`]: orNull(sd * Math.sqrt(period)),
    'Average (Return)': r.length ? mean(r) : null,
    'Average Loss (Return)': loss.length ? mean(loss) : null,
    'Average Win (Return)': win.length ? mean(win) : null,
    [`Sharpe Ratio (${period} days)`]: sd > 0 ? (mean(r) / sd) * Math.sqrt(period) : null,
    [`Sortino Ratio (${period} days)`]: sortinoRatio(r, { periodsPerYear: period }),
    'Profit Factor': sumLoss < 0 ? win.reduce((s, v) => s + v, 0) / -sumLoss : null,
    'Risk Return Ratio': sd > 0 ? mean(r) / sd : null,
    // pandas .skew() / .kurt(): bias-corrected, excess kurtosis.
    Skew: r.length >= 3 ? skewness(r, { bias: false }) : null,
    Kurtosis: r.length >= 4 ? kurtosis(r, { bias: false }) : null,
  };
}

/** NautilusTrader general statistics: Long Ratio = long positions / all positions. */
export function nautilusGeneralStatistics(trades: readonly Trade[]): Record<string, number | null> {
  assertTrades(trades);
  return { 'Long Ratio': trades.length ? trades.filter((t) => t.side === 'long').length / trades.length : null };
}

export type CrossWalkRow = {
  statistic: string;
  regimelab: number | null;
  nautilusTrader: number | null;
  quantStats: number | null;
  backtestingPy: number | null;
  note: string;
};

/**
 * The same run as four tools would print it. RegimeLab: daily returns, 365 days, ddof 1, CAGR over
 * calendar time. NautilusTrader: 252, ddof 1. QuantStats: 252, ddof 1, CAGR over calendar days / 365,
 * win rate on non-zero DAYS. backtesting.py: 365 (a market with weekends), geometric annualization.
 */
export function crossWalk(equity: Float64Array, time: Float64Array, trades: readonly Trade[] = []): CrossWalkRow[] {
  const daily = dailyEquity(equity, time);
  const r = daily.returns;
  const n = r.length;
  const sd = n >= 2 ? standardDeviation(r, 1) : NaN;
  const m = n ? mean(r) : NaN;
  const mdd = maxDrawdown(equity).depth;
  const growth = cagr(equity, time).value;
  // backtesting.py: geometric mean daily return and its annualization over 365 trading days.
  const days = 365;
  let logSum = 0;
  for (const v of r) logSum += Math.log1p(v);
  const gmean = n ? Math.expm1(logSum / n) : NaN;
  const btAnnReturn = Math.pow(1 + gmean, days) - 1;
  const btAnnVol = Math.sqrt(Math.pow(sd * sd + (1 + gmean) ** 2, days) - Math.pow(1 + gmean, 2 * days));
  let downSq = 0;
  for (const v of r) downSq += Math.min(v, 0) ** 2;
  const btDownside = Math.sqrt(downSq / n) * Math.sqrt(days);
  const years = n ? (daily.dayStart[daily.dayStart.length - 1] - daily.dayStart[0]) / MS_PER_DAY / 365 : 0;
  const totalGrowth = equity[equity.length - 1] / equity[0];
  const qsCagr = years > 0 ? Math.pow(totalGrowth, 1 / years) - 1 : null;
  const nonZero = r.filter((v) => v !== 0);
  const ts = tradeStats(trades);
  const tradeReturns = Float64Array.from(trades, (t) => (t.side === 'long' ? 1 : -1) * (t.exitPrice / t.entryPrice - 1));
  const tradePos = positives(tradeReturns).reduce((s, v) => s + v, 0);
  const tradeNeg = negatives(tradeReturns).reduce((s, v) => s + v, 0);
  const dailyPos = positives(r).reduce((s, v) => s + v, 0);
  const dailyNeg = negatives(r).reduce((s, v) => s + v, 0);
  return [
    {
      statistic: 'Sharpe ratio',
      regimelab: sharpeRatio(r, { periodsPerYear: 365 }),
      nautilusTrader: sd > 0 ? (m / sd) * Math.sqrt(252) : null,
      quantStats: sd > 0 ? (m / sd) * Math.sqrt(252) : null,
      backtestingPy: btAnnVol > 0 ? orNull(btAnnReturn / btAnnVol) : null,
      note: 'RegimeLab √365 vs √252: the 252-day figures are √(252/365) = 0.83 of ours; backtesting.py divides geometric annual return by its annualized vol',
    },
    {
      statistic: 'Sortino ratio',
      regimelab: sortinoRatio(r, { periodsPerYear: 365 }),
      nautilusTrader: sortinoRatio(r, { periodsPerYear: 252 }),
      quantStats: sortinoRatio(r, { periodsPerYear: 252 }),
      backtestingPy: btDownside > 0 ? orNull(btAnnReturn / btDownside) : null,
      note: 'all use downside deviation over all observations; annualization differs',
    },
    {
      statistic: 'Annualized volatility',
      regimelab: orNull(sd * Math.sqrt(365)),
      nautilusTrader: orNull(sd * Math.sqrt(252)),
      quantStats: orNull(sd * Math.sqrt(252)),
      backtestingPy: orNull(btAnnVol),
      note: 'backtesting.py compounds the daily variance over 365 days',
    },
    {
      statistic: 'CAGR',
      regimelab: growth,
      nautilusTrader: null,
      quantStats: qsCagr,
      backtestingPy: orNull(btAnnReturn),
      note: 'RegimeLab: exact elapsed time / 365 days; QuantStats: first to last day / 365; backtesting.py: geometric mean daily return ^ 365; NautilusTrader prints none',
    },
    {
      statistic: 'Max drawdown',
      regimelab: mdd,
      nautilusTrader: null,
      quantStats: -mdd,
      backtestingPy: -mdd,
      note: 'same path; QuantStats and backtesting.py print it negative (backtesting.py in %)',
    },
    {
      statistic: 'Win rate',
      regimelab: ts.winRate,
      nautilusTrader: trades.length ? positives(Float64Array.from(trades, (t) => t.pnl)).length / trades.length : null,
      quantStats: nonZero.length ? positives(nonZero).length / nonZero.length : null,
      backtestingPy: ts.winRate,
      note: 'QuantStats counts winning DAYS among non-zero days, not trades',
    },
    {
      statistic: 'Profit factor',
      regimelab: ts.profitFactor,
      nautilusTrader: dailyNeg < 0 ? dailyPos / -dailyNeg : null,
      quantStats: dailyNeg < 0 ? dailyPos / -dailyNeg : null,
      backtestingPy: tradeNeg < 0 ? tradePos / -tradeNeg : null,
      note: 'RegimeLab: cash PnL of trades; NautilusTrader and QuantStats: daily returns; backtesting.py: trade % returns',
    },
    {
      statistic: 'Excess kurtosis',
      regimelab: n >= 2 ? kurtosis(r) : null,
      nautilusTrader: n >= 4 ? kurtosis(r, { bias: false }) : null,
      quantStats: n >= 4 ? kurtosis(r, { bias: false }) : null,
      backtestingPy: null,
      note: 'RegimeLab: biased (scipy); pandas-based tools: bias-corrected',
    },
  ];
}
