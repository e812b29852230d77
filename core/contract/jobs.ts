// Job kinds: long work started through `jobs.start`, each with a params and a result schema.
// Progress, completion and errors arrive as `job.*` events; `jobs.cancel` leaves no partial state.

import { z } from 'zod';
import { TimeframeSchema, Uint8ArraySchema } from './schemas.ts';

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
    }),
  },
} as const;

export type JobKind = keyof typeof JOB_KINDS;
export type JobParams<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['params']>;
export type JobResult<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['result']>;

export const JobKindSchema = z.enum(Object.keys(JOB_KINDS) as [JobKind, ...JobKind[]]);
