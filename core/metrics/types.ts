// Plain data types the metrics read: a round-trip trade as the backtester records it.

export type TradeSide = 'long' | 'short';

/** One round trip (entry to exit). Amounts are in the quote currency; times are UTC milliseconds. */
export type Trade = {
  entryTime: number;
  exitTime: number;
  side: TradeSide;
  /** Absolute quantity traded (> 0). */
  qty: number;
  entryPrice: number;
  exitPrice: number;
  /** Realized PnL NET of fees and funding (what the account gained). */
  pnl: number;
  /** Fees paid on the round trip (>= 0), already included in pnl. */
  fees: number;
  /** Maximum adverse excursion: the worst open PnL during the trade, as a cash amount <= 0. */
  mae: number;
  /** Maximum favourable excursion: the best open PnL during the trade, as a cash amount >= 0. */
  mfe: number;
};
