// `regimelab study --config FILE.json --symbols BTCUSDT,ETHUSDT --timeframes 4h,1d`: one strategy
// config with walk-forward regimes on every instrument × timeframe cell, on the local worker pool or
// on cluster workers (`--backend cluster --redis URL`), saved as one 'walk-forward' run; prints a row
// per cell (all fields with --json).

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation, storedInstrumentIds } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { formatNumber, formatTable, parseTimeOption } from '../csv-table.ts';
import { BACKEND_OPTIONS, BACKEND_USAGE, backendChoiceOf } from '../backend-options.ts';
import { readJsonFile } from '../read-json.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { TIMEFRAMES, isTimeframe, type Timeframe } from '../../../core/series/timeframe.ts';

function listOf(value: unknown, flag: string): string[] {
  const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [];
  if (items.length === 0) throw new UsageError(`${flag} is required: a comma-separated list`);
  return items;
}

export const studyCommand: Command = {
  name: 'study',
  summary: 'Walk-forward study: one config with walk-forward regimes on instruments × timeframes (locally or on cluster workers), saved as one run',
  usage:
    'regimelab study --config FILE.json --symbols BTCUSDT,ETHUSDT --timeframes 4h,1d [--market M] [--from T] [--to T] ' +
    `${BACKEND_USAGE} [--title T] [--json]   (URL also from REGIMELAB_REDIS_URL)`,
  options: {
    config: { type: 'string' },
    symbols: { type: 'string' },
    timeframes: { type: 'string' },
    market: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    ...BACKEND_OPTIONS,
    title: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    if (typeof values.config !== 'string') throw new UsageError('--config FILE.json is required (a strategy config with regimes.source "walk-forward")');
    const config = readJsonFile(values.config, '--config');
    const symbols = listOf(values.symbols, '--symbols');
    const timeframes = listOf(values.timeframes, '--timeframes').map((tf) => {
      if (!isTimeframe(tf)) throw new RegimeLabError('E_BAD_INPUT', `--timeframes: ${JSON.stringify(tf)} is not one of ${TIMEFRAMES.join(', ')}`);
      return tf as Timeframe;
    });
    const backend = backendChoiceOf(values);
    const from = parseTimeOption(typeof values.from === 'string' ? values.from : undefined, '--from');
    const to = parseTimeOption(typeof values.to === 'string' ? values.to : undefined, '--to');
    const ws = await openCliWorkstation(ctx);
    try {
      const market = typeof values.market === 'string' ? values.market : undefined;
      const instrumentIds = storedInstrumentIds(ws, symbols, market);
      const result = await runJob(
        ws,
        'backtest.walkForwardStudy',
        { config, instrumentIds, timeframes, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), backend, ...(typeof values.title === 'string' ? { title: values.title } : {}) },
        ctx,
        'study',
      );
      const n = (v: unknown, digits = 4) => formatNumber(typeof v === 'number' ? v : null, digits);
      const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));
      const errors = result.rows.filter((r) => r.error);
      const lines = [
        `walk-forward study of ${result.total} cells (${symbols.join(', ')} × ${timeframes.join(', ')}) (${result.execution.backend}: ${result.execution.computed} computed, ${result.execution.reused} reused, ${result.execution.workers} workers) in ${(result.durations.totalMs / 1000).toFixed(2)} s`,
        `saved as run ${result.runId}; regimes walk-forward (no hindsight)${errors.length ? `; ${errors.length} cells could not run (first: ${errors[0].symbol} ${errors[0].timeframe}: ${errors[0].error})` : ''}`,
        '',
        formatTable(
          [
            ['symbol', 'tf', 'bars', 'traded', 'refits', 'Sharpe', 'CAGR', 'max DD', 'total return', 'B&H return', 'B&H max DD'],
            ...result.rows.map((r) => [
              r.symbol, r.timeframe, String(r.bars), `${day(r.fromTime)} → ${day(r.toTime)}`, String(r.refits),
              n(r.headline?.sharpe), n(r.headline?.cagr), n(r.headline?.maxDrawdown), n(r.headline?.totalReturn), n(r.buyAndHold?.totalReturn), n(r.buyAndHold?.maxDrawdown),
            ]),
          ],
          { header: true },
        ),
      ];
      return { json: result, text: lines.join('\n') };
    } finally {
      await ws.close();
    }
  },
};
