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
  ImportRecordSchema,
  PeriodQualitySchema,
} from './schemas.ts';
import { JobKindSchema } from './jobs.ts';

const NoInput = z.object({}).strict();

/** A file-type filter of a native open/save dialog (extensions without the dot; '*' for all). */
const DialogFilterSchema = z.object({ name: z.string().min(1).max(80), extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/, 'an extension without the dot, or *')).min(1).max(20) }).strict();

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}

export const METHODS = {
  'system.info': method(NoInput, SystemInfoSchema, 'Versions, data directory, store path and mode.'),
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
