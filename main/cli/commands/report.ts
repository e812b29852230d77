// `regimelab report --config FILE.json --data FILE.csv... --out FILE.html`: runs the backtest of a
// strategy config on candle files (walk-forward regimes fitted here) and writes its report, one
// self-contained offline HTML file; `--run ID` (repeatable: a comparison) reports saved backtest
// runs. Also exports the pieces `regimelab demo` reuses.

import fs from 'node:fs';
import path from 'node:path';
import type { Command, CliContext } from '../command.ts';
import { UsageError } from '../command.ts';
import { parseCandleFile } from '../../../core/data/parse-candle-file.ts';
import { alignInstruments, type BacktestData, type BacktestInstrument } from '../../../core/backtest/data.ts';
import { parseStrategyConfig } from '../../../core/backtest/config.ts';
import { resolveBacktestRegimes, runBacktest, type BacktestResult } from '../../../core/backtest/run-backtest.ts';
import type { ReportInput } from '../../../core/report/report-input.ts';
import { formatValue } from '../../../core/report/format.ts';
import { isTimeframe, type Timeframe } from '../../../core/series/timeframe.ts';
import { appPaths } from '../../services/paths.ts';
import { candleDataHash } from '../../services/runs/run-store.ts';
import { createReportPool, renderBacktestReport, reportDataSource, reportRunOf, type RenderedReport } from '../../services/reports/index.ts';
import { openCliWorkstation } from '../open-workstation.ts';

/** Renders a report in a one-off report worker and writes it; returns the rendered summary. */
export async function writeReport(ctx: CliContext, input: ReportInput, outFile: string): Promise<RenderedReport & { file: string }> {
  const pool = createReportPool(appPaths(ctx.appRoot));
  try {
    const rendered = await renderBacktestReport(pool, input);
    const file = path.resolve(outFile);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, rendered.html);
    return { ...rendered, file };
  } finally {
    await pool.close();
  }
}

/** The headline figures a command prints after writing a report. */
export function headlineLines(result: BacktestResult): string[] {
  const s = result.stats;
  const h = result.headline;
  return [
    `total return ${formatValue(s.totalReturn, 'pct')}, CAGR ${formatValue(s.cagr, 'pct')}, volatility ${formatValue(s.annualizedVolatility, 'pctPlain')}`,
    `Sharpe ${formatValue(s.sharpe, 'ratio')}, Sortino ${formatValue(s.sortino, 'ratio')}, Calmar ${formatValue(s.calmar, 'ratio')}, max drawdown ${formatValue(s.maxDrawdown, 'pctPlain')}`,
    `average leverage ${formatValue(h.averageLeverage, 'x')}, rebalances/yr ${formatValue(h.rebalancesPerYear, 'ratio')}, cost drag ${formatValue(s.costDrag?.totalPctPerYear ?? null, 'pctValue')}/yr`,
    ...result.benchmarks.map((b) => `  ${b.name.padEnd(26)} total ${formatValue(b.headline.totalReturn, 'pct')}, Sharpe ${formatValue(b.headline.sharpe, 'ratio')}, max DD ${formatValue(b.headline.maxDrawdown, 'pctPlain')}`),
  ];
}

export function headlineJson(result: BacktestResult) {
  const s = result.stats;
  return {
    totalReturn: s.totalReturn,
    cagr: s.cagr,
    annualizedVolatility: s.annualizedVolatility,
    sharpe: s.sharpe,
    sortino: s.sortino,
    calmar: s.calmar,
    maxDrawdown: s.maxDrawdown,
    averageLeverage: result.headline.averageLeverage,
    benchmarks: result.benchmarks.map((b) => ({ name: b.name, totalReturn: b.headline.totalReturn, sharpe: b.headline.sharpe, maxDrawdown: b.headline.maxDrawdown })),
  };
}

async function readCandleFile(file: string, timeframe: Timeframe | undefined) {
  const bytes = fs.readFileSync(file);
  const parsed = await parseCandleFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path.basename(file), timeframe ? { timeframe } : {});
  return parsed;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write the backtest report (one offline HTML file) of a strategy config on candle files',
  usage: 'regimelab report --config FILE.json --data FILE.csv [--data FILE.csv ...] --out FILE.html [--timeframe TF] [--refit-every N] [--json]   |   regimelab report --run ID [--run ID2 …] --out FILE.html',
  options: {
    config: { type: 'string' },
    data: { type: 'string', multiple: true },
    out: { type: 'string' },
    run: { type: 'string', multiple: true },
    timeframe: { type: 'string' },
    'refit-every': { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    if (typeof values.out !== 'string') throw new UsageError('give --out FILE.html');
    if (Array.isArray(values.run) && values.run.length > 0) {
      // Saved runs: one report, or a comparison when several --run are given.
      const ws = await openCliWorkstation(ctx);
      try {
        const rendered = await ws.call('reports.render', { runIds: values.run as string[] });
        const file = path.resolve(values.out);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, rendered.html);
        return { json: { file, bytes: rendered.bytes, title: rendered.title, runIds: values.run }, text: `${rendered.title}\nreport written to ${file} (${(rendered.bytes / 1e6).toFixed(2)} MB)` };
      } finally {
        await ws.close();
      }
    }
    if (typeof values.config !== 'string') throw new UsageError('give --config FILE.json (or --run ID)');
    const files = (Array.isArray(values.data) ? values.data : []).filter((f): f is string => typeof f === 'string');
    if (files.length === 0) throw new UsageError('give --data FILE.csv (one per instrument, in the config\'s order)');
    const tfOption = typeof values.timeframe === 'string' ? values.timeframe : undefined;
    if (tfOption !== undefined && !isTimeframe(tfOption)) throw new UsageError(`--timeframe ${tfOption} is not one of 1m 5m 15m 1h 4h 1d 1w`);
    const raw = JSON.parse(fs.readFileSync(values.config, 'utf8')) as Record<string, unknown>;
    if (typeof values['refit-every'] === 'string') {
      const n = Number(values['refit-every']);
      if (!(Number.isInteger(n) && n >= 1)) throw new UsageError(`--refit-every must be a positive integer, got ${values['refit-every']}`);
      raw.regimes = { ...(raw.regimes as Record<string, unknown>), refitEveryBars: n };
    }
    const config = parseStrategyConfig(raw);
    const started = Date.now();
    const parsed = await Promise.all(files.map((f) => readCandleFile(f, tfOption)));
    const timeframe = tfOption ?? parsed[0].timeframe;
    if (!timeframe) throw new UsageError('the timeframe could not be inferred from the file; give --timeframe');
    const instruments: BacktestInstrument[] = alignInstruments(parsed.map((p, i) => ({ symbol: config.instruments[i]?.symbol ?? p.symbol ?? `instrument${i}`, candles: p.candles })));
    const data: BacktestData = { timeframe, instruments };
    const regimes = resolveBacktestRegimes(config, data);
    const result = runBacktest(config, data, { regimes });
    const candles = instruments[0].candles;
    const report = parsed[0].report;
    const input: ReportInput = {
      runs: [reportRunOf(result, candles, { regimes })],
      metadata: {
        runTime: started,
        runDurationMs: Date.now() - started,
        appVersion: appPaths(ctx.appRoot).version,
        seed: null,
        dataHash: candleDataHash(candles),
        data: reportDataSource(candles, timeframe, `${instruments.map((i) => i.symbol).join(', ')} ${timeframe} from ${files.map((f) => path.basename(f)).join(', ')}`, {
          files: files.map((f) => path.basename(f)),
          gaps: report.gaps.count,
          missingBars: report.gaps.missingBars,
          rejectedRows: report.rows.rejected,
          syntheticBars: report.gaps.syntheticBars,
        }),
      },
    };
    const written = await writeReport(ctx, input, values.out);
    return {
      json: { file: written.file, bytes: written.bytes, sections: written.sections, headline: headlineJson(result) },
      text: [`wrote ${written.file} (${formatValue(written.bytes / 1e6, 'ratio')} MB)`, ...headlineLines(result)].join('\n'),
    };
  },
};
