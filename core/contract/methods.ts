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
} from './schemas.ts';
import { JobKindSchema } from './jobs.ts';

const NoInput = z.object({}).strict();

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}

export const METHODS = {
  'system.info': method(NoInput, SystemInfoSchema, 'Versions, data directory, store path and mode.'),

  'data.listInstruments': method(NoInput, z.array(InstrumentSchema), 'Instruments with bar counts and spans per timeframe.'),
  'data.getCandles': method(CandleQuerySchema, CandleSeriesSchema, 'Candles of one instrument and timeframe as columnar typed arrays.'),
  'data.getTrueRegimes': method(
    z.object({ instrumentId: InstrumentIdSchema, timeframe: TimeframeSchema }).strict(),
    TrueRegimesSchema,
    'The simulated regime path of a simulated instrument (ground truth for checks).',
  ),

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
