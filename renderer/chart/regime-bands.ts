// Regime bands as a lightweight-charts series primitive: one rectangle per regime spell, drawn
// behind the candles, only for the spells inside the visible range (binary search) and never
// narrower than a device pixel — so a year of 1-minute bars with a thousand spells stays cheap.
// Spell times need not be bar times: the chart may hold resampled buckets (levels of detail), so a
// spell is placed on the bars containing its start and end. In replay, nothing after the last bar
// shown is drawn.

import type { IChartApi, IPrimitivePaneRenderer, IPrimitivePaneView, ISeriesPrimitive, Logical, SeriesAttachedParameter, Time } from 'lightweight-charts';
import { barAtOrBefore, firstAtOrAfter } from './bar-index.ts';

/** The canvas target lightweight-charts hands to primitives (its fancy-canvas type, without depending on it). */
type CanvasRenderingTarget2D = Parameters<IPrimitivePaneRenderer['draw']>[0];

export type Spells = { startTime: Float64Array; endTime: Float64Array; regime: Uint8Array };

export type BandsOptions = { colors: string[]; watermark: string | null; watermarkColor: string };

/** The bars the chart holds: open times (ms), how many are shown (replay shows a prefix), bar width. */
export type BandBars = { time: Float64Array; shown: number; bucketMs: number };

class BandsRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly source: RegimeBands) {}

  draw(): void {}

  drawBackground(target: CanvasRenderingTarget2D): void {
    const { chart, spells, options, bars } = this.source;
    target.useBitmapCoordinateSpace(({ context, bitmapSize, horizontalPixelRatio }) => {
      let drawn = 0;
      const range = chart?.timeScale().getVisibleLogicalRange();
      if (chart && spells && bars && bars.shown > 0 && range) {
        const timeScale = chart.timeScale();
        const last = bars.shown - 1;
        const firstBar = Math.max(0, Math.floor(range.from));
        const lastBar = Math.min(last, Math.ceil(range.to));
        if (firstBar <= lastBar) {
          const fromMs = bars.time[firstBar];
          const toMs = bars.time[lastBar] + bars.bucketMs;
          // logicalToCoordinate answers integer positions only: half a bar from positions 0 and 1.
          const x0 = timeScale.logicalToCoordinate(0 as Logical);
          const x1 = timeScale.logicalToCoordinate(1 as Logical);
          const halfBar = x0 !== null && x1 !== null ? Math.abs(x1 - x0) / 2 : 0;
          for (let i = firstAtOrAfter(spells.endTime, fromMs); i < spells.startTime.length && spells.startTime[i] < toMs; i++) {
            const color = options.colors[spells.regime[i]];
            if (!color) continue;
            const startBar = Math.max(0, barAtOrBefore(bars.time, spells.startTime[i]));
            const endBar = Math.min(last, barAtOrBefore(bars.time, spells.endTime[i]));
            if (endBar < startBar) continue;
            const start = timeScale.logicalToCoordinate(startBar as Logical);
            const end = timeScale.logicalToCoordinate(endBar as Logical);
            if (start === null || end === null) continue;
            const left = (start - halfBar) * horizontalPixelRatio;
            const right = (end + halfBar) * horizontalPixelRatio;
            if (right - left < 1) continue;
            context.fillStyle = color;
            context.fillRect(Math.round(left), 0, Math.round(right - left), bitmapSize.height);
            drawn++;
          }
        }
      }
      this.source.lastDrawn = drawn;
      if (options.watermark) {
        context.save();
        context.fillStyle = options.watermarkColor;
        context.font = `600 ${Math.round(22 * horizontalPixelRatio)}px system-ui, sans-serif`;
        context.textAlign = 'center';
        context.fillText(options.watermark, bitmapSize.width / 2, Math.round(40 * horizontalPixelRatio));
        context.restore();
      }
    });
  }
}

class BandsView implements IPrimitivePaneView {
  private readonly paneRenderer: BandsRenderer;
  constructor(source: RegimeBands) {
    this.paneRenderer = new BandsRenderer(source);
  }
  zOrder(): 'bottom' {
    return 'bottom';
  }
  renderer(): IPrimitivePaneRenderer {
    return this.paneRenderer;
  }
}

export class RegimeBands implements ISeriesPrimitive<Time> {
  chart: IChartApi | null = null;
  spells: Spells | null = null;
  bars: BandBars | null = null;
  options: BandsOptions;
  /** Rectangles drawn in the last frame (exposed for tests and the status line). */
  lastDrawn = 0;
  private requestUpdate: (() => void) | null = null;
  private readonly views: BandsView[];

  constructor(options: BandsOptions) {
    this.options = options;
    this.views = [new BandsView(this)];
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.requestUpdate = null;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  setSpells(spells: Spells | null, options?: Partial<BandsOptions>): void {
    this.spells = spells;
    if (options) this.options = { ...this.options, ...options };
    this.requestUpdate?.();
  }

  setBars(bars: BandBars): void {
    this.bars = bars;
    this.requestUpdate?.();
  }
}
