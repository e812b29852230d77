// Runtime schemas of the values that cross the workstation API. Static types derive from them
// (z.infer), so a field is declared once. Series travel as typed arrays, never arrays of rows.

import { z } from 'zod';
import { TIMEFRAMES } from '../series/timeframe.ts';

export const TimeframeSchema = z.enum(TIMEFRAMES);
export type Timeframe = z.infer<typeof TimeframeSchema>;

// z.custom rather than z.instanceof: the static type stays Float64Array<ArrayBufferLike>, so
// arrays over transferred or shared buffers type-check as well.
export const Float64ArraySchema = z.custom<Float64Array>((v) => v instanceof Float64Array, { message: 'expected a Float64Array' });
export const Uint8ArraySchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected a Uint8Array' });

/** UTC milliseconds since the epoch. */
export const TimeMsSchema = z.number().finite();

export const InstrumentIdSchema = z.number().int().positive();

export const TimeframeSummarySchema = z.object({
  timeframe: TimeframeSchema,
  bars: z.number().int().nonnegative(),
  firstTime: TimeMsSchema.nullable(),
  lastTime: TimeMsSchema.nullable(),
  /** Resampled from `derivedFrom` rather than imported. */
  derivedFrom: TimeframeSchema.nullable(),
});
export type TimeframeSummary = z.infer<typeof TimeframeSummarySchema>;

export const InstrumentSchema = z.object({
  id: InstrumentIdSchema,
  symbol: z.string(),
  exchange: z.string(),
  market: z.enum(['spot', 'usd-m', 'coin-m', 'simulated']),
  /** True for generated data (the embedded sample): never to be mistaken for market data. */
  simulated: z.boolean(),
  description: z.string(),
  timeframes: z.array(TimeframeSummarySchema),
});
export type Instrument = z.infer<typeof InstrumentSchema>;

export const CandleColumnsSchema = z.object({
  time: Float64ArraySchema,
  open: Float64ArraySchema,
  high: Float64ArraySchema,
  low: Float64ArraySchema,
  close: Float64ArraySchema,
  volume: Float64ArraySchema,
  quoteVolume: Float64ArraySchema,
  trades: Float64ArraySchema,
  takerBuyBase: Float64ArraySchema,
  takerBuyQuote: Float64ArraySchema,
  flags: Uint8ArraySchema,
});

export const CandleQuerySchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    timeframe: TimeframeSchema,
    from: TimeMsSchema.optional(),
    to: TimeMsSchema.optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });
export type CandleQuery = z.infer<typeof CandleQuerySchema>;

export const CandleSeriesSchema = z.object({
  instrumentId: InstrumentIdSchema,
  symbol: z.string(),
  timeframe: TimeframeSchema,
  simulated: z.boolean(),
  candles: CandleColumnsSchema,
});
export type CandleSeries = z.infer<typeof CandleSeriesSchema>;

export const TrueRegimesSchema = z.object({
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  time: Float64ArraySchema,
  /** 0 = low volatility, 1 = high volatility. */
  states: Uint8ArraySchema,
  /** The simulation model, as MSGARCH-named parameters. */
  model: z.unknown(),
});
export type TrueRegimes = z.infer<typeof TrueRegimesSchema>;

/** The inference pool's execution provider: chosen once, at its first use, with the reason each other provider was not used. */
export const InferenceBackendSchema = z.object({
  /** not started: no model has run in this session (nothing probed yet); ready: probed; failed: the probe failed. */
  state: z.enum(['not started', 'ready', 'failed']),
  provider: z.string().nullable(),
  attempts: z.array(z.object({ provider: z.string(), ok: z.boolean(), reason: z.string().optional() })),
  supported: z.array(z.string()),
  message: z.string(),
});
export type InferenceBackend = z.infer<typeof InferenceBackendSchema>;

export const SystemInfoSchema = z.object({
  app: z.string(),
  appVersion: z.string(),
  mode: z.enum(['electron', 'browser', 'cli', 'test']),
  dataDir: z.string(),
  storePath: z.string(),
  versions: z.record(z.string(), z.string()),
  workers: z.number().int().nonnegative(),
  /** The ONNX execution provider and why the others were not used (Help → About). */
  inference: InferenceBackendSchema,
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const JobStateSchema = z.enum(['running', 'done', 'error', 'cancelled']);

export const JobInfoSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: JobStateSchema,
  progress: z.number().min(0).max(1),
  message: z.string(),
  startedAt: TimeMsSchema,
  endedAt: TimeMsSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

export const ImportRecordSchema = z.object({
  id: z.number().int(),
  instrumentId: InstrumentIdSchema,
  timeframe: TimeframeSchema,
  fileName: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  importedAt: TimeMsSchema,
  bars: z.number().int(),
  added: z.number().int(),
  replaced: z.number().int(),
  identical: z.number().int(),
  firstTime: TimeMsSchema.nullable(),
  lastTime: TimeMsSchema.nullable(),
});
export type ImportRecord = z.infer<typeof ImportRecordSchema>;

export const PeriodQualitySchema = z.object({
  periodStart: TimeMsSchema,
  periodEnd: TimeMsSchema,
  expectedBars: z.number().int(),
  presentBars: z.number().int(),
  syntheticBars: z.number().int(),
  incompleteBars: z.number().int(),
  quality: z.number().min(0).max(1),
});
export type PeriodQuality = z.infer<typeof PeriodQualitySchema>;

export const RunKindSchema = z.enum(['regime-fit', 'backtest', 'sweep', 'walk-forward']);
export type RunKind = z.infer<typeof RunKindSchema>;

export const SeriesArraySchema = z.custom<Float64Array | Float32Array | Int32Array | Int8Array | Uint8Array>(
  (v) => v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Int8Array || v instanceof Uint8Array,
  { message: 'expected a typed array' },
);

export const RunSummarySchema = z.object({
  id: z.string(),
  kind: RunKindSchema,
  title: z.string(),
  instrumentId: z.number().int().nullable(),
  timeframe: z.string().nullable(),
  fromTime: TimeMsSchema.nullable(),
  toTime: TimeMsSchema.nullable(),
  configHash: z.string(),
  dataHash: z.string(),
  summary: z.record(z.string(), z.unknown()),
  /** Computed with smoothed (hindsight) probabilities: for study only, never tradable. */
  hindsight: z.boolean(),
  appVersion: z.string(),
  createdAt: TimeMsSchema,
  durationMs: z.number(),
  notes: z.string(),
  tags: z.array(z.string()),
  seriesNames: z.array(z.string()),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunRecordSchema = RunSummarySchema.extend({
  spec: z.unknown(),
  result: z.unknown(),
  series: z.record(z.string(), SeriesArraySchema),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const RegimeOverlaySchema = z.object({
  runId: z.string(),
  label: z.string(),
  time: Float64ArraySchema,
  probHigh: Float64ArraySchema,
  regime: Uint8ArraySchema,
  spells: z.object({ startTime: Float64ArraySchema, endTime: Float64ArraySchema, regime: Uint8ArraySchema }),
  regimeCount: z.number().int(),
  /** Smoothed probabilities: they use the future and are for study only. */
  hindsight: z.boolean(),
});
export type RegimeOverlay = z.infer<typeof RegimeOverlaySchema>;

export const ModelTaskSchema = z.enum(['volatility-forecast', 'regime-classifier']);

/** A registered ONNX model as the API shows it (the manifest itself: `models.get`). */
export const ModelInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  task: ModelTaskSchema,
  family: z.string(),
  description: z.string(),
  source: z.enum(['shipped', 'imported']),
  registeredAt: TimeMsSchema,
  /** Bar timeframe the model was trained on; predict refuses other timeframes. */
  timeframe: z.string(),
  /** Bars ahead the output speaks of (forecast horizon, or the classifier's label window). */
  horizonBars: z.number().int(),
  /** What one sample is, in words: "24 rows × 45 features", "64×64 chart of the last 168 bars". */
  input: z.string(),
  output: z.string(),
  /** Test-time training: auxiliary task and default steps / learning rate; null without TTT graphs. */
  ttt: z.object({ aux: z.string(), steps: z.number().int(), lr: z.number() }).nullable(),
  /** Training data (symbol, split dates, rows) and metrics (validation / held-back test) from the manifest. */
  training: z.object({ framework: z.string(), script: z.string(), data: z.record(z.string(), z.unknown()), metrics: z.record(z.string(), z.unknown()) }).nullable(),
  graphSha256: z.string(),
  dir: z.string(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const ConfigIssueSchema = z.object({ path: z.string(), message: z.string() });

export const StrategyExampleSchema = z.object({ file: z.string(), name: z.string(), description: z.string(), config: z.unknown() });
export type StrategyExample = z.infer<typeof StrategyExampleSchema>;

export const LeveragePreviewSchema = z.object({
  time: Float64ArraySchema,
  /** Gross leverage the strategy would hold after each bar's decision. */
  leverage: Float64ArraySchema,
  /** Regime seen at each close (−1 before the first estimate). */
  regime: z.custom<Int8Array>((v) => v instanceof Int8Array, { message: 'expected an Int8Array' }),
  hindsight: z.boolean(),
});
