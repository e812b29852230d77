// Events pushed from the services to every connected client (IPC, bridge WebSocket, direct).

import { z } from 'zod';
import { JobInfoSchema } from './schemas.ts';

export const EVENTS = {
  'job.progress': z.object({ jobId: z.string(), kind: z.string(), progress: z.number(), message: z.string() }),
  'job.done': z.object({ jobId: z.string(), kind: z.string(), result: z.unknown(), job: JobInfoSchema }),
  'job.error': z.object({ jobId: z.string(), kind: z.string(), error: z.object({ code: z.string(), message: z.string() }), job: JobInfoSchema }),
  'data.changed': z.object({ instrumentId: z.number().int().nullable(), reason: z.string() }),
  'runs.changed': z.object({ runId: z.string(), reason: z.string() }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EVENTS, value);
}
