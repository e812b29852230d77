// `models.evaluate`: the research's tables inside the app, over a chosen period of an instrument's bars
// (default: the last quarter of the stored bars). Forecasters are scored together against the in-app
// GARCH(1,1)-t rolling forecast; a chart classifier as Baseline / TTT modes. The numbers come from
// main/services/models/evaluate.ts (which calls core/ml/evaluation.ts); this file picks data and period.
import { RegimeLabError } from '../../../core/errors.ts';
import type { JobParams, ModelEvaluation } from '../../../core/contract/jobs.ts';
import type { TttMode } from '../../../core/ml/ttt.ts';
import { FEATURE_GROUPS } from '../../../core/features/panel.ts';
import { evaluateChartClassifier, evaluateForecasters, RESEARCH_GARCH } from '../models/evaluate.ts';
import type { InferencePool, JobControl } from '../models/inference-pool.ts';
import type { RegisteredModel } from '../models/model-registry.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { CandleStore } from '../store/candle-store.ts';
import { assertTimeframe } from './predict-run.ts';

/** Share of the stored bars held out as the default evaluation period (the last quarter). */
export const DEFAULT_TEST_SHARE = 0.25;

/**
 * Progress across several worker calls that each report 0 → 1: a call whose fraction falls back
 * below the last one starts the next stage, so the job's fraction only rises.
 */
function stagedProgress(ctx: JobContext, stages: number): JobControl {
  let stage = 0;
  let last = 0;
  return {
    cancelFlag: ctx.cancelFlag,
    onProgress: (f, message) => {
      if (f + 1e-9 < last) stage = Math.min(stages - 1, stage + 1);
      last = f;
      ctx.progress(0.02 + (0.96 * (stage + f)) / stages, `${message} (${stage + 1}/${stages})`);
    },
  };
}

export async function evaluateModelsJob(store: CandleStore, pool: InferencePool, models: RegisteredModel[], params: JobParams<'models.evaluate'>, ctx: JobContext): Promise<ModelEvaluation> {
  const started = performance.now();
  const task = models[0].manifest.task;
  if (models.some((m) => m.manifest.task !== task)) throw new RegimeLabError('E_BAD_INPUT', `evaluate one task at a time: ${models.map((m) => `${m.id} (${m.manifest.task})`).join(', ')}`);
  if (task === 'regime-classifier' && models.length > 1) throw new RegimeLabError('E_BAD_INPUT', `evaluate one chart classifier at a time, got ${models.length}`);
  for (const m of models) assertTimeframe(m, params.timeframe);
  const instrument = store.getInstrument(params.instrumentId);
  const candles = store.readCandles(params.instrumentId, params.timeframe, undefined, params.to);
  const n = candles.time.length;
  if (n < 2) throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has ${n} ${params.timeframe} bars up to the chosen end`);
  const period = { fromMs: params.from ?? candles.time[Math.floor(n * (1 - DEFAULT_TEST_SHARE))], toMs: candles.time[n - 1] + 1 };
  const provider = (await pool.backend()).provider;
  let forecasters: ModelEvaluation['forecasters'] = null;
  let classifier: ModelEvaluation['classifier'] = null;
  if (task === 'volatility-forecast') {
    const importance = params.importance;
    // One forecast pass per model, plus one per feature group it reads when permutation importance is on.
    const groupsRead = ({ manifest }: RegisteredModel) => {
      const used = new Set(manifest.task === 'volatility-forecast' ? manifest.input.features : []);
      return Object.values(FEATURE_GROUPS).filter((names) => names.some((f) => used.has(f))).length;
    };
    const job = stagedProgress(ctx, models.reduce((s, m) => s + 1 + (importance ? groupsRead(m) : 0), 0));
    ctx.progress(0.01, 'GARCH(1,1)-t rolling baseline');
    const evaluation = await evaluateForecasters(pool, models.map((m) => ({ id: m.id, handle: { dir: m.dir, manifest: m.manifest } })), candles, period, {
      garch: { window: params.garchWindow ?? RESEARCH_GARCH.window, refitEvery: params.garchRefitEvery ?? RESEARCH_GARCH.refitEvery },
      importance,
      seed: params.seed,
      job,
    });
    forecasters = { baseline: evaluation.baseline, n: evaluation.n, rows: evaluation.rows, horizonBars: evaluation.horizonBars, importance: evaluation.importance };
  } else {
    const m = models[0];
    const modes = params.modes as TttMode[] | undefined;
    const stages = modes?.length ?? (m.manifest.task === 'regime-classifier' && m.manifest.ttt ? 4 : 1);
    const evaluation = await evaluateChartClassifier(pool, { dir: m.dir, manifest: m.manifest }, candles, period, {
      modes,
      strideBars: params.strideBars,
      contextKey: `${params.instrumentId}/${params.timeframe}`,
      job: stagedProgress(ctx, stages),
    });
    classifier = { strideBars: evaluation.strideBars, labelThreshold: evaluation.labelThreshold, rows: evaluation.rows };
  }
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user');
  return {
    task,
    modelIds: models.map((m) => m.id),
    symbol: instrument.symbol,
    timeframe: params.timeframe,
    simulated: instrument.simulated,
    period,
    provider,
    durationMs: performance.now() - started,
    forecasters,
    classifier,
  };
}
