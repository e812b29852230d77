// `regimelab backtest --config FILE.json`: run a strategy config on stored candles, save the run,
// print the headline against the benchmarks, and with --out write the equity curve and the
// NautilusTrader-style orders / fills / positions / account reports as CSV.

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { formatNumber, formatTable } from '../csv-table.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { isTimeframe } from '../../../core/series/timeframe.ts';
import { ACCOUNT_COLUMNS, FILL_COLUMNS, ORDER_COLUMNS, POSITION_COLUMNS, reportToCsv, type BacktestReports } from '../../../core/backtest/reports.ts';

type Headline = Record<string, unknown> & { sharpe?: number | null; cagr?: number | null; maxDrawdown?: number; totalReturn?: number; averageLeverage?: number; fees?: number; funding?: number };

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'Backtest a strategy config (resources/strategies/*.json) on stored candles',
  usage: 'regimelab backtest --config FILE.json [--timeframe 4h] [--market spot|usd-m|coin-m] [--regime-run ID]... [--regimes-csv FILE]... [--out DIR] [--report FILE.html] [--json]',
  options: { config: { type: 'string' }, timeframe: { type: 'string' }, market: { type: 'string' }, 'regime-run': { type: 'string', multiple: true }, 'regimes-csv': { type: 'string', multiple: true }, out: { type: 'string' }, report: { type: 'string' }, title: { type: 'string' } },
  async run(values, _positionals, ctx) {
    if (typeof values.config !== 'string') throw new UsageError('--config FILE.json is required');
    let config: unknown;
    try {
      config = JSON.parse(fs.readFileSync(values.config, 'utf8'));
    } catch (error) {
      throw new RegimeLabError('E_BAD_INPUT', `${values.config}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}`);
    }
    const timeframe = typeof values.timeframe === 'string' ? values.timeframe : '4h';
    if (!isTimeframe(timeframe)) throw new RegimeLabError('E_BAD_INPUT', `--timeframe ${JSON.stringify(timeframe)} is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w`);
    const ws = await openCliWorkstation(ctx);
    try {
      const started = performance.now();
      const { runId } = await runJob(
        ws,
        'backtest.run',
        {
          config,
          timeframe,
          ...(typeof values.market === 'string' ? { market: values.market } : {}),
          ...(Array.isArray(values['regime-run']) ? { regimeRunIds: values['regime-run'] } : {}),
          ...(Array.isArray(values['regimes-csv']) ? { regimeCsv: (values['regimes-csv'] as string[]).map((file) => ({ fileName: path.basename(file), text: readText(file) })) } : {}),
          ...(typeof values.title === 'string' ? { title: values.title } : {}),
        },
        ctx,
        'backtest',
      );
      const seconds = (performance.now() - started) / 1000;
      const run = await ws.call('runs.get', { runId, series: typeof values.out === 'string' ? ['time', 'equity', 'grossLeverage', 'netExposure'] : [] });
      const summary = run.summary as Headline & { benchmarks?: { name: string; headline: Headline | null }[]; notes?: string[]; dsr?: number | null; trials?: number };
      const artifacts: Record<string, string> = {};
      if (typeof values.out === 'string') {
        fs.mkdirSync(values.out, { recursive: true });
        const { time, equity, grossLeverage, netExposure } = run.series as Record<string, Float64Array>;
        const lines = ['time,equity,gross_leverage,net_exposure'];
        for (let i = 0; i < time.length; i++) lines.push(`${new Date(time[i]).toISOString()},${equity[i]},${grossLeverage[i]},${netExposure[i]}`);
        artifacts.equity = path.join(values.out, 'equity.csv');
        fs.writeFileSync(artifacts.equity, lines.join('\n') + '\n');
        const reports = (run.result as { reports: BacktestReports | null }).reports;
        if (reports) {
          for (const [name, rows, columns] of [
            ['orders', reports.orders, ORDER_COLUMNS],
            ['fills', reports.fills, FILL_COLUMNS],
            ['positions', reports.positions, POSITION_COLUMNS],
            ['account', reports.account, ACCOUNT_COLUMNS],
          ] as const) {
            artifacts[name] = path.join(values.out, `${name}.csv`);
            fs.writeFileSync(artifacts[name], reportToCsv(rows as never[], columns as never));
          }
        }
        artifacts.summary = path.join(values.out, 'summary.json');
        fs.writeFileSync(artifacts.summary, JSON.stringify({ runId, ...summary }, null, 2) + '\n');
      }
      if (typeof values.report === 'string') {
        const rendered = await ws.call('reports.render', { runIds: [runId] });
        artifacts.report = path.resolve(values.report);
        fs.mkdirSync(path.dirname(artifacts.report), { recursive: true });
        fs.writeFileSync(artifacts.report, rendered.html);
      }
      const pct = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '—');
      const num = (x: unknown, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? formatNumber(x, d + 2) : '—');
      const rows: string[][] = [['', 'total return', 'CAGR', 'Sharpe', 'max DD', 'avg lev', 'fees', 'funding']];
      const row = (label: string, h: Headline | null) => (h ? [label, pct(h.totalReturn), pct(h.cagr), num(h.sharpe), pct(h.maxDrawdown), num(h.averageLeverage, 2), num(h.fees, 2), num(h.funding, 2)] : [label, '—', '—', '—', '—', '—', '—', '—']);
      rows.push(row(String(summary.name ?? 'strategy'), summary));
      for (const b of summary.benchmarks ?? []) rows.push(row(b.name, b.headline));
      const text = [
        `${run.title}${run.hindsight ? '   *** HINDSIGHT: uses smoothed probabilities (look-ahead) — not a tradable result ***' : ''}`,
        `run ${runId} · ${seconds.toFixed(2)} s · data ${run.dataHash.slice(0, 12)} · config ${run.configHash.slice(0, 12)}`,
        '',
        formatTable(rows, { header: true }),
        '',
        `deflated Sharpe ratio ${num(summary.dsr)} over ${summary.trials ?? 1} backtest(s) on this data`,
        ...(summary.notes ?? []).map((n) => `note: ${n}`),
        ...Object.entries(artifacts).map(([k, f]) => `${k}: ${f}`),
      ].join('\n');
      return { json: { runId, seconds, hindsight: run.hindsight, headline: summary, artifacts }, text };
    } finally {
      await ws.close();
    }
  },
};

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new RegimeLabError('E_NOT_FOUND', `${file}: no such file`);
  }
}
