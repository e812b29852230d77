// Evaluation inside the app (issue 8): a forecaster over a test period next to the in-app GARCH(1,1)-t
// rolling forecast, with bootstrap tests and permutation importance by feature group; a chart
// classifier as Baseline / TTT standard / TTT online / TTT entropy-adaptive. Orchestration only: the
// numbers come from core/ml/evaluation.ts (which calls core/metrics) and the inference workers.
import { RegimeLabError } from '../../../core/errors.ts';
import type { Candles } from '../../../core/series/candles.ts';
import { forwardVolTarget } from '../../../core/features/target.ts';
import { FEATURE_GROUPS, type FeatureGroup } from '../../../core/features/panel.ts';
import { lowerBound } from '../../../core/series/candles.ts';
import { compareClassifierModes, compareForecasters, type ClassifierModeRow, type ForecasterComparison } from '../../../core/ml/evaluation.ts';
import { forecastAccuracy } from '../../../core/metrics/forecast-eval.ts';
import type { TttMode, TttOptions } from '../../../core/ml/ttt.ts';
import type { ClassifierManifest } from '../../../core/ml/manifest.ts';
import type { ModelHandle } from '../../../workers/inference-api.ts';
import type { InferencePool, JobControl } from './inference-pool.ts';

export type EvaluationPeriod = { fromMs: number; toMs: number };

export type GarchBaselineSpec = { window: number; refitEvery: number };
export const RESEARCH_GARCH: GarchBaselineSpec = { window: 5000, refitEvery: 500 };

export type FeatureGroupImportance = { group: FeatureGroup; features: number; r2Drop: number; mseIncrease: number };

export type ForecasterEvaluation = ForecasterComparison & {
  period: EvaluationPeriod;
  horizonBars: number;
  /** Per forecaster model id: R² lost / MSE gained when the group's columns are permuted over the period. */
  importance: Record<string, FeatureGroupImportance[]>;
};

/** Panel rows whose prediction time falls in [fromMs, toMs) and whose h-bar target is complete. */
export function periodRows(candles: Candles, period: EvaluationPeriod): { fromRow: number; toRow: number } {
  const fromRow = Math.max(1, lowerBound(candles.time, period.fromMs));
  const toRow = lowerBound(candles.time, period.toMs);
  if (toRow <= fromRow) throw new RegimeLabError('E_BAD_INPUT', `the evaluation period ${new Date(period.fromMs).toISOString()} … ${new Date(period.toMs).toISOString()} holds no bars`);
  return { fromRow, toRow };
}

export async function evaluateForecasters(
  pool: InferencePool,
  models: { id: string; handle: ModelHandle }[],
  candles: Candles,
  period: EvaluationPeriod,
  options: { garch?: GarchBaselineSpec; importance?: boolean; seed?: number; job?: JobControl } = {},
): Promise<ForecasterEvaluation> {
  if (models.length === 0) throw new RegimeLabError('E_BAD_INPUT', 'evaluateForecasters needs at least one model');
  const horizon = models[0].handle.manifest.output.horizonBars;
  for (const m of models) {
    if (m.handle.manifest.task !== 'volatility-forecast') throw new RegimeLabError('E_BAD_INPUT', `model ${m.id} is not a volatility forecaster`);
    if (m.handle.manifest.output.horizonBars !== horizon) throw new RegimeLabError('E_BAD_INPUT', `model ${m.id} forecasts ${m.handle.manifest.output.horizonBars} bars, ${models[0].id} forecasts ${horizon}`);
  }
  const { fromRow, toRow } = periodRows(candles, period);
  const target = forwardVolTarget(candles.close, horizon);
  const realized = target.subarray(fromRow, toRow);
  const garchSpec = options.garch ?? RESEARCH_GARCH;
  // GARCH needs only its rolling window before the period: start there (row t of the slice = row t + offset).
  const offset = Math.max(0, fromRow - garchSpec.window - 2);
  const garch = await pool.garchBaseline(candles.close.subarray(offset, toRow), { horizon, ...garchSpec }, options.job);
  const forecasts: Record<string, Float64Array> = { 'GARCH(1,1)-t': garch.subarray(fromRow - offset, toRow - offset) };
  const aligned = async (handle: ModelHandle, permute?: { features: string[]; seed: number }): Promise<Float64Array> => {
    const res = await pool.forecast(handle, candles, { fromRow, toRow }, { permute }, options.job);
    const out = new Float64Array(toRow - fromRow).fill(NaN);
    res.rows.forEach((r, i) => (out[r - fromRow] = res.forecast[i]));
    return out;
  };
  for (const m of models) forecasts[m.id] = await aligned(m.handle);
  const comparison = compareForecasters(forecasts, realized, 'GARCH(1,1)-t', { horizon });
  const importance: Record<string, FeatureGroupImportance[]> = {};
  if (options.importance ?? true) {
    for (const m of models) {
      const base = scored(forecasts[m.id], realized);
      const used = new Set(m.handle.manifest.task === 'volatility-forecast' ? m.handle.manifest.input.features : []);
      importance[m.id] = [];
      for (const [group, names] of Object.entries(FEATURE_GROUPS) as [FeatureGroup, readonly string[]][]) {
        const features = names.filter((n) => used.has(n));
        if (!features.length) continue;
        const permuted = scored(await aligned(m.handle, { features, seed: options.seed ?? 1 }), realized);
        importance[m.id].push({ group, features: features.length, r2Drop: base.r2 - permuted.r2, mseIncrease: permuted.mse - base.mse });
      }
      importance[m.id].sort((a, b) => b.r2Drop - a.r2Drop);
    }
  }
  return { ...comparison, period, horizonBars: horizon, importance };
}

function scored(forecast: Float64Array, realized: Float64Array): { r2: number; mse: number } {
  const keep: number[] = [];
  for (let i = 0; i < realized.length; i++) if (realized[i] > 0 && forecast[i] > 0) keep.push(i);
  const a = forecastAccuracy(Float64Array.from(keep, (i) => forecast[i]), Float64Array.from(keep, (i) => realized[i]));
  return { r2: a.r2 ?? NaN, mse: a.mse };
}

export type ClassifierEvaluationReport = {
  period: EvaluationPeriod;
  /** Prediction bars scored: every `strideBars`-th bar of the period (24 = non-overlapping labels). */
  strideBars: number;
  labelThreshold: number;
  rows: ClassifierModeRow[];
};

export async function evaluateChartClassifier(
  pool: InferencePool,
  model: ModelHandle,
  candles: Candles,
  period: EvaluationPeriod,
  options: { modes?: TttMode[]; strideBars?: number; ttt?: Partial<TttOptions>; contextKey?: string; job?: JobControl } = {},
): Promise<ClassifierEvaluationReport> {
  const m = model.manifest;
  if (m.task !== 'regime-classifier') throw new RegimeLabError('E_BAD_INPUT', `model ${m.id} is not a regime classifier`);
  const manifest: ClassifierManifest = m;
  const stride = options.strideBars ?? manifest.output.horizonBars;
  const { fromRow, toRow } = periodRows(candles, period);
  const target = forwardVolTarget(candles.close, manifest.output.horizonBars);
  const ends: number[] = [];
  for (let t = Math.max(fromRow, manifest.input.chart.bars); t < toRow; t += stride) if (Number.isFinite(target[t]) && t < candles.time.length) ends.push(t);
  const endsArray = Int32Array.from(ends);
  const realized = Float64Array.from(ends, (t) => target[t]);
  const labels = Uint8Array.from(realized, (v) => (v > manifest.output.labelThreshold ? 1 : 0));
  const modes = options.modes ?? (manifest.ttt ? ['none', 'standard', 'online', 'entropy'] : ['none']);
  const runs = [];
  for (const mode of modes) {
    if (mode !== 'none' && !manifest.ttt) throw new RegimeLabError('E_BAD_INPUT', `model ${m.id} has no TTT graphs; mode ${mode} is unavailable`);
    const ttt =
      mode === 'none'
        ? null
        : { mode, steps: manifest.ttt!.defaults.steps, lr: manifest.ttt!.defaults.lr, maxMsPerSample: 1000, ...options.ttt, contextKey: options.contextKey ?? 'evaluation' };
    if (mode === 'online') await pool.resetTtt();
    const res = await pool.classify(model, candles, endsArray, ttt, options.job);
    runs.push({ mode: mode === 'none' ? 'Baseline' : `TTT ${mode}`, probHigh: res.probHigh, steps: res.steps, ms: res.ms });
  }
  return { period, strideBars: stride, labelThreshold: manifest.output.labelThreshold, rows: compareClassifierModes(runs, labels, realized) };
}
