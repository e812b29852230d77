// Row types of the orders, fills, positions and account reports, with NautilusTrader's column names
// (ReportProvider.generate_orders_report / generate_fills_report / generate_positions_report /
// generate_account_report, which tabulate Order.to_dict, OrderFilled.to_dict, Position.to_dict and
// AccountState balances). Only the columns that mean something in a bar backtest are kept. Differences
// from NautilusTrader: ts_* are UTC MILLISECONDS (not nanoseconds), duration_ms replaces duration_ns,
// and a few RegimeLab columns (reason, bar_index, realized_pnl on fills, equity) follow them.

export const ORDER_COLUMNS = [
  'trader_id', 'strategy_id', 'instrument_id', 'client_order_id', 'venue_order_id', 'position_id', 'account_id', 'last_trade_id',
  'type', 'side', 'quantity', 'time_in_force', 'is_reduce_only', 'filled_qty', 'liquidity_side', 'avg_px', 'slippage', 'commissions',
  'status', 'tags', 'ts_init', 'ts_last',
] as const;

export const FILL_COLUMNS = [
  'trader_id', 'strategy_id', 'instrument_id', 'client_order_id', 'venue_order_id', 'account_id', 'trade_id', 'position_id',
  'order_side', 'order_type', 'last_qty', 'last_px', 'currency', 'commission', 'liquidity_side', 'ts_event', 'ts_init',
  'realized_pnl', 'reason', 'bar_index',
] as const;

export const POSITION_COLUMNS = [
  'trader_id', 'strategy_id', 'instrument_id', 'position_id', 'account_id', 'opening_order_id', 'closing_order_id', 'entry', 'side',
  'signed_qty', 'peak_qty', 'ts_init', 'ts_opened', 'ts_last', 'ts_closed', 'duration_ms', 'avg_px_open', 'avg_px_close',
  'settlement_currency', 'commissions', 'funding', 'realized_return', 'realized_pnl', 'unrealized_pnl', 'is_closed',
] as const;

export const ACCOUNT_COLUMNS = [
  'account_id', 'account_type', 'base_currency', 'total', 'locked', 'free', 'currency', 'reported', 'ts_event', 'equity', 'unrealized_pnl', 'reason',
] as const;

export type ReportValue = string | number | boolean | null;
export type OrderRow = Record<(typeof ORDER_COLUMNS)[number], ReportValue>;
export type FillRow = Record<(typeof FILL_COLUMNS)[number], ReportValue>;
export type PositionRow = Record<(typeof POSITION_COLUMNS)[number], ReportValue>;
export type AccountRow = Record<(typeof ACCOUNT_COLUMNS)[number], ReportValue>;

export type BacktestReports = { orders: OrderRow[]; fills: FillRow[]; positions: PositionRow[]; account: AccountRow[] };

function csvCell(v: ReportValue): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A report as CSV text, columns in NautilusTrader's order (what the CLI writes next to the equity CSV). */
export function reportToCsv<T extends Record<string, ReportValue>>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return lines.join('\n') + '\n';
}
