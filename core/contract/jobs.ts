// Job kinds: long work started through `jobs.start`, each with a params and a result schema.
// Progress, completion and errors arrive as `job.*` events; `jobs.cancel` leaves no partial state.

import { z } from 'zod';
import { ModelInfoSchema, ModelTaskSchema, TimeframeSchema, Uint8ArraySchema } from './schemas.ts';
import { RegimeModelSpecSchema } from './regimes.ts';
import type { ClassifierModeRow, ForecasterComparison } from '../ml/evaluation.ts';

const RegimeDataSchema = {
  instrumentId: z.number().int().positive(),
  timeframe: TimeframeSchema,
  from: z.number().finite().optional(),
  to: z.number().finite().optional(),
};

const RegimeFitSummarySchema = z.record(z.string(), z.unknown());

/** How an import treats the file's defects (each decision is counted in the import report). */
export const ImportPolicySchema = z
  .object({
    symbol: z.string().min(1).max(40).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only').optional(),
    market: z.enum(['spot', 'usd-m', 'coin-m']).optional(),
    exchange: z.string().min(1).max(40).optional(),
    timeframe: TimeframeSchema.optional(),
    duplicatePolicy: z.enum(['last-wins', 'first-wins', 'refuse']).optional(),
    unfinished: z.enum(['drop', 'keep']).optional(),
    fillGaps: z.boolean().optional(),
    fillMaxBars: z.number().int().min(1).max(1000).optional(),
    maxRejectedShare: z.number().min(0).max(1).optional(),
    allowSymbolMismatch: z.boolean().optional(),
    delimiter: z.string().length(1).optional(),
    columns: z.record(z.string(), z.union([z.string(), z.number().int().nonnegative()])).optional(),
  })
  .strict();
export type ImportPolicy = z.infer<typeof ImportPolicySchema>;

/** One archive of a `data.download` job and what became of it. */
export const DownloadedArchiveSchema = z.object({
  fileName: z.string(),
  url: z.string(),
  period: z.enum(['monthly', 'daily']),
  /** `YYYY-MM` or `YYYY-MM-DD`. */
  label: z.string(),
  /** imported; unchanged (already in the store, same SHA-256); missing (HTTP 404); failed (refused, with the reason). */
  status: z.enum(['imported', 'unchanged', 'missing', 'failed']),
  source: z.enum(['network', 'cache']).nullable(),
  sizeBytes: z.number(),
  sha256: z.string().nullable(),
  attempts: z.number().int(),
  resumes: z.number().int(),
  bars: z.number().int().nullable(),
  message: z.string(),
});
export type DownloadedArchive = z.infer<typeof DownloadedArchiveSchema>;

/** `YYYY-MM-DD` (a UTC day) or `YYYY-MM` (a whole month). */
const ArchiveDaySchema = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date YYYY-MM-DD or a month YYYY-MM');

/** Test-time training of a chart classifier: none (baseline), standard (per sample, reset), online (state carried along the series), entropy-adaptive. */
export const TttModeSchema = z.enum(['none', 'standard', 'online', 'entropy']);

/** A model's evaluation over a period: the research's tables (`models.evaluate`). */
export const ModelEvaluationSchema = z.object({
  task: ModelTaskSchema,
  modelIds: z.array(z.string()),
  symbol: z.string(),
  timeframe: TimeframeSchema,
  simulated: z.boolean(),
  period: z.object({ fromMs: z.number(), toMs: z.number() }),
  provider: z.string(),
  durationMs: z.number(),
  /** Forecasters vs the in-app GARCH(1,1)-t rolling forecast, bootstrap tests, importance by feature group. */
  forecasters: z
    .custom<ForecasterComparison & { horizonBars: number; importance: Record<string, { group: string; features: number; r2Drop: number; mseIncrease: number }[]> }>()
    .nullable(),
  /** Chart classifier: Baseline / TTT modes with accuracy, F1, ECE, Brier, IC, overall and per realized-vol quartile. */
  classifier: z.custom<{ strideBars: number; labelThreshold: number; rows: ClassifierModeRow[] }>().nullable(),
});
export type ModelEvaluation = z.infer<typeof ModelEvaluationSchema>;

/** Redis URL of the cluster backend: redis://[USER:PASSWORD@]HOST[:PORT][/DB], or rediss:// for TLS. */
export const RedisUrlSchema = z.string().max(2000).regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// (TLS) URL');

/**
 * TLS files for a rediss:// URL, as paths of PEM files on the machine that connects: `caFile` the CA
 * that signed the server's certificate (default: the system CAs), `certFile` + `keyFile` a client
 * certificate for servers that require one (redis-server's `tls-auth-clients yes`, its default).
 */
export const RedisTlsSchema = z
  .object({ caFile: z.string().min(1).optional(), certFile: z.string().min(1).optional(), keyFile: z.string().min(1).optional() })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), { message: 'certFile and keyFile go together; give both or neither', path: ['certFile'] });
export type RedisTlsFiles = z.infer<typeof RedisTlsSchema>;

/** Where a sweep's variants (or a study's cells) run: the local worker pool, or BullMQ workers on the named Redis. */
export const SweepBackendSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('cluster'),
      redisUrl: RedisUrlSchema,
      /** Explicit override: enqueue to a Redis that accepts clients without authentication. */
      allowUnauthenticated: z.boolean().optional(),
      /** rediss:// only: a private CA and/or a client certificate (PEM file paths on this machine). */
      tls: RedisTlsSchema.optional(),
    })
    .strict(),
]);
export type SweepBackendChoice = z.infer<typeof SweepBackendSchema>;

/** Where a sweep's or a study's units ran: how many were computed, reused from earlier runs, and by how many workers. */
const ExecutionSummarySchema = z.object({ backend: z.enum(['local', 'cluster']), computed: z.number().int(), reused: z.number().int(), workers: z.number().int() });

/** One variant of a sweep: its grid values and headline statistics (core/backtest HeadlineStats), or its error. */
export const SweepRowSchema = z.object({
  index: z.number().int(),
  variant: z.record(z.string(), z.unknown()),
  hindsight: z.boolean(),
  headline: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().optional(),
});

/**
 * One cell of a walk-forward study: an (instrument, timeframe) backtest with walk-forward regimes,
 * keyed by `cellKey` = hash(cell config hash, data hash). Headline statistics of the strategy and of
 * buy-and-hold over the same window, the refit count, and the error of a cell that could not run.
 */
export const StudyRowSchema = z.object({
  index: z.number().int(),
  symbol: z.string(),
  timeframe: TimeframeSchema,
  cellKey: z.string(),
  dataHash: z.string(),
  /** Candles of the cell (history for the fits included). */
  bars: z.number().int(),
  /** First and last traded bar (null when the cell could not run). */
  fromTime: z.number().nullable(),
  toTime: z.number().nullable(),
  /** Always false: walk-forward regimes use bars ≤ t only (studies refuse other regime sources). */
  hindsight: z.boolean(),
  refits: z.number().int(),
  regimeSwitches: z.number().int(),
  headline: z.record(z.string(), z.unknown()).nullable(),
  buyAndHold: z.object({ totalReturn: z.number().nullable(), sharpe: z.number().nullable(), maxDrawdown: z.number().nullable() }).nullable(),
  error: z.string().optional(),
});
export type StudyRow = z.infer<typeof StudyRowSchema>;

export const JOB_KINDS = {
  /** Simulate the embedded BTC-like sample and store it (replaces an existing sample). */
  'data.seedSample': {
    params: z.object({ seed: z.number().int().optional(), years: z.number().int().min(1).max(20).optional() }).strict(),
    result: z.object({ instrumentId: z.number().int(), bars: z.number().int() }),
  },
  /** Import one exchange file (a path on this machine, or its bytes from a browser upload). */
  'data.importFile': {
    params: z
      .object({
        path: z.string().min(1).optional(),
        bytes: Uint8ArraySchema.optional(),
        fileName: z.string().min(1).max(255).optional(),
        policy: ImportPolicySchema.default({}),
      })
      .strict()
      .refine((p) => (p.path !== undefined) !== (p.bytes !== undefined), { message: 'give either `path` or `bytes`', path: ['path'] })
      .refine((p) => p.bytes === undefined || p.fileName !== undefined, { message: '`fileName` is required with `bytes`', path: ['fileName'] }),
    result: z.object({
      status: z.enum(['imported', 'unchanged']),
      instrumentId: z.number().int(),
      symbol: z.string(),
      market: z.string(),
      timeframe: TimeframeSchema,
      importId: z.number().int(),
      merge: z.object({ added: z.number(), replaced: z.number(), identical: z.number(), removed: z.number() }),
      materialized: z.array(TimeframeSchema),
      report: z.record(z.string(), z.unknown()),
      message: z.string(),
      timings: z.object({ readMs: z.number(), parseMs: z.number(), storeMs: z.number() }),
    }),
  },
  /**
   * Download Binance public-archive klines (data.binance.vision layout) for a date range, verify
   * each archive against its .CHECKSUM and import it (one transaction per file).
   */
  'data.download': {
    params: z
      .object({
        symbol: z
          .string()
          .min(1)
          .max(40)
          .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only, as Binance names symbols (BTCUSDT, BTCUSD_PERP)')
          .transform((s) => s.toUpperCase()),
        market: z.enum(['spot', 'usd-m', 'coin-m']).default('spot'),
        interval: TimeframeSchema,
        from: ArchiveDaySchema,
        to: ArchiveDaySchema,
        /** Archive root; default: the `download.binance.baseUrl` setting, REGIMELAB_BINANCE_BASE_URL, https://data.binance.vision. */
        baseUrl: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL').optional(),
        concurrency: z.number().int().min(1).max(16).default(4),
        retries: z.number().int().min(0).max(10).default(4),
        retryDelayMs: z.number().int().min(0).max(60_000).default(1000),
        timeoutMs: z.number().int().min(50).max(600_000).default(30_000),
      })
      .strict(),
    result: z.object({
      symbol: z.string(),
      market: z.enum(['spot', 'usd-m', 'coin-m']),
      interval: TimeframeSchema,
      fromDay: z.string(),
      toDay: z.string(),
      baseUrl: z.string(),
      instrumentId: z.number().int().nullable(),
      /** Archives in the final plan (after monthly → daily fallbacks). */
      planned: z.number().int(),
      downloaded: z.number().int(),
      verified: z.number().int(),
      imported: z.number().int(),
      /** Already in the store with the same SHA-256: nothing changed. */
      skipped: z.number().int(),
      missing: z.number().int(),
      failed: z.number().int(),
      /** Archive bytes received over the network by this job. */
      bytes: z.number(),
      files: z.array(DownloadedArchiveSchema),
      notes: z.array(z.string()),
      message: z.string(),
    }),
  },
  /** Fit one regime model to an instrument's log returns (×100); the fit is saved as a run. */
  'regimes.fit': {
    params: z.object({ ...RegimeDataSchema, model: RegimeModelSpecSchema, title: z.string().max(200).optional() }).strict(),
    result: z.object({ runId: z.string(), summary: RegimeFitSummarySchema }),
  },
  /** Run one backtest of a strategy config on stored candles; saved as a run of kind 'backtest'. */
  'backtest.run': {
    params: z
      .object({
        config: z.unknown(),
        timeframe: TimeframeSchema,
        market: z.enum(['spot', 'usd-m', 'coin-m']).optional(),
        regimeRunIds: z.array(z.string().min(1)).max(10).optional(),
        /** Per instrument (config order): an imported probability series (CSV text: time, P(regime 1), …). */
        regimeCsv: z.array(z.object({ fileName: z.string().min(1), text: z.string().max(200_000_000), timeframe: TimeframeSchema.optional() })).max(10).optional(),
        title: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({ runId: z.string(), summary: z.record(z.string(), z.unknown()) }),
  },
  /**
   * A sweep: every variant of a grid over config fields (dot paths → values), headline statistics per
   * variant, saved as ONE run of kind 'sweep'. The backend (local worker pool, or BullMQ workers on a
   * Redis the user names) changes nothing in the variants, the rows or the run record.
   */
  'backtest.sweep': {
    params: z
      .object({
        /** A strategy config input (validated with parseStrategyConfig). */
        config: z.unknown(),
        grid: z.record(z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dot path such as sizing.leverage.0'), z.array(z.unknown()).min(1)),
        data: z
          .object({
            instrumentIds: z.array(z.number().int().positive()).min(1).max(20),
            timeframe: TimeframeSchema,
            from: z.number().finite().optional(),
            to: z.number().finite().optional(),
            /** Per instrument: a saved regime fit feeding `regimes.source: 'series'` (in-sample parameters). */
            regimeRunIds: z.array(z.string().min(1)).max(20).optional(),
          })
          .strict(),
        backend: SweepBackendSchema.default({ kind: 'local' }),
        title: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({
      runId: z.string(),
      total: z.number().int(),
      rows: z.array(SweepRowSchema),
      execution: ExecutionSummarySchema,
      durations: z.object({ dataMs: z.number(), regimesMs: z.number(), sweepMs: z.number(), saveMs: z.number(), totalMs: z.number() }),
    }),
  },
  /**
   * A walk-forward study: one strategy config whose regimes come from a walk-forward MS-GARCH fit
   * inside the backtest (`regimes.source: 'walk-forward'`), run on every instrument × timeframe cell
   * (the config's instruments are replaced by the cell's one), saved as ONE run of kind
   * 'walk-forward' with a row per cell. Same rows and run record on the local pool and the cluster.
   */
  'backtest.walkForwardStudy': {
    params: z
      .object({
        /** A strategy config input (validated with parseStrategyConfig); `instruments` is replaced per cell. */
        config: z.unknown(),
        instrumentIds: z.array(z.number().int().positive()).min(1).max(50).refine((ids) => new Set(ids).size === ids.length, 'lists an instrument twice'),
        timeframes: z.array(TimeframeSchema).min(1).max(7).refine((tfs) => new Set(tfs).size === tfs.length, 'lists a timeframe twice'),
        /** Candles read per cell (UTC ms); the config's window then selects the traded bars. */
        from: z.number().finite().optional(),
        to: z.number().finite().optional(),
        backend: SweepBackendSchema.default({ kind: 'local' }),
        title: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({
      runId: z.string(),
      total: z.number().int(),
      rows: z.array(StudyRowSchema),
      execution: ExecutionSummarySchema,
      durations: z.object({ dataMs: z.number(), studyMs: z.number(), saveMs: z.number(), totalMs: z.number() }),
    }),
  },
  /** Fit a regime model to a given series (CLI `fit --input`); nothing is saved. */
  'regimes.fitSeries': {
    params: z.object({ values: z.custom<Float64Array>((v) => v instanceof Float64Array, { message: 'expected a Float64Array' }), model: RegimeModelSpecSchema }).strict(),
    result: z.object({ summary: RegimeFitSummarySchema, series: z.record(z.string(), z.unknown()) }),
  },
  /** The research's selection: fit every spec (default K = 1..3 × GARCH/GJR × normal/t MS-GARCH) and rank by BIC. */
  'regimes.select': {
    params: z.object({ ...RegimeDataSchema, models: z.array(RegimeModelSpecSchema).min(1).max(40).optional() }).strict(),
    result: z.object({
      rows: z.array(z.object({ runId: z.string().nullable(), label: z.string(), spec: RegimeModelSpecSchema, loglik: z.number().nullable(), paramCount: z.number().nullable(), aic: z.number().nullable(), bic: z.number().nullable(), hqic: z.number().nullable(), error: z.string().nullable() })),
      bestRunId: z.string().nullable(),
    }),
  },
  /** Register an ONNX model with its manifest (copied into the data directory; graphs validated, mismatches refused). */
  'models.import': {
    params: z.object({ onnxPath: z.string().min(1), manifestPath: z.string().min(1) }).strict(),
    result: ModelInfoSchema,
  },
  /**
   * Run a model over an instrument's bars and save the regime signal as a 'regime-fit' run
   * (summary.source 'onnx', series time + filtered n×2 [P(calm), P(turbulent)]), so the chart's
   * regime bands and backtests read it like any fit. Classifier: P(high vol), regime at ≥ threshold
   * (default 0.5). Forecaster: turbulent when the forecast ≥ threshold (default: the causal expanding
   * `thresholdQuantile` of the realized h-bar vol of the windows complete before each bar).
   */
  'models.predict': {
    params: z
      .object({
        modelId: z.string().min(1),
        ...RegimeDataSchema,
        ttt: TttModeSchema.default('none'),
        /** Classifier: P(high vol) cut (default 0.5). Forecaster: a fixed per-bar volatility cut instead of the expanding quantile. */
        threshold: z.number().positive().finite().optional(),
        thresholdQuantile: z.number().gt(0).lt(1).default(0.75),
        /** Classifier: classify every n-th bar; the state holds until the next prediction (default 1 = every bar). */
        strideBars: z.number().int().min(1).max(1000).default(1),
        title: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({
      runId: z.string(),
      modelId: z.string(),
      task: ModelTaskSchema,
      bars: z.number().int(),
      predictions: z.number().int(),
      /** Share of bars in the turbulent state. */
      highShare: z.number(),
      threshold: z.object({ rule: z.string(), value: z.number().nullable() }),
      provider: z.string(),
      summary: RegimeFitSummarySchema,
    }),
  },
  /** The research's evaluation tables over a period (default: the last quarter of the stored bars). */
  'models.evaluate': {
    params: z
      .object({
        /** One classifier, or one or more forecasters (compared together against GARCH). */
        modelIds: z.array(z.string().min(1)).min(1).max(8),
        ...RegimeDataSchema,
        importance: z.boolean().default(true),
        garchWindow: z.number().int().min(200).max(100_000).optional(),
        garchRefitEvery: z.number().int().min(1).max(100_000).optional(),
        modes: z.array(TttModeSchema).min(1).max(4).optional(),
        strideBars: z.number().int().min(1).max(1000).optional(),
        seed: z.number().int().optional(),
      })
      .strict(),
    result: ModelEvaluationSchema,
  },
} as const;

export type JobKind = keyof typeof JOB_KINDS;
export type JobParams<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['params']>;
/** What a caller may pass to jobs.start for K: the params before defaults are filled in. */
export type JobParamsInput<K extends JobKind> = z.input<(typeof JOB_KINDS)[K]['params']>;
export type JobResult<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['result']>;

export const JobKindSchema = z.enum(Object.keys(JOB_KINDS) as [JobKind, ...JobKind[]]);
