// The registry of long-running jobs. A job runs asynchronously in main (usually delegating to a
// worker), reports progress, and ends done, error or cancelled; every transition is an event.
// Jobs live in main, so a window reload does not lose them.

import { randomUUID } from 'node:crypto';
import { RegimeLabError, serializeError, type CancelSignal } from '../../../core/errors.ts';
import type { JobInfo } from '../../../core/contract/schemas.ts';
import type { EventName, EventPayload } from '../../../core/contract/events.ts';

export type JobContext = {
  progress(fraction: number, message?: string): void;
  signal: CancelSignal;
  /** Shared flag (Int32Array over a SharedArrayBuffer) for worker-side cancellation checks. */
  cancelFlag: Int32Array;
};

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

type Entry = { info: JobInfo; cancelFlag: Int32Array; done: Promise<unknown> };

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly emit: Emit) {}

  start<T>(kind: string, run: (ctx: JobContext) => Promise<T>): { jobId: string; done: Promise<T> } {
    const jobId = randomUUID();
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const info: JobInfo = { jobId, kind, state: 'running', progress: 0, message: 'started', startedAt: Date.now(), endedAt: null, error: null };
    // Progress events are throttled to one per 50 ms, with a trailing event so the latest
    // fraction and message always arrive (a burst of updates never hides its last one).
    let lastEmit = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const emitProgress = () => {
      trailing = null;
      lastEmit = Date.now();
      if (info.state === 'running') this.emit('job.progress', { jobId, kind, progress: info.progress, message: info.message });
    };
    const ctx: JobContext = {
      cancelFlag,
      signal: { cancelled: () => Atomics.load(cancelFlag, 0) !== 0 },
      progress: (fraction, message) => {
        if (info.state !== 'running') return;
        info.progress = Math.min(1, Math.max(0, fraction));
        if (message) info.message = message;
        const wait = 50 - (Date.now() - lastEmit);
        if (wait <= 0 || info.progress === 1) {
          if (trailing) clearTimeout(trailing);
          emitProgress();
        } else if (!trailing) {
          trailing = setTimeout(emitProgress, wait);
        }
      },
    };
    const done = (async () => {
      try {
        const result = await run(ctx).finally(() => {
          if (trailing) {
            clearTimeout(trailing);
            emitProgress();
          }
        });
        if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user');
        Object.assign(info, { state: 'done', progress: 1, message: 'done', endedAt: Date.now() });
        this.emit('job.done', { jobId, kind, result, job: { ...info } });
        return result;
      } catch (error) {
        const serialized = serializeError(error);
        const cancelled = serialized.code === 'E_CANCELLED';
        Object.assign(info, {
          state: cancelled ? 'cancelled' : 'error',
          message: serialized.message,
          endedAt: Date.now(),
          error: { code: serialized.code, message: serialized.message },
        });
        this.emit('job.error', { jobId, kind, error: { code: serialized.code, message: serialized.message }, job: { ...info } });
        throw error;
      }
    })();
    done.catch(() => {}); // failures are reported through events; callers may still await `done`
    this.jobs.set(jobId, { info, cancelFlag, done });
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const entry = this.get(jobId);
    if (entry.info.state !== 'running') return false;
    Atomics.store(entry.cancelFlag, 0, 1);
    return true;
  }

  info(jobId: string): JobInfo {
    return { ...this.get(jobId).info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info })).sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Resolves when every running job has ended (used on shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()].map((e) => e.done));
  }

  private get(jobId: string): Entry {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new RegimeLabError('E_NOT_FOUND', `job ${jobId} does not exist`);
    return entry;
  }
}
