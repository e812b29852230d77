// What a candle file's name and folder say about it: Binance archive names
// (`BTCUSDT-1m-2025-01-02.zip`, `BTCUSDT-1h-2023-03.csv`), common export names (`BTCUSDT_4h.csv`,
// `btcusdt_1h.parquet`) and the data.binance.vision folder layout (`spot/daily/klines/BTCUSDT/1m/`).

import { isTimeframe, type Timeframe } from '../series/timeframe.ts';
import { daysFromCivil } from './csv-fields.ts';

export type BinanceMarket = 'spot' | 'usd-m' | 'coin-m';

export type FileNameInfo = {
  symbol?: string;
  /** The interval as written (may be one RegimeLab does not store, e.g. '30m' or '1s'). */
  interval?: string;
  timeframe?: Timeframe;
  /** Period covered by a daily or monthly archive name, UTC ms [start, end). */
  periodStartMs?: number;
  periodEndMs?: number;
  period?: 'daily' | 'monthly';
  /** A Binance data set that is not klines (fundingRate, aggTrades, …). */
  dataSet?: string;
};

export type PathInfo = { market?: BinanceMarket; symbol?: string; interval?: string; timeframe?: Timeframe };

const BINANCE_INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1mo'];
const ARCHIVE_NAME = /^([A-Z0-9_]{3,30})-([0-9]+(?:s|m|h|d|w|mo))-(\d{4})-(\d{2})(?:-(\d{2}))?(?:\.[a-z0-9]+)*$/i;
const OTHER_DATA_SET = /^([A-Z0-9]{3,30})-(fundingRate|aggTrades|trades|bookTicker|bookDepth|metrics|premiumIndexKlines|markPriceKlines|indexPriceKlines)-/i;
const EXPORT_NAME = /^([A-Za-z0-9]{3,30})[_-]([0-9]+(?:m|h|d|w))(?:[_.-]|$)/;

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}

export function parseCandleFileName(fileName: string): FileNameInfo {
  const name = baseName(fileName);
  const other = OTHER_DATA_SET.exec(name);
  if (other) return { symbol: other[1].toUpperCase(), dataSet: other[2] };
  const archive = ARCHIVE_NAME.exec(name);
  if (archive) {
    const [, symbol, interval, yearText, monthText, dayText] = archive;
    const year = Number(yearText);
    const month = Number(monthText);
    const info: FileNameInfo = { symbol: symbol.toUpperCase(), interval };
    if (isTimeframe(interval)) info.timeframe = interval;
    if (month >= 1 && month <= 12) {
      if (dayText) {
        const start = daysFromCivil(year, month, Number(dayText)) * 86_400_000;
        Object.assign(info, { period: 'daily', periodStartMs: start, periodEndMs: start + 86_400_000 });
      } else {
        const start = daysFromCivil(year, month, 1) * 86_400_000;
        const end = daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) * 86_400_000;
        Object.assign(info, { period: 'monthly', periodStartMs: start, periodEndMs: end });
      }
    }
    return info;
  }
  const exported = EXPORT_NAME.exec(name);
  if (exported) {
    const interval = exported[2].toLowerCase();
    const info: FileNameInfo = { symbol: exported[1].toUpperCase(), interval };
    if (isTimeframe(interval)) info.timeframe = interval;
    return info;
  }
  return {};
}

/** Market, symbol and interval from a data.binance.vision-style folder path, where present. */
export function parseCandlePath(path: string): PathInfo {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const info: PathInfo = {};
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k].toLowerCase();
    if (part === 'spot') info.market = 'spot';
    else if (part === 'futures' && parts[k + 1]) {
      const kind = parts[k + 1].toLowerCase();
      if (kind === 'um') info.market = 'usd-m';
      else if (kind === 'cm') info.market = 'coin-m';
    }
    if (part === 'klines' && parts[k + 1] && parts[k + 2]) {
      info.symbol = parts[k + 1].toUpperCase();
      const interval = parts[k + 2];
      if (BINANCE_INTERVALS.includes(interval)) {
        info.interval = interval;
        if (isTimeframe(interval)) info.timeframe = interval;
      }
    }
  }
  return info;
}
