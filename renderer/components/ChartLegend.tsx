// The crosshair legend: at the hovered bar (or the replay cursor / last bar) its OHLC, the regime
// (gated and most probable), the filtered probability, the confirmation counter, the leverage the
// rule decided and a backtest's equity — all read from the window the service aligned to the bars.
// React draws its skeleton, which follows the window's shape (regime run, backtest); the values are
// filled in directly (fillLegend), because they change on every replay step and crosshair move, where
// a React render of the legend would cost more than the chart's own series updates.

import { useLayoutEffect, useRef } from 'react';
import type { CandleWindow } from '../../core/contract/chart.ts';
import { formatTime, regimeName } from '../chart/bar-index.ts';

export type LegendState = { window: CandleWindow; index: number; regimeCount: number; confirmBars: number; hovered: boolean };

type Props = Omit<LegendState, 'index' | 'hovered'> & {
  /** Subscribes to the bar to show (index, hovered) and calls back on every change; returns the unsubscribe. */
  follow: (fill: () => void) => () => void;
  /** The bar to show now. */
  current: () => { index: number; hovered: boolean };
};

const num = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const price = (x: number) => (Math.abs(x) >= 1000 ? x.toFixed(2) : x.toPrecision(6));

function bucketLabel(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 1440) return `${minutes / 60}h`;
  return minutes % 10_080 === 0 ? `${minutes / 10_080}w` : `${minutes / 1440}d`;
}

export function ChartLegend({ window: w, regimeCount, confirmBars, follow, current }: Props) {
  const root = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const fill = () => {
      if (root.current) fillLegend(root.current, { window: w, regimeCount, confirmBars, ...current() });
    };
    fill();
    return follow(fill);
  }, [w, regimeCount, confirmBars, follow, current]);
  return (
    <div className="chart-legend" data-testid="chart-legend" ref={root}>
      <span data-testid="legend-time">
        <span data-f="time" />
        {w.resampled ? <span className="muted"> · {bucketLabel(w.bucketMs)} bar</span> : null}
      </span>
      <span data-testid="legend-ohlc">
        O <b data-f="open" /> H <b data-f="high" /> L <b data-f="low" /> C <b data-f="close" />
      </span>
      {w.regime && (
        <>
          <span data-testid="legend-regime">
            regime <b data-f="regime" />
            <span className="muted" data-f="raw" />
          </span>
          <span data-testid="legend-prob">
            P(high vol) <b data-f="prob" /> <span className="muted">filtered</span>
          </span>
          <span data-testid="legend-count">
            confirm <b data-f="count" />
          </span>
        </>
      )}
      {(w.backtest || w.regime) && (
        <span data-testid="legend-leverage">
          leverage <b data-f="leverage" />
        </span>
      )}
      {w.backtest && (
        <span data-testid="legend-equity">
          equity <b data-f="equity" />
        </span>
      )}
    </div>
  );
}

/** Writes the values at `index` into a legend skeleton (hidden when the index is outside the window). */
export function fillLegend(root: HTMLElement, { window: w, index, regimeCount, confirmBars, hovered }: LegendState): void {
  const c = w.candles;
  const inside = index >= 0 && index < c.time.length;
  root.hidden = !inside;
  if (!inside) return;
  const field = (name: string) => root.querySelector<HTMLElement>(`[data-f="${name}"]`);
  const set = (name: string, text: string) => {
    const el = field(name);
    if (el && el.textContent !== text) el.textContent = text;
  };
  const part = (testId: string) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  root.dataset.index = String(index);
  root.dataset.time = String(c.time[index]);
  root.dataset.hovered = hovered ? 'true' : 'false';
  set('time', formatTime(c.time[index]));
  set('open', price(c.open[index]));
  set('high', price(c.high[index]));
  set('low', price(c.low[index]));
  set('close', price(c.close[index]));
  part('legend-ohlc')!.dataset.close = String(c.close[index]);
  const r = w.regime;
  const b = w.backtest;
  if (r) {
    const confirmed = r.confirmedRegime[index];
    const raw = r.rawRegime[index];
    const regime = part('legend-regime')!;
    regime.dataset.value = String(confirmed ?? '');
    regime.dataset.raw = String(raw ?? '');
    set('regime', regimeName(confirmed ?? NaN, regimeCount));
    field('regime')!.className = `regime-${confirmed === regimeCount - 1 ? 'high' : 'low'}`;
    set('raw', raw !== confirmed && Number.isFinite(raw) ? ` (most probable: ${regimeName(raw, regimeCount)})` : '');
    part('legend-prob')!.dataset.value = String(r.probHigh[index]);
    set('prob', num(r.probHigh[index], 3));
    const count = r.confirmCount[index];
    part('legend-count')!.dataset.value = String(count ?? '');
    set('count', `${num(count, 0)}/${confirmBars}`);
  }
  const leverage = b ? b.grossLeverage[index] : r?.leverage[index];
  const leveragePart = part('legend-leverage');
  if (leveragePart) {
    leveragePart.dataset.value = String(leverage);
    set('leverage', `${num(leverage, 2)}x`);
  }
  if (b) {
    part('legend-equity')!.dataset.value = String(b.equity[index]);
    set('equity', num(b.equity[index], 2));
  }
}
