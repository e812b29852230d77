// The application shell: instrument and timeframe pickers, the chart workspace, a status bar with
// the data's provenance (simulated data is always labelled) and running jobs.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CandleSeries, Instrument, JobInfo, Timeframe } from '../core/contract/schemas.ts';
import { api, transport } from './api.ts';
import { CandleChart } from './components/CandleChart.tsx';
import { DataManager } from './components/DataManager.tsx';
import { RegimePanel } from './components/RegimePanel.tsx';
import { BacktestView } from './components/BacktestView.tsx';
import type { RegimeOverlay } from '../core/contract/schemas.ts';
import { useSystemTheme } from './theme.ts';

type Load = { state: 'idle' | 'loading' | 'ready' | 'error'; error?: string };

export function App() {
  const theme = useSystemTheme();
  const [instruments, setInstruments] = useState<Instrument[] | null>(null);
  const [instrumentId, setInstrumentId] = useState<number | null>(null);
  const [timeframe, setTimeframe] = useState<Timeframe | null>(null);
  const [series, setSeries] = useState<CandleSeries | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'idle' });
  const [jobs, setJobs] = useState<Record<string, JobInfo | { jobId: string; kind: string; progress: number; message: string; state: 'running' }>>({});
  const [loadMs, setLoadMs] = useState<number | null>(null);
  const [view, setView] = useState<'chart' | 'data' | 'backtest'>('chart');
  const [showRegimes, setShowRegimes] = useState(true);
  const [regimeRunId, setRegimeRunId] = useState<string | null>(null);
  const [hindsight, setHindsight] = useState(false);
  const [overlay, setOverlay] = useState<RegimeOverlay | null>(null);

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
      api.on('job.progress', (p) => setJobs((j) => ({ ...j, [p.jobId]: { jobId: p.jobId, kind: p.kind, progress: p.progress, message: p.message, state: 'running' } }))),
      api.on('job.done', (p) => setJobs((j) => ({ ...j, [p.jobId]: p.job }))),
      api.on('job.error', (p) => setJobs((j) => ({ ...j, [p.jobId]: p.job }))),
    ];
    return () => offs.forEach((off) => off());
  }, [refreshInstruments]);

  const instrument = useMemo(() => instruments?.find((i) => i.id === instrumentId) ?? null, [instruments, instrumentId]);

  // A regime run belongs to one instrument and timeframe: switching either clears it.
  useEffect(() => {
    setRegimeRunId(null);
    setHindsight(false);
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

  useEffect(() => {
    if (!instrument || !timeframe || !instrument.timeframes.some((t) => t.timeframe === timeframe)) return;
    let cancelled = false;
    setLoad({ state: 'loading' });
    const started = performance.now();
    api
      .call('data.getCandles', { instrumentId: instrument.id, timeframe })
      .then((result) => {
        if (cancelled) return;
        setSeries(result);
        setLoadMs(performance.now() - started);
        setLoad({ state: 'ready' });
      })
      .catch((error: Error) => !cancelled && setLoad({ state: 'error', error: error.message }));
    return () => {
      cancelled = true;
    };
  }, [instrument, timeframe]);

  const running = Object.values(jobs).filter((j) => j.state === 'running');
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
        {load.state === 'error' && (
          <div className="notice error" role="alert">
            {load.error}
          </div>
        )}
        {instruments !== null && instruments.length === 0 && (
          <div className="notice">No instruments in the store yet. Import an exchange file with <code>regimelab import FILE</code>.</div>
        )}
        {view === 'chart' && series && (
          <div className={`chart-area${showRegimes ? ' with-panel' : ''}`}>
            <div className="chart-host">
              <CandleChart series={series} theme={theme} overlay={overlay} />
            </div>
            {showRegimes && instrument && timeframe && (
              <RegimePanel instrument={instrument} timeframe={timeframe} selectedRunId={regimeRunId} onSelectRun={setRegimeRunId} hindsight={hindsight} onHindsight={setHindsight} />
            )}
          </div>
        )}
        {view === 'chart' && load.state === 'loading' && <div className="loading">Loading candles…</div>}
        {view === 'backtest' && instruments && <BacktestView instruments={instruments} instrument={instrument} timeframe={timeframe} />}
        {view === 'data' && instruments && <DataManager instruments={instruments} onChanged={() => void refreshInstruments()} />}
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
      </footer>
    </div>
  );
}

function fmtDate(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
