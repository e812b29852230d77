// Header names that mean each candle column, across Binance archives, Binance API dumps and the
// common exports (ccxt, pandas, TradingView). Matching is on the normalized name: lower case,
// letters and digits only ("Open Time", "open_time", "Opentime" → "opentime").

import type { CandleField } from '../series/candles.ts';

export type ColumnRole = CandleField | 'time' | 'closeTime' | 'symbol' | 'ignore';

export const COLUMN_ALIASES: Record<ColumnRole, readonly string[]> = {
  time: ['opentime', 'timestamp', 'time', 'date', 'datetime', 'timestamputc', 'ts', 't', 'opentimems', 'starttime', 'candlebegintime', 'dateutc', 'timeutc', 'datetimeutc', 'unix', 'unixtime', 'openedat'],
  closeTime: ['closetime', 'closetimems', 'endtime'],
  symbol: ['symbol', 'ticker', 'pair', 'instrument', 'market'],
  open: ['open', 'o', 'openprice', 'opn'],
  high: ['high', 'h', 'highprice', 'hi'],
  low: ['low', 'l', 'lowprice', 'lo'],
  close: ['close', 'c', 'closeprice', 'last'],
  volume: ['volume', 'vol', 'v', 'basevolume', 'volumebase', 'baseassetvolume', 'volumefrom'],
  quoteVolume: ['quotevolume', 'quoteassetvolume', 'volumequote', 'quoteav', 'qav', 'volumeto', 'turnover', 'amount'],
  trades: ['count', 'trades', 'numberoftrades', 'ntrades', 'tradecount', 'numtrades', 'tradescount'],
  takerBuyBase: ['takerbuyvolume', 'takerbuybaseassetvolume', 'takerbuybase', 'takerbuybasevolume', 'takerbuybav', 'tbbav'],
  takerBuyQuote: ['takerbuyquotevolume', 'takerbuyquoteassetvolume', 'takerbuyquote', 'takerbuyqav', 'tbqav'],
  ignore: ['ignore', 'unused'],
};

export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The role a header name plays, or null when it is not a known candle column. */
export function columnRole(name: string): ColumnRole | null {
  const normalized = normalizeColumnName(name);
  for (const role of Object.keys(COLUMN_ALIASES) as ColumnRole[]) {
    if (COLUMN_ALIASES[role].includes(normalized)) return role;
  }
  return null;
}
