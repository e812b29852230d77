// Which data.binance.vision kline archives cover a date range: monthly archives for the whole
// months inside it, daily archives for the days before and after them. Pure (no I/O), so the plan
// can be tested and shown before anything is fetched.
//
// Layout (binance/binance-public-data README):
//   {base}/data/{spot|futures/um|futures/cm}/{monthly|daily}/klines/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{YYYY-MM[-DD]}.zip
// and beside each archive `{…}.zip.CHECKSUM` holding `<sha256 hex>  <file name>`.

import { RegimeLabError } from '../../../core/errors.ts';
import type { BinanceMarket } from '../../../core/data/file-name.ts';
import type { Timeframe } from '../../../core/series/timeframe.ts';

export const DEFAULT_BINANCE_ARCHIVE_URL = 'https://data.binance.vision';

const DAY_MS = 86_400_000;

const MARKET_FOLDER: Record<BinanceMarket, string> = { spot: 'spot', 'usd-m': 'futures/um', 'coin-m': 'futures/cm' };

export type KlineArchive = {
  symbol: string;
  market: BinanceMarket;
  interval: Timeframe;
  period: 'monthly' | 'daily';
  /** `YYYY-MM` for a monthly archive, `YYYY-MM-DD` for a daily one. */
  label: string;
  /** UTC ms span covered, [startMs, endMs). */
  startMs: number;
  endMs: number;
  fileName: string;
  /** Path below the base URL, also the archive's place in the download cache. */
  path: string;
};

export type KlineArchiveRequest = { symbol: string; market: BinanceMarket; interval: Timeframe; from: string; to: string };

export type KlineArchivePlan = {
  archives: KlineArchive[];
  /** First and last day covered (inclusive, `YYYY-MM-DD`) after clamping to published days. */
  fromDay: string;
  toDay: string;
  notes: string[];
};

const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Start of the day named by `text` (`YYYY-MM-DD`, or `YYYY-MM`: the month's first day, or its last
 * day when `end` is true), UTC ms.
 */
export function parseRangeDay(text: string, field: 'from' | 'to'): number {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  if (!match) throw new RegimeLabError('E_BAD_INPUT', `${field}: ${JSON.stringify(text)} is not a date (use YYYY-MM-DD or YYYY-MM)`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (match[3] === undefined) {
    if (month < 1 || month > 12) throw new RegimeLabError('E_BAD_INPUT', `${field}: ${text} has no month ${month}`);
    return field === 'from' ? Date.UTC(year, month - 1, 1) : Date.UTC(year, month, 1) - DAY_MS;
  }
  const ms = Date.UTC(year, month - 1, Number(match[3]));
  if (dayText(ms) !== text) throw new RegimeLabError('E_BAD_INPUT', `${field}: ${text} is not a calendar date`);
  return ms;
}

function archive(request: Omit<KlineArchiveRequest, 'from' | 'to'>, period: 'monthly' | 'daily', startMs: number): KlineArchive {
  const { symbol, market, interval } = request;
  const start = new Date(startMs);
  const endMs = period === 'daily' ? startMs + DAY_MS : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  const label = period === 'daily' ? dayText(startMs) : dayText(startMs).slice(0, 7);
  const fileName = `${symbol}-${interval}-${label}.zip`;
  return { symbol, market, interval, period, label, startMs, endMs, fileName, path: `data/${MARKET_FOLDER[market]}/${period}/klines/${symbol}/${interval}/${fileName}` };
}

/**
 * The archives for [from, to] (whole UTC days, both inclusive). Days from today (UTC, per `nowMs`)
 * on are not published yet (a daily archive appears the next day), so the range is clamped to
 * yesterday and the plan says so.
 */
export function planKlineArchives(request: KlineArchiveRequest, nowMs: number): KlineArchivePlan {
  const fromMs = parseRangeDay(request.from, 'from');
  let toMs = parseRangeDay(request.to, 'to');
  if (fromMs > toMs) throw new RegimeLabError('E_BAD_INPUT', `from ${request.from} is after to ${request.to}`);
  const notes: string[] = [];
  const lastPublishedMs = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS;
  if (fromMs > lastPublishedMs) {
    throw new RegimeLabError('E_BAD_INPUT', `from ${request.from}: no archive is published yet for that day (daily archives appear the day after; the latest is ${dayText(lastPublishedMs)})`);
  }
  if (toMs > lastPublishedMs) {
    notes.push(`archives from ${dayText(lastPublishedMs + DAY_MS)} on are not published yet; the range ends at ${dayText(lastPublishedMs)}`);
    toMs = lastPublishedMs;
  }
  const archives: KlineArchive[] = [];
  let day = fromMs;
  while (day <= toMs) {
    const date = new Date(day);
    const monthEndMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    if (date.getUTCDate() === 1 && monthEndMs - DAY_MS <= toMs) {
      archives.push(archive(request, 'monthly', day));
      day = monthEndMs;
    } else {
      archives.push(archive(request, 'daily', day));
      day += DAY_MS;
    }
  }
  return { archives, fromDay: dayText(fromMs), toDay: dayText(toMs), notes };
}

/** The daily archives of a monthly one (the fallback when the monthly archive is not published). */
export function dailyArchivesOf(monthly: KlineArchive): KlineArchive[] {
  const days: KlineArchive[] = [];
  for (let day = monthly.startMs; day < monthly.endMs; day += DAY_MS) days.push(archive(monthly, 'daily', day));
  return days;
}

/** `base` without trailing slashes, checked to be http(s). */
export function normalizeBaseUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new RegimeLabError('E_BAD_INPUT', `baseUrl: ${JSON.stringify(base)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RegimeLabError('E_BAD_INPUT', `baseUrl: ${base} is not an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

export function archiveUrl(baseUrl: string, archive: KlineArchive): string {
  return `${normalizeBaseUrl(baseUrl)}/${archive.path}`;
}
