// The application shell: instrument and timeframe pickers, the chart workspace, a status bar with
// the data's provenance (simulated data is always labelled) and running jobs; the command palette
// (Ctrl/⌘+K) and the global shortcuts, both from one list of commands (commands/workspace-actions.ts).

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
import { MultiAssetView, type MultiAssetState } from './components/MultiAssetView.tsx';
import { CommandPalette } from './components/CommandPalette.tsx';
import { useSystemTheme } from './theme.ts';
import { shell } from './shell.ts';
import { shellAction } from '../core/contract/shell.ts';
import type { PaneStretch } from './chart/workspace-chart.ts';
import { NO_REQUESTS, type UiRequestKind, type UiRequests } from './commands/ui-requests.ts';
import { VIEWS, workspaceActions, type WorkspaceView } from './commands/workspace-actions.ts';
import { formatShortcut, isTypingTarget, matchesShortcut, worksWhileTyping } from './commands/shortcuts.ts';

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
  const [view, setView] = useState<WorkspaceView>('chart');
  const [showRegimes, setShowRegimes] = useState(true);
  const [showBands, setShowBands] = useState(true);
  const [paneStretch, setPaneStretch] = useState<PaneStretch>({});
  const [multiAsset, setMultiAsset] = useState<MultiAssetState | null>(null);
  const [regimeRunId, setRegimeRunId] = useState<string | null>(null);
  const [hindsight, setHindsight] = useState(false);
  const [overlay, setOverlay] = useState<RegimeOverlay | null>(null);
  // One-shot requests to the views (download dialog, export, fit, run, replay, undo): from the
  // desktop menu, the command palette and the shortcuts alike.
  const [requests, setRequests] = useState<UiRequests>(NO_REQUESTS);
  const request = useCallback((kind: UiRequestKind) => setRequests((r) => ({ ...r, [kind]: r[kind] + 1 })), []);
  const [paletteOpen, setPaletteOpen] = useState(false);
  /** The backtest view stays mounted once opened, so strategy edits and their undo history survive other views. */
  const [backtestOpened, setBacktestOpened] = useState(false);
  useEffect(() => {
    if (view === 'backtest') setBacktestOpened(true);
  }, [view]);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(
    () =>
      shell?.onCommand((command) => {
        const action = shellAction(command);
        if (action.kind === 'open-download') {
          setView('data');
          request('open-download');
        } else if (action.kind === 'export-report') {
          setView('backtest');
          request('export-report');
        } else if (action.kind === 'notice') setNotice(action.text);
      }),
    [request],
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
  const restoreStarted = useRef(false);
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (!instruments || restoreStarted.current) return;
    restoreStarted.current = true;
    void (async () => {
      try {
        const w = await api.call('workspace.get', {});
        if (w.view) setView(w.view);
        if (typeof w.showRegimes === 'boolean') setShowRegimes(w.showRegimes);
        if (typeof w.showBands === 'boolean') setShowBands(w.showBands);
        if (w.paneStretch) setPaneStretch(w.paneStretch);
        if (w.multiAsset) setMultiAsset(w.multiAsset);
        const inst = instruments.find((i) => i.id === w.instrumentId);
        if (inst) {
          let runId: string | null = null;
          if (w.regimeRunId) {
            // The run's summary is enough to check it still belongs to this series (its record can be megabytes).
            const [run] = (await api.call('runs.list', { kind: 'regime-fit', instrumentId: inst.id, search: w.regimeRunId })).filter((r) => r.id === w.regimeRunId);
            runId = run && run.timeframe === w.timeframe ? run.id : null;
          }
          reopening.current = { regimeRunId: runId, backtest: null };
          setInstrumentId(inst.id);
          if (w.timeframe && inst.timeframes.some((t) => t.timeframe === w.timeframe)) setTimeframe(w.timeframe);
          setRegimeRunId(runId);
        }
      } catch {
        // Nothing remembered that this version can use: start fresh.
      } finally {
        setRestored(true);
      }
    })();
  }, [instruments]);
  useEffect(() => {
    if (!restored) return;
    void api.call('workspace.set', { view, instrumentId, timeframe, regimeRunId, showRegimes, showBands, paneStretch, ...(multiAsset ? { multiAsset } : {}) }).catch(() => undefined);
  }, [restored, view, instrumentId, timeframe, regimeRunId, showRegimes, showBands, paneStretch, multiAsset]);

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

  const regimeState = overlay ? `Regimes: ${overlay.label} · ${overlay.hindsight ? 'smoothed (HINDSIGHT)' : 'filtered (causal)'}` : 'Regimes: not yet computed';

  /** The multi-asset view's "fit one in the chart view": that instrument and timeframe, with the regime panel. */
  const openChartOn = useCallback((id: number, tf: Timeframe) => {
    if (id !== instrumentId) setInstrumentId(id);
    setTimeframe(tf);
    setShowRegimes(true);
    setView('chart');
  }, [instrumentId]);

  const actions = useMemo(
    () =>
      workspaceActions({
        view,
        setView,
        timeframes: instrument?.timeframes.map((t) => t.timeframe) ?? [],
        timeframe,
        setTimeframe,
        showRegimes,
        setShowRegimes,
        showBands,
        setShowBands,
        hindsight,
        setHindsight,
        hasRegimeRun: regimeRunId !== null,
        hasSeries: chartReady,
        desktopMenu: shell !== null,
        request,
        resetPaneSizes: () => setPaneStretch({}),
      }),
    [view, instrument, timeframe, showRegimes, showBands, hindsight, regimeRunId, chartReady, request],
  );

  // Global shortcuts: Ctrl/⌘+K opens the palette anywhere; the commands' own chords act when no
  // field has the focus (or, with Ctrl/⌘/Alt, anywhere), and never while the palette is open.
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (matchesShortcut(e, 'Mod+K')) {
        e.preventDefault();
        setPaletteOpen((open) => !open);
        return;
      }
      if (document.querySelector('.command-palette, dialog[open]')) return;
      const typing = isTypingTarget(e.target);
      for (const action of actionsRef.current) {
        if (!action.shortcut || (action.shortcutOwner ?? 'app') !== 'app' || !matchesShortcut(e, action.shortcut)) continue;
        if (typing && !worksWhileTyping(action.shortcut)) return;
        e.preventDefault();
        if (!action.disabledReason) action.run();
        else setNotice(`${action.title}: ${action.disabledReason}`);
        return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand">RegimeLab</span>
        <nav className="views" role="tablist">
          {VIEWS.map((v, i) => (
            <button key={v.view} role="tab" aria-selected={view === v.view} className={view === v.view ? 'active' : ''} onClick={() => setView(v.view)} data-testid={`view-${v.view}`} title={`${v.title} (${i + 1})`}>
              {v.title}
            </button>
          ))}
        </nav>
        {/* The multi-asset view picks its own instruments and timeframe. */}
        {view !== 'multi' && (
          <>
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
          </>
        )}
        <span className="spacer" />
        {(view === 'chart' || view === 'multi') && (
          <button className={`toggle${showBands ? ' active' : ''}`} onClick={() => setShowBands((v) => !v)} data-testid="toggle-bands" aria-pressed={showBands} title="Regime bands behind the candles (B)">
            Bands
          </button>
        )}
        {view === 'chart' && (
          <button className={`toggle${showRegimes ? ' active' : ''}`} onClick={() => setShowRegimes((v) => !v)} data-testid="toggle-regimes" title="The regime panel: fits, parameters, hindsight (P)">
            Regimes
          </button>
        )}
        <button className="toggle palette-button" onClick={() => setPaletteOpen(true)} data-testid="palette-button" title="Commands: every action and its shortcut" aria-label="Commands">
          <span className="palette-label">Commands </span>
          <kbd>{formatShortcut('Mod+K')}</kbd>
        </button>
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
                showBands={showBands}
                paneStretch={paneStretch}
                onPaneStretch={setPaneStretch}
                replayRequest={requests['enter-replay']}
              />
            </div>
            {showRegimes && instrument && timeframe && (
              <div className="side-panels" style={{ overflow: 'auto', minWidth: 0 }}>
                <RegimePanel instrument={instrument} timeframe={timeframe} selectedRunId={regimeRunId} onSelectRun={setRegimeRunId} hindsight={hindsight} onHindsight={setHindsight} fitRequest={requests['fit-regimes']} />
                <ModelsPanel instrument={instrument} timeframe={timeframe} selectedRunId={regimeRunId} onSelectRun={setRegimeRunId} />
              </div>
            )}
          </div>
        )}
        {view === 'runs' && <RunHistory onOpen={(run) => void openRun(run)} />}
        {view === 'multi' && instruments && instruments.length > 0 && (
          <MultiAssetView instruments={instruments} theme={theme} preferredTimeframe={timeframe} remembered={multiAsset} onChange={setMultiAsset} showBands={showBands} onOpenChart={openChartOn} />
        )}
        {(view === 'backtest' || backtestOpened) && instruments && <BacktestView instruments={instruments} instrument={instrument} timeframe={timeframe} active={view === 'backtest'} requests={requests} />}
        {view === 'data' && instruments && <DataManager instruments={instruments} onChanged={() => void refreshInstruments()} downloadRequest={requests['open-download']} />}
      </main>

      <footer className="statusbar" data-testid="status-bar">
        <span>{transport === 'ipc' ? 'Desktop' : 'Browser mode (loopback bridge)'}</span>
        {instrument && summary && (
          <span data-testid="status-series">
            {instrument.symbol} {summary.timeframe} · {summary.bars.toLocaleString('en-US')} bars · {fmtDate(summary.firstTime)} → {fmtDate(summary.lastTime)}
            {summary.derivedFrom ? ` · resampled from ${summary.derivedFrom}` : ''}
          </span>
        )}
        {/* In the status bar, not the toolbar, since the toolbar holds the band, panel and palette buttons. */}
        <span className={`regime-state${overlay?.hindsight ? ' hindsight' : ''}`} data-testid="regime-state">
          {regimeState}
        </span>
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
      {paletteOpen && <CommandPalette actions={actions} onClose={() => setPaletteOpen(false)} />}
    </div>
  );
}

function fmtDate(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
