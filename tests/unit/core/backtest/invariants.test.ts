// On every config below (synthetic seeded markets): the event path and the vector path give identical
// series; the accounting identities hold (equity = cash + positions marked to market at every bar;
// P&L = Σ fills' realized P&L + open P&L − fees − funding); fills happen at the next bar's open.
import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestResult } from '../../../../core/backtest/run-backtest.ts';
import type { BacktestData } from '../../../../core/backtest/data.ts';
import { dataOf, syntheticMarket } from './fixtures.ts';

const btc = syntheticMarket(3000, 11);
const eth = syntheticMarket(3000, 12);
const sol = syntheticMarket(3000, 13);
const single = dataOf([{ symbol: 'BTC', candles: btc.candles, regimeSeries: btc.regimes }]);
const trio: BacktestData = dataOf([
  { symbol: 'BTC', candles: btc.candles, regimeSeries: btc.regimes },
  { symbol: 'ETH', candles: eth.candles, regimeSeries: eth.regimes },
  { symbol: 'SOL', candles: sol.candles, regimeSeries: sol.regimes },
]);
const one = [{ symbol: 'BTC' }];
const three = [{ symbol: 'BTC', weight: 0.4 }, { symbol: 'ETH', weight: 0.3 }, { symbol: 'SOL', weight: 0.3 }];
const perp = { takerFeeBps: 5, slippage: { bps: 3 }, funding: { kind: 'constant', ratePerEvent: 0.0001 } };

const cases: { name: string; data: BacktestData; config: Record<string, unknown>; check?: (r: BacktestResult) => void }[] = [
  { name: 'moderate, gated 0.75/2, fees + funding', data: single, config: { instruments: one, regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, gate: {}, costs: perp } },
  { name: 'aggressive, every bar, volatility slippage', data: single, config: { instruments: one, regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'aggressive' }, rebalance: { rule: 'every-bar' }, costs: { ...perp, slippage: { model: 'volatility', bps: 2 } } } },
  { name: 'gradient, drift band, volume impact', data: single, config: { instruments: one, regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'academic', mode: 'gradient' }, rebalance: { rule: 'drift', band: 0.05 }, costs: { ...perp, slippage: { model: 'volume', bps: 1, impactBps: 20 } } } },
  { name: 'weekly schedule, maker fees, breaker', data: single, config: { instruments: one, regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [2, 0.5] }, rebalance: { rule: 'schedule', every: '1w' }, circuitBreaker: { maxDrawdown: 0.2, cooldownBars: 30 }, costs: { ...perp, liquidity: 'maker' } }, check: (r) => expect(r.breakerEvents.length).toBeGreaterThan(1) },
  { name: '4-state Kelly with momentum signal and adaptive thresholds', data: single, config: { instruments: one, regimes: { source: 'series' }, sizing: { kind: 'four-state' }, signal: { baseThreshold: 0.3, allowShort: true }, rebalance: { rule: 'every-bar' }, costs: perp }, check: (r) => expect(new Set(r.stateSeen[0].filter((s) => s >= 0)).size).toBe(4) },
  { name: 'portfolio of three with cross-asset propagation', data: trio, config: { instruments: three, regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, gate: {}, crossAsset: { correlationThreshold: 0.1 }, costs: perp }, check: (r) => expect(r.counts.propagatedBars.reduce((a, b) => a + b)).toBeGreaterThan(0) },
  { name: '15x leverage with liquidations, continue after', data: single, config: { instruments: one, sizing: { kind: 'constant', leverage: 15 }, margin: { maxLeverage: 20, maintenanceMarginRate: 0.02, afterLiquidation: 'continue' }, rebalance: { rule: 'every-bar' }, costs: perp }, check: (r) => expect(r.liquidations.length).toBeGreaterThan(1) },
  { name: 'short constant leverage', data: single, config: { instruments: one, sizing: { kind: 'constant', leverage: -1 }, rebalance: { rule: 'drift', band: 0.1 }, costs: perp } },
  { name: 'buy-and-hold', data: trio, config: { instruments: three, sizing: { kind: 'buy-and-hold' }, costs: perp } },
];

function qtyPath(r: BacktestResult): Float64Array[] {
  // Quantities held at each close, rebuilt from the fills report.
  const m = r.symbols.length;
  const out = r.symbols.map(() => new Float64Array(r.equity.length));
  const q = new Float64Array(m);
  const fills = r.reports!.fills;
  let f = 0;
  for (let j = 0; j < r.equity.length; j++) {
    const bar = r.window.decisionIndex + j;
    while (f < fills.length && (fills[f].bar_index as number) === bar) {
      const i = r.symbols.indexOf(fills[f].instrument_id as string);
      q[i] += (fills[f].order_side === 'BUY' ? 1 : -1) * (fills[f].last_qty as number);
      f++;
    }
    for (let i = 0; i < m; i++) out[i][j] = q[i];
  }
  return out;
}

describe('event path == vector path, accounting identities', () => {
  for (const c of cases) {
    it(c.name, () => {
      const event = runBacktest({ ...c.config, execution: { path: 'event' } }, c.data);
      const vector = runBacktest({ ...c.config, execution: { path: 'vector' } }, c.data);
      for (const key of ['equity', 'cash', 'netExposure', 'grossLeverage', 'fees', 'funding', 'slippage'] as const) {
        expect(Array.from(vector[key]), key).toEqual(Array.from(event[key]));
      }
      expect(vector.headline).toEqual(event.headline);
      expect(vector.liquidations).toEqual(event.liquidations);
      expect(vector.breakerEvents).toEqual(event.breakerEvents);
      c.check?.(event);

      // equity = cash + Σ qty · close, every bar.
      const q = qtyPath(event);
      const closes = c.data.instruments.map((inst) => inst.candles.close);
      for (let j = 0; j < event.equity.length; j++) {
        let mtm = event.cash[j];
        for (let i = 0; i < q.length; i++) mtm += q[i][j] * closes[i][event.window.decisionIndex + j];
        expect(Math.abs(mtm - event.equity[j])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(event.equity[j])));
      }
      // P&L = Σ realized (fills) + unrealized (open positions) − fees − funding (+ any absorbed deficit).
      const realized = event.reports!.fills.reduce((s, f) => s + (f.realized_pnl as number), 0);
      const unrealized = event.reports!.positions.filter((p) => !p.is_closed).reduce((s, p) => s + (p.unrealized_pnl as number), 0);
      const fees = event.reports!.fills.reduce((s, f) => s + (f.commission as number), 0);
      const deficit = event.liquidations.reduce((s, l) => s + l.deficit, 0);
      const pnl = event.equity[event.equity.length - 1] - event.equity[0];
      expect(fees).toBeCloseTo(event.headline.fees, 6);
      expect(Math.abs(pnl - (realized + unrealized - fees - event.headline.funding + deficit))).toBeLessThan(1e-7 * c.data.instruments.length * 1e3);

      // Every fill is at the open of the bar after its order's decision bar, never at that bar's close.
      for (const fill of event.reports!.fills) {
        if (fill.reason !== 'REBALANCE') continue;
        const i = event.symbols.indexOf(fill.instrument_id as string);
        const bar = fill.bar_index as number;
        const candles = c.data.instruments[i].candles;
        expect(fill.ts_event).toBe(candles.time[bar]);
        const open = candles.open[bar];
        expect(Math.abs((fill.last_px as number) / open - 1)).toBeLessThan(0.05);
        expect(fill.ts_init).toBe(candles.time[bar]); // decided at the close of bar − 1 = this bar's open time
      }
    });
  }

  it('buy-and-hold holds its first quantities (one order per instrument) and pays no funding', () => {
    const r = runBacktest(cases[8].config, trio);
    expect(r.reports!.orders).toHaveLength(3);
    expect(r.headline.funding).toBe(0);
  });
});
