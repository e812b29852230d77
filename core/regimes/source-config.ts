// Where a backtest's regimes come from, as a declarative, validated config: none, a series supplied
// with the data (a persisted regime run or an imported CSV), a walk-forward MS-GARCH fit inside the
// backtest, or hindsight (smoothed, full-sample; labelled as such). `detectionTimeframe` fits the
// regimes on coarser bars (1d, 1w) than the strategy trades, mapped onto them strictly causally.

import { z } from 'zod';
import { TIMEFRAMES } from '../series/timeframe.ts';

export const MsGarchRegimeModelSchema = z.object({
  variance: z.enum(['sGARCH', 'gjrGARCH']).default('gjrGARCH'),
  distribution: z.enum(['norm', 'std']).default('norm'),
  regimeCount: z.number().int().min(2).max(4).default(2),
});

const detection = { detectionTimeframe: z.enum(TIMEFRAMES).optional() };

export const RegimeSourceSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('none') }),
  /** data.instruments[i].regimeSeries (persisted regime run, imported CSV, ONNX output once it exists). */
  z.object({ source: z.literal('series') }),
  z.object({
    source: z.literal('walk-forward'),
    model: MsGarchRegimeModelSchema.prefault({}),
    ...detection,
    /** Detection bars between refits. */
    refitEveryBars: z.number().int().min(1).default(180),
    window: z.enum(['expanding', 'rolling']).default('expanding'),
    windowBars: z.number().int().min(50).optional(),
    /** Detection bars (returns) in the first fit; earlier bars have no regime. */
    minTrainBars: z.number().int().min(50).default(1000),
    restarts: z.number().int().min(1).max(20).default(2),
  }),
  z.object({
    source: z.literal('hindsight'),
    model: MsGarchRegimeModelSchema.prefault({}),
    ...detection,
    /** Fit sample: 'window' = the backtest window only (default), 'all' = every bar in the data. */
    fitSample: z.enum(['window', 'all']).default('window'),
    restarts: z.number().int().min(1).max(20).default(4),
  }),
]);
export type RegimeSourceConfig = z.infer<typeof RegimeSourceSchema>;
