// Tiny scenarios whose every number is worked out by hand: one trade with a fee, a funding payment,
// slippage on the fill, a liquidation at the solved price, and the circuit breaker's trip and re-arm.
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { candlesFrom, dataOf } from './fixtures.ts';

const X = (rows: Parameters<typeof candlesFrom>[0], startMs?: number) => dataOf([{ symbol: 'X', candles: candlesFrom(rows, startMs) }]);
const base = { instruments: [{ symbol: 'X' }], initialCash: 1000, costs: { takerFeeBps: 0, slippage: { bps: 0 } } };

describe('hand-checked scenarios', () => {
  it('one trade with a 10 bps fee: buys at the NEXT open, pays the fee, marks to market', () => {
    // Decision at the close of bar 0 (100): qty = 1 × 1000 / 100 = 10. Fill at bar 1's open 101.
    // Fee 10 × 101 × 0.001 = 1.01; cash 1000 − 1010 − 1.01 = −11.01; equity 1100 − 11.01, then 1200 − 11.01.
    const r = runBacktest({ ...base, sizing: { kind: 'constant', leverage: 1 }, costs: { takerFeeBps: 10, slippage: { bps: 0 } } }, X([[100, 100, 100, 100], [101, 111, 99, 110], [110, 121, 109, 120]]));
    expect(r.equity[0]).toBe(1000);
    expect(r.equity[1]).toBeCloseTo(1088.99, 10);
    expect(r.equity[2]).toBeCloseTo(1188.99, 10);
    expect(r.cash[2]).toBeCloseTo(-11.01, 10);
    const fill = r.reports!.fills[0];
    expect(fill).toMatchObject({ order_side: 'BUY', last_qty: 10, last_px: 101, bar_index: 1, liquidity_side: 'TAKER' });
    expect(fill.commission).toBeCloseTo(1.01, 12);
    expect(r.headline.fees).toBeCloseTo(1.01, 12);
    expect(r.reports!.fills).toHaveLength(1);
    expect(r.reports!.orders[0]).toMatchObject({ status: 'FILLED', filled_qty: 10, avg_px: 101, type: 'MARKET', side: 'BUY' });
    // The open position at the end: avg 101, unrealized 10 × (120 − 101) = 190.
    expect(r.reports!.positions[0]).toMatchObject({ side: 'LONG', signed_qty: 10, avg_px_open: 101, is_closed: false });
    expect(r.reports!.positions[0].unrealized_pnl).toBeCloseTo(190, 10);
  });

  it('slippage: 20 bps makes the buy fill at open × 1.002', () => {
    const r = runBacktest({ ...base, sizing: { kind: 'constant', leverage: 1 }, costs: { takerFeeBps: 0, slippage: { bps: 20 } } }, X([[100, 100, 100, 100], [100, 100, 100, 100]]));
    expect(r.reports!.fills[0].last_px).toBeCloseTo(100.2, 12);
    // qty 10 bought at 100.2, marked at 100: equity 1000 − 10 × 0.2 = 998; slippage cost 2.
    expect(r.equity[1]).toBeCloseTo(998, 10);
    expect(r.headline.slippage).toBeCloseTo(2, 10);
  });

  it('a funding payment: 0.01 % on 10 × 120 at the 08:00 UTC settlement, on the position carried in', () => {
    // Bars open at 20:00 (decision), 00:00 (fill: funding comes before the fill, so none), 04:00, 08:00.
    const r = runBacktest(
      { ...base, sizing: { kind: 'constant', leverage: 1 }, costs: { takerFeeBps: 0, slippage: { bps: 0 }, funding: { kind: 'constant', ratePerEvent: 0.0001 } } },
      X([[100, 100, 100, 100], [100, 100, 100, 100], [110, 110, 110, 110], [120, 120, 120, 120]], Date.UTC(2024, 0, 1, 20)),
    );
    expect(Array.from(r.funding)).toEqual([0, 0, 0, expect.closeTo(0.12, 12)]);
    expect(r.equity[3]).toBeCloseTo(1000 + 10 * 20 - 0.12, 10);
    expect(r.headline.funding).toBeCloseTo(0.12, 12);
    expect(r.reports!.account.at(-1)).toMatchObject({ reason: 'FUNDING' });
  });

  it('a liquidation: 5x long, maintenance 0.5 %, the low crosses p* = 4000 / 49.75 and the position is closed there', () => {
    // qty 50 bought at 100: cash −4000. Equity = 50p − 4000 equals 0.005 × 50p at p* = 4000 / 49.75.
    const r = runBacktest(
      { ...base, sizing: { kind: 'constant', leverage: 5 }, margin: { maintenanceMarginRate: 0.005 } },
      X([[100, 100, 100, 100], [100, 100, 100, 100], [90, 91, 75, 80], [80, 80, 80, 80]]),
    );
    const pStar = 4000 / 49.75;
    expect(r.liquidations).toHaveLength(1);
    expect(r.liquidations[0].bar).toBe(2);
    expect(r.liquidations[0].prices[0]).toBeCloseTo(pStar, 9);
    expect(r.equity[2]).toBeCloseTo(50 * pStar - 4000, 8); // = 0.005 × 50 p* ≈ 20.1005
    expect(r.equity[3]).toBe(r.equity[2]); // stopped: flat afterwards
    expect(r.counts.stoppedAtBar).toBe(2);
    const liq = r.reports!.fills.find((f) => f.reason === 'LIQUIDATION')!;
    expect(liq).toMatchObject({ order_side: 'SELL', last_qty: 50 });
    expect(liq.realized_pnl).toBeCloseTo(50 * (pStar - 100), 8);
    expect(r.reports!.positions[0]).toMatchObject({ side: 'FLAT', is_closed: true });
  });

  it('no liquidation when the low stays above p*', () => {
    const r = runBacktest({ ...base, sizing: { kind: 'constant', leverage: 5 } }, X([[100, 100, 100, 100], [100, 100, 100, 100], [90, 91, 81, 85]]));
    expect(r.liquidations).toHaveLength(0);
    expect(r.equity[2]).toBeCloseTo(-4000 + 50 * 85, 10);
  });

  it('circuit breaker: trips past a 10 % drawdown, goes flat at the next open, re-arms after the cooldown', () => {
    const rows: [number, number, number, number][] = [[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 85, 85], [85, 85, 85, 85], [85, 85, 85, 85], [85, 85, 85, 90]];
    const r = runBacktest({ ...base, sizing: { kind: 'constant', leverage: 1 }, circuitBreaker: { maxDrawdown: 0.1, cooldownBars: 2 } }, X(rows));
    expect(r.breakerEvents.map((e) => [e.kind, e.bar])).toEqual([['trip', 2], ['rearm', 4]]);
    // Equity 850 at bar 2; flat from bar 3 (sold at 85); re-bought at bar 5's open 85, so bar 5 marks 10 × 90 − 0.
    expect(r.equity[3]).toBeCloseTo(850, 10);
    expect(r.equity[5]).toBeCloseTo(850 * (90 / 85), 9);
  });
});
