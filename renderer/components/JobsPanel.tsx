// The jobs panel: every job of this session with progress, ETA and cancel. Jobs live in main, so
// the list is read with `jobs.list` on load (a window reload loses nothing) and kept by job events.

import { useEffect, useState } from 'react';
import type { JobInfo } from '../../core/contract/schemas.ts';
import { api } from '../api.ts';

/** Remaining time from the progress so far (linear extrapolation); null until there is progress. */
function eta(job: JobInfo, now: number): string {
  if (job.state !== 'running' || job.progress <= 0.01) return job.state === 'running' ? 'estimating…' : '';
  const elapsed = now - job.startedAt;
  const remaining = (elapsed * (1 - job.progress)) / job.progress;
  return remaining < 60_000 ? `${Math.ceil(remaining / 1000)} s left` : `${Math.round(remaining / 60_000)} min left`;
}

export function useJobs(): JobInfo[] {
  const [jobs, setJobs] = useState<Record<string, JobInfo>>({});
  useEffect(() => {
    let cancelled = false;
    void api.call('jobs.list', {}).then((list) => {
      if (!cancelled) setJobs((j) => ({ ...Object.fromEntries(list.map((x) => [x.jobId, x])), ...j }));
    });
    const offs = [
      api.on('job.progress', (p) =>
        setJobs((j) => ({ ...j, [p.jobId]: { ...(j[p.jobId] ?? { jobId: p.jobId, kind: p.kind, startedAt: Date.now(), endedAt: null, error: null }), state: 'running', progress: p.progress, message: p.message } })),
      ),
      api.on('job.done', (p) => setJobs((j) => ({ ...j, [p.jobId]: p.job }))),
      api.on('job.error', (p) => setJobs((j) => ({ ...j, [p.jobId]: p.job }))),
    ];
    return () => {
      cancelled = true;
      offs.forEach((off) => off());
    };
  }, []);
  return Object.values(jobs).sort((a, b) => b.startedAt - a.startedAt);
}

export function JobsPanel({ jobs, onClose }: { jobs: JobInfo[]; onClose: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="jobs-panel" data-testid="jobs-panel" role="dialog" aria-label="Jobs">
      <div className="jobs-head">
        <b>Jobs</b> <span className="muted">(this session; they run in the workstation, not the window)</span>
        <span className="spacer" />
        <button className="link" onClick={onClose}>close</button>
      </div>
      {jobs.length === 0 ? (
        <div className="muted">No jobs yet. Imports, downloads, fits and backtests appear here.</div>
      ) : (
        <table className="grid">
          <tbody>
            {jobs.map((j) => (
              <tr key={j.jobId} data-testid="job-row" data-state={j.state} data-kind={j.kind}>
                <td>{j.kind}</td>
                <td><progress max={1} value={j.progress} /> {(j.progress * 100).toFixed(0)}%</td>
                <td className="muted">{j.state === 'running' ? eta(j, now) : j.state}</td>
                <td className="job-message" title={j.message}>{j.message}</td>
                <td>{j.state === 'running' && <button className="link danger" data-testid="job-cancel" onClick={() => void api.call('jobs.cancel', { jobId: j.jobId })}>cancel</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
