// The regime panel: choose a model spec, fit it (progress, cancel) or run the research's BIC
// selection, browse the instrument's fitted runs, and read the chosen fit: parameters with
// standard errors, transition matrix, durations and per-regime volatility.

import { useCallback, useEffect, useState } from 'react';
import type { Instrument, RunSummary, Timeframe } from '../../core/contract/schemas.ts';
import type { RegimeModelSpec } from '../../core/contract/regimes.ts';
import { api } from '../api.ts';
import { runJob } from '../../core/contract/run-job.ts';
import { jobProgressHooks, type JobProgress } from '../state/job-progress.ts';
import { useUiRequest } from '../commands/ui-requests.ts';

type Props = {
  instrument: Instrument;
  timeframe: Timeframe;
  selectedRunId: string | null;
  onSelectRun: (runId: string | null) => void;
  hindsight: boolean;
  onHindsight: (value: boolean) => void;
  /** Bumped by the command palette / Shift+F: the same as pressing the Fit button. */
  fitRequest?: number;
};

type SelectionRow = { runId: string | null; label: string; loglik: number | null; paramCount: number | null; bic: number | null; aic: number | null; error: string | null };
type Summary = {
  label?: string;
  loglik?: number;
  nobs?: number;
  paramCount?: number;
  aic?: number;
  bic?: number;
  regimes?: number;
  paramOrder?: string[];
  params?: Record<string, number>;
  stderr?: Record<string, number | null>;
  transitionMatrix?: number[][] | null;
  stationary?: number[] | null;
  expectedDurationsBars?: number[] | null;
  expectedDurationsDays?: number[] | null;
  regimeVolAnnualized?: number[];
  converged?: boolean;
};

const MODELS: { value: RegimeModelSpec['model']; label: string }[] = [
  { value: 'msgarch', label: 'MS-GARCH' },
  { value: 'msreg', label: 'MS regression (switching mean & variance)' },
  { value: 'hmm', label: 'Gaussian HMM' },
  { value: 'gjr', label: 'GJR-GARCH(1,1)' },
  { value: 'garch', label: 'GARCH(1,1)' },
];

/**
 * A parameter estimate: a subnormal value (below 2.2e-308) is an optimizer resting on the bound 0 of
 * that parameter, not a number to read, so it shows as "0 (at bound)" with the raw value in the tooltip.
 */
const fmtEstimate = (x: number | null | undefined, digits: number) =>
  typeof x === 'number' && x !== 0 && Math.abs(x) < Number.MIN_VALUE * 2 ** 52 ? '0 (at bound)' : fmt(x, digits);
const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(digits));

export function RegimePanel({ instrument, timeframe, selectedRunId, onSelectRun, hindsight, onHindsight, fitRequest }: Props) {
  const [model, setModel] = useState<RegimeModelSpec['model']>('msgarch');
  const [variance, setVariance] = useState<'garch' | 'gjr'>('gjr');
  const [dist, setDist] = useState<'norm' | 't'>('t');
  const [regimes, setRegimes] = useState(2);
  const [job, setJob] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [selection, setSelection] = useState<SelectionRow[] | null>(null);

  const refresh = useCallback(async () => {
    const list = await api.call('runs.list', { kind: 'regime-fit', instrumentId: instrument.id });
    setRuns(list.filter((r) => r.timeframe === timeframe));
  }, [instrument.id, timeframe]);

  useEffect(() => {
    void refresh();
    return api.on('runs.changed', () => void refresh());
  }, [refresh]);

  const run = async (kind: 'regimes.fit' | 'regimes.select') => {
    setError(null);
    const spec: RegimeModelSpec = { model, ...(model === 'msgarch' ? { variance } : {}), ...(model === 'msgarch' || model === 'garch' || model === 'gjr' ? { dist } : {}), ...(model === 'garch' || model === 'gjr' ? {} : { regimes }) };
    try {
      const hooks = jobProgressHooks(setJob);
      if (kind === 'regimes.fit') {
        const { runId } = await runJob(api, 'regimes.fit', { instrumentId: instrument.id, timeframe, model: spec }, hooks);
        onSelectRun(runId);
      } else {
        const { rows, bestRunId } = await runJob(api, 'regimes.select', { instrumentId: instrument.id, timeframe }, hooks);
        setSelection(rows);
        if (bestRunId) onSelectRun(bestRunId);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setJob(null);
      void refresh();
    }
  };

  useUiRequest('fit-regimes', fitRequest, () => (job ? setError('Fit regimes: a fit is already running; wait for it or cancel it') : void run('regimes.fit')));

  const selected = runs.find((r) => r.id === selectedRunId) ?? null;
  const s = (selected?.summary ?? {}) as Summary;
  const k = s.regimes ?? 0;

  return (
    <aside className="regime-panel" data-testid="regime-panel">
      <h3>Regime model</h3>
      <div className="form-grid">
        <label>Model
          <select value={model} onChange={(e) => setModel(e.target.value as RegimeModelSpec['model'])} data-testid="regime-model">
            {MODELS.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
          </select>
        </label>
        {model === 'msgarch' && (
          <label>Variance
            <select value={variance} onChange={(e) => setVariance(e.target.value as 'garch' | 'gjr')}>
              <option value="gjr">GJR (leverage)</option>
              <option value="garch">GARCH</option>
            </select>
          </label>
        )}
        {(model === 'msgarch' || model === 'garch' || model === 'gjr') && (
          <label>Innovations
            <select value={dist} onChange={(e) => setDist(e.target.value as 'norm' | 't')}>
              <option value="t">Student-t</option>
              <option value="norm">Normal</option>
            </select>
          </label>
        )}
        {model !== 'garch' && model !== 'gjr' && (
          <label>Regimes K
            <select value={regimes} onChange={(e) => setRegimes(Number(e.target.value))} data-testid="regime-k">
              {(model === 'msgarch' ? [1, 2, 3] : model === 'msreg' ? [2, 3] : [2, 3, 4]).map((v) => <option key={v} value={v}>{v}</option>)}
            </select>
          </label>
        )}
      </div>
      <div className="buttons">
        <button onClick={() => void run('regimes.fit')} disabled={job !== null} data-testid="fit-button" title="Fit the model on this series (Shift+F)">Fit on {instrument.symbol} {timeframe}</button>
        <button onClick={() => void run('regimes.select')} disabled={job !== null} title="MS-GARCH K = 1..3 × GARCH/GJR × normal/t, ranked by BIC">Select by BIC</button>
      </div>
      {job && (
        <div className="progress-row" data-testid="fit-progress">
          <progress max={1} value={job.progress} /> {job.message}
          <button className="link" onClick={() => void api.call('jobs.cancel', { jobId: job.jobId })}>Cancel</button>
        </div>
      )}
      {error && <div className="message error" role="alert">{error}</div>}

      {selection && (
        <>
          <h3>Selection (BIC, lower is better)</h3>
          <table className="grid" data-testid="selection-table">
            <thead><tr><th>Model</th><th>log L</th><th>k</th><th>BIC</th></tr></thead>
            <tbody>
              {selection.map((row, i) => (
                <tr key={row.label} className={row.runId === selectedRunId ? 'selected' : ''} onClick={() => row.runId && onSelectRun(row.runId)}>
                  <td>{i === 0 && row.bic !== null ? '★ ' : ''}{row.label}{row.error ? ` — ${row.error}` : ''}</td>
                  <td>{fmt(row.loglik, 2)}</td><td>{row.paramCount ?? '—'}</td><td>{fmt(row.bic, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h3>Fitted runs · {instrument.symbol} {timeframe}</h3>
      {runs.length === 0 ? (
        <div className="muted">Regimes not yet computed for this series — fit a model above.</div>
      ) : (
        <table className="grid" data-testid="regime-runs">
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === selectedRunId ? 'selected' : ''} onClick={() => onSelectRun(r.id === selectedRunId ? null : r.id)}>
                <td>{String(r.summary.label ?? r.title)}</td>
                <td>BIC {fmt(r.summary.bic as number, 1)}</td>
                <td className="muted">{new Date(r.createdAt).toISOString().slice(5, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {selected && (
        <div className="fit-details" data-testid="fit-details">
          <label className="hindsight">
            <input type="checkbox" checked={hindsight} onChange={(e) => onHindsight(e.target.checked)} data-testid="hindsight-toggle" />
            Show smoothed probabilities (hindsight — uses future data)
          </label>
          <dl className="facts">
            <dt>Model</dt><dd>{s.label}{s.converged === false ? ' (not converged)' : ''}</dd>
            <dt>log-likelihood</dt><dd data-testid="fit-loglik">{fmt(s.loglik, 3)} (n = {s.nobs}, k = {s.paramCount})</dd>
            <dt>AIC / BIC</dt><dd>{fmt(s.aic, 2)} / {fmt(s.bic, 2)}</dd>
            <dt>Data hash</dt><dd className="mono">{selected.dataHash.slice(0, 16)}…</dd>
          </dl>
          {k > 1 && s.transitionMatrix && (
            <table className="grid" data-testid="transition-matrix">
              <thead><tr><th>from \ to</th>{s.transitionMatrix.map((_, j) => <th key={j}>{j + 1}</th>)}<th>stationary</th><th>duration</th><th>vol (ann.)</th></tr></thead>
              <tbody>
                {s.transitionMatrix.map((row, i) => (
                  <tr key={i}>
                    <td>{i === 0 ? '1 (calm)' : i === k - 1 ? `${k} (turbulent)` : String(i + 1)}</td>
                    {row.map((p, j) => <td key={j}>{p.toFixed(4)}</td>)}
                    <td>{fmt(s.stationary?.[i], 3)}</td>
                    <td>{fmt(s.expectedDurationsBars?.[i], 1)} bars · {fmt(s.expectedDurationsDays?.[i], 1)} d</td>
                    <td>{s.regimeVolAnnualized ? `${(s.regimeVolAnnualized[i] * 100).toFixed(1)}%` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table className="grid" data-testid="fit-params">
            <thead><tr><th>Parameter</th><th>Estimate</th><th>Std. error</th></tr></thead>
            <tbody>
              {(s.paramOrder ?? []).map((name) => (
                <tr key={name}><td>{name}</td><td title={String(s.params?.[name] ?? '')}>{fmtEstimate(s.params?.[name], 5)}</td><td>{fmt(s.stderr?.[name] ?? null, 5)}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="muted small">Transition matrix rows = from; regimes ordered by volatility. Volatility annualized with 365 days.</div>
        </div>
      )}
    </aside>
  );
}
