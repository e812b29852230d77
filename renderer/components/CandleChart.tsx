// The chart workspace's price chart: lightweight-charts candlesticks with a volume pane below,
// sharing one time scale. It receives columnar arrays and converts them once per data set.

import { useEffect, useRef } from 'react';
import { CandlestickSeries, createChart, HistogramSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { CandleSeries } from '../../core/contract/schemas.ts';
import { PALETTES, type ThemeName } from '../theme.ts';

type Props = { series: CandleSeries; theme: ThemeName };

export function CandleChart({ series, theme }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const candlesRef = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const volumeRef = useRef<ISeriesApi<'Histogram'> | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { attributionLogo: true, panes: { separatorColor: PALETTES[theme].border } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 4 },
      rightPriceScale: { borderVisible: false },
      crosshair: { mode: 0 },
    });
    candlesRef.current = chart.addSeries(CandlestickSeries, { priceLineVisible: true });
    volumeRef.current = chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false }, 1);
    chart.panes()[1]?.setHeight(120);
    chartRef.current = chart;
    return () => {
      chart.remove();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const palette = PALETTES[theme];
    chartRef.current?.applyOptions({
      layout: { background: { color: palette.background }, textColor: palette.text, panes: { separatorColor: palette.border } },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    });
    candlesRef.current?.applyOptions({ upColor: palette.up, downColor: palette.down, borderUpColor: palette.up, borderDownColor: palette.down, wickUpColor: palette.up, wickDownColor: palette.down });
  }, [theme]);

  useEffect(() => {
    const { time, open, high, low, close, volume } = series.candles;
    const palette = PALETTES[theme];
    const n = time.length;
    const bars = new Array(n);
    const volumes = new Array(n);
    for (let i = 0; i < n; i++) {
      const t = (time[i] / 1000) as UTCTimestamp;
      bars[i] = { time: t, open: open[i], high: high[i], low: low[i], close: close[i] };
      volumes[i] = { time: t, value: volume[i], color: close[i] >= open[i] ? palette.volumeUp : palette.volumeDown };
    }
    candlesRef.current?.setData(bars);
    volumeRef.current?.setData(volumes);
    const visible = Math.min(n, 300);
    if (n > 0) chartRef.current?.timeScale().setVisibleLogicalRange({ from: n - visible, to: n + 4 });
  }, [series, theme]);

  const n = series.candles.time.length;
  return (
    <div
      className="chart"
      ref={container}
      data-testid="candle-chart"
      data-bars={n}
      data-timeframe={series.timeframe}
      data-first-time={n > 0 ? series.candles.time[0] : ''}
      data-last-time={n > 0 ? series.candles.time[n - 1] : ''}
      data-last-close={n > 0 ? series.candles.close[n - 1] : ''}
    />
  );
}
