// Trade statistics (numpy reference) and the NautilusTrader-named statistics and cross-walk.
import { describe, expect, it } from 'vitest';
import { tradeExcursions, tradeStats } from '../../../../core/metrics/trades.ts';
import {
  crossWalk, dailyEquity, nautilusGeneralStatistics, nautilusPnlStatistics, nautilusReturnsStatistics,
} from '../../../../core/metrics/nautilus.ts';
import type { Trade } from '../../../../core/metrics/types.ts';
import { close, inputs, reference } from './reference.ts';

const trade = (pnl: number, over: Partial<Trade> = {}): Trade => ({
  entryTime: 0, exitTime: 3_600_000, side: 'long', qty: 1, entryPrice: 100, exitPrice: 100 + pnl, pnl, fees: 0.1, mae: -1, mfe: 2, ...over,
});

describe('trade statistics', () => {
  it('match the numpy reference on 40 trades', () => {
    const s = tradeStats(inputs.trades);
    const ref = reference.trades;
    expect([s.count, s.wins, s.losses, s.longestWinStreak, s.longestLossStreak]).toEqual([ref.count, ref.wins, ref.losses, ref.longestWinStreak, ref.longestLossStreak]);
    for (const k of ['winRate', 'profitFactor', 'payoffRatio', 'expectancy', 'sqn'] as const) close(s[k], ref[k], { rel: 1e-12, tag: 'trades' });
    close(s.holdingTime?.meanMs, ref.meanHoldMs, { rel: 1e-14, tag: 'trades' });
    close(s.holdingTime?.medianMs, ref.medianHoldMs, { rel: 1e-14, tag: 'trades' });
  });

  it('closed form: 3 wins of 10 and 1 loss of 5', () => {
    const s = tradeStats([trade(10), trade(10), trade(-5), trade(10)]);
    expect(s).toMatchObject({ wins: 3, losses: 1, winRate: 0.75, profitFactor: 6, payoffRatio: 2, expectancy: 6.25, longestWinStreak: 2, longestLossStreak: 1 });
    close(s.sqn, (2 * 6.25) / Math.sqrt((3 * 3.75 ** 2 + 11.25 ** 2) / 3), { rel: 1e-14 });
  });

  it('no losing trades: profit factor and payoff null with a reason; no trades: nulls', () => {
    const s = tradeStats([trade(1), trade(2), trade(0)]);
    expect(s.profitFactor).toBeNull();
    expect(s.payoffRatio).toBeNull();
    expect(s.scratches).toBe(1);
    expect(s.undefinedBecause.profitFactor).toMatch(/no losing trades/);
    const empty = tradeStats([]);
    expect(empty.winRate).toBeNull();
    expect(empty.expectancy).toBeNull();
    expect(empty.sqn).toBeNull();
    expect(tradeExcursions([trade(1, { mfe: 4 })])[0].captureRatio).toBe(0.25);
  });

  it('NaN in a trade throws naming the trade and field', () => {
    expect(() => tradeStats([trade(1), trade(NaN, { exitPrice: 101 })])).toThrow(/trades\[1\]\.pnl/);
    expect(() => tradeStats([trade(1, { exitTime: -1 })])).toThrow(/trades\[0\]\.exitTime/);
  });
});

describe('NautilusTrader names and the cross-walk', () => {
  const daily = dailyEquity(inputs.equity, inputs.time);
  const ref = reference.nautilus;
  it('returns statistics with 252 days as NautilusTrader prints them', () => {
    const s = nautilusReturnsStatistics(daily.returns);
    close(s['Sharpe Ratio (252 days)'], ref.sharpe252, { rel: 1e-11, tag: 'nautilus' });
    close(s['Sortino Ratio (252 days)'], ref.sortino252, { rel: 1e-11, tag: 'nautilus' });
    close(s['Returns Volatility (252 days)'], ref.vol252, { rel: 1e-11, tag: 'nautilus' });
    close(s['Profit Factor'], ref.profitFactor, { rel: 1e-11, tag: 'nautilus' });
    close(s['Risk Return Ratio'], ref.riskReturn, { rel: 1e-11, tag: 'nautilus' });
    close(s.Skew, ref.skewPandas, { rel: 1e-9, tag: 'nautilus' });
    close(s.Kurtosis, ref.kurtPandas, { rel: 1e-9, tag: 'nautilus' });
  });

  it('PnL and general statistics', () => {
    const p = nautilusPnlStatistics(inputs.trades, { startingBalance: 1000 });
    close(p['Max Winner'], ref.maxWinner, { rel: 1e-15 });
    close(p['Min Winner'], ref.minWinner, { rel: 1e-15 });
    close(p['Max Loser'], ref.maxLoser, { rel: 1e-15 });
    close(p['Min Loser'], ref.minLoser, { rel: 1e-15 });
    close(nautilusGeneralStatistics(inputs.trades)['Long Ratio'], ref.longRatio, { rel: 1e-15 });
    const simple = nautilusPnlStatistics([trade(10), trade(-5)], { startingBalance: 100 });
    expect(simple['PnL (total)']).toBe(5);
    expect(simple['PnL% (total)']).toBe(5);
    expect(simple.Expectancy).toBe(2.5);
  });

  it('the cross-walk shows the √(252/365) gap and QuantStats counting days', () => {
    const rows = crossWalk(inputs.equity, inputs.time, inputs.trades);
    const sharpe = rows.find((r) => r.statistic === 'Sharpe ratio');
    close(sharpe?.nautilusTrader, ref.sharpe252, { rel: 1e-11 });
    close((sharpe?.nautilusTrader ?? 0) / (sharpe?.regimelab ?? 1), Math.sqrt(252 / 365), { rel: 1e-12 });
    close(sharpe?.regimelab, reference.returnsRisk.sharpe, { rel: 1e-11 });
    const win = rows.find((r) => r.statistic === 'Win rate');
    expect(win?.quantStats).not.toBe(win?.regimelab);
    expect(rows.map((r) => r.statistic)).toContain('CAGR');
  });
});
