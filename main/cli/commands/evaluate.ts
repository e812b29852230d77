// `regimelab evaluate`: the research's tables over a period of stored candles (default: the last
// quarter) — forecasters (comma-separated ids) vs the in-app GARCH(1,1)-t rolling forecast with
// block-bootstrap and Diebold–Mariano tests and importance by feature group, or one chart classifier
// as Baseline / TTT standard / online / entropy with accuracy, F1, ECE, Brier, IC per realized-vol quartile.

import { RegimeLabError } from '../../../core/errors.ts';
import { TttModeSchema, type ModelEvaluation } from '../../../core/contract/jobs.ts';
import type { Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { resolveInstrument } from '../model-options.ts';
import { formatNumber, formatTable } from '../csv-table.ts';
import { DATA_OPTIONS, requireDataFlags } from './predict.ts';

const f = (v: number | null | undefined, digits = 4) => formatNumber(v, digits);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function positiveInt(raw: string | boolean | string[] | boolean[] | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new RegimeLabError('E_BAD_INPUT', `--${flag} ${JSON.stringify(raw)} is not a positive integer`);
  return value;
}

export function evaluationText(e: ModelEvaluation): string {
  const head = `${e.symbol} ${e.timeframe}${e.simulated ? ' [SIMULATED]' : ''}, ${iso(e.period.fromMs)} → ${iso(e.period.toMs - 1)}; provider ${e.provider}; ${(e.durationMs / 1000).toFixed(1)} s`;
  const lines = [head, ''];
  if (e.forecasters) {
    const fe = e.forecasters;
    lines.push(`Forecasters: next-${fe.horizonBars}-bar realized vol, n = ${fe.n}; baseline ${fe.baseline}`);
    const boot = (b: { meanLossDifferential: number; lower: number; upper: number; pValue: number }) => `${f(b.meanLossDifferential, 3)} [${f(b.lower, 3)}, ${f(b.upper, 3)}] p ${f(b.pValue, 3)}`;
    lines.push(
      formatTable(
        [
          ['model', 'R²', 'MSE', 'RMSE', 'QLIKE', 'MAE', 'dir.acc', 'ΔMSE vs GARCH', 'ΔQLIKE vs GARCH', 'DM p'],
          ...fe.rows.map((r) => {
            const a = r.accuracy;
            const v = r.vsBaseline;
            return [r.model, f(a.r2), f(a.mse), f(a.rmse), f(a.qlike), f(a.mae), f(a.directionalAccuracy, 3), v ? boot(v.mse) : '—', v ? boot(v.qlike) : '—', v ? f(v.dmMse.pValue, 3) : '—'];
          }),
        ],
        { header: true, indent: '' },
      ),
    );
    lines.push('Negative Δ = lower loss than GARCH (moving-block bootstrap, 95% interval).');
    for (const [id, groups] of Object.entries(fe.importance)) if (groups.length) lines.push(`importance ${id}: ${groups.map((g) => `${g.group} ${f(g.r2Drop, 3)}`).join(', ')} (R² lost when shuffled)`);
  }
  if (e.classifier) {
    const ce = e.classifier;
    const o = ce.rows[0]?.evaluation.overall;
    lines.push(`${e.modelIds[0]}: P(next vol > ${f(ce.labelThreshold, 5)}), ${o?.n ?? 0} windows every ${ce.strideBars} bars, ${o ? o.confusion.tp + o.confusion.fn : 0} high-vol`);
    lines.push(
      formatTable(
        [
          ['mode', 'accuracy', 'F1', 'ECE', 'Brier', 'IC', 'steps', 'ms/sample'],
          ...ce.rows.map((r) => {
            const s = r.evaluation.overall;
            return [r.mode, f(s.accuracy, 3), f(s.f1, 3), f(s.expectedCalibrationError, 3), f(s.brier, 3), f(s.informationCoefficient, 3), r.meanSteps.toFixed(1), r.meanMs.toFixed(1)];
          }),
        ],
        { header: true, indent: '' },
      ),
    );
    lines.push('', 'per realized-vol quartile (accuracy / F1):');
    lines.push(formatTable([['mode', 'Q1 (calm)', 'Q2', 'Q3', 'Q4 (volatile)'], ...ce.rows.map((r) => [r.mode, ...r.evaluation.byRealizedVolQuartile.map((q) => `${f(q.accuracy, 2)} / ${f(q.f1, 2)}`)])], { header: true, indent: '' }));
  }
  return lines.join('\n');
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: "Score ONNX models over a period: forecasters vs GARCH(1,1)-t, or a chart classifier's TTT modes",
  usage:
    'regimelab evaluate --model ID[,ID…] --symbol S --timeframe TF [--from --to] [--market M] [--no-importance] [--garch-window N] [--garch-refit N] [--modes none,standard,online,entropy] [--stride N] [--json]',
  options: { ...DATA_OPTIONS, 'no-importance': { type: 'boolean' }, 'garch-window': { type: 'string' }, 'garch-refit': { type: 'string' }, modes: { type: 'string' }, stride: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const data = requireDataFlags(values, 'regimelab evaluate --model ID --symbol S --timeframe TF');
    const modes = typeof values.modes === 'string' ? values.modes.split(',').map((m) => m.trim()) : undefined;
    for (const m of modes ?? []) if (!TttModeSchema.safeParse(m).success) throw new RegimeLabError('E_BAD_INPUT', `--modes: ${JSON.stringify(m)} is not none, standard, online or entropy`);
    const ws = await openCliWorkstation(ctx);
    try {
      const instrumentId = await resolveInstrument(ws, data.symbol, data.market);
      const params = {
        modelIds: data.model.split(',').map((id) => id.trim()).filter(Boolean),
        instrumentId,
        timeframe: data.timeframe,
        importance: values['no-importance'] !== true,
        ...(data.from === undefined ? {} : { from: data.from }),
        ...(data.to === undefined ? {} : { to: data.to }),
        ...(values['garch-window'] === undefined ? {} : { garchWindow: positiveInt(values['garch-window'], 'garch-window') }),
        ...(values['garch-refit'] === undefined ? {} : { garchRefitEvery: positiveInt(values['garch-refit'], 'garch-refit') }),
        ...(modes ? { modes } : {}),
        ...(values.stride === undefined ? {} : { strideBars: positiveInt(values.stride, 'stride') }),
      };
      const evaluation = await runJob(ws, 'models.evaluate', params, ctx, 'evaluate');
      return { json: evaluation, text: evaluationText(evaluation) };
    } finally {
      await ws.close();
    }
  },
};
