// `regimelab sweep --config FILE.json --grid GRID.json`: every variant of a grid over config fields,
// on the local worker pool or on cluster workers (`--backend cluster --redis URL`), saved as one
// 'sweep' run; prints the best variants by Sharpe (all rows with --json).

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation, storedInstrumentIds } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { formatNumber, formatTable, parseTimeOption } from '../csv-table.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { isTimeframe } from '../../../core/series/timeframe.ts';
import { parseStrategyConfig } from '../../../core/backtest/config.ts';
import { BACKEND_OPTIONS, BACKEND_USAGE, backendChoiceOf } from '../backend-options.ts';
import { readJsonFile } from '../read-json.ts';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Sweep a grid of config fields (locally or on cluster workers) and save the table as one run',
  usage:
    'regimelab sweep --config FILE.json --grid GRID.json [--symbol S]... [--timeframe 4h] [--market M] [--from T] [--to T] ' +
    `${BACKEND_USAGE} [--top N] [--title T] [--json]   (URL also from REGIMELAB_REDIS_URL)`,
  options: {
    config: { type: 'string' },
    grid: { type: 'string' },
    symbol: { type: 'string', multiple: true },
    timeframe: { type: 'string' },
    market: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    ...BACKEND_OPTIONS,
    top: { type: 'string' },
    title: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    if (typeof values.config !== 'string') throw new UsageError('--config FILE.json is required');
    if (typeof values.grid !== 'string') throw new UsageError('--grid GRID.json is required (an object of dot paths → arrays of values)');
    const config = readJsonFile(values.config, '--config');
    const grid = readJsonFile(values.grid, '--grid');
    const timeframe = typeof values.timeframe === 'string' ? values.timeframe : '4h';
    if (!isTimeframe(timeframe)) throw new RegimeLabError('E_BAD_INPUT', `--timeframe ${JSON.stringify(timeframe)} is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w`);
    const backend = backendChoiceOf(values);
    const top = typeof values.top === 'string' ? Number(values.top) : 10;
    if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number, got ${String(values.top)}`);
    const symbols = Array.isArray(values.symbol) ? (values.symbol as string[]) : parseStrategyConfig(config).instruments.map((i) => i.symbol);
    const ws = await openCliWorkstation(ctx);
    try {
      const market = typeof values.market === 'string' ? values.market : undefined;
      const instrumentIds = storedInstrumentIds(ws, symbols, market);
      const from = parseTimeOption(typeof values.from === 'string' ? values.from : undefined, '--from');
      const to = parseTimeOption(typeof values.to === 'string' ? values.to : undefined, '--to');
      const result = await runJob(
        ws,
        'backtest.sweep',
        { config, grid, data: { instrumentIds, timeframe, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, backend, ...(typeof values.title === 'string' ? { title: values.title } : {}) },
        ctx,
        'sweep',
      );
      const ranked = result.rows.filter((r) => r.headline).sort((a, b) => Number(b.headline!.sharpe ?? -Infinity) - Number(a.headline!.sharpe ?? -Infinity));
      const errors = result.rows.filter((r) => r.error);
      const keys = Object.keys(grid as Record<string, unknown>);
      const n = (v: unknown, digits = 4) => formatNumber(typeof v === 'number' ? v : null, digits);
      const lines = [
        `sweep of ${result.total} variants over ${keys.join(' × ')} on ${symbols.join(', ')} ${timeframe} (${result.execution.backend}: ${result.execution.computed} computed, ${result.execution.reused} reused, ${result.execution.workers} workers) in ${(result.durations.totalMs / 1000).toFixed(2)} s`,
        `saved as run ${result.runId}${errors.length ? `; ${errors.length} variants invalid (first: ${errors[0].error})` : ''}`,
      ];
      if (top > 0 && ranked.length) {
        lines.push('', `top ${Math.min(top, ranked.length)} by Sharpe:`);
        lines.push(formatTable([['#', ...keys, 'Sharpe', 'CAGR', 'max DD', 'total return'], ...ranked.slice(0, top).map((r) => [String(r.index), ...keys.map((k) => JSON.stringify(r.variant[k])), n(r.headline!.sharpe), n(r.headline!.cagr), n(r.headline!.maxDrawdown), n(r.headline!.totalReturn)])], { header: true }));
      }
      return { json: result, text: lines.join('\n') };
    } finally {
      await ws.close();
    }
  },
};
