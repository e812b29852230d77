// The event path's records, kept as columns while it runs and turned into NautilusTrader-style rows
// (reports.ts) only when they are read. A backtest with an order every bar records half a million
// orders, fills and account states: as row objects they were retained young and copied by every
// scavenge (four fifths of the run's time); as packed number columns they cost a few array pushes.
// Columns are Float64Arrays that double when full. Ids are sequence numbers until then ("O-7", "V-7", "T-7", "P-3"); constant columns are not stored.

import type { AccountRow, BacktestReports, FillRow, OrderRow, PositionRow } from './reports.ts';

export const TRADER_ID = 'BACKTESTER-001';
export const ACCOUNT_ID = 'SIM-001';
export const CURRENCY = 'USDT';

export type OrderReason = 'REBALANCE' | 'LIQUIDATION';
const REASONS: OrderReason[] = ['REBALANCE', 'LIQUIDATION'];
export const REASON_CODE = { REBALANCE: 0, LIQUIDATION: 1 } as const;

const ACCOUNT_REASONS = ['FUNDING', 'FILL', 'LIQUIDATION'] as const;
export type AccountReason = (typeof ACCOUNT_REASONS)[number];
export const ACCOUNT_REASON_CODE = { FUNDING: 0, FILL: 1, LIQUIDATION: 2 } as const;

/** What every row shares: the run's names and whether rebalances pay the taker fee. */
export type RowContext = { strategyId: string; symbols: string[]; takerRebalances: boolean };

const id = (prefix: string, seq: number): string | null => (seq > 0 ? `${prefix}-${seq}` : null);

const INITIAL_CAPACITY = 256;

/** Doubles the named columns of a log (its entries copied): called when the log is full. */
function growColumns<T extends Record<K, Float64Array>, K extends keyof T>(log: T, columns: readonly K[]): void {
  for (const key of columns) {
    const old = log[key];
    const out = new Float64Array(2 * old.length);
    out.set(old);
    log[key] = out as T[K];
  }
}

/** Orders in submission order; order k (0-based) is client order O-(k+1), venue order V-(k+1). */
export class OrderLog {
  length = 0;
  instrument = new Float64Array(INITIAL_CAPACITY);
  qty = new Float64Array(INITIAL_CAPACITY);
  reason = new Float64Array(INITIAL_CAPACITY);
  /** Position seq at submission, replaced by the one at the fill (0: none). */
  position = new Float64Array(INITIAL_CAPACITY);
  tsInit = new Float64Array(INITIAL_CAPACITY);
  tsLast = new Float64Array(INITIAL_CAPACITY);
  /** 0 until filled. */
  tradeSeq = new Float64Array(INITIAL_CAPACITY);
  avgPx = new Float64Array(INITIAL_CAPACITY);
  slippage = new Float64Array(INITIAL_CAPACITY);
  commission = new Float64Array(INITIAL_CAPACITY);

  /** Submits an order; returns its index. */
  submit(instrument: number, qty: number, reason: number, position: number, ts: number): number {
    const k = this.length;
    if (k === this.qty.length) growColumns(this, ['instrument', 'qty', 'reason', 'position', 'tsInit', 'tsLast', 'tradeSeq', 'avgPx', 'slippage', 'commission']);
    this.instrument[k] = instrument;
    this.qty[k] = qty;
    this.reason[k] = reason;
    this.position[k] = position;
    this.tsInit[k] = ts;
    this.tsLast[k] = ts;
    this.length = k + 1;
    return k;
  }

  fill(k: number, px: number, fee: number, slippage: number, ts: number, position: number, tradeSeq: number): void {
    this.avgPx[k] = px;
    this.commission[k] = fee;
    this.slippage[k] = slippage;
    this.tsLast[k] = ts;
    this.position[k] = position;
    this.tradeSeq[k] = tradeSeq;
  }

  rows(ctx: RowContext): OrderRow[] {
    const out = new Array<OrderRow>(this.length);
    for (let k = 0; k < this.length; k++) {
      const seq = k + 1;
      const filled = this.tradeSeq[k] > 0;
      const dq = this.qty[k];
      const reason = REASONS[this.reason[k]];
      out[k] = {
        trader_id: TRADER_ID, strategy_id: ctx.strategyId, instrument_id: ctx.symbols[this.instrument[k]], client_order_id: `O-${seq}`, venue_order_id: `V-${seq}`,
        position_id: id('P', this.position[k]), account_id: ACCOUNT_ID, last_trade_id: id('T', this.tradeSeq[k]), type: 'MARKET', side: dq > 0 ? 'BUY' : 'SELL',
        quantity: Math.abs(dq), time_in_force: 'GTC', is_reduce_only: reason === 'LIQUIDATION', filled_qty: filled ? Math.abs(dq) : 0,
        liquidity_side: ctx.takerRebalances || reason === 'LIQUIDATION' ? 'TAKER' : 'MAKER', avg_px: filled ? this.avgPx[k] : null, slippage: filled ? this.slippage[k] : null,
        commissions: filled ? this.commission[k] : 0, status: filled ? 'FILLED' : 'SUBMITTED', tags: reason, ts_init: this.tsInit[k], ts_last: this.tsLast[k],
      };
    }
    return out;
  }
}

/** Fills in execution order; fill k is trade T-(k+1) of order `order[k]` (an OrderLog index). */
export class FillLog {
  length = 0;
  order = new Float64Array(INITIAL_CAPACITY);
  position = new Float64Array(INITIAL_CAPACITY);
  qty = new Float64Array(INITIAL_CAPACITY);
  px = new Float64Array(INITIAL_CAPACITY);
  commission = new Float64Array(INITIAL_CAPACITY);
  ts = new Float64Array(INITIAL_CAPACITY);
  realizedPnl = new Float64Array(INITIAL_CAPACITY);
  bar = new Float64Array(INITIAL_CAPACITY);

  /** Records a fill; returns its trade sequence number. */
  add(order: number, position: number, qty: number, px: number, commission: number, ts: number, realizedPnl: number, bar: number): number {
    const k = this.length;
    if (k === this.qty.length) growColumns(this, ['order', 'position', 'qty', 'px', 'commission', 'ts', 'realizedPnl', 'bar']);
    this.order[k] = order;
    this.position[k] = position;
    this.qty[k] = qty;
    this.px[k] = px;
    this.commission[k] = commission;
    this.ts[k] = ts;
    this.realizedPnl[k] = realizedPnl;
    this.bar[k] = bar;
    this.length = k + 1;
    return k + 1;
  }

  rows(ctx: RowContext, orders: OrderLog): FillRow[] {
    const out = new Array<FillRow>(this.length);
    for (let k = 0; k < this.length; k++) {
      const o = this.order[k];
      const orderSeq = o + 1;
      const dq = this.qty[k];
      const reason = REASONS[orders.reason[o]];
      out[k] = {
        trader_id: TRADER_ID, strategy_id: ctx.strategyId, instrument_id: ctx.symbols[orders.instrument[o]], client_order_id: `O-${orderSeq}`,
        venue_order_id: `V-${orderSeq}`, account_id: ACCOUNT_ID, trade_id: `T-${k + 1}`, position_id: id('P', this.position[k]),
        order_side: dq > 0 ? 'BUY' : 'SELL', order_type: 'MARKET', last_qty: Math.abs(dq), last_px: this.px[k], currency: CURRENCY, commission: this.commission[k],
        liquidity_side: reason === 'LIQUIDATION' || ctx.takerRebalances ? 'TAKER' : 'MAKER', ts_event: this.ts[k], ts_init: orders.tsInit[o],
        realized_pnl: this.realizedPnl[k], reason, bar_index: this.bar[k],
      };
    }
    return out;
  }
}

/** Account states at the bars where something changed the account (funding, a fill, a liquidation). */
export class AccountLog {
  length = 0;
  total = new Float64Array(INITIAL_CAPACITY);
  locked = new Float64Array(INITIAL_CAPACITY);
  ts = new Float64Array(INITIAL_CAPACITY);
  equity = new Float64Array(INITIAL_CAPACITY);
  unrealized = new Float64Array(INITIAL_CAPACITY);
  reason = new Float64Array(INITIAL_CAPACITY);

  add(total: number, locked: number, ts: number, equity: number, unrealized: number, reason: number): void {
    const k = this.length;
    if (k === this.total.length) growColumns(this, ['total', 'locked', 'ts', 'equity', 'unrealized', 'reason']);
    this.total[k] = total;
    this.locked[k] = locked;
    this.ts[k] = ts;
    this.equity[k] = equity;
    this.unrealized[k] = unrealized;
    this.reason[k] = reason;
    this.length = k + 1;
  }

  rows(): AccountRow[] {
    const out = new Array<AccountRow>(this.length);
    for (let k = 0; k < this.length; k++) {
      const total = this.total[k];
      const locked = this.locked[k];
      out[k] = {
        account_id: ACCOUNT_ID, account_type: 'MARGIN', base_currency: CURRENCY, total, locked, free: total - locked,
        currency: CURRENCY, reported: false, ts_event: this.ts[k], equity: this.equity[k], unrealized_pnl: this.unrealized[k], reason: ACCOUNT_REASONS[this.reason[k]],
      };
    }
    return out;
  }
}

/**
 * The four reports over the logs: orders, fills and account rows are built on first read (a
 * property read, JSON.stringify or a structured clone all read them) and kept; positions are rows
 * already (one per position, few).
 */
export function lazyReports(ctx: RowContext, orders: OrderLog, fills: FillLog, account: AccountLog, positions: PositionRow[]): BacktestReports {
  let orderRows: OrderRow[] | null = null;
  let fillRows: FillRow[] | null = null;
  let accountRows: AccountRow[] | null = null;
  return {
    get orders() {
      return (orderRows ??= orders.rows(ctx));
    },
    get fills() {
      return (fillRows ??= fills.rows(ctx, orders));
    },
    positions,
    get account() {
      return (accountRows ??= account.rows());
    },
  };
}
