// The backtest view: a strategy editor (presets, the research's examples, validation messages
// beside the fields, a preview of the leverage schedule under the regime bands before running),
// the run button, the backtest runs with headline statistics, and a comparison of several runs
// (overlaid equity, side-by-side numbers). All numbers come from the services; this only draws.
// Strategy edits can be undone and redone (buttons, Ctrl/⌘+Z, Shift+Ctrl/⌘+Z, Ctrl+Y): typing in one
// field is one step, a preset, an example or a sweep variant loaded is one step. The view stays
// mounted while another view is open (`active` false), so the edits and their history survive.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Instrument, RunSummary, StrategyExample, Timeframe } from '../../core/contract/schemas.ts';
import { api } from '../api.ts';
import { runJob } from '../../core/contract/run-job.ts';
import { jobProgressHooks, type JobProgress } from '../state/job-progress.ts';
import { SweepPanel } from './SweepPanel.tsx';
import { useUndoHistory } from '../state/undo-history.ts';
import { useUiRequest, type UiRequests } from '../commands/ui-requests.ts';
import { formatShortcut, isMac, isTypingTarget, matchesShortcut } from '../commands/shortcuts.ts';

/**
 * requests: one-shot requests from the command palette, shortcuts and the desktop menu (File ▸ Export
 * Report… exports the compared runs, else the latest; run the backtest; undo/redo a strategy edit).
 */
type Props = { instruments: Instrument[]; instrument: Instrument | null; timeframe: Timeframe | null; active?: boolean; requests?: Partial<UiRequests> };
type Config = Record<string, unknown> & { name?: string; instruments?: { symbol: string }[]; sizing?: Record<string, unknown>; gate?: Record<string, unknown> | null; costs?: Record<string, unknown>; regimes?: Record<string, unknown>; window?: Record<string, unknown> };
type Issue = { path: string; message: string };
type Preview = { time: Float64Array; leverage: Float64Array; regime: Int8Array };

const PRESETS = ['moderate', 'aggressive', 'conservative', 'academic', 'inverted', 'flat', 'production', 'buy-and-hold'] as const;
const pct = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
const num = (x: unknown, d = 2) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');

function setPath(config: Config, path: string, value: unknown): Config {
  const next = structuredClone(config) as Record<string, unknown>;
  const keys = path.split('.');
  let node = next;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  if (value === undefined) delete node[keys[keys.length - 1]];
  else node[keys[keys.length - 1]] = value;
  return next as Config;
}

function Field({ label, issues, path, children }: { label: string; issues: Issue[]; path: string; children: React.ReactNode }) {
  const mine = issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  return (
    <label className={`field${mine.length ? ' invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {mine.map((i) => <span key={i.path + i.message} className="field-error" data-testid={`issue-${path}`}>{i.message}</span>)}
    </label>
  );
}

export function BacktestView({ instruments, instrument, timeframe, active = true, requests = {} }: Props) {
  const [examples, setExamples] = useState<StrategyExample[]>([]);
  const history = useUndoHistory<Config>(() => ({ name: 'moderate', instruments: [{ symbol: instrument?.symbol ?? 'BTCUSDT' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, costs: { takerFeeBps: 5, slippage: { bps: 2 }, funding: { kind: 'constant', ratePerEvent: 0.0001 } } }));
  const { value: config, edit, step } = history;
  /** The issues of the config they were computed for (validation runs 150 ms after the last edit). */
  const [validation, setValidation] = useState<{ config: Config | null; issues: Issue[] }>({ config: null, issues: [] });
  const issues = validation.issues;
  const [regimeRuns, setRegimeRuns] = useState<RunSummary[]>([]);
  const [regimeRunId, setRegimeRunId] = useState<string>('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [runsLoaded, setRunsLoaded] = useState(false);
  const [compare, setCompare] = useState<string[]>([]);
  const [equities, setEquities] = useState<Record<string, { time: Float64Array; equity: Float64Array }>>({});
  const [job, setJob] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [json, setJson] = useState(false);

  const refresh = useCallback(async () => {
    setRuns(await api.call('runs.list', { kind: 'backtest' }));
    setRunsLoaded(true);
    if (instrument) setRegimeRuns((await api.call('runs.list', { kind: 'regime-fit', instrumentId: instrument.id })).filter((r) => r.timeframe === timeframe && r.seriesNames.includes('filtered')));
  }, [instrument, timeframe]);

  useEffect(() => {
    void api.call('backtest.examples', {}).then(setExamples);
    void refresh();
    const offs = [api.on('runs.changed', () => void refresh())];
    return () => offs.forEach((off) => off());
  }, [refresh]);

  useEffect(() => {
    const timer = setTimeout(() => void api.call('backtest.validate', { config }).then((r) => setValidation({ config, issues: r.issues })), 150);
    return () => clearTimeout(timer);
  }, [config]);

  useEffect(() => {
    if (!regimeRunId || !timeframe || issues.length > 0) {
      setPreview(null);
      return;
    }
    let cancelled = false;
    api
      .call('backtest.preview', { config, timeframe, regimeRunId })
      .then((p) => !cancelled && setPreview(p))
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [config, regimeRunId, timeframe, issues.length]);

  useEffect(() => {
    for (const id of compare) {
      if (equities[id]) continue;
      void api.call('runs.get', { runId: id, series: ['time', 'equity'] }).then((r) => setEquities((e) => ({ ...e, [id]: { time: r.series.time as Float64Array, equity: r.series.equity as Float64Array } })));
    }
  }, [compare, equities]);

  const runBacktest = async () => {
    if (!timeframe) return;
    setError(null);
    try {
      const source = (config.regimes as { source?: string } | undefined)?.source;
      const params = { config, timeframe, ...(source === 'series' && regimeRunId ? { regimeRunIds: (config.instruments ?? []).map(() => regimeRunId) } : {}) };
      const { runId } = await runJob(api, 'backtest.run', params, jobProgressHooks(setJob));
      setCompare((c) => [...new Set([runId, ...c])].slice(0, 4));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setJob(null);
      void refresh();
    }
  };

  const sizing = (config.sizing ?? {}) as { kind?: string; preset?: string; leverage?: number[]; mode?: string };
  const sizingChoice = sizing.kind === 'regime-leverage' ? (sizing.leverage ? 'custom' : sizing.preset ?? 'moderate') : sizing.kind === 'buy-and-hold' ? 'buy-and-hold' : 'custom';
  const gate = config.gate as { threshold?: number; confirmBars?: number; minDwellBars?: number } | null | undefined;
  const costs = (config.costs ?? {}) as { takerFeeBps?: number; slippage?: { bps?: number }; funding?: { kind?: string; ratePerEvent?: number } };
  const source = ((config.regimes ?? {}) as { source?: string }).source ?? 'none';
  const compared = useMemo(() => runs.filter((r) => compare.includes(r.id)), [runs, compare]);
  useUiRequest(
    'export-report',
    requests['export-report'],
    () => {
      const ids = compared.length > 0 ? compared.map((r) => r.id) : runs.slice(0, 1).map((r) => r.id);
      if (ids.length === 0) setError('Export Report: there is no backtest run yet; run one first');
      else void exportReport(ids, setError);
    },
    runsLoaded,
  );

  /** Why the run button is disabled (its title says so; the palette's Run backtest reports it). */
  const runBlocker = job !== null ? 'a backtest is already running' : issues.length > 0 ? `the strategy has ${issues.length} problem${issues.length > 1 ? 's' : ''}` : !timeframe ? 'no instrument and timeframe loaded' : source === 'series' && !regimeRunId ? 'choose the regime fit the run uses (“Regime fit for the preview and the run”)' : null;
  useUiRequest('run-backtest', requests['run-backtest'], () => (runBlocker ? setError(`Run backtest: ${runBlocker}`) : void runBacktest()), validation.config === config);
  useUiRequest('undo-strategy', requests['undo-strategy'], history.undo);
  useUiRequest('redo-strategy', requests['redo-strategy'], history.redo);

  // Ctrl/⌘+Z undoes a strategy edit, Shift+Ctrl/⌘+Z and Ctrl+Y redo — also while typing in the
  // editor's fields (their own text undo would fight the config's); fields elsewhere keep theirs.
  const editor = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const isUndo = matchesShortcut(e, 'Mod+Z');
      const isRedo = matchesShortcut(e, 'Mod+Shift+Z') || (!isMac && matchesShortcut(e, 'Ctrl+Y'));
      if (!isUndo && !isRedo) return;
      if (isTypingTarget(e.target) && !editor.current?.contains(e.target as Node)) return;
      e.preventDefault();
      if (isUndo) history.undo();
      else history.redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, history.undo, history.redo]);

  return (
    <div className="backtest-view" data-testid="backtest-view" hidden={!active}>
      <section className="editor" ref={editor}>
        <div className="editor-head">
          <h3>Strategy</h3>
          <span className="spacer" />
          <button className="toggle" onClick={history.undo} disabled={history.undoSteps === 0} title={`Undo strategy edit (${formatShortcut('Mod+Z')})`} data-testid="strategy-undo" data-steps={history.undoSteps}>
            ↶ Undo
          </button>
          <button className="toggle" onClick={history.redo} disabled={history.redoSteps === 0} title={`Redo strategy edit (${formatShortcut('Mod+Shift+Z')}${isMac ? '' : ' or Ctrl+Y'})`} data-testid="strategy-redo" data-steps={history.redoSteps}>
            ↷ Redo
          </button>
        </div>
        <Field label="Start from" issues={[]} path="example">
          <select data-testid="example-picker" value="" onChange={(e) => {
            const ex = examples.find((x) => x.file === e.target.value);
            if (ex) step(ex.config as Config);
          }}>
            <option value="">an example from the research…</option>
            {examples.map((x) => <option key={x.file} value={x.file}>{x.name} — {x.description.slice(0, 60)}</option>)}
          </select>
        </Field>
        <Field label="Name" issues={issues} path="name"><input value={config.name ?? ''} onChange={(e) => edit(setPath(config, 'name', e.target.value), 'name')} /></Field>
        <Field label="Instruments (comma-separated)" issues={issues} path="instruments">
          <input data-testid="instruments-field" value={(config.instruments ?? []).map((i) => i.symbol).join(',')} onChange={(e) => edit(setPath(config, 'instruments', e.target.value.split(',').map((s) => s.trim()).filter(Boolean).map((symbol) => ({ symbol }))), 'instruments')} list="known-symbols" />
          <datalist id="known-symbols">{instruments.map((i) => <option key={i.id} value={i.symbol} />)}</datalist>
        </Field>
        <Field label="Sizing" issues={issues} path="sizing">
          <select value={sizingChoice} data-testid="preset-picker" onChange={(e) => {
            const v = e.target.value;
            const sized = setPath(config, 'sizing', v === 'buy-and-hold' ? { kind: 'buy-and-hold' } : v === 'custom' ? { kind: 'regime-leverage', leverage: [1.5, 0.75], mode: sizing.mode ?? 'hard' } : { kind: 'regime-leverage', preset: v, mode: sizing.mode ?? 'hard' });
            // A name that only repeated the sizing follows it (a report titled "moderate" must be the moderate preset); one the user wrote stays.
            step(config.name === sizingChoice ? setPath(sized, 'name', v) : sized);
          }}>
            {PRESETS.map((p) => <option key={p} value={p}>{p}</option>)}
            <option value="custom">custom leverages</option>
          </select>
        </Field>
        {sizing.kind === 'regime-leverage' && sizing.leverage && (
          <Field label="Leverage per regime (calm, turbulent)" issues={issues} path="sizing.leverage">
            <input data-testid="leverage-field" value={sizing.leverage.join(', ')} onChange={(e) => edit(setPath(config, 'sizing.leverage', e.target.value.split(',').map((s) => Number(s.trim()))), 'sizing.leverage')} />
          </Field>
        )}
        {sizing.kind === 'regime-leverage' && (
          <Field label="Mode" issues={issues} path="sizing.mode">
            <select value={sizing.mode ?? 'hard'} onChange={(e) => step(setPath(config, 'sizing.mode', e.target.value))}>
              <option value="hard">hard switch</option>
              <option value="gradient">gradient (probability-weighted)</option>
            </select>
          </Field>
        )}
        <Field label="Probability gate" issues={issues} path="gate">
          <div className="inline">
            <input type="checkbox" checked={!!gate} onChange={(e) => step(setPath(config, 'gate', e.target.checked ? { threshold: 0.75, confirmBars: 2 } : null))} data-testid="gate-toggle" />
            {gate && (
              <>
                threshold <input className="short" type="number" step="0.05" value={gate.threshold ?? 0.75} onChange={(e) => edit(setPath(config, 'gate.threshold', Number(e.target.value)), 'gate.threshold')} data-testid="gate-threshold" />
                for <input className="short" type="number" value={gate.confirmBars ?? 2} onChange={(e) => edit(setPath(config, 'gate.confirmBars', Number(e.target.value)), 'gate.confirmBars')} /> bars
              </>
            )}
          </div>
        </Field>
        <Field label="Costs: taker fee bps · slippage bps · funding per 8 h" issues={issues} path="costs">
          <div className="inline">
            <input className="short" type="number" value={costs.takerFeeBps ?? 0} onChange={(e) => edit(setPath(config, 'costs.takerFeeBps', Number(e.target.value)), 'costs.takerFeeBps')} />
            <input className="short" type="number" value={costs.slippage?.bps ?? 0} onChange={(e) => edit(setPath(config, 'costs.slippage.bps', Number(e.target.value)), 'costs.slippage.bps')} />
            <input className="short" type="number" step="0.0001" value={costs.funding?.kind === 'constant' ? costs.funding.ratePerEvent ?? 0.0001 : 0} onChange={(e) => edit(setPath(config, 'costs.funding', { kind: 'constant', ratePerEvent: Number(e.target.value) }), 'costs.funding')} />
          </div>
        </Field>
        <Field label="Regimes" issues={issues} path="regimes">
          <select value={source} onChange={(e) => step(setPath(config, 'regimes', e.target.value === 'walk-forward' ? { source: 'walk-forward', model: { variance: 'gjrGARCH', distribution: 'std', regimeCount: 2 }, refitEveryBars: 180, window: 'rolling', windowBars: 3000, minTrainBars: 1000 } : { source: e.target.value }))}>
            <option value="series">a saved regime fit (in-sample parameters)</option>
            <option value="walk-forward">walk-forward MS-GARCH inside the backtest (causal)</option>
            <option value="hindsight">hindsight (smoothed — for measuring look-ahead only)</option>
            <option value="none">none</option>
          </select>
        </Field>
        <Field label={`Regime fit for the preview${source === 'series' ? ' and the run' : ''} (${instrument?.symbol ?? ''} ${timeframe ?? ''})`} issues={[]} path="regimeRun">
          <select value={regimeRunId} onChange={(e) => setRegimeRunId(e.target.value)} data-testid="preview-run">
            <option value="">{regimeRuns.length ? 'choose a fit…' : 'no fits yet — fit one in the chart’s regime panel'}</option>
            {regimeRuns.map((r) => <option key={r.id} value={r.id}>{String(r.summary.label ?? r.title)} · BIC {num(r.summary.bic, 1)}</option>)}
          </select>
        </Field>
        <label className="inline muted"><input type="checkbox" checked={json} onChange={(e) => setJson(e.target.checked)} /> edit as JSON</label>
        {json && <textarea className="json" value={JSON.stringify(config, null, 2)} onChange={(e) => { try { edit(JSON.parse(e.target.value) as Config, 'json'); } catch { /* keep typing */ } }} rows={14} />}
        {issues.length > 0 && <div className="message error" data-testid="config-issues">{issues.length} problem{issues.length > 1 ? 's' : ''}: {issues.map((i) => `${i.path}: ${i.message}`).join('; ')}</div>}
        <div className="buttons">
          <button onClick={() => void runBacktest()} disabled={runBlocker !== null} title={runBlocker ?? `Run the backtest (${formatShortcut('Mod+Enter')})`} data-testid="run-backtest">Run backtest on {timeframe}</button>
          {job && <button className="link" onClick={() => void api.call('jobs.cancel', { jobId: job.jobId })}>Cancel</button>}
        </div>
        {job && <div className="progress-row"><progress max={1} value={job.progress} /> {job.message}</div>}
        {error && <div className="message error" role="alert">{error}</div>}
      </section>

      <section className="results">
        <h3>Leverage schedule preview</h3>
        {preview ? <PreviewChart preview={preview} /> : <div className="muted">Choose a regime fit to preview the leverage this config would hold.</div>}
        <h3>Sweep</h3>
        <SweepPanel
          config={config}
          instruments={instruments}
          timeframe={timeframe}
          regimeRunId={regimeRunId}
          onOpenVariant={(variant) => step(Object.entries(variant).reduce((c, [p, v]) => setPath(c, p, v), config))}
        />
        <h3>Backtest runs</h3>
        <table className="grid" data-testid="backtest-runs">
          <thead><tr><th /><th>Run</th><th>Total</th><th>CAGR</th><th>Sharpe</th><th>Max DD</th><th>Avg lev</th><th>DSR (trials)</th></tr></thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.hindsight ? 'hindsight-row' : ''}>
                <td><input type="checkbox" checked={compare.includes(r.id)} onChange={(e) => setCompare((c) => (e.target.checked ? [...c, r.id] : c.filter((x) => x !== r.id)))} /></td>
                <td>{r.title}{r.hindsight ? ' (HINDSIGHT)' : ''}</td>
                <td>{pct(r.summary.totalReturn)}</td><td>{pct(r.summary.cagr)}</td><td>{num(r.summary.sharpe)}</td><td>{pct(r.summary.maxDrawdown)}</td><td>{num(r.summary.averageLeverage)}</td>
                <td>{num(r.summary.dsr)} ({String(r.summary.trials ?? 1)})</td>
              </tr>
            ))}
          </tbody>
        </table>
        {compared.length > 0 && (
          <>
            <div className="buttons">
              {!window.regimelab && (
                <a className="button-link" href={`/report?runs=${compared.map((r) => encodeURIComponent(r.id)).join(',')}`} target="_blank" rel="noopener" data-testid="view-report">
                  View report
                </a>
              )}
              <button onClick={() => void exportReport(compared.map((r) => r.id), setError)} data-testid="export-report">
                Export report{compared.length > 1 ? ` comparing ${compared.length} runs` : ''}
              </button>
            </div>
            <h3>Comparison</h3>
            <EquityOverlay runs={compared.map((r) => ({ id: r.id, title: r.title, data: equities[r.id] }))} />
            <table className="grid" data-testid="comparison-table">
              <thead><tr><th>Statistic</th>{compared.map((r) => <th key={r.id}>{r.title}</th>)}</tr></thead>
              <tbody>
                {(['totalReturn', 'cagr', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'averageLeverage', 'fees', 'funding', 'rebalancesPerYear', 'liquidations'] as const).map((k) => (
                  <tr key={k}><td>{k}</td>{compared.map((r) => <td key={r.id}>{k === 'totalReturn' || k === 'cagr' || k === 'maxDrawdown' ? pct(r.summary[k]) : num(r.summary[k])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}

/**
 * The report as one offline HTML file: the native save dialog in Electron, a download in the browser.
 */
async function exportReport(runIds: string[], onError: (message: string) => void): Promise<void> {
  try {
    if (window.regimelab) {
      const choice = await api.call('system.showSaveDialog', { title: 'Export report', defaultName: 'regimelab-report.html', filters: [{ name: 'HTML report', extensions: ['html'] }] });
      if (!choice.canceled && choice.path) await api.call('reports.export', { runIds, path: choice.path });
      return;
    }
    const { html, title } = await api.call('reports.render', { runIds });
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report'}.html`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    onError((e as Error).message);
  }
}

const REGIME_FILL = ['rgba(38,166,154,0.18)', 'rgba(239,83,80,0.25)', 'rgba(240,180,41,0.22)'];

/** The leverage as a step line over the regime bands (SVG, downsampled to the pixel width). */
function PreviewChart({ preview }: { preview: Preview }) {
  const width = 640;
  const height = 140;
  const n = preview.time.length;
  if (n === 0) return null;
  const maxLev = Math.max(1, ...Array.from(preview.leverage).filter(Number.isFinite));
  const x = (i: number) => (i / Math.max(1, n - 1)) * width;
  const y = (v: number) => height - 6 - (v / maxLev) * (height - 16);
  const bands: { from: number; to: number; regime: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = preview.regime[i];
    if (bands.length && bands[bands.length - 1].regime === r) bands[bands.length - 1].to = i;
    else bands.push({ from: i, to: i, regime: r });
  }
  const step = Math.max(1, Math.floor(n / 1200));
  let d = `M0,${y(preview.leverage[0])}`;
  for (let i = step; i < n; i += step) d += `H${x(i).toFixed(1)}V${y(preview.leverage[i]).toFixed(1)}`;
  return (
    <svg className="preview" viewBox={`0 0 ${width} ${height}`} data-testid="leverage-preview" data-bars={n}>
      {bands.filter((b) => b.regime >= 0).map((b) => <rect key={b.from} x={x(b.from)} width={Math.max(0.5, x(b.to + 1) - x(b.from))} y={0} height={height} fill={REGIME_FILL[b.regime] ?? REGIME_FILL[2]} />)}
      <line x1={0} x2={width} y1={y(1)} y2={y(1)} className="guide" />
      <path d={d} className="step" />
      <text x={4} y={12} className="axis">max {maxLev.toFixed(2)}x</text>
      <text x={4} y={y(1) - 3} className="axis">1x</text>
    </svg>
  );
}

function EquityOverlay({ runs }: { runs: { id: string; title: string; data?: { time: Float64Array; equity: Float64Array } }[] }) {
  const width = 640;
  const height = 180;
  const ready = runs.filter((r) => r.data && r.data.time.length > 1);
  if (ready.length === 0) return <div className="muted">Loading equity…</div>;
  const t0 = Math.min(...ready.map((r) => r.data!.time[0]));
  const t1 = Math.max(...ready.map((r) => r.data!.time[r.data!.time.length - 1]));
  const logs = ready.map((r) => Array.from(r.data!.equity, (v) => Math.log(Math.max(v, 1e-9) / r.data!.equity[0])));
  const lo = Math.min(...logs.flat());
  const hi = Math.max(...logs.flat());
  const colors = ['#4c8dff', '#ef5350', '#26a69a', '#f0b429'];
  return (
    <svg className="preview" viewBox={`0 0 ${width} ${height}`} data-testid="equity-overlay">
      {ready.map((r, k) => {
        const { time } = r.data!;
        const step = Math.max(1, Math.floor(time.length / 1200));
        let d = '';
        for (let i = 0; i < time.length; i += step) d += `${i === 0 ? 'M' : 'L'}${(((time[i] - t0) / (t1 - t0)) * width).toFixed(1)},${(height - 6 - ((logs[k][i] - lo) / (hi - lo || 1)) * (height - 16)).toFixed(1)}`;
        return <path key={r.id} d={d} stroke={colors[k % colors.length]} fill="none" strokeWidth={1.2}><title>{r.title}</title></path>;
      })}
      <text x={4} y={12} className="axis">log equity (each run from its start)</text>
    </svg>
  );
}
