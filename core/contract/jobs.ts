// Job kinds: long work started through `jobs.start`, each with a params and a result schema.
// Progress, completion and errors arrive as `job.*` events; `jobs.cancel` leaves no partial state.

import { z } from 'zod';

export const JOB_KINDS = {
  /** Simulate the embedded BTC-like sample and store it (replaces an existing sample). */
  'data.seedSample': {
    params: z.object({ seed: z.number().int().optional(), years: z.number().int().min(1).max(20).optional() }).strict(),
    result: z.object({ instrumentId: z.number().int(), bars: z.number().int() }),
  },
} as const;

export type JobKind = keyof typeof JOB_KINDS;
export type JobParams<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['params']>;
export type JobResult<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['result']>;

export const JobKindSchema = z.enum(Object.keys(JOB_KINDS) as [JobKind, ...JobKind[]]);
