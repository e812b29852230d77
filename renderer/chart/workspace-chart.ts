// The chart workspace's lightweight-charts instance: candles with regime bands (a series primitive)
// and markers, volume, the filtered probability with the switching threshold, the leverage decided
// (step line) and a backtest's equity, in panes sharing one time scale. It holds one level-of-detail
// window at a time (a few thousand bars) and shows a prefix of it: replay steps are `update`/`pop`
// on every series, never a rebuild; `load` (a full reset) is for new windows and jumps. Pane sizes
// are stretch factors per pane kind: the user drags the separators, the chart reports the new
// factors (for the workspace to remember) and applies remembered ones to whichever panes exist.

import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  LineType,
  PriceScaleMode,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LineData,
  type Logical,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts';
import type { CandleWindow } from '../../core/contract/chart.ts';
import type { ChartPaneKind } from '../../core/contract/methods.ts';
import { PALETTES, type ThemeName } from '../theme.ts';
import { barAtOrBefore } from './bar-index.ts';
import { RegimeBands, type Spells } from './regime-bands.ts';

type Point = LineData<Time> | WhitespaceData<Time>;
type Pane = 'probability' | 'leverage' | 'equity';
export type PaneStretch = Partial<Record<ChartPaneKind, number>>;

/** Relative pane heights before the user changes them: candles dominate, the rest share the bottom. */
export const DEFAULT_PANE_STRETCH: Record<ChartPaneKind, number> = { candles: 6, volume: 1.1, probability: 1.3, leverage: 1, equity: 1 };
/** The bounds the workspace accepts for a stored factor (core/contract/methods.ts WorkspaceStateSchema). */
const STRETCH_MIN = 0.01;
const STRETCH_MAX = 100;

/**
 * volume: the volume pane; regimeLeverage: the leverage pane of a regime run without a backtest;
 * logPrice: a logarithmic price scale (stacked instruments compare by percentage moves).
 */
export type WorkspaceChartOptions = { volume?: boolean; regimeLeverage?: boolean; logPrice?: boolean };

/** Band colours by regime, lowest volatility first (K = 2: calm, turbulent; K = 3 adds a middle). */
export function bandColors(k: number): string[] {
  if (k <= 1) return ['rgba(0,0,0,0)'];
  const calm = 'rgba(38,166,154,0.10)';
  const turbulent = 'rgba(239,83,80,0.16)';
  const middle = 'rgba(240,180,41,0.12)';
  return k === 2 ? [calm, turbulent] : [calm, ...Array.from({ length: k - 2 }, () => middle), turbulent];
}

export type ChartMarker = { timeMs: number; kind: 'confirmed-switch' | 'raw-switch' | 'entry' | 'exit' | 'liquidation'; text: string; up: boolean };

const sec = (ms: number) => (ms / 1000) as UTCTimestamp;
const point = (time: Time, v: number): Point => (Number.isFinite(v) ? { time, value: v } : { time });

export class WorkspaceChart {
  readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'> | null;
  private readonly bands: RegimeBands;
  private readonly markersPlugin: ISeriesMarkersPluginApi<Time>;
  private extra: Partial<Record<Pane, ISeriesApi<'Line'>>> = {};
  private theme: ThemeName;
  private threshold = 0.75;
  /** The loaded window and its converted points (converted once per window). */
  window: CandleWindow | null = null;
  private barData: CandlestickData<Time>[] = [];
  private volumeData: HistogramData<Time>[] = [];
  private paneData: Partial<Record<Pane, Point[]>> = {};
  /** Bars of the window shown: all of them, or the replay prefix. */
  shown = 0;
  private markers: ChartMarker[] = [];
  /** The markers of a window (switches, trades), asked for on every load. */
  markerSource: ((window: CandleWindow) => ChartMarker[]) | null = null;
  private markersShown = -1;
  /** Remembered stretch factors (by pane kind) and the factors last applied or reported per pane. */
  private paneStretch: PaneStretch = {};
  private knownStretch: number[] = [];
  /** Called after the user drags a pane separator, with the factors of every pane kind known. */
  onPaneResize: ((stretch: PaneStretch) => void) | null = null;
  private readonly detachResizeWatch: () => void;
  private readonly regimeLeverage: boolean;

  constructor(container: HTMLElement, theme: ThemeName, options: WorkspaceChartOptions = {}) {
    this.theme = theme;
    this.regimeLeverage = options.regimeLeverage !== false;
    this.chart = createChart(container, {
      autoSize: true,
      layout: { attributionLogo: true, panes: { separatorColor: PALETTES[theme].border, enableResize: true } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 4, minBarSpacing: 0.1 },
      rightPriceScale: { borderVisible: false },
      crosshair: { mode: 0 },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, { priceLineVisible: true });
    // Short stacked charts: a log scale with slim margins, so the candles fill their pane.
    if (options.logPrice) this.candles.priceScale().applyOptions({ mode: PriceScaleMode.Logarithmic, scaleMargins: { top: 0.1, bottom: 0.06 } });
    this.volume = options.volume === false ? null : this.chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
    this.bands = new RegimeBands({ colors: bandColors(2), watermark: null, watermarkColor: 'rgba(239,83,80,0.55)' });
    this.candles.attachPrimitive(this.bands);
    this.markersPlugin = createSeriesMarkers(this.candles, []);
    this.setTheme(theme);
    this.applyPaneStretch();
    // lightweight-charts has no pane-resize event: a separator drag ends with the pointer released.
    let pressed = false;
    const down = () => (pressed = true);
    const up = () => {
      if (!pressed) return;
      pressed = false;
      setTimeout(() => this.reportPaneResize(), 0);
    };
    container.addEventListener('pointerdown', down);
    window.addEventListener('pointerup', up, true);
    this.detachResizeWatch = () => {
      container.removeEventListener('pointerdown', down);
      window.removeEventListener('pointerup', up, true);
    };
  }

  destroy(): void {
    this.detachResizeWatch();
    this.chart.remove();
  }

  /** The kind of each pane, top to bottom. */
  paneKinds(): ChartPaneKind[] {
    return [
      'candles',
      ...(this.volume ? (['volume'] as const) : []),
      ...(Object.keys(this.extra) as Pane[]).filter((p) => this.extra[p]),
    ];
  }

  /** Each pane's kind, stretch factor and height in CSS pixels (for tests and the workspace). */
  paneLayout(): { kind: ChartPaneKind; stretch: number; heightPx: number }[] {
    const kinds = this.paneKinds();
    return this.chart.panes().map((pane, i) => ({ kind: kinds[i] ?? 'candles', stretch: pane.getStretchFactor(), heightPx: pane.getHeight() }));
  }

  /** Remembered factors (missing kinds take the default), applied to the panes there are now. */
  setPaneStretch(stretch: PaneStretch): void {
    this.paneStretch = { ...stretch };
    this.applyPaneStretch();
  }

  private applyPaneStretch(): void {
    const kinds = this.paneKinds();
    const panes = this.chart.panes();
    this.knownStretch = panes.map((pane, i) => {
      const factor = this.paneStretch[kinds[i]] ?? DEFAULT_PANE_STRETCH[kinds[i]];
      pane.setStretchFactor(factor);
      return factor;
    });
  }

  /** After a drag: when a factor changed, report every kind's factor (the panes shown and those remembered). */
  private reportPaneResize(): void {
    const panes = this.chart.panes();
    const now = panes.map((pane) => pane.getStretchFactor());
    if (now.length === this.knownStretch.length && now.every((f, i) => Math.abs(f - this.knownStretch[i]) < 1e-9)) return;
    this.knownStretch = now;
    const kinds = this.paneKinds();
    const next: PaneStretch = { ...this.paneStretch };
    now.forEach((factor, i) => (next[kinds[i]] = Math.min(STRETCH_MAX, Math.max(STRETCH_MIN, Number(factor.toPrecision(4))))));
    this.paneStretch = next;
    this.onPaneResize?.(next);
  }

  setTheme(theme: ThemeName): void {
    this.theme = theme;
    const palette = PALETTES[theme];
    this.chart.applyOptions({
      layout: { background: { color: palette.background }, textColor: palette.text, panes: { separatorColor: palette.border } },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    });
    this.candles.applyOptions({ upColor: palette.up, downColor: palette.down, borderUpColor: palette.up, borderDownColor: palette.down, wickUpColor: palette.up, wickDownColor: palette.down });
  }

  /** The panes below volume follow the data: probability and leverage with a regime run, equity with a backtest. */
  private ensurePanes(want: Pane[]): void {
    const have = (Object.keys(this.extra) as Pane[]).filter((p) => this.extra[p]);
    if (have.length === want.length && want.every((p, i) => have[i] === p)) return;
    for (const p of have) this.chart.removeSeries(this.extra[p]!);
    this.extra = {};
    const first = this.volume ? 2 : 1;
    want.forEach((pane, i) => {
      const index = first + i;
      if (pane === 'probability') {
        const s = this.chart.addSeries(LineSeries, { lineWidth: 1, color: '#ef5350', title: 'P(high vol) filtered', priceLineVisible: false, lastValueVisible: true, priceFormat: { type: 'price', precision: 2, minMove: 0.01 }, autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 1 } }) }, index);
        s.createPriceLine({ price: this.threshold, color: PALETTES[this.theme].text, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: `threshold ${this.threshold}` });
        this.extra.probability = s;
      } else if (pane === 'leverage') {
        this.extra.leverage = this.chart.addSeries(LineSeries, { lineWidth: 2, lineType: LineType.WithSteps, color: '#4c8dff', title: 'leverage', priceLineVisible: false, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, index);
      } else {
        this.extra.equity = this.chart.addSeries(LineSeries, { lineWidth: 1, color: '#f0b429', title: 'equity', priceLineVisible: false }, index);
      }
    });
    this.applyPaneStretch();
  }

  /** Full reset: a new window, of which the first `shown` bars are drawn (all by default). */
  load(window: CandleWindow, shown = window.candles.time.length): void {
    const { time, open, high, low, close, volume } = window.candles;
    const palette = PALETTES[this.theme];
    const n = time.length;
    this.window = window;
    this.barData = new Array(n);
    this.volumeData = new Array(n);
    for (let i = 0; i < n; i++) {
      const t = sec(time[i]);
      this.barData[i] = { time: t, open: open[i], high: high[i], low: low[i], close: close[i] };
      this.volumeData[i] = { time: t, value: volume[i], color: close[i] >= open[i] ? palette.volumeUp : palette.volumeDown };
    }
    const panes: Pane[] = [];
    this.paneData = {};
    const columns: [Pane, Float64Array][] = [];
    if (window.regime) columns.push(['probability', window.regime.probHigh]);
    if (window.backtest) columns.push(['leverage', window.backtest.grossLeverage]);
    else if (window.regime && this.regimeLeverage) columns.push(['leverage', window.regime.leverage]);
    if (window.backtest) columns.push(['equity', window.backtest.equity]);
    for (const [pane, values] of columns) {
      panes.push(pane);
      this.paneData[pane] = Array.from(values, (v, i) => point(this.barData[i].time, v));
    }
    this.ensurePanes(panes);
    this.markers = (this.markerSource?.(window) ?? []).sort((a, b) => a.timeMs - b.timeMs);
    this.show(shown);
  }

  /** Shows the first `count` bars of the window with one setData per series (a reset, not a step). */
  show(count: number): void {
    this.shown = Math.max(0, Math.min(count, this.barData.length));
    this.candles.setData(this.barData.slice(0, this.shown));
    this.volume?.setData(this.volumeData.slice(0, this.shown));
    for (const pane of Object.keys(this.paneData) as Pane[]) this.extra[pane]?.setData(this.paneData[pane]!.slice(0, this.shown));
    this.syncBands();
    this.markersShown = -1;
    this.syncMarkers();
  }

  /** Replay step forward: one `update` per series. False at the window's end. */
  stepForward(): boolean {
    if (this.shown >= this.barData.length) return false;
    const i = this.shown++;
    this.candles.update(this.barData[i]);
    this.volume?.update(this.volumeData[i]);
    for (const pane of Object.keys(this.paneData) as Pane[]) this.extra[pane]?.update(this.paneData[pane]![i]);
    this.syncBands();
    this.syncMarkers();
    return true;
  }

  /** Replay step back: one `pop` per series. False at the window's start. */
  stepBack(): boolean {
    if (this.shown <= 1) return false;
    this.shown--;
    this.candles.pop(1);
    this.volume?.pop(1);
    for (const pane of Object.keys(this.paneData) as Pane[]) this.extra[pane]?.pop(1);
    this.syncBands();
    this.syncMarkers();
    return true;
  }

  setSpells(spells: Spells | null, regimeCount: number, hindsight: boolean): void {
    this.bands.setSpells(spells, { colors: bandColors(regimeCount), watermark: hindsight ? 'HINDSIGHT — smoothed probabilities use future data' : null });
  }

  get bandsDrawn(): number {
    return this.bands.lastDrawn;
  }

  private syncBands(): void {
    if (this.window) this.bands.setBars({ time: this.window.candles.time, shown: this.shown, bucketMs: this.window.bucketMs });
  }

  /** Markers sorted by time; only those on bars shown are drawn (set again only when that count changes). */
  setMarkers(markers: ChartMarker[]): void {
    this.markers = [...markers].sort((a, b) => a.timeMs - b.timeMs);
    this.markersShown = -1;
    this.syncMarkers();
  }

  private syncMarkers(): void {
    const time = this.window?.candles.time;
    if (!time) return;
    const endMs = this.shown > 0 ? time[this.shown - 1] + this.window!.bucketMs : -Infinity;
    let count = 0;
    while (count < this.markers.length && this.markers[count].timeMs < endMs) count++;
    if (count === this.markersShown) return;
    this.markersShown = count;
    const out: SeriesMarker<Time>[] = [];
    let lastBar = -1;
    let lastKind = '';
    for (let m = 0; m < count; m++) {
      const marker = this.markers[m];
      const bar = barAtOrBefore(time, marker.timeMs);
      if (bar < 0) continue;
      // Several events in one resampled bar: one marker per kind and bar.
      if (bar === lastBar && marker.kind === lastKind) continue;
      lastBar = bar;
      lastKind = marker.kind;
      out.push(markerShape(marker, this.barData[bar].time));
    }
    this.markersPlugin.setMarkers(out);
  }

  /** Visible span in ms; logical positions beyond the bars held are extrapolated by the bar width. */
  visibleTimeRange(): { from: number; to: number } | null {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    if (!range || !this.window || this.shown === 0) return null;
    return { from: this.timeAt(range.from), to: this.timeAt(range.to + 1) };
  }

  /** Time (ms) at a logical position: interpolated between bars, extrapolated outside them. */
  private timeAt(logical: number): number {
    const time = this.window!.candles.time;
    const bucket = this.window!.bucketMs;
    const last = this.shown - 1;
    if (logical <= 0) return time[0] + logical * bucket;
    if (logical >= last) return time[last] + (logical - last) * bucket;
    const i = Math.floor(logical);
    return time[i] + (logical - i) * (time[i + 1] - time[i]);
  }

  /** Logical position of a time: the inverse of timeAt. */
  private logicalAt(t: number): number {
    const time = this.window!.candles.time;
    const bucket = this.window!.bucketMs;
    const last = this.shown - 1;
    if (t <= time[0]) return (t - time[0]) / bucket;
    if (t >= time[last]) return last + (t - time[last]) / bucket;
    const i = barAtOrBefore(time, t);
    return i + (t - time[i]) / Math.max(1, time[i + 1] - time[i]);
  }

  /** Visible bars (may be fractional). */
  visibleBars(): number {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    return range ? range.to - range.from : 0;
  }

  /** Shows the time span [from, to) in the current window. */
  setVisibleTimeRange(from: number, to: number): void {
    if (!this.window || this.shown === 0) return;
    this.chart.timeScale().setVisibleLogicalRange({ from: this.logicalAt(from) as Logical, to: (this.logicalAt(to) - 1) as Logical });
  }

  /** Shows the last `bars` bars shown (and a little space on the right). */
  showLast(bars: number): void {
    this.chart.timeScale().setVisibleLogicalRange({ from: (this.shown - bars) as Logical, to: (this.shown + 4) as Logical });
  }

  /**
   * Puts the crosshair on the shown bar containing `timeMs` (a crosshair synced from another chart);
   * returns that bar's index, or null (and clears the crosshair) when no shown bar contains it.
   */
  showCrosshairAt(timeMs: number): number | null {
    const w = this.window;
    const i = w ? barAtOrBefore(w.candles.time, timeMs) : -1;
    const range = this.chart.timeScale().getVisibleLogicalRange();
    // lightweight-charts would pin a bar outside the view to the view's edge: show none instead.
    if (!w || !range || i < 0 || i >= this.shown || timeMs >= w.candles.time[i] + w.bucketMs || i < Math.floor(range.from) || i > Math.ceil(range.to)) {
      this.chart.clearCrosshairPosition();
      return null;
    }
    this.chart.setCrosshairPosition(w.candles.close[i], this.barData[i].time, this.candles);
    return i;
  }

  clearCrosshair(): void {
    this.chart.clearCrosshairPosition();
  }

  /** Bar index under a logical position, if it is a shown bar. */
  barAt(logical: number | undefined): number | null {
    if (logical === undefined) return null;
    const i = Math.round(logical);
    return i >= 0 && i < this.shown ? i : null;
  }
}

function markerShape(marker: ChartMarker, time: Time): SeriesMarker<Time> {
  switch (marker.kind) {
    case 'confirmed-switch':
      return { time, position: marker.up ? 'aboveBar' : 'belowBar', shape: marker.up ? 'arrowDown' : 'arrowUp', color: marker.up ? '#ef5350' : '#26a69a', text: marker.text, size: 1 };
    case 'raw-switch':
      return { time, position: marker.up ? 'aboveBar' : 'belowBar', shape: 'circle', color: marker.up ? 'rgba(239,83,80,0.6)' : 'rgba(38,166,154,0.6)', size: 0.5 };
    case 'entry':
      return { time, position: 'belowBar', shape: 'arrowUp', color: '#4c8dff', text: marker.text, size: 1 };
    case 'exit':
      return { time, position: 'aboveBar', shape: 'arrowDown', color: '#b26be0', text: marker.text, size: 1 };
    case 'liquidation':
      return { time, position: 'aboveBar', shape: 'square', color: '#ff1744', text: marker.text || 'LIQ', size: 1.5 };
  }
}
