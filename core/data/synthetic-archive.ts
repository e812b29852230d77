// Synthetic Binance kline archives for benchmarks and tests: a seeded random walk of BTC-like
// 1-minute (or any timeframe) candles written in the data.binance.vision layout (12 columns, no
// header, 8-decimal prices) and zipped per month, as the real monthly archives are.

import { zipSync } from 'fflate';
import { createRng } from '../random/rng.ts';
import { timeframeMs, type Timeframe } from '../series/timeframe.ts';
import { daysFromCivil } from './csv-fields.ts';

export type SyntheticKlineOptions = {
  symbol?: string;
  timeframe?: Timeframe;
  startMs: number;
  /** Exclusive end, UTC ms. */
  endMs: number;
  seed?: number;
  startPrice?: number;
  /** Write open/close times in µs, as Binance spot files from 2025-01-01 do. */
  microseconds?: boolean;
  /** Monthly archives only: write µs from this month on (Binance spot switched on 2025-01-01). */
  microsecondsFromMs?: number;
};

export type SyntheticArchive = { fileName: string; bytes: Uint8Array; rows: number; csvBytes: number };

type WalkState = { price: number; rng: ReturnType<typeof createRng> };

const encoder = new TextEncoder();

function klineCsv(state: WalkState, startMs: number, endMs: number, stepMs: number, microseconds: boolean): { text: string; rows: number } {
  const { rng } = state;
  const lines: string[] = [];
  const unit = microseconds ? 1000 : 1;
  const sigma = 0.0008 * Math.sqrt(stepMs / 60_000);
  for (let t = startMs; t < endMs; t += stepMs) {
    const open = Math.round(state.price * 100) / 100;
    const close = Math.max(0.01, Math.round(open * Math.exp(sigma * rng.normal()) * 100) / 100);
    const high = Math.round(Math.max(open, close) * (1 + Math.abs(rng.normal()) * sigma * 0.5) * 100) / 100;
    const low = Math.max(0.01, Math.round(Math.min(open, close) * (1 - Math.abs(rng.normal()) * sigma * 0.5) * 100) / 100);
    const volume = Math.round(8 * Math.exp(0.6 * rng.normal()) * 1e5) / 1e5;
    const quote = Math.round(volume * ((open + close) / 2) * 1e8) / 1e8;
    const trades = 200 + rng.int(3000);
    const takerShare = rng.uniform();
    const takerBase = Math.round(volume * takerShare * 1e5) / 1e5;
    const takerQuote = Math.round(quote * takerShare * 1e8) / 1e8;
    lines.push(
      `${t * unit},${open.toFixed(8)},${high.toFixed(8)},${low.toFixed(8)},${close.toFixed(8)},${volume.toFixed(8)},${(t + stepMs) * unit - 1},${quote.toFixed(8)},${trades},${takerBase.toFixed(8)},${takerQuote.toFixed(8)},0`,
    );
    state.price = close;
  }
  return { text: lines.length > 0 ? lines.join('\n') + '\n' : '', rows: lines.length };
}

/** One CSV of klines in the archive layout (no header, LF, trailing newline). */
export function syntheticKlineCsv(options: SyntheticKlineOptions): Uint8Array {
  const state: WalkState = { price: options.startPrice ?? 42_000, rng: createRng(options.seed ?? 1) };
  const { text } = klineCsv(state, options.startMs, options.endMs, timeframeMs(options.timeframe ?? '1m'), options.microseconds ?? false);
  return encoder.encode(text);
}

/**
 * Monthly zips `SYMBOL-TF-YYYY-MM.zip` (each holding `SYMBOL-TF-YYYY-MM.csv`) covering
 * [startMs, endMs), one continuous walk across months. Partial first/last months hold only their span.
 */
export function syntheticMonthlyArchives(options: SyntheticKlineOptions): SyntheticArchive[] {
  const symbol = options.symbol ?? 'BTCUSDT';
  const timeframe = options.timeframe ?? '1m';
  const stepMs = timeframeMs(timeframe);
  const state: WalkState = { price: options.startPrice ?? 42_000, rng: createRng(options.seed ?? 1) };
  const archives: SyntheticArchive[] = [];
  const first = new Date(options.startMs);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth() + 1;
  for (;;) {
    const startOfMonth = daysFromCivil(year, month, 1) * 86_400_000;
    if (startOfMonth >= options.endMs) break;
    const nextYear = month === 12 ? year + 1 : year;
    const nextMonth = month === 12 ? 1 : month + 1;
    const endOfMonth = daysFromCivil(nextYear, nextMonth, 1) * 86_400_000;
    const from = Math.max(startOfMonth, options.startMs);
    const to = Math.min(endOfMonth, options.endMs);
    const base = `${symbol}-${timeframe}-${year}-${String(month).padStart(2, '0')}`;
    const microseconds = options.microseconds ?? (options.microsecondsFromMs !== undefined && from >= options.microsecondsFromMs);
    const { text, rows } = klineCsv(state, from, to, stepMs, microseconds);
    const csv = encoder.encode(text);
    archives.push({ fileName: `${base}.zip`, bytes: zipSync({ [`${base}.csv`]: [csv, { level: 6 }] }), rows, csvBytes: csv.length });
    year = nextYear;
    month = nextMonth;
  }
  return archives;
}
