// Loads a real candle file from ../shared/data/binance through the app's own importer (core/data),
// so training, evaluation and benchmarks read bars exactly as the workstation would.
import fs from 'node:fs';
import path from 'node:path';
import { parseCandleFile } from '../../core/data/parse-candle-file.ts';
import type { Candles } from '../../core/series/candles.ts';
import { findAppRoot } from '../../main/services/paths.ts';

export const SHARED_DATA = path.resolve(findAppRoot(process.cwd()), '../shared/data/binance');
export const BTC_1H_PARQUET = 'exports/WhyZosa__BTC-predict/btcusdt_1h.parquet';
export const SOL_1H_CSV = 'exports/yanniedog__binance-historical-OHLCV-data/SOLUSDT_1h.csv';

export async function loadCandles(relative: string, dataDir = process.env.REGIMELAB_SHARED_DATA ?? SHARED_DATA): Promise<{ candles: Candles; file: string; sha256: string; bars: number }> {
  const file = path.join(dataDir, relative);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const parsed = await parseCandleFile(bytes, path.basename(file), { path: file, timeframe: '1h' });
  return { candles: parsed.candles, file: relative, sha256: parsed.report.sha256, bars: parsed.candles.time.length };
}
