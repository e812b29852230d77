// Statistics of real round-trip trades (not of periods): win rate, profit factor in cash, payoff
// ratio, expectancy, SQN, streaks, holding time and MAE/MFE. A trade with pnl > 0 is a win, < 0 a
// loss, exactly 0 a scratch (counted in the total, neither win nor loss).
// Undefined ratios (no losing trades, no winners, < 2 trades) are null with a reason in `undefinedBecause`.
import { mean, median, standardDeviation } from './descriptive.ts';
import type { Trade } from './types.ts';
import { badInput } from './validate.ts';

const NUMERIC_FIELDS = ['entryTime', 'exitTime', 'qty', 'entryPrice', 'exitPrice', 'pnl', 'fees', 'mae', 'mfe'] as const;

export function assertTrades(trades: readonly Trade[]): void {
  trades.forEach((t, i) => {
    for (const f of NUMERIC_FIELDS) {
      if (!Number.isFinite(t[f])) badInput(`trades[${i}].${f}`, `must be a finite number, got ${t[f]}`, String(t[f]));
    }
    if (t.side !== 'long' && t.side !== 'short') badInput(`trades[${i}].side`, `must be 'long' or 'short', got ${String(t.side)}`, t.side);
    if (t.exitTime < t.entryTime) badInput(`trades[${i}].exitTime`, `exit ${t.exitTime} is before entry ${t.entryTime}`);
  });
}

export type HoldingTimeStats = { meanMs: number; medianMs: number; minMs: number; maxMs: number };

export type TradeStats = {
  count: number;
  wins: number;
  losses: number;
  scratches: number;
  /** wins / count; null without trades. */
  winRate: number | null;
  grossProfit: number;
  /** Sum of losing pnl, as a negative number (or 0). */
  grossLoss: number;
  netPnl: number;
  totalFees: number;
  /** grossProfit / |grossLoss| in cash; null with no losing trades. */
  profitFactor: number | null;
  averageWin: number | null;
  averageLoss: number | null;
  /** averageWin / |averageLoss|; null without wins or without losses. */
  payoffRatio: number | null;
  /** Mean pnl per trade (= winRate·avgWin + lossRate·avgLoss); null without trades. */
  expectancy: number | null;
  /** Van Tharp's system quality number √N · mean(pnl) / std(pnl, ddof 1); null for N < 2 or zero spread. */
  sqn: number | null;
  longestWinStreak: number;
  longestLossStreak: number;
  holdingTime: HoldingTimeStats | null;
  longCount: number;
  shortCount: number;
  averageMae: number | null;
  averageMfe: number | null;
  undefinedBecause: Record<string, string>;
};

export type TradeExcursion = { index: number; side: Trade['side']; pnl: number; mae: number; mfe: number; /** pnl / mfe: the share of the best open profit kept; null when mfe = 0. */ captureRatio: number | null };

/** MAE/MFE per trade with the share of the favourable excursion each trade kept. */
export function tradeExcursions(trades: readonly Trade[]): TradeExcursion[] {
  assertTrades(trades);
  return trades.map((t, index) => ({ index, side: t.side, pnl: t.pnl, mae: t.mae, mfe: t.mfe, captureRatio: t.mfe > 0 ? t.pnl / t.mfe : null }));
}

export function tradeStats(trades: readonly Trade[]): TradeStats {
  assertTrades(trades);
  const undefinedBecause: Record<string, string> = {};
  const pnl = Float64Array.from(trades, (t) => t.pnl);
  const n = pnl.length;
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let winStreak = 0;
  let lossStreak = 0;
  let longestWinStreak = 0;
  let longestLossStreak = 0;
  for (const p of pnl) {
    if (p > 0) {
      wins++;
      grossProfit += p;
      winStreak++;
      lossStreak = 0;
    } else if (p < 0) {
      losses++;
      grossLoss += p;
      lossStreak++;
      winStreak = 0;
    } else {
      winStreak = 0;
      lossStreak = 0;
    }
    longestWinStreak = Math.max(longestWinStreak, winStreak);
    longestLossStreak = Math.max(longestLossStreak, lossStreak);
  }
  const averageWin = wins ? grossProfit / wins : null;
  const averageLoss = losses ? grossLoss / losses : null;
  if (n === 0) undefinedBecause.winRate = 'no trades';
  if (losses === 0) undefinedBecause.profitFactor = 'no losing trades (profit factor unbounded)';
  if (averageWin === null || averageLoss === null) undefinedBecause.payoffRatio = wins ? 'no losing trades' : 'no winning trades';
  let sqn: number | null = null;
  if (n >= 2) {
    const sd = standardDeviation(pnl, 1);
    if (sd > 0) sqn = (Math.sqrt(n) * mean(pnl)) / sd;
    else undefinedBecause.sqn = 'all trades have the same pnl (zero spread)';
  } else undefinedBecause.sqn = 'fewer than two trades';
  const hold = Float64Array.from(trades, (t) => t.exitTime - t.entryTime);
  return {
    count: n,
    wins,
    losses,
    scratches: n - wins - losses,
    winRate: n ? wins / n : null,
    grossProfit,
    grossLoss,
    netPnl: grossProfit + grossLoss,
    totalFees: trades.reduce((s, t) => s + t.fees, 0),
    profitFactor: losses ? grossProfit / -grossLoss : null,
    averageWin,
    averageLoss,
    payoffRatio: averageWin !== null && averageLoss !== null ? averageWin / -averageLoss : null,
    expectancy: n ? mean(pnl) : null,
    sqn,
    longestWinStreak,
    longestLossStreak,
    holdingTime: n ? { meanMs: mean(hold), medianMs: median(hold), minMs: hold.reduce((a, b) => Math.min(a, b), Infinity), maxMs: hold.reduce((a, b) => Math.max(a, b), -Infinity) } : null,
    longCount: trades.filter((t) => t.side === 'long').length,
    shortCount: trades.filter((t) => t.side === 'short').length,
    averageMae: n ? mean(Float64Array.from(trades, (t) => t.mae)) : null,
    averageMfe: n ? mean(Float64Array.from(trades, (t) => t.mfe)) : null,
    undefinedBecause,
  };
}
