// Runs a job from the CLI and waits for it: progress on stderr (when it is a terminal; otherwise
// only a cluster job's PAUSED messages, which explain a silent wait while Redis is away), Ctrl-C
// cancels the job (leaving the store as it was) before the process exits.

import type { JobKind, JobResult } from '../../core/contract/jobs.ts';
import { RegimeLabError } from '../../core/errors.ts';
import type { Workstation } from '../services/workstation.ts';
import type { CliContext } from './command.ts';

/** Cancels every job this CLI process is waiting on; one SIGINT listener however many jobs run. */
const running = new Map<string, Workstation>();
function cancelAll(): void {
  for (const [jobId, ws] of running) ws.jobs.cancel(jobId);
}

export async function runJob<K extends JobKind>(ws: Workstation, kind: K, params: unknown, ctx: CliContext, label: string): Promise<JobResult<K>> {
  const { jobId, done } = ws.startJob(kind, params);
  const interactive = process.stderr.isTTY === true && !ctx.json;
  let lastPause = '';
  const off = ws.on('job.progress', (p) => {
    if (p.jobId !== jobId) return;
    if (interactive) process.stderr.write(`\r${label}: ${(p.progress * 100).toFixed(0).padStart(3)}% ${p.message.slice(0, 60).padEnd(60)}`);
    const paused = p.message.startsWith('PAUSED');
    if (paused && p.message !== lastPause && !process.stderr.isTTY) ctx.stderr(p.message);
    lastPause = paused ? p.message : '';
  });
  if (running.size === 0) process.on('SIGINT', cancelAll);
  running.set(jobId, ws);
  try {
    return (await done) as JobResult<K>;
  } catch (error) {
    if (error instanceof RegimeLabError && error.code === 'E_CANCELLED') throw new RegimeLabError('E_CANCELLED', `${label}: cancelled; nothing was written`);
    throw error;
  } finally {
    running.delete(jobId);
    if (running.size === 0) process.off('SIGINT', cancelAll);
    off();
    if (interactive) process.stderr.write('\r' + ' '.repeat(80) + '\r');
  }
}
