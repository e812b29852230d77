// Starting a job and waiting for its end, over any transport. A job's done or error event can reach
// the caller before the answer to jobs.start does (the bridge sends events on its WebSocket and the
// answer over HTTP; a small import ends in milliseconds), so events that arrive while the id is not
// yet known are kept and looked up once it is: a job that ends first still settles its caller.

import type { WorkstationClient } from './client.ts';
import type { JobKind, JobParamsInput, JobResult } from './jobs.ts';

export type RunJobHooks = {
  /** Called with the id as soon as jobs.start answers (to show the job and offer Cancel). */
  onStarted?: (jobId: string) => void;
  /** This job's progress events (others' are not passed on). */
  onProgress?: (progress: number, message: string) => void;
};

/** A job's failure: its error code (E_CANCELLED when it was cancelled) and message. */
export class JobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

type Outcome = { ok: true; result: unknown } | { ok: false; code: string; message: string };

/** Starts `kind` with `params` and resolves with its result, or rejects with a JobError. */
export async function runJob<K extends JobKind>(client: WorkstationClient, kind: K, params: JobParamsInput<K>, hooks: RunJobHooks = {}): Promise<JobResult<K>> {
  let jobId: string | null = null;
  /** Ends of jobs seen before our id was known (ours may be among them). */
  const early = new Map<string, Outcome>();
  /** Progress seen before our id was known: only the latest of each job matters. */
  const earlyProgress = new Map<string, [number, string]>();
  let settle: ((outcome: Outcome) => void) | null = null;
  const ended = (id: string, outcome: Outcome) => {
    if (jobId === null) early.set(id, outcome);
    else if (id === jobId) settle?.(outcome);
  };
  const offs = [
    client.on('job.done', (p) => ended(p.jobId, { ok: true, result: p.result })),
    client.on('job.error', (p) => ended(p.jobId, { ok: false, code: p.error.code, message: p.error.message })),
    client.on('job.progress', (p) => {
      if (jobId === null) earlyProgress.set(p.jobId, [p.progress, p.message]);
      else if (p.jobId === jobId) hooks.onProgress?.(p.progress, p.message);
    }),
  ];
  try {
    const id = (await client.call('jobs.start', { kind, params: params as Record<string, unknown> })).jobId;
    jobId = id;
    hooks.onStarted?.(id);
    const outcome =
      early.get(id) ??
      (await new Promise<Outcome>((resolve) => {
        const progress = earlyProgress.get(id);
        if (progress) hooks.onProgress?.(...progress);
        settle = resolve;
      }));
    if (!outcome.ok) throw new JobError(outcome.code, outcome.message);
    return outcome.result as JobResult<K>;
  } finally {
    for (const off of offs) off();
  }
}
