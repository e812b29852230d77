// The application shell: instrument and timeframe pickers, the chart workspace, a status bar with
// the data's provenance (simulated data is always labelled) and running jobs.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Instrument, RunSummary, Timeframe } from '../core/contract/schemas.ts';
import { api, transport } from './api.ts';
import { CandleChart, type ChartBacktest } from './components/CandleChart.tsx';
import { JobsPanel, useJobs } from './components/JobsPanel.tsx';
import { RunHistory } from './components/RunHistory.tsx';
import { DataManager } from './components/DataManager.tsx';
import { RegimePanel } from './components/RegimePanel.tsx';
import { ModelsPanel } from './components/ModelsPanel.tsx';
import { BacktestView } from './components/BacktestView.tsx';
import type { RegimeOverlay } from '../core/contract/schemas.ts';
import { useSystemTheme } from './theme.ts';
import { shell } from './shell.ts';
import { shellAction } from '../core/contract/shell.ts';

type Load = { state: 'idle' | 'loading' | 'ready' | 'error'; error?: string };

export function App() {
  const theme = useSystemTheme();
  const [instruments, setInstruments] = useState<Instrument[] | null>(null);
  const [instrumentId, setInstrumentId] = useState<number | null>(null);
  const [timeframe, setTimeframe] = useState<Timeframe | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'idle' });
  const jobs = useJobs();
  const [showJobs, setShowJobs] = useState(false);
  const [chartBacktest, setChartBacktest] = useState<ChartBacktest | null>(null);
  /** A run reopened from the history: its instrument/timeframe change must not clear it. */
  const reopening = useRef<{ regimeRunId: string | null; backtest: ChartBacktest | null } | null>(null);
  const [loadMs, setLoadMs] = useState<number | null>(null);
  const [view, setView] = useState<'chart' | 'data' | 'backtest' | 'runs'>('chart');
  const [showRegimes, setShowRegimes] = useState(true);
  const [regimeRunId, setRegimeRunId] = useState<string | null>(null);
  const [hindsight, setHindsight] = useState(false);
  const [overlay, setOverlay] = useState<RegimeOverlay | null>(null);
  // Desktop menu commands the UI carries out (File ▸ Download…, Export Report…; a services restart).
  const [downloadRequest, setDownloadRequest] = useState(0);
  const [exportRequest, setExportRequest] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(
    () =>
      shell?.onCommand((command) => {
        const action = shellAction(command);
        if (action.kind === 'open-download') {
          setView('data');
          setDownloadRequest((n) => n + 1);
        } else if (action.kind === 'export-report') {
          setView('backtest');
          setExportRequest((n) => n + 1);
        } else if (action.kind === 'notice') setNotice(action.text);
      }),
    [],
  );

  const refreshInstruments = useCallback(async () => {
    try {
      const list = await api.call('data.listInstruments', {});
      setInstruments(list);
      setInstrumentId((current) => (current !== null && list.some((i) => i.id === current) ? current : (list[0]?.id ?? null)));
    } catch (error) {
      setLoad({ state: 'error', error: (error as Error).message });
    }
  }, []);

  useEffect(() => {
    void refreshInstruments();
    const offs = [
      api.on('data.changed', () => void refreshInstruments()),
    ];
    return () => offs.forEach((off) => off());
  }, [refreshInstruments]);

  const instrument = useMemo(() => instruments?.find((i) => i.id === instrumentId) ?? null, [instruments, instrumentId]);

  // The workspace remembered in the store (workspace.get/set): restored once the instruments are
  // known, saved on every change after that. A remembered instrument or run that is gone is skipped.
  const restore = useRef<'pending' | 'running' | 'done'>('pending');
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (!instruments || restore.current !== 'pending') return;
    restore.current = 'running';
    void (async () => {
      try {
        const w = await api.call('workspace.get', {});
        if (w.view) setView(w.view);
        if (typeof w.showRegimes === 'boolean') setShowRegimes(w.showRegimes);
        const inst = instruments.find((i) => i.id === w.instrumentId);
        if (inst) {
          let runId: string | null = null;
          if (w.regimeRunId) runId = await api.call('runs.get', { runId: w.regimeRunId }).then((r) => (r.instrumentId === inst.id && r.timeframe === w.timeframe ? r.id : null), () => null);
          reopening.current = { regimeRunId: runId, backtest: null };
          setInstrumentId(inst.id);
          if (w.timeframe && inst.timeframes.some((t) => t.timeframe === w.timeframe)) setTimeframe(w.timeframe);
          setRegimeRunId(runId);
        }
      } catch {
        // Nothing remembered that this version can use: start fresh.
      } finally {
        restore.current = 'done';
        setRestored(true);
      }
    })();
  }, [instruments]);
  useEffect(() => {
    if (!restored) return;
    void api.call('workspace.set', { view, instrumentId, timeframe, regimeRunId, showRegimes }).catch(() => undefined);
  }, [restored, view, instrumentId, timeframe, regimeRunId, showRegimes]);

  // A regime run belongs to one instrument and timeframe: switching either clears it.
  useEffect(() => {
    const reopened = reopening.current;
    reopening.current = null;
    setRegimeRunId(reopened?.regimeRunId ?? null);
    setChartBacktest(reopened?.backtest ?? null);
    setHindsight(false);
  }, [instrumentId, timeframe]);

  /** Reopens a run's chart: a regime fit's bands, or a backtest's equity, leverage and trades (with its regime run). */
  const openRun = useCallback(async (summary: RunSummary) => {
    try {
      let reopened: { regimeRunId: string | null; backtest: ChartBacktest | null } = { regimeRunId: summary.id, backtest: null };
      if (summary.kind === 'backtest') {
        const run = await api.call('runs.get', { runId: summary.id });
        const spec = (run.spec ?? {}) as { regimeRunIds?: string[] | null };
        const result = (run.result ?? {}) as { trades?: ChartBacktest['trades']; liquidations?: ChartBacktest['liquidations']; config?: { gate?: ChartBacktest['gate']; sizing?: { leverage?: number[] } } };
        reopened = {
          regimeRunId: spec.regimeRunIds?.[0] ?? null,
          backtest: { runId: run.id, gate: result.config?.gate ?? null, leverage: result.config?.sizing?.leverage ?? null, trades: result.trades ?? [], liquidations: result.liquidations ?? [] },
        };
      }
      const sameSeries = summary.instrumentId === instrumentId && summary.timeframe === timeframe;
      if (sameSeries) {
        setRegimeRunId(reopened.regimeRunId);
        setChartBacktest(reopened.backtest);
      } else {
        reopening.current = reopened;
        setInstrumentId(summary.instrumentId);
        setTimeframe(summary.timeframe as Timeframe);
      }
      setView('chart');
    } catch (e) {
      setLoad({ state: 'error', error: (e as Error).message });
    }
  }, [instrumentId, timeframe]);

  useEffect(() => {
    if (!regimeRunId) {
      setOverlay(null);
      return;
    }
    let cancelled = false;
    api
      .call('regimes.getOverlay', { runId: regimeRunId, hindsight })
      .then((o) => !cancelled && setOverlay(o))
      .catch((e: Error) => !cancelled && setLoad({ state: 'error', error: e.message }));
    return () => {
      cancelled = true;
    };
  }, [regimeRunId, hindsight]);

  useEffect(() => {
    if (!instrument) return;
    const available = instrument.timeframes.map((t) => t.timeframe);
    if (timeframe === null || !available.includes(timeframe)) setTimeframe(available.includes('1h') ? '1h' : (available[0] ?? null));
  }, [instrument, timeframe]);

  const running = jobs.filter((j) => j.state === 'running');
  const chartReady = instrument !== null && timeframe !== null && instrument.timeframes.some((t) => t.timeframe === timeframe);
  const summary = instrument?.timeframes.find((t) => t.timeframe === timeframe);

  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand">RegimeLab</span>
        <nav className="views" role="tablist">
          <button role="tab" aria-selected={view === 'chart'} className={view === 'chart' ? 'active' : ''} onClick={() => setView('chart')} data-testid="view-chart">
            Chart
          </button>
          <button role="tab" aria-selected={view === 'data'} className={view === 'data' ? 'active' : ''} onClick={() => setView('data')} data-testid="view-data">
            Data
          </button>
          <button role="tab" aria-selected={view === 'backtest'} className={view === 'backtest' ? 'active' : ''} onClick={() => setView('backtest')} data-testid="view-backtest">
            Backtest
          </button>
          <button role="tab" aria-selected={view === 'runs'} className={view === 'runs' ? 'active' : ''} onClick={() => setView('runs')} data-testid="view-runs">
            Runs
          </button>
        </nav>
        <label>
          Instrument
          <select data-testid="instrument-picker" value={instrumentId ?? ''} onChange={(e) => setInstrumentId(Number(e.target.value))} disabled={!instruments?.length}>
            {instruments?.map((i) => (
              <option key={i.id} value={i.id}>
                {i.symbol}
                {i.simulated ? ' (simulated)' : ` · ${i.market}`}
              </option>
            ))}
          </select>
        </label>
        <div className="timeframes" role="radiogroup" aria-label="Timeframe">
          {instrument?.timeframes.map((t) => (
            <button key={t.timeframe} role="radio" aria-checked={t.timeframe === timeframe} data-testid={`timeframe-${t.timeframe}`} className={t.timeframe === timeframe ? 'active' : ''} onClick={() => setTimeframe(t.timeframe)} title={`${t.bars} bars${t.derivedFrom ? `, resampled from ${t.derivedFrom}` : ''}`}>
              {t.timeframe}
            </button>
          ))}
        </div>
        {instrument?.simulated && (
          <span className="badge simulated" data-testid="simulated-badge" title={instrument.description}>
            SIMULATED DATA — not market prices
          </span>
        )}
        <span className="spacer" />
        <span className="regime-state" data-testid="regime-state">
          {overlay ? `Regimes: ${overlay.label} · ${overlay.hindsight ? 'smoothed (HINDSIGHT)' : 'filtered (causal)'}` : 'Regimes: not yet computed'}
        </span>
        {view === 'chart' && (
          <button className={`toggle${showRegimes ? ' active' : ''}`} onClick={() => setShowRegimes((v) => !v)} data-testid="toggle-regimes">
            Regimes
          </button>
        )}
      </header>

      <main className="workspace">
        {notice && (
          <div className="notice" role="status" data-testid="shell-notice">
            {notice} <button onClick={() => setNotice(null)}>Dismiss</button>
          </div>
        )}
        {load.state === 'error' && (
          <div className="notice error" role="alert">
            {load.error}
          </div>
        )}
        {instruments !== null && instruments.length === 0 && (
          <div className="notice">No instruments in the store yet. Import an exchange file with <code>regimelab import FILE</code>.</div>
        )}
        {view === 'chart' && chartReady && instrument && timeframe && (
          <div className={`chart-area${showRegimes ? ' with-panel' : ''}`}>
            <div className="chart-host">
              <CandleChart
                instrument={instrument}
                timeframe={timeframe}
                theme={theme}
                overlay={overlay}
                regimeRunId={regimeRunId}
                backtest={chartBacktest}
                hindsight={hindsight}
                onHindsightOff={() => setHindsight(false)}
                onLoaded={setLoadMs}
              />
            </div>
            {showRegimes && instrument && timeframe && (
              <div className="side-panels" style={{ overflow: 'auto', minWidth: 0 }}>
                <RegimePanel instrument={instrument} timeframe={timeframe} selectedRunId={regimeRunId} onSelectRun={setRegimeRunId} hindsight={hindsight} onHindsight={setHindsight} />
                <ModelsPanel instrument={instrument} timeframe={timeframe} selectedRunId={regimeRunId} onSelectRun={setRegimeRunId} />
              </div>
            )}
          </div>
        )}
        {view === 'runs' && <RunHistory onOpen={(run) => void openRun(run)} />}
        {view === 'backtest' && instruments && <BacktestView instruments={instruments} instrument={instrument} timeframe={timeframe} exportRequest={exportRequest} />}
        {view === 'data' && instruments && <DataManager instruments={instruments} onChanged={() => void refreshInstruments()} downloadRequest={downloadRequest} />}
      </main>

      <footer className="statusbar" data-testid="status-bar">
        <span>{transport === 'ipc' ? 'Desktop' : 'Browser mode (loopback bridge)'}</span>
        {instrument && summary && (
          <span data-testid="status-series">
            {instrument.symbol} {summary.timeframe} · {summary.bars.toLocaleString('en-US')} bars · {fmtDate(summary.firstTime)} → {fmtDate(summary.lastTime)}
            {summary.derivedFrom ? ` · resampled from ${summary.derivedFrom}` : ''}
          </span>
        )}
        {loadMs !== null && <span>loaded in {loadMs.toFixed(0)} ms</span>}
        <span className="spacer" />
        {running.map((j) => (
          <span key={j.jobId} className="job">
            {j.kind}: {(j.progress * 100).toFixed(0)}% {j.message}
          </span>
        ))}
        <button className="link" onClick={() => setShowJobs((v) => !v)} data-testid="jobs-button">
          Jobs ({running.length} running)
        </button>
      </footer>
      {showJobs && <JobsPanel jobs={jobs} onClose={() => setShowJobs(false)} />}
    </div>
  );
}

function fmtDate(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
