// The event path: a strategy that submits market orders (target-exposure rebalances become market
// orders), a simulated venue that fills them at the next bar's open, and a portfolio of positions with
// average-cost realized P&L, funding and liquidations; everything is recorded as NautilusTrader-style
// orders / fills / positions / account rows. Same bar sequence and arithmetic as simulate-vector.ts
// (tests check equality on every config they run).

import type { Trade } from '../metrics/types.ts';
import { REBALANCE_RULE, type SimulationPlan } from './plan.ts';
import type { BacktestReports, PositionRow } from './reports.ts';
import { ACCOUNT_ID, ACCOUNT_REASON_CODE, AccountLog, CURRENCY, FillLog, lazyReports, OrderLog, REASON_CODE, TRADER_ID, type AccountReason, type OrderReason } from './report-log.ts';
import { fillPrice, slippageFraction } from './slippage.ts';
import type { BreakerEvent, LiquidationEvent, SimulationSeries } from './simulate-vector.ts';

/** A working order: its index in the order log (client order O-(index + 1)). */
type Order = {
  index: number;
  instrument: number;
  qty: number;
  reason: OrderReason;
};

const orderId = (order: Order): string => `O-${order.index + 1}`;

type Position = {
  id: string;
  seq: number;
  instrument: number;
  qty: number;
  avgPx: number;
  /** Σ |qty| · px of the fills that opened or added (avg_px_close needs the closing side). */
  closeNotional: number;
  closeQty: number;
  peakQty: number;
  realizedPnl: number;
  commissions: number;
  funding: number;
  openingOrder: string;
  closingOrder: string | null;
  tsOpened: number;
  tsLast: number;
  entry: 'BUY' | 'SELL';
  entryNotional: number;
  mae: number;
  mfe: number;
};

export type EventSimulation = { series: SimulationSeries; reports: BacktestReports; trades: Trade[] };

export type EventMeta = { symbols: string[]; strategyId: string };

export function simulateEvent(plan: SimulationPlan, meta: EventMeta): EventSimulation {
  const { m, d0, end, time } = plan;
  const count = end - d0 + 1;
  const series: SimulationSeries = {
    equity: new Float64Array(count),
    cash: new Float64Array(count),
    netExposure: new Float64Array(count),
    grossLeverage: new Float64Array(count),
    fees: new Float64Array(count),
    funding: new Float64Array(count),
    slippage: new Float64Array(count),
    finalQty: new Float64Array(m),
    orders: 0,
    rebalances: 0,
    turnoverNotional: 0,
    liquidations: [] as LiquidationEvent[],
    breakerEvents: [] as BreakerEvent[],
    stoppedAtBar: null,
  };
  // Orders, fills and account states go into column logs; their rows are built when first read.
  const orderLog = new OrderLog();
  const fillLog = new FillLog();
  const accountLog = new AccountLog();
  const positionRows: PositionRow[] = [];
  const reports: BacktestReports = lazyReports({ strategyId: meta.strategyId, symbols: meta.symbols, takerRebalances: plan.feeRate > 0 }, orderLog, fillLog, accountLog, positionRows);
  const trades: Trade[] = [];
  const barMs = time.length > 1 ? time[1] - time[0] : 0;

  // --- Portfolio -------------------------------------------------------------------------------
  const account = { cash: plan.initialCash };
  const positions: (Position | null)[] = new Array(m).fill(null);
  const qty = new Float64Array(m);
  let positionSeq = 0;

  const closePosition = (p: Position, orderId: string, ts: number, px: number): void => {
    p.closingOrder = orderId;
    p.tsLast = ts;
    positionRows.push(positionRow(p, ts, px, true));
    trades.push({
      entryTime: p.tsOpened,
      exitTime: ts,
      side: p.entry === 'BUY' ? 'long' : 'short',
      qty: p.peakQty,
      entryPrice: p.avgPx,
      exitPrice: p.closeQty > 0 ? p.closeNotional / p.closeQty : px,
      pnl: p.realizedPnl - p.commissions - p.funding,
      fees: p.commissions,
      mae: Math.min(0, p.mae),
      mfe: Math.max(0, p.mfe),
    });
  };

  const positionRow = (p: Position, ts: number, markPx: number, closed: boolean): PositionRow => ({
    trader_id: TRADER_ID,
    strategy_id: meta.strategyId,
    instrument_id: meta.symbols[p.instrument],
    position_id: p.id,
    account_id: ACCOUNT_ID,
    opening_order_id: p.openingOrder,
    closing_order_id: p.closingOrder,
    entry: p.entry,
    side: closed ? 'FLAT' : p.qty > 0 ? 'LONG' : 'SHORT',
    signed_qty: closed ? 0 : p.qty,
    peak_qty: p.peakQty,
    ts_init: p.tsOpened,
    ts_opened: p.tsOpened,
    ts_last: ts,
    ts_closed: closed ? ts : null,
    duration_ms: closed ? ts - p.tsOpened : null,
    avg_px_open: p.avgPx,
    avg_px_close: p.closeQty > 0 ? p.closeNotional / p.closeQty : null,
    settlement_currency: CURRENCY,
    commissions: p.commissions,
    funding: p.funding,
    realized_return: p.entryNotional > 0 ? p.realizedPnl / p.entryNotional : 0,
    realized_pnl: p.realizedPnl,
    unrealized_pnl: closed ? 0 : p.qty * (markPx - p.avgPx),
    is_closed: closed,
  });

  /** Applies a fill to the account and the instrument's position (average cost; a flip closes and reopens). */
  const applyFill = (order: Order, dq: number, px: number, fee: number, ts: number, bar: number): void => {
    const i = order.instrument;
    account.cash -= dq * px + fee;
    let realized = 0;
    let p = positions[i];
    let remaining = dq;
    if (p && Math.sign(p.qty) !== Math.sign(dq)) {
      const closing = Math.min(Math.abs(dq), Math.abs(p.qty));
      realized = closing * (px - p.avgPx) * Math.sign(p.qty);
      p.realizedPnl += realized;
      p.closeNotional += closing * px;
      p.closeQty += closing;
      const share = closing / Math.abs(dq);
      p.commissions += fee * share;
      p.qty += Math.sign(dq) * closing;
      remaining = dq - Math.sign(dq) * closing;
      if (Math.abs(p.qty) <= 1e-12 * p.peakQty) {
        p.qty = 0;
        closePosition(p, orderId(order), ts, px);
        positions[i] = null;
        p = null;
      }
    }
    if (remaining !== 0) {
      const share = Math.abs(remaining) / Math.abs(dq);
      if (!p) {
        positionSeq++;
        p = {
          id: `P-${positionSeq}`, seq: positionSeq, instrument: i, qty: 0, avgPx: 0, closeNotional: 0, closeQty: 0, peakQty: 0, realizedPnl: 0,
          commissions: 0, funding: 0, openingOrder: orderId(order), closingOrder: null, tsOpened: ts, tsLast: ts,
          entry: remaining > 0 ? 'BUY' : 'SELL', entryNotional: 0, mae: 0, mfe: 0,
        };
        positions[i] = p;
      }
      const newQty = p.qty + remaining;
      p.avgPx = (Math.abs(p.qty) * p.avgPx + Math.abs(remaining) * px) / Math.abs(newQty);
      p.qty = newQty;
      p.peakQty = Math.max(p.peakQty, Math.abs(newQty));
      p.entryNotional += Math.abs(remaining) * px;
      p.commissions += fee * share;
      p.tsLast = ts;
    }
    qty[i] += dq;
    const position = positions[i]?.seq ?? 0;
    const tradeSeq = fillLog.add(order.index, position, dq, px, fee, ts, realized, bar);
    orderLog.fill(order.index, px, fee, Math.abs(px - plan.open[i][bar]), ts, position, tradeSeq);
  };

  const newOrder = (i: number, dq: number, reason: OrderReason, ts: number): Order => ({
    index: orderLog.submit(i, dq, REASON_CODE[reason], positions[i]?.seq ?? 0, ts),
    instrument: i,
    qty: dq,
    reason,
  });

  const markToMarket = (t: number): number => {
    let e = account.cash;
    for (let i = 0; i < m; i++) e += qty[i] * plan.close[i][t];
    return e;
  };

  const accountRow = (t: number, ts: number, equity: number, reason: AccountReason): void => {
    let wallet = account.cash;
    let unrealized = 0;
    let gross = 0;
    for (let i = 0; i < m; i++) {
      const p = positions[i];
      if (!p) continue;
      wallet += p.qty * p.avgPx;
      unrealized += p.qty * (plan.close[i][t] - p.avgPx);
      gross += Math.abs(p.qty * plan.close[i][t]);
    }
    const locked = gross / plan.maxLeverage;
    accountLog.add(wallet, locked, ts, equity, unrealized, ACCOUNT_REASON_CODE[reason]);
  };

  // --- Venue: pending market orders, filled at the next open ----------------------------------
  const pendingOrders: Order[] = [];

  // --- Strategy state ---------------------------------------------------------------------------
  const lastTarget = new Float64Array(m).fill(NaN);
  const target = new Float64Array(m);
  const mmr = plan.maintenanceMarginRate;
  let first = true;
  let peak = plan.initialCash;
  let tripped = false;
  let trippedAt = 0;
  let stopped = false;

  const onBarClose = (t: number, e: number): void => {
    let forced = first;
    if (plan.breakerMaxDrawdown > 0) {
      if (!tripped) {
        if (e > peak) peak = e;
        if (1 - e / peak > plan.breakerMaxDrawdown) {
          tripped = true;
          trippedAt = t;
          forced = true;
          series.breakerEvents.push({ bar: t, time: time[t], kind: 'trip', equity: e, peak });
        }
      } else if (t - trippedAt >= plan.breakerCooldownBars) {
        tripped = false;
        peak = e;
        forced = true;
        series.breakerEvents.push({ bar: t, time: time[t], kind: 'rearm', equity: e, peak });
      }
    }
    let grossTarget = 0;
    for (let i = 0; i < m; i++) {
      const d = tripped ? 0 : plan.desired[i][t];
      target[i] = d;
      grossTarget += d < 0 ? -d : d;
    }
    if (grossTarget > plan.maxLeverage) {
      const scale = plan.maxLeverage / grossTarget;
      for (let i = 0; i < m; i++) target[i] *= scale;
    }
    let trade = forced;
    if (!trade) {
      switch (plan.rule) {
        case REBALANCE_RULE['every-bar']:
          trade = true;
          break;
        case REBALANCE_RULE['on-change']:
          for (let i = 0; i < m; i++) if (Math.abs(target[i] - lastTarget[i]) > 1e-12) trade = true;
          break;
        case REBALANCE_RULE.schedule:
          trade = (plan.scheduleBoundary as Uint8Array)[t] === 1;
          break;
        case REBALANCE_RULE.drift:
          for (let i = 0; i < m; i++) if (Math.abs((qty[i] * plan.close[i][t]) / e - target[i]) > plan.band) trade = true;
          break;
        default:
          break;
      }
    }
    first = false;
    if (!trade || !(e > 0)) return;
    let sent = false;
    const ts = time[t] + barMs;
    for (let i = 0; i < m; i++) {
      const c = plan.close[i][t];
      const dq = (target[i] * e) / c - qty[i];
      lastTarget[i] = target[i];
      if (dq === 0 || Math.abs(dq) * c < plan.minOrderNotional) continue;
      pendingOrders.push(newOrder(i, dq, 'REBALANCE', ts));
      sent = true;
    }
    if (sent) series.rebalances++;
  };

  // --- The bar loop ----------------------------------------------------------------------------
  for (let t = d0; t <= end; t++) {
    const j = t - d0;
    const ts = time[t];
    let barFees = 0;
    let barFunding = 0;
    let barSlip = 0;
    let event: AccountReason | '' = '';
    if (t > d0) {
      if (plan.hasFunding) {
        for (let i = 0; i < m; i++) {
          const rate = plan.fundingRate[i][t];
          if (qty[i] !== 0 && rate !== 0) {
            const f = qty[i] * plan.open[i][t] * rate;
            account.cash -= f;
            barFunding += f;
            const p = positions[i];
            if (p) p.funding += f;
            event = 'FUNDING';
          }
        }
      }
      if (pendingOrders.length) {
        for (const order of pendingOrders) {
          const i = order.instrument;
          const dq = order.qty;
          const o = plan.open[i][t];
          const px = fillPrice(o, dq, slippageFraction(plan.baseSlippage[i][t - 1], dq, plan.volume[i][t - 1], plan.impactFraction));
          const notional = Math.abs(dq) * px;
          const fee = notional * plan.feeRate;
          applyFill(order, dq, px, fee, ts, t);
          barFees += fee;
          barSlip += Math.abs(dq) * Math.abs(px - o);
          series.turnoverNotional += notional;
          series.orders++;
        }
        pendingOrders.length = 0;
        event = 'FILL';
      }
      // Intrabar liquidation (see simulate-vector.ts for the rule).
      let a = account.cash;
      let b = 0;
      let anyOpen = false;
      for (let i = 0; i < m; i++) {
        const qi = qty[i];
        if (qi === 0) continue;
        anyOpen = true;
        const o = plan.open[i][t];
        const w = qi > 0 ? plan.low[i][t] : plan.high[i][t];
        const aq = qi > 0 ? qi : -qi;
        a += qi * o - mmr * aq * o;
        b += (qi - mmr * aq) * (w - o);
      }
      if (anyOpen && a + b < 0) {
        const lambda = a <= 0 ? 0 : a / -b;
        let before = account.cash;
        const prices: number[] = [];
        for (let i = 0; i < m; i++) {
          const qi = qty[i];
          if (qi === 0) {
            prices.push(NaN);
            continue;
          }
          const o = plan.open[i][t];
          const w = qi > 0 ? plan.low[i][t] : plan.high[i][t];
          const p = o + lambda * (w - o);
          before += qi * p;
          const fee = Math.abs(qi) * p * (plan.feeRate + plan.liquidationFeeRate);
          applyFill(newOrder(i, -qi, 'LIQUIDATION', ts), -qi, p, fee, ts, t);
          qty[i] = 0;
          barFees += fee;
          series.turnoverNotional += Math.abs(qi) * p;
          series.orders++;
          prices.push(p);
        }
        const deficit = account.cash < 0 ? -account.cash : 0;
        if (deficit > 0) account.cash = 0;
        series.liquidations.push({ bar: t, time: ts, prices, equityBefore: before, equityAfter: account.cash, deficit });
        if (plan.stopAfterLiquidation) {
          stopped = true;
          series.stoppedAtBar = t;
        }
        event = 'LIQUIDATION';
      }
    }
    const e = markToMarket(t);
    let net = 0;
    let gross = 0;
    for (let i = 0; i < m; i++) {
      const v = qty[i] * plan.close[i][t];
      net += v;
      gross += v < 0 ? -v : v;
      const p = positions[i];
      if (p) {
        const open = p.realizedPnl + p.qty * (plan.close[i][t] - p.avgPx);
        if (open < p.mae) p.mae = open;
        if (open > p.mfe) p.mfe = open;
      }
    }
    series.equity[j] = e;
    series.cash[j] = account.cash;
    series.netExposure[j] = e > 0 ? net / e : 0;
    series.grossLeverage[j] = e > 0 ? gross / e : 0;
    series.fees[j] = barFees;
    series.funding[j] = barFunding;
    series.slippage[j] = barSlip;
    if (event) accountRow(t, ts, e, event);
    if (t === end || stopped) continue;
    onBarClose(t, e);
  }
  const lastBar = end;
  for (let i = 0; i < m; i++) {
    const p = positions[i];
    if (p) positionRows.push(positionRow(p, time[lastBar] + barMs, plan.close[i][lastBar], false));
  }
  series.finalQty.set(qty);
  return { series, reports, trades };
}
