import { describe, expect, it } from 'vitest';
import { applyJobEvent, IDLE, shouldPreventSuspension, taskbarProgress } from '../../../../main/electron/job-activity.ts';

describe('job activity (dock/taskbar progress, power-save blocking)', () => {
  it('shows no bar and holds no blocker when idle', () => {
    expect(taskbarProgress(IDLE)).toBe(-1);
    expect(shouldPreventSuspension(IDLE)).toBe(false);
  });

  it('averages the progress of running jobs and releases when the last one ends', () => {
    let state = applyJobEvent(IDLE, 'job.progress', { jobId: 'a', kind: 'sweep', progress: 0.2, message: '' });
    state = applyJobEvent(state, 'job.progress', { jobId: 'b', kind: 'fit', progress: 0.6, message: '' });
    expect(taskbarProgress(state)).toBeCloseTo(0.4, 12);
    expect(shouldPreventSuspension(state)).toBe(true);
    state = applyJobEvent(state, 'job.done', { jobId: 'a' });
    expect(taskbarProgress(state)).toBeCloseTo(0.6, 12);
    state = applyJobEvent(state, 'job.error', { jobId: 'b' });
    expect(taskbarProgress(state)).toBe(-1);
    expect(shouldPreventSuspension(state)).toBe(false);
  });

  it('clamps progress to [0, 1] and ignores malformed or unrelated events', () => {
    const state = applyJobEvent(IDLE, 'job.progress', { jobId: 'a', progress: 7 });
    expect(taskbarProgress(state)).toBe(1);
    expect(taskbarProgress(applyJobEvent(IDLE, 'job.progress', { jobId: 'a', progress: Number.NaN }))).toBe(0);
    expect(applyJobEvent(state, 'data.changed', { instrumentId: 1, reason: 'x' })).toBe(state);
    expect(applyJobEvent(state, 'job.progress', null)).toBe(state);
    expect(applyJobEvent(state, 'job.done', { jobId: 'unknown' })).toBe(state);
    expect(IDLE.running.size).toBe(0); // the reducer never mutates
  });
});
