// Regime bands as a lightweight-charts series primitive: one rectangle per regime spell, drawn
// behind the candles, only for the spells inside the visible time range (binary search) and never
// narrower than a device pixel — so a year of 1-minute bars with a thousand spells stays cheap.

import type { IChartApi, IPrimitivePaneRenderer, IPrimitivePaneView, ISeriesPrimitive, SeriesAttachedParameter, Time, UTCTimestamp } from 'lightweight-charts';

/** The canvas target lightweight-charts hands to primitives (its fancy-canvas type, without depending on it). */
type CanvasRenderingTarget2D = Parameters<IPrimitivePaneRenderer['draw']>[0];

export type Spells = { startTime: Float64Array; endTime: Float64Array; regime: Uint8Array };

export type BandsOptions = { colors: string[]; watermark: string | null; watermarkColor: string };

/** First index with endTime ≥ t (spells are sorted and disjoint). */
function firstEndingAfter(endTime: Float64Array, t: number): number {
  let lo = 0;
  let hi = endTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (endTime[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class BandsRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly source: RegimeBands) {}

  draw(): void {}

  drawBackground(target: CanvasRenderingTarget2D): void {
    const { chart, spells, options } = this.source;
    if (!chart || !spells || spells.startTime.length === 0) return;
    const timeScale = chart.timeScale();
    const visible = timeScale.getVisibleRange();
    if (!visible) return;
    const fromMs = (visible.from as number) * 1000;
    const toMs = (visible.to as number) * 1000;
    // Half a bar on each side, measured from two logical positions (logicalToCoordinate needs integers).
    const x0 = timeScale.logicalToCoordinate(0 as never);
    const x1 = timeScale.logicalToCoordinate(1 as never);
    const halfBar = x0 !== null && x1 !== null ? Math.abs(x1 - x0) / 2 : 0;
    target.useBitmapCoordinateSpace(({ context, bitmapSize, horizontalPixelRatio }) => {
      let drawn = 0;
      for (let i = firstEndingAfter(spells.endTime, fromMs); i < spells.startTime.length && spells.startTime[i] <= toMs; i++) {
        const color = options.colors[spells.regime[i]];
        if (!color) continue;
        const start = timeScale.timeToCoordinate((spells.startTime[i] / 1000) as UTCTimestamp);
        const end = timeScale.timeToCoordinate((spells.endTime[i] / 1000) as UTCTimestamp);
        const left = start === null ? 0 : (start - halfBar) * horizontalPixelRatio;
        const right = end === null ? bitmapSize.width : (end + halfBar) * horizontalPixelRatio;
        if (right - left < 1) continue;
        context.fillStyle = color;
        context.fillRect(Math.round(left), 0, Math.round(right - left), bitmapSize.height);
        drawn++;
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
}
