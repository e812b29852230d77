// The model and data options shared by `regimelab fit` and `regimelab loglik`: a regime-model spec
// from flags, and the series either from a CSV column (--input/--column) or from the store.

import { RegimeModelSpecSchema, type RegimeModelSpec } from '../../core/contract/regimes.ts';
import { RegimeLabError } from '../../core/errors.ts';
import { isTimeframe } from '../../core/series/timeframe.ts';
import { logReturnsPercent } from '../../core/series/returns.ts';
import type { Workstation } from '../services/workstation.ts';
import { findColumn, numberColumn, parseTimeOption, readCsvTable } from './csv-table.ts';
import { UsageError, type Command } from './command.ts';

export const MODEL_OPTIONS = {
  input: { type: 'string' },
  column: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  market: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  model: { type: 'string' },
  variance: { type: 'string' },
  dist: { type: 'string' },
  regimes: { type: 'string' },
  mean: { type: 'boolean' },
  'no-mean': { type: 'boolean' },
  'common-variance': { type: 'boolean' },
  restarts: { type: 'string' },
} as const satisfies Command['options'];

export const MODEL_USAGE =
  '(--input FILE.csv --column NAME | --symbol S --timeframe TF [--from --to] [--market M]) --model garch|gjr|msgarch|msreg|hmm [--variance garch|gjr] [--dist norm|t|skewt] [--regimes K] [--mean|--no-mean] [--common-variance] [--restarts N]';

type Values = Record<string, string | boolean | undefined>;

const DIST_ALIASES: Record<string, string> = { norm: 'norm', normal: 'norm', t: 't', std: 't', student: 't', skewt: 'skewt', sstd: 'skewt' };

export function modelSpecFromFlags(values: Values): RegimeModelSpec {
  if (typeof values.model !== 'string') throw new UsageError('--model is required (garch, gjr, msgarch, msreg or hmm)');
  if (values.mean && values['no-mean']) throw new UsageError('--mean and --no-mean exclude each other');
  const dist = typeof values.dist === 'string' ? DIST_ALIASES[values.dist.toLowerCase()] : undefined;
  if (typeof values.dist === 'string' && !dist) throw new RegimeLabError('E_BAD_INPUT', `--dist ${JSON.stringify(values.dist)} is not norm, t or skewt`);
  const parsed = RegimeModelSpecSchema.safeParse({
    model: values.model,
    variance: values.variance,
    dist,
    regimes: values.regimes === undefined ? undefined : Number(values.regimes),
    mean: values.mean ? true : values['no-mean'] ? false : undefined,
    switchingVariance: values['common-variance'] ? false : undefined,
    restarts: values.restarts === undefined ? undefined : Number(values.restarts),
  });
  if (!parsed.success) {
    throw new RegimeLabError('E_BAD_INPUT', parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'model')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

export type SeriesSource = { values: Float64Array; time: Float64Array | null; source: string };

export async function seriesFromFlags(values: Values, ws: Workstation | null): Promise<SeriesSource> {
  if (typeof values.input === 'string') {
    if (values.symbol !== undefined) throw new UsageError('give --input or --symbol, not both');
    const table = readCsvTable(values.input);
    const index = findColumn(table, 'value', ['r', 'return', 'returns', 'y', 'value'], typeof values.column === 'string' ? values.column : undefined);
    return { values: numberColumn(table, index), time: null, source: `${values.input} column ${table.header[index]}` };
  }
  if (typeof values.symbol !== 'string' || typeof values.timeframe !== 'string') throw new UsageError('give --input FILE --column NAME, or --symbol S --timeframe TF');
  if (!isTimeframe(values.timeframe)) throw new RegimeLabError('E_BAD_INPUT', `--timeframe ${JSON.stringify(values.timeframe)} is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w`);
  if (!ws) throw new Error('a workstation is needed to read the store');
  const instrumentId = await resolveInstrument(ws, values.symbol, typeof values.market === 'string' ? values.market : undefined);
  const from = parseTimeOption(values.from as string | undefined, '--from');
  const to = parseTimeOption(values.to as string | undefined, '--to');
  const { candles } = await ws.call('data.getCandles', { instrumentId, timeframe: values.timeframe, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  const { time, returns } = logReturnsPercent(candles.time, candles.close);
  return { values: returns, time, source: `${values.symbol} ${values.timeframe} log returns ×100 (${returns.length} returns)` };
}

export async function resolveInstrument(ws: Workstation, symbol: string, market?: string): Promise<number> {
  const matches = (await ws.call('data.listInstruments', {})).filter((i) => i.symbol === symbol && (market === undefined || i.market === market));
  if (matches.length === 0) throw new RegimeLabError('E_NOT_FOUND', `no instrument ${symbol}${market ? ` (${market})` : ''} in the store; \`regimelab info\` lists them`);
  if (matches.length > 1) throw new RegimeLabError('E_BAD_INPUT', `${symbol} exists in several markets (${matches.map((m) => m.market).join(', ')}); add --market`);
  return matches[0].id;
}
