// The crosshair legend: at the hovered bar (or the replay cursor / last bar) its OHLC, the regime
// (gated and most probable), the filtered probability, the confirmation counter, the leverage the
// rule decided and a backtest's equity — all read from the window the service aligned to the bars.

import type { CandleWindow } from '../../core/contract/chart.ts';
import { formatTime, regimeName } from '../chart/bar-index.ts';

type Props = { window: CandleWindow; index: number; regimeCount: number; confirmBars: number; hovered: boolean };

const num = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const price = (x: number) => (Math.abs(x) >= 1000 ? x.toFixed(2) : x.toPrecision(6));

function bucketLabel(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 1440) return `${minutes / 60}h`;
  return minutes % 10_080 === 0 ? `${minutes / 10_080}w` : `${minutes / 1440}d`;
}

export function ChartLegend({ window: w, index, regimeCount, confirmBars, hovered }: Props) {
  const c = w.candles;
  if (index < 0 || index >= c.time.length) return null;
  const r = w.regime;
  const b = w.backtest;
  const leverage = b ? b.grossLeverage[index] : r?.leverage[index];
  const confirmed = r?.confirmedRegime[index];
  const raw = r?.rawRegime[index];
  const count = r?.confirmCount[index];
  return (
    <div className="chart-legend" data-testid="chart-legend" data-index={index} data-time={c.time[index]} data-hovered={hovered ? 'true' : 'false'}>
      <span data-testid="legend-time">
        {formatTime(c.time[index])}
        {w.resampled ? <span className="muted"> · {bucketLabel(w.bucketMs)} bar</span> : null}
      </span>
      <span data-testid="legend-ohlc" data-close={c.close[index]}>
        O <b>{price(c.open[index])}</b> H <b>{price(c.high[index])}</b> L <b>{price(c.low[index])}</b> C <b>{price(c.close[index])}</b>
      </span>
      {r && (
        <>
          <span data-testid="legend-regime" data-value={confirmed ?? ''} data-raw={raw ?? ''}>
            regime <b className={`regime-${confirmed === regimeCount - 1 ? 'high' : 'low'}`}>{regimeName(confirmed ?? NaN, regimeCount)}</b>
            {raw !== confirmed && Number.isFinite(raw) ? <span className="muted"> (most probable: {regimeName(raw ?? NaN, regimeCount)})</span> : null}
          </span>
          <span data-testid="legend-prob" data-value={r.probHigh[index]}>
            P(high vol) <b>{num(r.probHigh[index], 3)}</b> <span className="muted">filtered</span>
          </span>
          <span data-testid="legend-count" data-value={count ?? ''}>
            confirm <b>{num(count, 0)}/{confirmBars}</b>
          </span>
        </>
      )}
      {leverage !== undefined && (
        <span data-testid="legend-leverage" data-value={leverage}>
          leverage <b>{num(leverage, 2)}x</b>
        </span>
      )}
      {b && (
        <span data-testid="legend-equity" data-value={b.equity[index]}>
          equity <b>{num(b.equity[index], 2)}</b>
        </span>
      )}
    </div>
  );
}
