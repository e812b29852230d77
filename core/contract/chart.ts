// What the chart workspace asks the services for: a level-of-detail window of candles (resampled for
// wide views, raw when zoomed in or replaying) with the run's filtered probability aligned to its
// bars, and the replay trace of a regime run (the gate's state bar by bar, causal by construction).

import { z } from 'zod';
import { CandleColumnsSchema, Float64ArraySchema, InstrumentIdSchema, TimeframeSchema, TimeMsSchema } from './schemas.ts';

export const Int8ArraySchema = z.custom<Int8Array>((v) => v instanceof Int8Array, { message: 'expected an Int8Array' });
export const Int32ArraySchema = z.custom<Int32Array>((v) => v instanceof Int32Array, { message: 'expected an Int32Array' });

/** The switching gate replay applies (research/002 Example 2: 0.75 held for 2 bars). */
export const GateQuerySchema = z
  .object({ threshold: z.number().gt(0).max(1).default(0.75), confirmBars: z.number().int().min(1).max(1000).default(2), minDwellBars: z.number().int().min(0).max(100_000).default(0) })
  .strict()
  .default({ threshold: 0.75, confirmBars: 2, minDwellBars: 0 });
/** Leverage per regime, low-vol first (default: the research's Moderate 1.5x / 0.75x). */
export const LeverageQuerySchema = z.array(z.number().min(-20).max(20)).min(1).max(4).default([1.5, 0.75]);

export const CandleWindowQuerySchema = z
  .object({
    instrumentId: InstrumentIdSchema,
    timeframe: TimeframeSchema,
    /** Span to cover, UTC ms inclusive (default: the whole history). */
    from: TimeMsSchema.optional(),
    to: TimeMsSchema.optional(),
    /** At most this many bars come back; wider spans are resampled (about two screen widths). */
    maxBars: z.number().int().min(50).max(50_000).default(3200),
    /** A regime run of this instrument and timeframe: its filtered P(high vol) and gate state come back aligned to the bars. */
    regimeRunId: z.string().min(1).optional(),
    /** A backtest run on this instrument: its equity and leverage in force come back aligned to the bars. */
    backtestRunId: z.string().min(1).optional(),
    gate: GateQuerySchema,
    leverage: LeverageQuerySchema,
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] });

export const CandleWindowSchema = z.object({
  instrumentId: InstrumentIdSchema,
  symbol: z.string(),
  timeframe: TimeframeSchema,
  simulated: z.boolean(),
  /** Bar width of the returned candles; equals the timeframe's when `resampled` is false. */
  bucketMs: z.number().positive(),
  resampled: z.boolean(),
  /** The stored timeframe the buckets were built from. */
  sourceTimeframe: TimeframeSchema,
  /** The whole stored series (not only the window). */
  totalBars: z.number().int().nonnegative(),
  seriesFirstTime: TimeMsSchema.nullable(),
  seriesLastTime: TimeMsSchema.nullable(),
  /** The span covered, after clipping to the history. */
  from: TimeMsSchema.nullable(),
  to: TimeMsSchema.nullable(),
  candles: CandleColumnsSchema,
  /**
   * The regime run at each bar's close (its last row inside the bucket; NaN where none): filtered
   * P(high vol) — never smoothed — the most probable and the gated regime, the confirmation counter
   * and the leverage the gate decides. Switches inside the window, at their own bar times.
   */
  regime: z
    .object({
      probHigh: Float64ArraySchema,
      rawRegime: Float64ArraySchema,
      confirmedRegime: Float64ArraySchema,
      confirmCount: Float64ArraySchema,
      leverage: Float64ArraySchema,
      switches: z.object({ time: Float64ArraySchema, regime: Int8ArraySchema, confirmed: z.custom<Uint8Array>((v) => v instanceof Uint8Array) }),
    })
    .nullable(),
  /** The backtest run at each bar's close: equity, gross leverage in force, net exposure (NaN outside its window). */
  backtest: z.object({ runId: z.string(), equity: Float64ArraySchema, grossLeverage: Float64ArraySchema, netExposure: Float64ArraySchema }).nullable(),
});
export type CandleWindow = z.infer<typeof CandleWindowSchema>;

export const ReplayTraceQuerySchema = z
  .object({ runId: z.string().min(1), gate: GateQuerySchema, leverage: LeverageQuerySchema, warmupLeverage: z.number().min(-20).max(20).default(1) })
  .strict();

export const ReplayTraceSchema = z.object({
  runId: z.string(),
  label: z.string(),
  regimeCount: z.number().int(),
  gate: z.object({ threshold: z.number(), confirmBars: z.number().int(), minDwellBars: z.number().int() }),
  leverageByRegime: z.array(z.number()),
  /** Bar open times of the rows (the run's time axis). */
  time: Float64ArraySchema,
  /** Filtered P(high vol): replay never sees smoothed probabilities. */
  probHigh: Float64ArraySchema,
  rawRegime: Int8ArraySchema,
  confirmedRegime: Int8ArraySchema,
  pendingRegime: Int8ArraySchema,
  confirmCount: Int32ArraySchema,
  leverage: Float64ArraySchema,
  rawSwitches: Int32ArraySchema,
  confirmedSwitches: Int32ArraySchema,
});
export type ReplayTraceResult = z.infer<typeof ReplayTraceSchema>;
