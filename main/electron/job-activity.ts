// Long jobs as the desktop sees them: a pure reducer over job events giving the running count
// and the combined progress, from which the shell sets the dock/taskbar progress bar and holds a
// power-save blocker (the machine must not sleep halfway through a sweep).

import type { EventName } from '../../core/contract/events.ts';

export type JobActivity = { running: ReadonlyMap<string, number> };

export const IDLE: JobActivity = { running: new Map() };

/** Applies one service event; events other than job.* leave the state unchanged. */
export function applyJobEvent(state: JobActivity, event: EventName, payload: unknown): JobActivity {
  if (typeof payload !== 'object' || payload === null) return state;
  const jobId = (payload as { jobId?: unknown }).jobId;
  if (typeof jobId !== 'string') return state;
  if (event === 'job.progress') {
    const raw = (payload as { progress?: unknown }).progress;
    const progress = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
    const running = new Map(state.running);
    running.set(jobId, progress);
    return { running };
  }
  if (event === 'job.done' || event === 'job.error') {
    if (!state.running.has(jobId)) return state;
    const running = new Map(state.running);
    running.delete(jobId);
    return { running };
  }
  return state;
}

/**
 * The value for BrowserWindow.setProgressBar: -1 removes the bar when nothing runs; otherwise the
 * mean progress of the running jobs, in [0, 1] (each job counts equally: their costs are unknown).
 */
export function taskbarProgress(state: JobActivity): number {
  if (state.running.size === 0) return -1;
  let sum = 0;
  for (const progress of state.running.values()) sum += progress;
  return sum / state.running.size;
}

/** Whether the power-save blocker should be held. */
export function shouldPreventSuspension(state: JobActivity): boolean {
  return state.running.size > 0;
}
