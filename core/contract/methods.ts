// The workstation API, written once: every method grouped by service (`data.*`, `jobs.*`,
// `system.*`, …) with an input and an output schema. Every transport validates inputs against
// these schemas at its boundary; the static types below are derived from them.

import { z } from 'zod';
import {
  CandleQuerySchema,
  CandleSeriesSchema,
  InstrumentIdSchema,
  InstrumentSchema,
  JobInfoSchema,
  SystemInfoSchema,
  TimeframeSchema,
  TrueRegimesSchema,
  Float64ArraySchema,
  ImportRecordSchema,
  PeriodQualitySchema,
  RunKindSchema,
  RunRecordSchema,
  RunSummarySchema,
  RegimeOverlaySchema,
  ModelInfoSchema,
  ConfigIssueSchema,
  StrategyExampleSchema,
  LeveragePreviewSchema,
} from './schemas.ts';
import { JobKindSchema, RedisTlsSchema, RedisUrlSchema } from './jobs.ts';
import { CandleWindowQuerySchema, CandleWindowSchema, ReplayTraceQuerySchema, ReplayTraceSchema } from './chart.ts';

const NoInput = z.object({}).strict();

/**
 * A pane's stretch factor: its height relative to the other panes' (lightweight-charts v5 panes;
 * dragging a separator moves stretch between the two panes it divides, keeping their sum).
 */
const PaneStretchSchema = z.number().finite().min(0.01).max(100);

/**
 * What the workspace remembers between sessions (kept in the store, so browser mode — whose origin
 * changes with every server start — remembers as the desktop app does): the open view, instrument,
 * timeframe and regime run, the regime-panel and band toggles, the chart's pane sizes and the
 * instruments of the multi-asset view. Every field is optional, so a state stored by an older version
 * (fewer fields) still loads; an unknown field or a value out of bounds is refused.
 */
export const WorkspaceStateSchema = z
  .object({
    view: z.enum(['chart', 'multi', 'data', 'backtest', 'runs']).optional(),
    instrumentId: InstrumentIdSchema.nullable().optional(),
    timeframe: TimeframeSchema.nullable().optional(),
    regimeRunId: z.string().min(1).max(100).nullable().optional(),
    /** The regime panel beside the chart. */
    showRegimes: z.boolean().optional(),
    /** Regime bands behind the candles (the probability pane stays). */
    showBands: z.boolean().optional(),
    /** Stretch factor per chart pane; panes not named get their default. `{}` resets them all. */
    paneStretch: z
      .object({
        candles: PaneStretchSchema.optional(),
        volume: PaneStretchSchema.optional(),
        probability: PaneStretchSchema.optional(),
        leverage: PaneStretchSchema.optional(),
        equity: PaneStretchSchema.optional(),
      })
      .strict()
      .optional(),
    /** The multi-asset view: two or three instruments stacked on one timeframe. */
    multiAsset: z
      .object({
        instrumentIds: z.array(InstrumentIdSchema).min(1).max(3),
        timeframe: TimeframeSchema.nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type WorkspaceState = z.infer<typeof WorkspaceStateSchema>;
/** The chart panes whose sizes the workspace remembers (renderer/chart/workspace-chart.ts draws them). */
export type ChartPaneKind = keyof NonNullable<WorkspaceState['paneStretch']>;

/** A file-type filter of a native open/save dialog (extensions without the dot; '*' for all). */
const DialogFilterSchema = z.object({ name: z.string().min(1).max(80), extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/, 'an extension without the dot, or *')).min(1).max(20) }).strict();

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}

/** `data.explore`: the first look at an instrument's returns (core/metrics/explore.ts ExploreReport) and how its inputs were built. */
const TestResultSchema = z.object({ statistic: z.number(), pValue: z.number(), df: z.number() });
const AutocorrelationSchema = z.object({ acf: Float64ArraySchema, noiseBand: z.number(), significantLags: z.array(z.number()) });
const CorrelationMatrixSchema = z.object({ names: z.array(z.string()), matrix: z.array(z.array(z.number().nullable())), n: z.number() });
export const ExploreResultSchema = z.object({
  instrumentId: InstrumentIdSchema,
  symbol: z.string(),
  timeframe: TimeframeSchema,
  simulated: z.boolean(),
  bars: z.number().int(),
  firstTime: z.number(),
  lastTime: z.number(),
  returns: z.string(),
  report: z.object({
    moments: z.object({ n: z.number(), mean: z.number(), std: z.number(), skew: z.number(), excessKurtosis: z.number(), min: z.number(), max: z.number() }),
    jarqueBera: TestResultSchema,
    studentT: z.object({ df: z.number(), loc: z.number(), scale: z.number(), logLikelihood: z.number(), dfAtBound: z.boolean() }),
    normalVarGap: z.object({ level: z.number(), empiricalVar: z.number(), normalVar: z.number(), ratio: z.number().nullable(), normalVarExceedanceRate: z.number() }),
    archLm: TestResultSchema.extend({ r2: z.number() }),
    acfReturns: AutocorrelationSchema,
    acfSquaredReturns: AutocorrelationSchema,
    ljungBoxReturns: TestResultSchema,
    ljungBoxSquaredReturns: TestResultSchema,
    correlation: z.object({ unconditional: CorrelationMatrixSchema, highVol: CorrelationMatrixSchema.nullable() }).nullable(),
    conventions: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
  highVolMask: z.object({ source: z.enum(['simulation truth', 'realized volatility']), description: z.string(), highVolShare: z.number() }),
  alignment: z.object({ symbols: z.array(z.string()), commonReturns: z.number().int(), description: z.string() }).nullable(),
});
export type ExploreResult = z.infer<typeof ExploreResultSchema>;

export const METHODS = {
  'system.info': method(
    z.object({ probeInference: z.boolean().optional() }).strict(),
    SystemInfoSchema,
    'Versions, data directory, store path, mode and the ONNX execution provider (probeInference: true starts the inference worker to choose it; otherwise its state so far).',
  ),
  'system.showOpenDialog': method(
    z.object({ title: z.string().max(200).optional(), filters: z.array(DialogFilterSchema).max(10).optional(), multiple: z.boolean().default(false) }).strict(),
    z.object({ canceled: z.boolean(), paths: z.array(z.string()) }),
    'Native open dialog (Electron only; the browser uses file inputs and answers E_REFUSED).',
  ),
  'system.showSaveDialog': method(
    z.object({ title: z.string().max(200).optional(), defaultName: z.string().min(1).max(255).optional(), filters: z.array(DialogFilterSchema).max(10).optional() }).strict(),
    z.object({ canceled: z.boolean(), path: z.string().nullable() }),
    'Native save dialog (Electron only; the browser uses downloads and answers E_REFUSED).',
  ),

  'data.listInstruments': method(NoInput, z.array(InstrumentSchema), 'Instruments with bar counts and spans per timeframe.'),
  'data.getCandles': method(CandleQuerySchema, CandleSeriesSchema, 'Candles of one instrument and timeframe as columnar typed arrays.'),
  'data.getCandleWindow': method(
    CandleWindowQuerySchema,
    CandleWindowSchema,
    'A level-of-detail window for the chart: raw bars when the span fits in maxBars, otherwise resampled to the smallest round bucket that does; with a regime run, its filtered P(high vol) at each bar.',
  ),
  'data.getTrueRegimes': method(
    z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema }).strict(),
    TrueRegimesSchema,
    'The simulated regime path of a simulated instrument (ground truth for checks).',
  ),

  'data.listImports': method(z.object({ instrumentId: InstrumentIdSchema.optional() }).strict(), z.array(ImportRecordSchema), 'Imported files, newest first.'),
  'data.getImportReport': method(z.object({ importId: z.number().int().positive() }).strict(), z.record(z.string(), z.unknown()), 'The full import report of one imported file.'),
  'data.getQuality': method(
    z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema }).strict(),
    z.array(PeriodQualitySchema),
    'History quality per month (year for 1d/1w): expected vs present, synthetic and incomplete bars.',
  ),
  'data.deleteInstrument': method(z.object({ instrumentId: InstrumentIdSchema }).strict(), z.object({ deleted: z.boolean() }), 'Delete an instrument with all its candles and import records.'),
  'data.explore': method(
    z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema, from: z.number().finite().optional(), to: z.number().finite().optional(), otherInstrumentIds: z.array(InstrumentIdSchema).max(20).optional() }).strict(),
    ExploreResultSchema,
    'Return distribution, tail, ARCH and autocorrelation diagnostics of one series, and cross-asset correlations (computed in the compute worker).',
  ),

  'regimes.getOverlay': method(
    z.object({ runId: z.string().min(1), hindsight: z.boolean().default(false) }).strict(),
    RegimeOverlaySchema,
    'Regime bands and the high-volatility probability of a regime run: filtered (causal) by default, smoothed only with hindsight: true.',
  ),

  'regimes.getReplayTrace': method(
    ReplayTraceQuerySchema,
    ReplayTraceSchema,
    'The gate state of a regime run bar by bar from its filtered probabilities (raw and confirmed regime, pending candidate, confirmation counter, leverage decided): what replay shows.',
  ),

  'backtest.validate': method(
    z.object({ config: z.unknown() }).strict(),
    z.object({ ok: z.boolean(), issues: z.array(ConfigIssueSchema) }),
    'Validate a strategy config; issues name the field path (for messages beside the fields).',
  ),
  'backtest.examples': method(z.object({}).strict(), z.array(StrategyExampleSchema), 'The example strategy configs shipped in resources/strategies (the research experiments).'),
  'backtest.preview': method(
    z.object({ config: z.unknown(), timeframe: TimeframeSchema, regimeRunId: z.string().min(1) }).strict(),
    LeveragePreviewSchema,
    'The leverage schedule a config would hold on a saved regime run\'s filtered probabilities, before running it.',
  ),

  'reports.render': method(
    z.object({ runIds: z.array(z.string().min(1)).min(1).max(6) }).strict(),
    z.object({ html: z.string(), title: z.string(), bytes: z.number().int() }),
    'The report of one backtest run, or a comparison of several, as one self-contained offline HTML file.',
  ),

  'reports.export': method(
    z.object({ runIds: z.array(z.string().min(1)).min(1).max(6), path: z.string().min(1).regex(/\.html?$/i, 'the file must end in .html') }).strict(),
    z.object({ path: z.string(), bytes: z.number().int() }),
    'Write the report to a file chosen in the native save dialog (Electron); the browser downloads reports.render instead.',
  ),

  'runs.list': method(
    z.object({ kind: RunKindSchema.optional(), instrumentId: InstrumentIdSchema.optional(), tag: z.string().optional(), search: z.string().max(200).optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
    z.array(RunSummarySchema),
    'The run history (fits, backtests, sweeps), newest first; search matches title, notes, id and hashes.',
  ),
  'runs.get': method(
    z.object({ runId: z.string().min(1), series: z.union([z.literal('all'), z.array(z.string())]).optional() }).strict(),
    RunRecordSchema,
    'One run with its spec and result, and the named bulk series as typed arrays.',
  ),
  'runs.update': method(
    z.object({ runId: z.string().min(1), notes: z.string().max(20_000).optional(), tags: z.array(z.string().min(1).max(40)).max(50).optional(), title: z.string().min(1).max(200).optional() }).strict(),
    RunSummarySchema,
    'Edit a run\'s title, notes or tags.',
  ),
  'runs.delete': method(z.object({ runId: z.string().min(1) }).strict(), z.object({ deleted: z.boolean() }), 'Delete a run and its series.'),

  'models.list': method(NoInput, z.array(ModelInfoSchema), 'Registered ONNX models (shipped and imported) with task, input, horizon and training metrics.'),
  'models.get': method(
    z.object({ modelId: z.string().min(1) }).strict(),
    ModelInfoSchema.extend({ manifest: z.record(z.string(), z.unknown()) }),
    'One registered model with its full manifest.',
  ),
  'models.remove': method(
    z.object({ modelId: z.string().min(1) }).strict(),
    z.object({ removed: z.boolean() }),
    'Unregister an imported model and delete its copied files (shipped models are refused: they come back at every start).',
  ),

  'cluster.testConnection': method(
    z.object({ redisUrl: RedisUrlSchema, allowUnauthenticated: z.boolean().optional(), /** rediss:// with a private CA or a client certificate (PEM file paths). */ tls: RedisTlsSchema.optional() }).strict(),
    z.object({
      ok: z.boolean(),
      /** The URL with its password replaced by ***. */
      url: z.string(),
      tls: z.boolean(),
      /** The server refuses clients that do not authenticate (null: not reached). */
      authenticated: z.boolean().nullable(),
      /** Sweeps may be enqueued there (authenticated, or the override was given). */
      allowed: z.boolean(),
      latencyMs: z.number().nullable(),
      redisVersion: z.string().nullable(),
      /** Cluster workers with a heartbeat in the last 10 s. */
      workers: z.number().int(),
      queued: z.number().int().nullable(),
      message: z.string(),
    }),
    'Test a cluster backend Redis: reachability, authentication, round trip, version and live worker count.',
  ),

  'workspace.get': method(NoInput, WorkspaceStateSchema, 'The remembered workspace (view, instrument, timeframe, regime run, panel and band toggles, pane sizes, multi-asset instruments); {} at first.'),
  'workspace.set': method(WorkspaceStateSchema, WorkspaceStateSchema, 'Merge these fields into the remembered workspace; returns the whole state.'),
  'jobs.start': method(
    z.object({ kind: JobKindSchema, params: z.record(z.string(), z.unknown()).default({}) }).strict(),
    z.object({ jobId: z.string() }),
    'Start long work; progress, done and error arrive as job events.',
  ),
  'jobs.cancel': method(z.object({ jobId: z.string() }).strict(), z.object({ cancelled: z.boolean() }), 'Cancel a running job.'),
  'jobs.list': method(NoInput, z.array(JobInfoSchema), 'Jobs of this session, newest first.'),
  'jobs.get': method(z.object({ jobId: z.string() }).strict(), JobInfoSchema, 'One job by id.'),
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodInput<M extends MethodName> = z.input<(typeof METHODS)[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<(typeof METHODS)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<(typeof METHODS)[M]['output']>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(METHODS, value);
}
