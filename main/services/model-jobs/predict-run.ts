// `models.predict`: run a registered ONNX model over an instrument's bars and save its regime signal as
// a 'regime-fit' run (summary.source 'onnx'), so the chart bands, `regimes.getOverlay`, replay and
// backtests read it like an MS-GARCH fit. Series: `time`, `filtered` (n×2: P(calm), P(turbulent)),
// `score` (P(high vol) or the forecast), `threshold` (forecasters) and `regime` (0 calm, 1 turbulent).
// Causal throughout: the prediction at bar t reads bars ≤ t−1, and so does its threshold.
import { RegimeLabError } from '../../../core/errors.ts';
import type { JobParams, JobResult } from '../../../core/contract/jobs.ts';
import { lowerBound, type Candles } from '../../../core/series/candles.ts';
import { forwardVolTarget } from '../../../core/features/target.ts';
import { expandingQuantileThreshold } from '../../../core/ml/vol-threshold.ts';
import { regimeFromScores } from '../../../core/ml/signals.ts';
import type { ClassifierManifest, ForecasterManifest } from '../../../core/ml/manifest.ts';
import type { ModelHandle } from '../../../workers/inference-api.ts';
import type { InferencePool, JobControl } from '../models/inference-pool.ts';
import type { RegisteredModel } from '../models/model-registry.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { CandleStore } from '../store/candle-store.ts';
import { candleDataHash, saveRun } from '../runs/run-store.ts';

/** Complete h-bar windows needed before the expanding-quantile threshold (and so the signal) starts. */
export const MIN_THRESHOLD_HISTORY = 500;

export type PredictDeps = { store: CandleStore; pool: InferencePool; appVersion: string };

type Signal = { time: Float64Array; score: Float64Array; threshold: Float64Array | null; predictions: number; rule: string; value: number | null };

export function jobControl(ctx: JobContext, span: [number, number] = [0, 1]): JobControl {
  return { cancelFlag: ctx.cancelFlag, onProgress: (f, message) => ctx.progress(span[0] + (span[1] - span[0]) * f, message) };
}

export function assertTimeframe(model: RegisteredModel, timeframe: string): void {
  if (model.manifest.input.timeframe !== timeframe) {
    throw new RegimeLabError('E_BAD_INPUT', `model ${model.id} was trained on ${model.manifest.input.timeframe} bars (its horizon is ${model.manifest.output.horizonBars} of them); it cannot read ${timeframe} bars`);
  }
}

async function forecasterSignal(pool: InferencePool, handle: ModelHandle, manifest: ForecasterManifest, candles: Candles, fromRow: number, params: JobParams<'models.predict'>, job: JobControl): Promise<Signal> {
  const n = candles.time.length;
  const res = await pool.forecast(handle, candles, { fromRow: Math.max(1, fromRow), toRow: n }, {}, job);
  const h = manifest.output.horizonBars;
  const thresholds = params.threshold === undefined ? expandingQuantileThreshold(forwardVolTarget(candles.close, h), h, params.thresholdQuantile, MIN_THRESHOLD_HISTORY) : null;
  const keep: number[] = [];
  res.rows.forEach((row, i) => {
    if (row < n && Number.isFinite(res.forecast[i]) && (thresholds === null || Number.isFinite(thresholds[row]))) keep.push(i);
  });
  return {
    time: Float64Array.from(keep, (i) => candles.time[res.rows[i]]),
    score: Float64Array.from(keep, (i) => res.forecast[i]),
    threshold: Float64Array.from(keep, (i) => (thresholds === null ? params.threshold! : thresholds[res.rows[i]])),
    predictions: keep.length,
    rule:
      thresholds === null
        ? `turbulent when the ${h}-bar volatility forecast ≥ ${params.threshold}`
        : `turbulent when the ${h}-bar volatility forecast ≥ the ${params.thresholdQuantile} quantile of the realized ${h}-bar volatility of all windows complete before the bar (expanding, causal; from ${MIN_THRESHOLD_HISTORY} windows)`,
    value: params.threshold ?? null,
  };
}

async function classifierSignal(pool: InferencePool, handle: ModelHandle, manifest: ClassifierManifest, candles: Candles, fromRow: number, params: JobParams<'models.predict'>, contextKey: string, job: JobControl): Promise<Signal> {
  const n = candles.time.length;
  if (params.ttt !== 'none' && !manifest.ttt) throw new RegimeLabError('E_BAD_INPUT', `model ${manifest.id} has no TTT graphs; --ttt ${params.ttt} is unavailable`);
  const first = Math.max(fromRow, manifest.input.chart.bars);
  if (first >= n) throw new RegimeLabError('E_BAD_INPUT', `the classifier needs ${manifest.input.chart.bars} bars before its first prediction; the span has ${n} in all`);
  const ends: number[] = [];
  for (let t = first; t < n; t += params.strideBars) ends.push(t);
  const ttt =
    params.ttt === 'none' || !manifest.ttt
      ? null
      : { mode: params.ttt, steps: manifest.ttt.defaults.steps, lr: manifest.ttt.defaults.lr, maxMsPerSample: 1000, contextKey };
  // Online TTT carries state along the series: start every run from the trained weights.
  if (ttt?.mode === 'online') await pool.resetTtt();
  const res = await pool.classify(handle, candles, Int32Array.from(ends), ttt, job);
  // The state of bar t is the latest prediction made at or before t (strided runs hold it between predictions).
  const score = new Float64Array(n - first);
  let k = 0;
  for (let t = first; t < n; t++) {
    while (k + 1 < ends.length && ends[k + 1] <= t) k++;
    score[t - first] = res.probHigh[k];
  }
  const threshold = params.threshold ?? 0.5;
  return {
    time: candles.time.slice(first),
    score,
    threshold: null,
    predictions: ends.length,
    rule: `turbulent when P(next-${manifest.output.horizonBars}-bar vol > ${manifest.output.labelThreshold.toPrecision(4)}) ≥ ${threshold}`,
    value: threshold,
  };
}

export async function predictRegimeRun(deps: PredictDeps, model: RegisteredModel, params: JobParams<'models.predict'>, ctx: JobContext): Promise<JobResult<'models.predict'>> {
  const started = performance.now();
  assertTimeframe(model, params.timeframe);
  const instrument = deps.store.getInstrument(params.instrumentId);
  // All history up to `to`: features, chart windows and the expanding threshold warm up on the bars before `from`.
  const candles = deps.store.readCandles(params.instrumentId, params.timeframe, undefined, params.to);
  const fromRow = params.from === undefined ? 0 : lowerBound(candles.time, params.from);
  if (fromRow >= candles.time.length) throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has no ${params.timeframe} bars in the chosen span`);
  const handle: ModelHandle = { dir: model.dir, manifest: model.manifest };
  const job = jobControl(ctx, [0.05, 0.95]);
  ctx.progress(0.02, `running ${model.id}`);
  const m = model.manifest;
  const signal =
    m.task === 'volatility-forecast'
      ? await forecasterSignal(deps.pool, handle, m, candles, fromRow, params, job)
      : await classifierSignal(deps.pool, handle, m, candles, fromRow, params, `${params.instrumentId}/${params.timeframe}`, job);
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user; no run was saved');
  const n = signal.time.length;
  if (n === 0) throw new RegimeLabError('E_NOT_FOUND', `model ${model.id} produced no usable prediction on ${instrument.symbol} ${params.timeframe} in the chosen span (too little history for its input window or threshold?)`);
  const regime = signal.threshold ? Uint8Array.from(signal.score, (v, t) => (v >= signal.threshold![t] ? 1 : 0)) : regimeFromScores(signal.score, signal.value!);
  // A classifier at the 0.5 cut stores its probabilities; any other rule stores the 0/1 state, so the
  // overlay's most-probable regime is exactly the thresholded signal.
  const probabilities = m.task === 'regime-classifier' && signal.value === 0.5;
  const filtered = new Float64Array(2 * n);
  for (let t = 0; t < n; t++) {
    const high = probabilities ? signal.score[t] : regime[t];
    filtered[2 * t] = 1 - high;
    filtered[2 * t + 1] = high;
  }
  const highShare = regime.reduce((s, r) => s + r, 0) / n;
  const provider = (await deps.pool.backend()).provider;
  const tttLabel = m.task === 'regime-classifier' && params.ttt !== 'none' ? ` · TTT ${params.ttt}` : '';
  const label = `ONNX ${model.id}${tttLabel}`;
  const summary = {
    source: 'onnx',
    label,
    regimes: 2,
    modelId: model.id,
    modelName: m.name,
    task: m.task,
    graphSha256: m.graph.sha256,
    ttt: m.task === 'regime-classifier' ? params.ttt : null,
    strideBars: m.task === 'regime-classifier' ? params.strideBars : 1,
    threshold: { rule: signal.rule, value: signal.value },
    filteredMeaning: probabilities ? "[1 − P(high vol), P(high vol)]: the classifier's probability (regime at P ≥ 0.5)" : '[1 − s, s] with s the 0/1 thresholded state (not a probability)',
    predictions: signal.predictions,
    bars: n,
    highShare,
    provider,
    symbol: instrument.symbol,
    simulated: instrument.simulated,
  };
  const runId = saveRun(deps.store, {
    kind: 'regime-fit',
    title: params.title ?? `${label} · ${instrument.symbol} ${params.timeframe}`,
    instrumentId: params.instrumentId,
    timeframe: params.timeframe,
    fromTime: signal.time[0],
    toTime: signal.time[n - 1],
    spec: {
      model: { source: 'onnx', modelId: model.id, graphSha256: m.graph.sha256, ttt: params.ttt, threshold: params.threshold ?? null, thresholdQuantile: params.thresholdQuantile, strideBars: params.strideBars },
      data: { instrumentId: params.instrumentId, timeframe: params.timeframe, from: params.from ?? null, to: params.to ?? null, input: m.task === 'volatility-forecast' ? 'feature panel of the bars before each prediction' : 'chart image of the bars before each prediction' },
    },
    dataHash: candleDataHash(candles),
    summary,
    result: summary,
    hindsight: false,
    appVersion: deps.appVersion,
    durationMs: performance.now() - started,
    series: { time: signal.time, filtered, score: signal.score, regime, ...(signal.threshold ? { threshold: signal.threshold } : {}) },
  });
  return { runId, modelId: model.id, task: m.task, bars: n, predictions: signal.predictions, highShare, threshold: { rule: signal.rule, value: signal.value }, provider, summary };
}
