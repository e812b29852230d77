// The chart workspace: one lightweight-charts chart (candles with regime bands and markers, volume,
// filtered probability, leverage, equity) fed with level-of-detail windows from the service — never
// more bars than about two screen widths — plus the crosshair legend and bar replay. Compact, it is
// one of the synced charts of the multi-asset view (no volume pane, no replay).

import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Instrument, RegimeOverlay, Timeframe } from '../../core/contract/schemas.ts';
import type { CandleWindow } from '../../core/contract/chart.ts';
import { api } from '../api.ts';
import type { ThemeName } from '../theme.ts';
import { WorkspaceChart, type ChartMarker, type PaneStretch } from '../chart/workspace-chart.ts';
import type { ChartSyncGroup } from '../chart/chart-sync.ts';
import { useUiRequest } from '../commands/ui-requests.ts';
import { nextLodSpan } from '../chart/lod-policy.ts';
import { ReplayController } from '../chart/replay-controller.ts';
import { ReplayCursor } from '../chart/replay-cursor.ts';
import { ChartLegend } from './ChartLegend.tsx';
import { ReplayBar } from './ReplayBar.tsx';

const TIMEFRAME_MS: Record<Timeframe, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000, '1w': 604_800_000 };
/** The gate the workspace shows (research/002 Example 2); a selected backtest's own gate replaces it. */
const DEFAULT_GATE = { threshold: 0.75, confirmBars: 2, minDwellBars: 0 };
const LOD_DEBOUNCE_MS = 150;
const RAW_WINDOW_BARS = 5000;

export type Gate = typeof DEFAULT_GATE;
export type ChartBacktest = { runId: string; gate: Gate | null; leverage: number[] | null; trades: { entryTime: number; exitTime: number; side: string }[]; liquidations: { time: number }[] };

type Props = {
  instrument: Instrument;
  timeframe: Timeframe;
  theme: ThemeName;
  overlay: RegimeOverlay | null;
  regimeRunId: string | null;
  backtest: ChartBacktest | null;
  hindsight: boolean;
  onHindsightOff: () => void;
  onLoaded?: (ms: number) => void;
  /** Regime bands behind the candles (default on); the probability pane shows either way. */
  showBands?: boolean;
  /** Remembered pane sizes, and where the sizes go after the user drags a separator. */
  paneStretch?: PaneStretch;
  onPaneStretch?: (stretch: PaneStretch) => void;
  /** Bumped by the command palette / shortcut: the same as pressing the Replay button. */
  replayRequest?: number;
  /** A stacked chart of the multi-asset view: no volume pane, no replay, spans and crosshair synced with the group. */
  compact?: boolean;
  sync?: ChartSyncGroup;
  /** Shown first in the chart's tool row (the multi-asset view puts the instrument there). */
  toolbar?: ReactNode;
};

type ReplayMode = 'off' | 'picking' | 'on';

/** The crosshair legend at the hovered bar, else at the last bar shown (the replay cursor). */
function CursorLegend({ cursor, window: w, hover, regimeCount, confirmBars }: { cursor: ReplayCursor; window: CandleWindow; hover: number | null; regimeCount: number; confirmBars: number }) {
  const current = useCallback(() => ({ index: hover ?? cursor.shown - 1, hovered: hover !== null }), [cursor, hover]);
  return <ChartLegend window={w} regimeCount={regimeCount} confirmBars={confirmBars} follow={cursor.subscribe} current={current} />;
}

/** The replay bar: re-rendered when play state or speed change, its status line filled in on every step. */
function CursorReplayBar({ cursor, controller, ...props }: { cursor: ReplayCursor; controller: ReplayController } & Omit<Parameters<typeof ReplayBar>[0], 'playing' | 'speed' | 'follow' | 'current'>) {
  useSyncExternalStore(cursor.subscribe, () => `${controller.playing} ${controller.speed}`);
  const current = useCallback(() => cursor.shown - 1, [cursor]);
  return <ReplayBar {...props} playing={controller.playing} speed={controller.speed} follow={cursor.subscribe} current={current} />;
}

/** compact: a stacked chart of the multi-asset view, where only confirmed switches are marked, without labels. */
function markersOf(w: CandleWindow, regimeCount: number, backtest: ChartBacktest | null, compact = false): ChartMarker[] {
  const markers: ChartMarker[] = [];
  const s = w.regime?.switches;
  if (s) {
    for (let i = 0; i < s.time.length; i++) {
      const up = s.regime[i] === regimeCount - 1;
      // Zoomed out, raw switches would cover the chart: only the confirmed ones are drawn there.
      if (s.confirmed[i]) markers.push({ timeMs: s.time[i], kind: 'confirmed-switch', text: compact ? '' : up ? 'turbulent' : 'calm', up });
      else if (!w.resampled && !compact) markers.push({ timeMs: s.time[i], kind: 'raw-switch', text: '', up });
    }
  }
  if (backtest) {
    for (const t of backtest.trades) {
      markers.push({ timeMs: t.entryTime, kind: 'entry', text: t.side, up: true });
      markers.push({ timeMs: t.exitTime, kind: 'exit', text: '', up: false });
    }
    for (const l of backtest.liquidations) markers.push({ timeMs: l.time, kind: 'liquidation', text: 'LIQ', up: true });
  }
  const first = w.candles.time[0] ?? Infinity;
  const end = (w.candles.time[w.candles.time.length - 1] ?? -Infinity) + w.bucketMs;
  return markers.filter((m) => m.timeMs >= first && m.timeMs < end);
}

export function CandleChart({ instrument, timeframe, theme, overlay, regimeRunId, backtest, hindsight, onHindsightOff, onLoaded, showBands = true, paneStretch, onPaneStretch, replayRequest, compact = false, sync, toolbar }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<WorkspaceChart | null>(null);
  const replayRef = useRef<ReplayController | null>(null);
  const requestSeq = useRef(0);
  /** The window loaded (the bars shown go through `cursor`, not React state). */
  const [shownWindow, setShownWindow] = useState<CandleWindow | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [replay, setReplay] = useState<ReplayMode>('off');
  const replayModeRef = useRef<ReplayMode>('off');
  const [message, setMessage] = useState<string | null>(null);
  const [lastClose, setLastClose] = useState<number | null>(null);
  const cursor = useRef(new ReplayCursor()).current;
  const baseMs = TIMEFRAME_MS[timeframe];
  const regimeCount = overlay?.regimeCount ?? 2;
  const gate = backtest?.gate ?? DEFAULT_GATE;
  const query = useRef({ instrumentId: instrument.id, timeframe, regimeRunId, backtest, gate });
  query.current = { instrumentId: instrument.id, timeframe, regimeRunId, backtest, gate };

  const fetchWindow = useCallback(async (from: number | undefined, to: number | undefined, maxBars: number): Promise<CandleWindow> => {
    const q = query.current;
    return await api.call('data.getCandleWindow', {
      instrumentId: q.instrumentId,
      timeframe: q.timeframe,
      from,
      to,
      maxBars,
      ...(q.regimeRunId ? { regimeRunId: q.regimeRunId } : {}),
      ...(q.backtest ? { backtestRunId: q.backtest.runId } : {}),
      gate: q.gate,
      ...(q.backtest?.leverage ? { leverage: q.backtest.leverage } : {}),
    });
  }, []);

  /** The bars shown and the replay cursor's time as data attributes (read by the e2e specs), set directly on each step. */
  const recordShown = useCallback((shown: number) => {
    const element = container.current;
    const w = chartRef.current?.window;
    cursor.set(shown);
    if (!element) return;
    element.dataset.shownBars = String(shown);
    element.dataset.cursorTime = replayModeRef.current === 'on' && w && shown > 0 ? String(w.candles.time[shown - 1]) : '';
  }, [cursor]);

  /** A full reset of the chart onto a window; records what the legend and data attributes read. */
  const apply = useCallback((w: CandleWindow, shown = w.candles.time.length) => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.load(w, shown);
    const n = w.candles.time.length;
    if (n > 0 && w.to === w.seriesLastTime) setLastClose(w.candles.close[n - 1]);
    setShownWindow(w);
    recordShown(chart.shown);
  }, [recordShown]);

  const budget = () => Math.max(1000, Math.min(8000, 2 * Math.round(container.current?.clientWidth ?? 1600)));

  /** Level of detail: after the view settles, fetch the window the view needs (if it needs another). */
  const refine = useCallback(async () => {
    const chart = chartRef.current;
    if (!chart?.window || replayModeRef.current === 'on') return;
    const visible = chart.visibleTimeRange();
    if (!visible) return;
    const width = container.current?.clientWidth ?? 1600;
    const span = nextLodSpan(chart.window, visible, chart.visibleBars(), width, baseMs, RAW_WINDOW_BARS);
    if (!span) return;
    const seq = ++requestSeq.current;
    // A span whose raw bars fit RAW_WINDOW_BARS comes back raw (3 days of 1m: 4,320 bars, notes/charting.md).
    const w = await fetchWindow(span.from, span.to, (span.to - span.from) / baseMs <= RAW_WINDOW_BARS ? RAW_WINDOW_BARS : budget());
    if (seq !== requestSeq.current || (replayModeRef.current as ReplayMode) === 'on') return;
    apply(w);
    // A synced follower takes the group's span again: its own, read off the coarser window, is a bucket off.
    const shown = sync && !sync.leads(chart) && sync.span ? sync.span : visible;
    chart.setVisibleTimeRange(shown.from, shown.to);
  }, [apply, baseMs, fetchWindow, sync]);
  const refineRef = useRef(refine);
  refineRef.current = refine;

  const onPaneStretchRef = useRef(onPaneStretch);
  onPaneStretchRef.current = onPaneStretch;
  const [paneLayout, setPaneLayout] = useState('');
  /** The panes' kinds, factors and heights as a data attribute (after the chart's next layout). */
  const recordPaneLayout = useCallback(() => {
    requestAnimationFrame(() => {
      const chart = chartRef.current;
      if (chart) setPaneLayout(JSON.stringify(chart.paneLayout().map((p) => ({ kind: p.kind, stretch: Number(p.stretch.toFixed(3)), heightPx: p.heightPx }))));
    });
  }, []);

  useEffect(() => {
    if (!container.current) return;
    const element = container.current;
    const chart = new WorkspaceChart(element, theme, { volume: !compact, regimeLeverage: !compact, logPrice: compact });
    chartRef.current = chart;
    chart.onPaneResize = (stretch) => {
      onPaneStretchRef.current?.(stretch);
      recordPaneLayout();
    };
    const leave = sync?.join(chart, element, setHover) ?? null;
    if (new URLSearchParams(window.location.search).has('bench')) (window as unknown as { __regimelabChart?: WorkspaceChart }).__regimelabChart = chart;
    let timer: ReturnType<typeof setTimeout> | null = null;
    chart.chart.timeScale().subscribeVisibleLogicalRangeChange(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        // The span shown, as data attributes (read by the e2e specs; set directly, no re-render).
        const span = chart.visibleTimeRange();
        element.dataset.visibleFrom = span ? String(Math.round(span.from)) : '';
        element.dataset.visibleTo = span ? String(Math.round(span.to)) : '';
        void refineRef.current();
      }, LOD_DEBOUNCE_MS);
    });
    chart.chart.subscribeCrosshairMove((param) => setHover(chart.barAt(param.logical)));
    chart.chart.subscribeClick((param) => {
      const index = chart.barAt(param.logical);
      if (replayModeRef.current === 'picking' && index !== null && chart.window) void startReplayRef.current(chart.window.candles.time[index]);
    });
    return () => {
      if (timer) clearTimeout(timer);
      leave?.();
      replayRef.current?.dispose();
      replayRef.current = null;
      chart.destroy();
      chartRef.current = null;
    };
    // The chart is created once; theme changes go through setTheme, pane sizes through setPaneStretch.
  }, []);

  useEffect(() => chartRef.current?.setTheme(theme), [theme]);

  useEffect(() => {
    chartRef.current?.setPaneStretch(paneStretch ?? {});
    recordPaneLayout();
  }, [paneStretch, recordPaneLayout]);

  // Markers follow every window loaded (overview, zoomed-in or replay): switches, trades, liquidations.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.markerSource = (w) => markersOf(w, regimeCount, backtest, compact);
    if (chart.window) chart.setMarkers(markersOf(chart.window, regimeCount, backtest, compact));
  }, [regimeCount, backtest, compact]);

  // New instrument, timeframe or runs: the whole history at the overview level (replay re-centres on its cursor).
  useEffect(() => {
    let cancelled = false;
    const started = performance.now();
    const seq = ++requestSeq.current;
    const chart = chartRef.current;
    const replaying = replayModeRef.current === 'on' && replayRef.current?.cursorTime;
    if (replaying && replayRef.current) {
      const cursor = replayRef.current.cursorTime!;
      if (chart) chart.window = null;
      void replayRef.current.jump(cursor);
      return;
    }
    const previous = chart?.window?.instrumentId === instrument.id && chart.window.timeframe === timeframe ? chart.visibleTimeRange() : null;
    void fetchWindow(previous?.from, previous?.to, budget())
      .then((w) => {
        if (cancelled || seq !== requestSeq.current || !chartRef.current) return;
        apply(w);
        recordPaneLayout();
        const groupSpan = sync?.span;
        if (previous) chartRef.current.setVisibleTimeRange(previous.from, previous.to);
        else if (groupSpan) chartRef.current.setVisibleTimeRange(groupSpan.from, groupSpan.to);
        else if (w.resampled) chartRef.current.chart.timeScale().fitContent();
        else chartRef.current.showLast(300);
        onLoaded?.(performance.now() - started);
      })
      .catch((e: Error) => !cancelled && setMessage(e.message));
    return () => {
      cancelled = true;
    };
  }, [instrument.id, timeframe, regimeRunId, backtest, fetchWindow, apply, recordPaneLayout, sync]);

  // Bands: the spells of the selected run; never smoothed ones during replay.
  useEffect(() => {
    const show = overlay && showBands && !(replay === 'on' && overlay.hindsight);
    chartRef.current?.setSpells(show ? overlay.spells : null, overlay?.regimeCount ?? 2, Boolean(show && overlay.hindsight));
  }, [overlay, replay, showBands]);

  /** After a replay change: a step (same window) updates only the cursor's subscribers; a new window re-renders the chart component. */
  const syncFromChart = useCallback(() => {
    const chart = chartRef.current;
    if (!chart?.window) return;
    setShownWindow(chart.window); // the same window: React bails out, nothing re-renders
    recordShown(chart.shown);
  }, [recordShown]);

  const startReplay = useCallback(
    async (timeMs: number) => {
      const chart = chartRef.current;
      if (!chart) return;
      if (hindsight) {
        onHindsightOff();
        setMessage('Hindsight view turned off: replay shows filtered (causal) probabilities only.');
      } else setMessage(null);
      replayRef.current?.dispose();
      const controller = new ReplayController(chart, (from, to, maxBars) => fetchWindow(from, to, maxBars), baseMs, syncFromChart);
      replayRef.current = controller;
      replayModeRef.current = 'on';
      setReplay('on');
      requestSeq.current++;
      chart.window = null; // replay always starts on a raw window
      const q = query.current;
      if (q.regimeRunId) {
        const trace = await api.call('regimes.getReplayTrace', { runId: q.regimeRunId, gate: q.gate, ...(q.backtest?.leverage ? { leverage: q.backtest.leverage } : {}) });
        controller.switchTimes = Float64Array.from(trace.confirmedSwitches, (i) => trace.time[i]);
      }
      if (q.backtest) controller.tradeTimes = Float64Array.from(q.backtest.trades.flatMap((t) => [t.entryTime, t.exitTime])).sort();
      await controller.jump(timeMs);
    },
    [baseMs, fetchWindow, hindsight, onHindsightOff, regimeCount, syncFromChart],
  );
  const startReplayRef = useRef(startReplay);
  startReplayRef.current = startReplay;

  const exitReplay = useCallback(() => {
    const chart = chartRef.current;
    replayRef.current?.dispose();
    replayRef.current = null;
    replayModeRef.current = 'off';
    setReplay('off');
    if (container.current) container.current.dataset.cursorTime = '';
    if (!chart) return;
    const cursor = chart.window && chart.shown > 0 ? chart.window.candles.time[chart.shown - 1] : null;
    const seq = ++requestSeq.current;
    void fetchWindow(undefined, undefined, budget()).then((w) => {
      if (seq !== requestSeq.current || !chartRef.current) return;
      apply(w);
      if (cursor !== null) chartRef.current.setVisibleTimeRange(cursor - 300 * baseMs, cursor + 20 * baseMs);
    });
  }, [apply, baseMs, fetchWindow]);

  // Hindsight cannot be replayed: turning it on ends the replay.
  useEffect(() => {
    if (hindsight && replayModeRef.current === 'on') {
      exitReplay();
      setMessage('Replay ended: smoothed (hindsight) probabilities use future data and cannot be replayed.');
    }
  }, [hindsight, exitReplay]);

  useEffect(() => {
    if (replay === 'off') return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      const controller = replayRef.current;
      if (e.key === 'Escape') {
        e.preventDefault();
        if (replayModeRef.current === 'picking') {
          replayModeRef.current = 'off';
          setReplay('off');
        } else exitReplay();
        return;
      }
      if (!controller) return;
      if (e.key === ' ') {
        e.preventDefault();
        if (controller.playing) controller.pause();
        else controller.play();
      } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        const direction = e.key === 'ArrowRight' ? 1 : -1;
        if (e.shiftKey) void controller.toEvent(controller.switchTimes, direction);
        else void (direction > 0 ? controller.forward() : controller.back());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [replay, exitReplay]);

  /** The Replay button: pick the start bar on the chart (or start mid-view). */
  const pickReplayStart = useCallback(() => {
    if (replayModeRef.current !== 'off') return;
    replayModeRef.current = 'picking';
    setReplay('picking');
  }, []);
  useUiRequest('enter-replay', replayRequest, pickReplayStart, shownWindow !== null);

  const w = shownWindow;
  const controller = replayRef.current;

  return (
    <div className="chart-stack">
      <div className="chart-tools">
        {toolbar}
        {replay === 'off' && !compact && (
          <button className="toggle" data-testid="replay-button" onClick={pickReplayStart} title="Replay history bar by bar as the model saw it (R)">
            ▶ Replay
          </button>
        )}
        {replay === 'picking' && (
          <span className="replay-hint" data-testid="replay-hint">
            Click a bar to start the replay there, or{' '}
            <button className="link" data-testid="replay-start-visible" onClick={() => { const v = chartRef.current?.visibleTimeRange(); if (v) void startReplay(v.from + (v.to - v.from) / 2); }}>
              start mid-view
            </button>{' '}
            · Esc cancels
          </span>
        )}
        {w && replay !== 'on' && <span className="muted small" data-testid="lod-level">{w.resampled ? `overview: ${(w.bucketMs / baseMs).toFixed(0)}×${timeframe} bars` : `${timeframe} bars`} · {w.candles.time.length.toLocaleString('en-US')} of {w.totalBars.toLocaleString('en-US')} loaded</span>}
      </div>
      {message && (
        <div className="chart-message" role="status" data-testid="chart-message">
          {message} <button className="link" onClick={() => setMessage(null)}>dismiss</button>
        </div>
      )}
      {w && <CursorLegend cursor={cursor} window={w} hover={hover} regimeCount={regimeCount} confirmBars={gate.confirmBars} />}
      <div
        className="chart"
        ref={container}
        data-testid="candle-chart"
        data-bars={w?.totalBars ?? 0}
        data-loaded-bars={w?.candles.time.length ?? 0}
        data-level={w ? (w.resampled ? 'resampled' : 'raw') : ''}
        data-bucket-ms={w?.bucketMs ?? ''}
        data-timeframe={w?.timeframe ?? timeframe}
        data-first-time={w?.seriesFirstTime ?? ''}
        data-last-time={w?.seriesLastTime ?? ''}
        data-last-close={lastClose ?? ''}
        data-regime-run={overlay?.runId ?? ''}
        data-backtest-run={backtest?.runId ?? ''}
        data-spells={overlay ? overlay.spells.startTime.length : 0}
        data-hindsight={overlay?.hindsight ? 'true' : 'false'}
        data-replay={replay}
        data-instrument={instrument.symbol}
        data-bands={overlay && showBands ? 'on' : 'off'}
        data-pane-layout={paneLayout}
      />
      {replay === 'on' && controller && (
        <CursorReplayBar
          cursor={cursor}
          controller={controller}
          window={w}
          regimeCount={regimeCount}
          hasTrades={controller.tradeTimes.length > 0}
          onPlay={() => (controller.playing ? controller.pause() : controller.play())}
          onStep={(d) => void (d > 0 ? controller.forward() : controller.back())}
          onSwitch={(d) => void controller.toEvent(controller.switchTimes, d)}
          onTrade={(d) => void controller.toEvent(controller.tradeTimes, d)}
          onEnd={() => void controller.toEnd()}
          onDate={(t) => void controller.jump(t)}
          onSpeed={(s) => {
            controller.setSpeed(s);
            syncFromChart();
          }}
          onExit={exitReplay}
        />
      )}
    </div>
  );
}
