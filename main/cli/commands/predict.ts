// `regimelab predict`: run an ONNX model over stored candles and save its regime signal as a
// regime-fit run (the chart's bands and backtests read it like any fit); --out writes the per-bar
// signal as CSV: time, score (P(high vol) or the forecast), threshold, P(turbulent), regime.

import fs from 'node:fs';
import { RegimeLabError } from '../../../core/errors.ts';
import { TttModeSchema } from '../../../core/contract/jobs.ts';
import { isTimeframe } from '../../../core/series/timeframe.ts';
import { UsageError, type Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { resolveInstrument } from '../model-options.ts';
import { formatNumber, parseTimeOption } from '../csv-table.ts';

export const DATA_OPTIONS = {
  model: { type: 'string' },
  symbol: { type: 'string' },
  timeframe: { type: 'string' },
  market: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const satisfies Command['options'];

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** --model, --symbol, --timeframe, --from, --to as job params (the instrument resolved in the store). */
export function requireDataFlags(values: Values, usage: string): { model: string; symbol: string; timeframe: string; market?: string; from?: number; to?: number } {
  for (const flag of ['model', 'symbol', 'timeframe'] as const) if (typeof values[flag] !== 'string') throw new UsageError(`--${flag} is required (${usage})`);
  const timeframe = values.timeframe as string;
  if (!isTimeframe(timeframe)) throw new RegimeLabError('E_BAD_INPUT', `--timeframe ${JSON.stringify(timeframe)} is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w`);
  const from = parseTimeOption(values.from as string | undefined, '--from');
  const to = parseTimeOption(values.to as string | undefined, '--to');
  return { model: values.model as string, symbol: values.symbol as string, timeframe, market: typeof values.market === 'string' ? values.market : undefined, from, to };
}

function numberFlag(values: Values, flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new RegimeLabError('E_BAD_INPUT', `--${flag} ${JSON.stringify(raw)} is not a number`);
  return value;
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Run an ONNX model over stored candles; save its regime signal as a run (--out CSV)',
  usage: 'regimelab predict --model ID --symbol S --timeframe TF [--from --to] [--market M] [--ttt none|standard|online|entropy] [--threshold X] [--quantile Q] [--stride N] [--out FILE.csv] [--json]',
  options: { ...DATA_OPTIONS, ttt: { type: 'string' }, threshold: { type: 'string' }, quantile: { type: 'string' }, stride: { type: 'string' }, out: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const data = requireDataFlags(values, 'regimelab predict --model ID --symbol S --timeframe TF');
    const ttt = values.ttt === undefined ? 'none' : TttModeSchema.safeParse(values.ttt).data;
    if (ttt === undefined) throw new RegimeLabError('E_BAD_INPUT', `--ttt ${JSON.stringify(values.ttt)} is not none, standard, online or entropy`);
    const ws = await openCliWorkstation(ctx);
    try {
      const instrumentId = await resolveInstrument(ws, data.symbol, data.market);
      const params = {
        modelId: data.model,
        instrumentId,
        timeframe: data.timeframe,
        ttt,
        ...(data.from === undefined ? {} : { from: data.from }),
        ...(data.to === undefined ? {} : { to: data.to }),
        ...(values.threshold === undefined ? {} : { threshold: numberFlag(values, 'threshold') }),
        ...(values.quantile === undefined ? {} : { thresholdQuantile: numberFlag(values, 'quantile') }),
        ...(values.stride === undefined ? {} : { strideBars: numberFlag(values, 'stride') }),
      };
      const result = await runJob(ws, 'models.predict', params, ctx, 'predict');
      if (typeof values.out === 'string') {
        const run = await ws.call('runs.get', { runId: result.runId, series: 'all' });
        const { time, score, filtered, regime } = run.series;
        const threshold = run.series.threshold;
        const lines = ['time,score,threshold,p_turbulent,regime'];
        for (let t = 0; t < time.length; t++) {
          lines.push(`${new Date(time[t]).toISOString()},${score[t]},${threshold ? threshold[t] : (result.threshold.value ?? '')},${filtered[2 * t + 1]},${regime[t]}`);
        }
        fs.writeFileSync(values.out, lines.join('\n') + '\n');
      }
      const first = result.summary.symbol as string;
      const text = [
        `${data.model} on ${first} ${data.timeframe}: ${result.bars} bars, ${result.predictions} predictions (${result.provider})`,
        `rule: ${result.threshold.rule}`,
        `turbulent share ${formatNumber(result.highShare * 100, 3)}%`,
        `saved as run ${result.runId} (regime-fit, source onnx)${typeof values.out === 'string' ? `; signal written to ${values.out}` : ''}`,
      ].join('\n');
      return { json: { ...result, ...(typeof values.out === 'string' ? { outFile: values.out } : {}) }, text };
    } finally {
      await ws.close();
    }
  },
};
