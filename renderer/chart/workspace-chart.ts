// The chart workspace's lightweight-charts instance: candles with regime bands (a series primitive)
// and markers, volume, the filtered probability with the switching threshold, the leverage decided
// (step line) and a backtest's equity, in panes sharing one time scale. It holds one level-of-detail
// window at a time (a few thousand bars) and shows a prefix of it: replay steps are `update`/`pop`
// on every series, never a rebuild; `load` (a full reset) is for new windows and jumps.

import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  LineType,
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
import { PALETTES, type ThemeName } from '../theme.ts';
import { barAtOrBefore } from './bar-index.ts';
import { RegimeBands, type Spells } from './regime-bands.ts';

type Point = LineData<Time> | WhitespaceData<Time>;
type Pane = 'probability' | 'leverage' | 'equity';

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
  private readonly volume: ISeriesApi<'Histogram'>;
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

  constructor(container: HTMLElement, theme: ThemeName) {
    this.theme = theme;
    this.chart = createChart(container, {
      autoSize: true,
      layout: { attributionLogo: true, panes: { separatorColor: PALETTES[theme].border, enableResize: true } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 4, minBarSpacing: 0.1 },
      rightPriceScale: { borderVisible: false },
      crosshair: { mode: 0 },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, { priceLineVisible: true });
    this.volume = this.chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
    this.bands = new RegimeBands({ colors: bandColors(2), watermark: null, watermarkColor: 'rgba(239,83,80,0.55)' });
    this.candles.attachPrimitive(this.bands);
    this.markersPlugin = createSeriesMarkers(this.candles, []);
    this.setTheme(theme);
  }

  destroy(): void {
    this.chart.remove();
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
    want.forEach((pane, i) => {
      const index = 2 + i;
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
    // Relative pane sizes (the user can drag the separators): candles dominate, the rest share the bottom.
    const factors = [6, 1.1, ...want.map((p) => (p === 'probability' ? 1.3 : 1))];
    this.chart.panes().forEach((pane, i) => pane.setStretchFactor(factors[i] ?? 1));
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
    else if (window.regime) columns.push(['leverage', window.regime.leverage]);
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
    this.volume.setData(this.volumeData.slice(0, this.shown));
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
    this.volume.update(this.volumeData[i]);
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
    this.volume.pop(1);
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
