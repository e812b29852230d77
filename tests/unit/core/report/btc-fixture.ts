// The research's BTC 4h experiment on the real Binance export, kept fast for tests: Moderate with
// the 2-regime GJR-t MS-GARCH walk-forward refitted every 1,000 bars (the research refits every 180).
import fs from 'node:fs';
import path from 'node:path';
import { parseCandleFile } from '../../../../core/data/parse-candle-file.ts';
import { parseStrategyConfig } from '../../../../core/backtest/config.ts';
import { resolveBacktestRegimes, runBacktest, type BacktestResult } from '../../../../core/backtest/run-backtest.ts';
import type { ReportInput } from '../../../../core/report/report-input.ts';
import type { Candles } from '../../../../core/series/candles.ts';
import type { ResolvedRegimes } from '../../../../core/regimes/resolve.ts';
import { repoRoot, sharedPath } from '../../helpers/paths.ts';

export const BTC_4H_FILE = sharedPath('data', 'binance', 'exports', 'yanniedog__binance-historical-OHLCV-data', 'BTCUSDT_4h.csv');

export type BtcExperiment = { candles: Candles; result: BacktestResult; regimes: ResolvedRegimes[] | null; input: ReportInput };

export async function btcExperiment(refitEveryBars = 1000, options: ReportInput['options'] = { bootstrapReplications: 100, varRefitEveryBars: 1000 }): Promise<BtcExperiment> {
  const bytes = fs.readFileSync(BTC_4H_FILE);
  const parsed = await parseCandleFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path.basename(BTC_4H_FILE), {});
  const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, 'resources', 'strategies', 'moderate.json'), 'utf8')) as { regimes: Record<string, unknown> };
  raw.regimes.refitEveryBars = refitEveryBars;
  const config = parseStrategyConfig(raw);
  const data = { timeframe: '4h' as const, instruments: [{ symbol: 'BTCUSDT', candles: parsed.candles }] };
  const regimes = resolveBacktestRegimes(config, data);
  const result = runBacktest(config, data, { regimes });
  const c = parsed.candles;
  const input: ReportInput = {
    runs: [{ result, regimes, underlyingClose: c.close.slice(result.window.decisionIndex, result.window.endIndex + 1) }],
    metadata: {
      runTime: Date.UTC(2025, 7, 1, 12, 0, 0),
      runDurationMs: 4200,
      appVersion: '0.1.0',
      seed: null,
      dataHash: 'f'.repeat(64),
      data: { description: 'Binance BTCUSDT 4h (yanniedog export)', files: [path.basename(BTC_4H_FILE)], timeframe: '4h', bars: c.time.length, firstTime: c.time[0], lastTime: c.time[c.time.length - 1], gaps: parsed.report.gaps.count, missingBars: parsed.report.gaps.missingBars, rejectedRows: parsed.report.rows.rejected },
    },
    options,
  };
  return { candles: c, result, regimes, input };
}

/** data-metric → data-value pairs of an HTML string (attributes in either order are not produced by the renderer). */
export function metricsOf(html: string): Map<string, { value: string; text: string }> {
  const out = new Map<string, { value: string; text: string }>();
  const re = /data-metric="([^"]+)" data-value="([^"]*)"[^>]*>([^<]*)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) out.set(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'), { value: m[2], text: m[3].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>') });
  return out;
}

/** Tiles carry more attributes between data-value and the text; read them by key. */
export function tileOf(html: string, key: string): { value: string; lower: string | null; upper: string | null; text: string } {
  const m = new RegExp(`data-metric="tile\\.${key}" data-value="([^"]*)"(?: data-lower="([^"]*)" data-upper="([^"]*)")?[^>]*><div class="tile-label">[^<]*</div><div[^>]*>([^<]*)</div>`).exec(html);
  if (!m) throw new Error(`tile ${key} not found`);
  return { value: m[1], lower: m[2] ?? null, upper: m[3] ?? null, text: m[4] };
}
