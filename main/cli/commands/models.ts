// `regimelab models`: the model registry from the command line — `models list`, `models add FILE
// --manifest M` (validated and copied into the data directory; mismatches refused), `models show ID`
// and `models remove ID` (imported models only).

import path from 'node:path';
import type { ModelInfo } from '../../../core/contract/schemas.ts';
import { UsageError, type Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { formatNumber, formatTable } from '../csv-table.ts';

/** The held-back test metric a quant looks at first: QLIKE for forecasters, accuracy for classifiers. */
function headlineMetric(model: ModelInfo): string {
  const test = (model.training?.metrics.test ?? null) as Record<string, number> | null;
  if (!test) return '—';
  return model.task === 'volatility-forecast' ? `R² ${formatNumber(test.r2, 3)} QLIKE ${formatNumber(test.qlike, 3)}` : `acc ${formatNumber(test.accuracy, 3)} Brier ${formatNumber(test.brier, 3)}`;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List, add, show or remove ONNX models (forecasters and chart classifiers)',
  usage: 'regimelab models list | models add FILE.onnx --manifest MANIFEST.json | models show ID | models remove ID  [--json]',
  options: { manifest: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, ctx) {
    const [sub, arg, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (sub !== 'list' && sub !== 'add' && sub !== 'show' && sub !== 'remove') throw new UsageError(`give a subcommand: list, add, show or remove${sub ? ` (not ${JSON.stringify(sub)})` : ''}`);
    if (sub !== 'list' && !arg) throw new UsageError(sub === 'add' ? 'models add needs the .onnx file' : `models ${sub} needs a model id`);
    if (sub === 'add' && typeof values.manifest !== 'string') throw new UsageError('models add needs --manifest MANIFEST.json');
    const ws = await openCliWorkstation(ctx);
    try {
      if (sub === 'list') {
        const models = await ws.call('models.list', {});
        const rows = models.map((m) => [m.id, m.task, m.source, m.timeframe, String(m.horizonBars), m.ttt ? `TTT ${m.ttt.aux}` : '', headlineMetric(m)]);
        const text = models.length === 0 ? 'No models registered.' : formatTable([['id', 'task', 'source', 'tf', 'horizon', 'ttt', 'test metrics (held back)'], ...rows], { header: true, indent: '' });
        return { json: models, text };
      }
      if (sub === 'add') {
        const model = await runJob(ws, 'models.import', { onnxPath: path.resolve(arg), manifestPath: path.resolve(values.manifest as string) }, ctx, 'models add');
        return { json: model, text: `registered ${model.id} (${model.task}, ${model.input} → ${model.output}) in ${model.dir}` };
      }
      if (sub === 'show') {
        const model = await ws.call('models.get', { modelId: arg });
        const text = [
          `${model.id} — ${model.name} [${model.source}]`,
          model.description,
          `task: ${model.task}; family ${model.family}; ${model.timeframe} bars, horizon ${model.horizonBars}`,
          `input: ${model.input}`,
          `output: ${model.output}`,
          model.ttt ? `TTT: ${model.ttt.aux} auxiliary task, ${model.ttt.steps} steps, lr ${model.ttt.lr}` : 'TTT: none',
          `held-back test: ${headlineMetric(model)}`,
          `graph sha256 ${model.graphSha256}`,
          `files: ${model.dir}`,
        ].join('\n');
        return { json: model, text };
      }
      const removed = await ws.call('models.remove', { modelId: arg });
      return { json: removed, text: `removed ${arg}` };
    } finally {
      await ws.close();
    }
  },
};
