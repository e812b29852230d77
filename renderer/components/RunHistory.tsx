// The run history: every fit, backtest and sweep with its config and data hashes, notes and tags,
// searchable; a run's chart can be reopened from here (a regime fit's bands, a backtest's equity,
// leverage and trades on its instrument), and a run can be rerun from the spec it keeps.

import { useCallback, useEffect, useState } from 'react';
import type { RunKind, RunSummary } from '../../core/contract/schemas.ts';
import { api } from '../api.ts';
import { JobError, runJob } from '../../core/contract/run-job.ts';
import { rerunRequest } from '../../core/contract/rerun.ts';

type Props = { onOpen: (run: RunSummary) => void };

export function RunHistory({ onOpen }: Props) {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<RunKind | ''>('');
  const [selected, setSelected] = useState<RunSummary | null>(null);
  const [notes, setNotes] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [rerun, setRerun] = useState<{ runId: string; jobId: string | null; message: string } | null>(null);

  const refresh = useCallback(async () => {
    try {
      setRuns(await api.call('runs.list', { ...(search ? { search } : {}), ...(kind ? { kind } : {}), limit: 500 }));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [search, kind]);

  useEffect(() => {
    void refresh();
    return api.on('runs.changed', () => void refresh());
  }, [refresh]);

  useEffect(() => {
    setNotes(selected?.notes ?? '');
    setTags(selected?.tags.join(', ') ?? '');
  }, [selected]);

  const save = async () => {
    if (!selected) return;
    const updated = await api.call('runs.update', { runId: selected.id, notes, tags: tags.split(',').map((t) => t.trim()).filter(Boolean) });
    setSelected(updated);
  };

  /** Starts the job that made the selected run again, from its stored spec; the new run appears in the list. */
  const startRerun = async () => {
    if (!selected) return;
    setError(null);
    const runId = selected.id;
    const show = (jobId: string | null, message: string) => setRerun((r) => (r && r.runId === runId ? { ...r, jobId, message } : r));
    try {
      const record = await api.call('runs.get', { runId });
      const request = rerunRequest(selected.kind, record.spec, selected.title);
      if (!request.ok) {
        setError(`Cannot rerun: ${request.reason}`);
        return;
      }
      await runJob(api, request.kind, request.params, {
        onStarted: (jobId) => setRerun({ runId, jobId, message: 'started' }),
        onProgress: (_progress, message) => setRerun((r) => (r && r.runId === runId && r.jobId ? { ...r, message } : r)),
      });
      show(null, 'done: the new run is at the top of the list');
    } catch (e) {
      // A job that failed says so on its status line; one that never started, above the list.
      if (e instanceof JobError) show(null, `failed: ${e.message}`);
      else setError(`Rerun failed: ${(e as Error).message}`);
    }
  };

  return (
    <div className="run-history" data-testid="run-history">
      <div className="run-filters">
        <input placeholder="Search title, notes, id, hashes…" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="run-search" />
        <select value={kind} onChange={(e) => setKind(e.target.value as RunKind | '')} data-testid="run-kind">
          <option value="">all kinds</option>
          <option value="regime-fit">regime fits</option>
          <option value="backtest">backtests</option>
          <option value="sweep">sweeps</option>
          <option value="walk-forward">walk-forward</option>
        </select>
        <span className="muted">{runs.length} runs</span>
      </div>
      {error && <div className="message error">{error}</div>}
      <div className="columns">
        <table className="grid" data-testid="run-table">
          <thead><tr><th>Run</th><th>Kind</th><th>Series</th><th>Config</th><th>Data</th><th>Created</th><th>Tags</th></tr></thead>
          <tbody>
            {runs.length === 0 && <tr><td colSpan={7} className="muted">No runs match. Fit regimes in the chart's regime panel, or run a backtest.</td></tr>}
            {runs.map((r) => (
              <tr key={r.id} className={r.id === selected?.id ? 'selected' : ''} onClick={() => setSelected(r)} data-testid="run-row" data-run-id={r.id}>
                <td>{r.title}{r.hindsight ? <span className="badge small simulated">HINDSIGHT</span> : null}</td>
                <td>{r.kind}</td>
                <td>{r.timeframe ?? '—'}</td>
                <td className="mono">{r.configHash.slice(0, 10)}</td>
                <td className="mono">{r.dataHash.slice(0, 10)}</td>
                <td className="muted">{new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{r.tags.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected && (
          <div className="report" data-testid="run-details">
            <h4>{selected.title}</h4>
            <dl className="facts">
              <dt>Run id</dt><dd className="mono">{selected.id}</dd>
              <dt>Config hash</dt><dd className="mono">{selected.configHash}</dd>
              <dt>Data hash</dt><dd className="mono">{selected.dataHash}</dd>
              <dt>Span</dt><dd>{selected.fromTime ? new Date(selected.fromTime).toISOString().slice(0, 10) : '—'} → {selected.toTime ? new Date(selected.toTime).toISOString().slice(0, 10) : '—'}</dd>
              <dt>Version</dt><dd>{selected.appVersion} · {(selected.durationMs / 1000).toFixed(1)} s</dd>
            </dl>
            <label className="stack">Notes<textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} data-testid="run-notes" /></label>
            <label className="stack">Tags (comma-separated)<input value={tags} onChange={(e) => setTags(e.target.value)} data-testid="run-tags" /></label>
            <div className="buttons">
              <button onClick={() => void save()} data-testid="run-save">Save notes</button>
              {(selected.kind === 'regime-fit' || selected.kind === 'backtest') && selected.instrumentId !== null && (
                <button onClick={() => onOpen(selected)} data-testid="run-open-chart">Open chart</button>
              )}
              <button onClick={() => void startRerun()} disabled={rerun?.jobId != null} data-testid="run-rerun">Rerun</button>
            </div>
            {rerun?.runId === selected.id && <div className="muted" role="status" data-testid="run-rerun-status">Rerun: {rerun.message}</div>}
          </div>
        )}
      </div>
    </div>
  );
}
