// `regimelab candles SYMBOL TIMEFRAME`: stored candles as CSV (default), JSON or a summary line.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { isTimeframe } from '../../../core/series/timeframe.ts';
import { CANDLE_FIELDS } from '../../../core/series/candles.ts';

export const candlesCommand: Command = {
  name: 'candles',
  summary: 'Print stored candles of one instrument and timeframe (CSV or JSON)',
  usage: 'regimelab candles SYMBOL TIMEFRAME [--from ISO|MS] [--to ISO|MS] [--market M] [--csv|--json]',
  options: { from: { type: 'string' }, to: { type: 'string' }, market: { type: 'string' }, csv: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, ctx) {
    const [symbol, timeframe] = positionals;
    if (!symbol || !timeframe || positionals.length > 2) throw new UsageError('give SYMBOL and TIMEFRAME');
    if (!isTimeframe(timeframe)) throw new RegimeLabError('E_BAD_INPUT', `timeframe ${JSON.stringify(timeframe)} is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w`);
    const from = parseTime(values.from as string | undefined, '--from');
    const to = parseTime(values.to as string | undefined, '--to');
    const ws = await openCliWorkstation(ctx);
    try {
      const instruments = await ws.call('data.listInstruments', {});
      const matches = instruments.filter((i) => i.symbol === symbol && (values.market === undefined || i.market === values.market));
      if (matches.length === 0) throw new RegimeLabError('E_NOT_FOUND', `no instrument ${symbol}${values.market ? ` (${String(values.market)})` : ''} in the store; \`regimelab info\` lists them`);
      if (matches.length > 1) throw new RegimeLabError('E_BAD_INPUT', `${symbol} exists in several markets (${matches.map((m) => m.market).join(', ')}); add --market`);
      const series = await ws.call('data.getCandles', { instrumentId: matches[0].id, timeframe, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
      const c = series.candles;
      const n = c.time.length;
      const columns = ['time', ...CANDLE_FIELDS, 'flags'] as const;
      if (ctx.json) {
        const rows = Array.from({ length: n }, (_, i) => Object.fromEntries([['timeIso', new Date(c.time[i]).toISOString()], ...columns.map((k) => [k, c[k][i]])]));
        return { json: { symbol, timeframe, simulated: series.simulated, bars: n, candles: rows }, text: '' };
      }
      const lines = [['time_iso', ...columns].join(',')];
      for (let i = 0; i < n; i++) lines.push([new Date(c.time[i]).toISOString(), ...columns.map((k) => String(c[k][i]))].join(','));
      return { json: null, text: lines.join('\n') };
    } finally {
      await ws.close();
    }
  },
};

function parseTime(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(/Z|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : value + 'Z');
  if (!Number.isFinite(ms)) throw new RegimeLabError('E_BAD_INPUT', `${flag} ${JSON.stringify(value)} is not an ISO date-time or epoch milliseconds`);
  return ms;
}
