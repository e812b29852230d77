// A sweep of the edited strategy over two config fields: the grid, the execution backend (local
// worker pool or a BullMQ cluster), progress and cancel, and the heatmap of a statistic over the
// two parameters with the plateau visible; a cell opens that variant in the editor.

import { useState } from 'react';
import type { Instrument, Timeframe } from '../../core/contract/schemas.ts';
import type { SweepBackendChoice } from '../../core/contract/jobs.ts';
import { api } from '../api.ts';
import { runJob } from '../../core/contract/run-job.ts';
import { jobProgressHooks, type JobProgress } from '../state/job-progress.ts';
import { BackendSelector } from './BackendSelector.tsx';

type Row = { index: number; variant: Record<string, unknown>; hindsight: boolean; headline: Record<string, unknown> | null; error?: string };
type Props = { config: Record<string, unknown>; instruments: Instrument[]; timeframe: Timeframe | null; regimeRunId: string; onOpenVariant: (variant: Record<string, unknown>) => void };

const STATS = ['sharpe', 'totalReturn', 'cagr', 'maxDrawdown', 'calmar', 'averageLeverage', 'rebalancesPerYear'] as const;

const parseValues = (text: string): unknown[] =>
  text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (s === 'true' ? true : s === 'false' ? false : Number.isFinite(Number(s)) ? Number(s) : s));

export function SweepPanel({ config, instruments, timeframe, regimeRunId, onOpenVariant }: Props) {
  const [xPath, setXPath] = useState('gate.threshold');
  const [xValues, setXValues] = useState('0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9');
  const [yPath, setYPath] = useState('gate.confirmBars');
  const [yValues, setYValues] = useState('1, 2, 3, 4, 6');
  const [backend, setBackend] = useState<SweepBackendChoice>({ kind: 'local' });
  const [stat, setStat] = useState<(typeof STATS)[number]>('sharpe');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [job, setJob] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (!timeframe) return;
    setError(null);
    const symbols = ((config.instruments as { symbol: string }[] | undefined) ?? []).map((i) => i.symbol);
    const instrumentIds = symbols.map((s) => instruments.find((i) => i.symbol === s)?.id).filter((id): id is number => id !== undefined);
    if (instrumentIds.length !== symbols.length) {
      setError(`not in the store: ${symbols.filter((s) => !instruments.some((i) => i.symbol === s)).join(', ')}`);
      return;
    }
    const grid = { [xPath]: parseValues(xValues), [yPath]: parseValues(yValues) };
    try {
      const usesSeries = (config.regimes as { source?: string } | undefined)?.source === 'series';
      const data = { instrumentIds, timeframe, ...(usesSeries && regimeRunId ? { regimeRunIds: instrumentIds.map(() => regimeRunId) } : {}) };
      const { rows } = await runJob(api, 'backtest.sweep', { config, grid, data, backend }, jobProgressHooks(setJob));
      setRows(rows);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setJob(null);
    }
  };

  return (
    <div className="sweep-panel" data-testid="sweep-panel">
      <div className="form-grid">
        <label>Parameter X (dot path)<input value={xPath} onChange={(e) => setXPath(e.target.value)} data-testid="sweep-x-path" /></label>
        <label>X values<input value={xValues} onChange={(e) => setXValues(e.target.value)} data-testid="sweep-x-values" /></label>
        <label>Parameter Y (dot path)<input value={yPath} onChange={(e) => setYPath(e.target.value)} /></label>
        <label>Y values<input value={yValues} onChange={(e) => setYValues(e.target.value)} /></label>
      </div>
      <BackendSelector value={backend} onChange={setBackend} />
      <div className="buttons">
        <button onClick={() => void run()} disabled={job !== null || !timeframe} data-testid="run-sweep">Run sweep ({parseValues(xValues).length * parseValues(yValues).length} variants)</button>
        {job && <button className="link" onClick={() => void api.call('jobs.cancel', { jobId: job.jobId })}>Cancel</button>}
      </div>
      {job && <div className="progress-row"><progress max={1} value={job.progress} /> {job.message}</div>}
      {error && <div className="message error" role="alert">{error}</div>}
      {rows && (
        <>
          <label className="inline">Statistic <select value={stat} onChange={(e) => setStat(e.target.value as (typeof STATS)[number])}>{STATS.map((s) => <option key={s}>{s}</option>)}</select></label>
          <Heatmap rows={rows} xPath={xPath} yPath={yPath} stat={stat} onPick={onOpenVariant} />
        </>
      )}
    </div>
  );
}

function Heatmap({ rows, xPath, yPath, stat, onPick }: { rows: Row[]; xPath: string; yPath: string; stat: string; onPick: (variant: Record<string, unknown>) => void }) {
  const xs = [...new Set(rows.map((r) => String(r.variant[xPath])))];
  const ys = [...new Set(rows.map((r) => String(r.variant[yPath])))];
  const value = (r: Row) => {
    const v = r.headline?.[stat];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const values = rows.map(value).filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // Lower is better for drawdown; the colour scale follows "better".
  const better = (v: number) => (stat === 'maxDrawdown' ? (hi - v) / (hi - lo || 1) : (v - lo) / (hi - lo || 1));
  const colour = (t: number) => `hsl(${Math.round(8 + 130 * t)}, 62%, ${Math.round(38 + 14 * t)}%)`;
  const best = rows.reduce<Row | null>((b, r) => (value(r) !== null && (b === null || better(value(r)!) > better(value(b)!)) ? r : b), null);
  return (
    <table className="heatmap" data-testid="sweep-heatmap">
      <thead><tr><th>{yPath} \ {xPath}</th>{xs.map((x) => <th key={x}>{x}</th>)}</tr></thead>
      <tbody>
        {ys.map((y) => (
          <tr key={y}>
            <th>{y}</th>
            {xs.map((x) => {
              const row = rows.find((r) => String(r.variant[xPath]) === x && String(r.variant[yPath]) === y);
              const v = row ? value(row) : null;
              return (
                <td key={x} style={{ background: v === null ? 'transparent' : colour(better(v)) }} className={row === best ? 'best' : ''} title={row?.error ?? `${stat} ${v ?? '—'}`} onClick={() => row && onPick(row.variant)} data-value={v ?? ''}>
                  {v === null ? '—' : Math.abs(v) < 10 ? v.toFixed(2) : v.toFixed(0)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
