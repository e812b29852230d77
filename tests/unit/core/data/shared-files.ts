// Test helpers for the candle importers: the real Binance files of ../shared/data/binance (read in
// place, never copied), their unzipped CSV text, and small builders for defect fixtures.
import { readFileSync } from 'node:fs';
import { zipSync, strFromU8, strToU8 } from 'fflate';
import { unzipMembers } from '../../../../core/data/archive.ts';
import { parseCandleFile, type ParseCandleFileOptions, type ParsedCandleFile } from '../../../../core/data/parse-candle-file.ts';
import { sharedPath } from '../../helpers/paths.ts';

export const BINANCE = (...parts: string[]): string => sharedPath('data', 'binance', ...parts);

export const FILES = {
  spot1m20200101: BINANCE('spot/daily/klines/BTCUSDT/1m/lostleaf__binance_datatool/BTCUSDT-1m-2020-01-01.zip'),
  spot1m20200102: BINANCE('spot/daily/klines/BTCUSDT/1m/lostleaf__binance_datatool/BTCUSDT-1m-2020-01-02.zip'),
  spot1m20200103: BINANCE('spot/daily/klines/BTCUSDT/1m/lostleaf__binance_datatool/BTCUSDT-1m-2020-01-03.zip'),
  spot1mUs20250102: BINANCE('spot/daily/klines/BTCUSDT/1m/ismetcahangirov__financeKing/BTCUSDT-1m-2025-01-02.zip'),
  spot1mHead32: BINANCE('spot/daily/klines/BTCUSDT/1m/ismetcahangirov__financeKing/BTCUSDT-1m-2024-12-31.head32.csv'),
  futures1m20250102: BINANCE('futures/um/daily/klines/BTCUSDT/1m/ismetcahangirov__financeKing/BTCUSDT-1m-2025-01-02.zip'),
  funding202001: BINANCE('futures/um/monthly/fundingRate/BTCUSDT/ismetcahangirov__financeKing/BTCUSDT-fundingRate-2020-01.zip'),
  spot1h202201Crlf: BINANCE('spot/monthly/klines/BTCUSDT/1h/sadunalpdag__batmayacagiz/BTCUSDT-1h-2022-01.csv'),
  spot1h2023: (month: string): string => BINANCE(`spot/monthly/klines/BTCUSDT/1h/intabyu__interview-at/BTCUSDT-1h-2023-${month}.csv`),
  export: (source: string, name: string): string => BINANCE('exports', source, name),
  parquet1h: BINANCE('exports/WhyZosa__BTC-predict/btcusdt_1h.parquet'),
};

export const YANNIEDOG = 'yanniedog__binance-historical-OHLCV-data';
export const SATER8 = 'sater8__bt-lab';
export const TAHA = 'TunahanAbali__taha-backtest';
export const AZMATH = 'azmath606961__hawk-crypto-bot';

export function readBytes(file: string): Uint8Array {
  const buffer = readFileSync(file);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The CSV member of a real zip as text. */
export function zipText(file: string): string {
  return strFromU8(unzipMembers(readBytes(file), file)[0].bytes);
}

export function zipOf(name: string, text: string | Uint8Array): Uint8Array {
  return zipSync({ [name]: typeof text === 'string' ? strToU8(text) : text });
}

export function bytesOf(text: string): Uint8Array {
  return strToU8(text);
}

/** Far enough in the future that no real bar is "in the future". */
export const NOW = Date.UTC(2030, 0, 1);

/** parseCandleFile on a real file, named as on disk, with its folder path. */
export function parseShared(file: string, options: ParseCandleFileOptions = {}): Promise<ParsedCandleFile> {
  return parseCandleFile(readBytes(file), file.split('/').pop() as string, { path: file, nowMs: NOW, ...options });
}

export function parseText(text: string, fileName: string, options: ParseCandleFileOptions = {}): Promise<ParsedCandleFile> {
  return parseCandleFile(bytesOf(text), fileName, { nowMs: NOW, ...options });
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details?: unknown };
  }
  throw new Error('expected a rejection, the promise resolved');
}

export const utc = (text: string): number => Date.parse(text.endsWith('Z') ? text : `${text}Z`);
