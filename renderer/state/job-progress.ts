// A running job as a panel shows it (progress bar, message, Cancel), kept current by runJob's hooks.

import type { Dispatch, SetStateAction } from 'react';
import type { RunJobHooks } from '../../core/contract/run-job.ts';

export type JobProgress = { jobId: string; progress: number; message: string };

/** runJob hooks that keep `setJob`'s state on this job: set when it starts, updated on its progress. */
export function jobProgressHooks(setJob: Dispatch<SetStateAction<JobProgress | null>>): RunJobHooks {
  return {
    onStarted: (jobId) => setJob({ jobId, progress: 0, message: 'started' }),
    onProgress: (progress, message) => setJob((job) => (job ? { ...job, progress, message } : job)),
  };
}
