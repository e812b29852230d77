// Replay: a cursor over a raw window of bars, shown as a prefix of the chart's series. A step is one
// `update` (forward) or `pop` (back) per series; a jump (next/previous switch or trade, a date, the
// end) or leaving the window is a full reset with `load`. Everything shown is at or before the cursor.

import type { CandleWindow } from '../../core/contract/chart.ts';
import { barAtOrBefore } from './bar-index.ts';
import type { WorkspaceChart } from './workspace-chart.ts';

/**
 * Bars of history before the cursor and of future after it held in a replay window (never drawn ahead
 * of the cursor). lightweight-charts' repaint after an update grows with the bars its series hold, not
 * with those on screen: with five panes, ≈ 3 ms at 300 bars held, 4–5 ms at 1,200, 6 ms at 3,000
 * (Chromium without GPU, this machine kind). So the window stays short — 300 bars to scroll back (two
 * screens at the 150 bars a replay shows), 700 to step into before the next window loads (a reset, as
 * a jump is); exit the replay for a wider view.
 */
const BARS_BEFORE = 300;
const BARS_AFTER = 700;

export type FetchWindow = (from: number, to: number, maxBars: number) => Promise<CandleWindow>;

export class ReplayController {
  playing = false;
  /** Bars per second while playing. */
  speed = 5;
  busy = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Sorted times of events to jump to (confirmed switches; trades when a backtest is selected). */
  switchTimes = new Float64Array(0);
  tradeTimes = new Float64Array(0);

  constructor(
    private readonly chart: WorkspaceChart,
    private readonly fetchWindow: FetchWindow,
    private readonly baseMs: number,
    private readonly onChange: () => void,
  ) {}

  get cursorTime(): number | null {
    const w = this.chart.window;
    return w && this.chart.shown > 0 ? w.candles.time[this.chart.shown - 1] : null;
  }

  get cursorIndex(): number {
    return this.chart.shown - 1;
  }

  /** Loads a raw window around `timeMs` and shows the bars up to it (a full reset). */
  async jump(timeMs: number): Promise<void> {
    const w = this.chart.window;
    const inWindow = w && !w.resampled && w.candles.time.length > 0 && timeMs >= w.candles.time[0] && timeMs <= w.candles.time[w.candles.time.length - 1];
    if (inWindow) {
      this.chart.show(barAtOrBefore(w.candles.time, timeMs) + 1);
    } else {
      this.busy = true;
      try {
        const next = await this.fetchWindow(timeMs - BARS_BEFORE * this.baseMs, timeMs + BARS_AFTER * this.baseMs, BARS_BEFORE + BARS_AFTER + 10);
        const index = Math.max(0, barAtOrBefore(next.candles.time, timeMs));
        this.chart.load(next, index + 1);
      } finally {
        this.busy = false;
      }
    }
    this.chart.showLast(150);
    this.onChange();
  }

  /** One bar forward (update); at the window's end, a reset onto the next window. */
  async forward(): Promise<boolean> {
    if (this.busy) return false;
    if (this.chart.stepForward()) {
      this.onChange();
      return true;
    }
    const w = this.chart.window;
    const cursor = this.cursorTime;
    if (!w || cursor === null || w.seriesLastTime === null || cursor >= w.seriesLastTime) {
      this.pause();
      return false;
    }
    await this.jump(cursor + this.baseMs);
    return true;
  }

  /** One bar back (pop); at the window's start, a reset onto the previous window. */
  async back(): Promise<boolean> {
    if (this.busy) return false;
    if (this.chart.stepBack()) {
      this.onChange();
      return true;
    }
    const w = this.chart.window;
    const cursor = this.cursorTime;
    if (!w || cursor === null || w.seriesFirstTime === null || cursor <= w.seriesFirstTime) return false;
    await this.jump(cursor - this.baseMs);
    return true;
  }

  /** Jumps to the next (+1) or previous (−1) event time; false when there is none. */
  async toEvent(times: Float64Array, direction: 1 | -1): Promise<boolean> {
    const cursor = this.cursorTime;
    if (cursor === null || times.length === 0) return false;
    const i = barAtOrBefore(times, cursor);
    const target = direction > 0 ? times[i + 1] : times[times[i] === cursor ? i - 1 : i];
    if (target === undefined) return false;
    await this.jump(target);
    return true;
  }

  async toEnd(): Promise<void> {
    const last = this.chart.window?.seriesLastTime;
    if (last !== null && last !== undefined) await this.jump(last);
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    // Above 60 bars/s several steps share one tick (the timer cannot beat the frame rate usefully).
    const perTick = Math.max(1, Math.round(this.speed / 60));
    const interval = Math.max(16, 1000 / this.speed) * perTick;
    this.timer = setInterval(() => {
      void (async () => {
        for (let s = 0; s < perTick && this.playing; s++) if (!(await this.forward())) this.pause();
      })();
    }, interval);
    this.onChange();
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.playing) {
      this.playing = false;
      this.onChange();
    }
  }

  setSpeed(barsPerSecond: number): void {
    this.speed = barsPerSecond;
    if (this.playing) {
      this.pause();
      this.play();
    }
  }

  dispose(): void {
    this.pause();
  }
}
