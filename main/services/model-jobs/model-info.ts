// A registered model as the API shows it: task, input and output in words, horizon, TTT defaults and
// the training block of its manifest (data split and validation / held-back test metrics).
import type { ModelInfo } from '../../../core/contract/schemas.ts';
import type { RegisteredModel } from '../models/model-registry.ts';

export function modelInfo(model: RegisteredModel): ModelInfo {
  const m = model.manifest;
  const common = {
    id: model.id,
    name: m.name,
    family: m.family,
    description: m.description,
    source: model.source,
    registeredAt: model.registeredAt,
    timeframe: m.input.timeframe,
    horizonBars: m.output.horizonBars,
    training: m.training ? { framework: m.training.framework, script: m.training.script, data: m.training.data, metrics: m.training.metrics } : null,
    graphSha256: m.graph.sha256,
    dir: model.dir,
  };
  if (m.task === 'volatility-forecast') {
    const { window, features } = m.input;
    return {
      ...common,
      task: m.task,
      input: window === 1 ? `${features.length} features of the prediction row` : `${window} rows × ${features.length} features`,
      output: `per-bar realized volatility of the next ${m.output.horizonBars} bars`,
      ttt: null,
    };
  }
  const { chart } = m.input;
  return {
    ...common,
    task: m.task,
    input: `${chart.width}×${chart.height} chart of the last ${chart.bars} bars`,
    output: `P(realized vol of the next ${m.output.horizonBars} bars > ${m.output.labelThreshold.toPrecision(4)}, the training period's ${m.output.labelQuantile} quantile)`,
    ttt: m.ttt ? { aux: m.ttt.aux, steps: m.ttt.defaults.steps, lr: m.ttt.defaults.lr } : null,
  };
}
