// The regime-model spec as it crosses the API (CLI flags, the regime panel, backtest configs):
// one shape for GARCH/GJR, MS-GARCH, Markov-switching regression and the Gaussian HMM.

import { z } from 'zod';

export const RegimeModelSpecSchema = z
  .object({
    model: z.enum(['garch', 'gjr', 'msgarch', 'msreg', 'hmm']),
    /** Per-regime variance recursion of MS-GARCH (garch = sGARCH, gjr = gjrGARCH). */
    variance: z.enum(['garch', 'gjr']).optional(),
    /** Innovations: normal, unit-variance Student-t, skewed Student-t (GARCH/GJR only). */
    dist: z.enum(['norm', 't', 'skewt']).optional(),
    /** Number of regimes K (MS-GARCH 1–3, MS regression 2–3, HMM 2–4). */
    regimes: z.number().int().min(1).max(4).optional(),
    /** Constant mean (GARCH/GJR). */
    mean: z.boolean().optional(),
    /** MS regression: switching variance (default true, as the research). */
    switchingVariance: z.boolean().optional(),
    /** Optimizer restarts (MS-GARCH, MS regression). */
    restarts: z.number().int().min(1).max(50).optional(),
  })
  .strict();
export type RegimeModelSpec = z.infer<typeof RegimeModelSpecSchema>;
