// The chart workspace's price chart: lightweight-charts candlesticks with a volume pane below,
// sharing one time scale. It receives columnar arrays and converts them once per data set.

import { useEffect, useRef } from 'react';
import { CandlestickSeries, createChart, HistogramSeries, LineSeries, type IChartApi, type IPriceLine, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { CandleSeries, RegimeOverlay } from '../../core/contract/schemas.ts';
import { PALETTES, type ThemeName } from '../theme.ts';
import { RegimeBands } from '../chart/regime-bands.ts';

type Props = { series: CandleSeries; theme: ThemeName; overlay?: RegimeOverlay | null; threshold?: number };

/** Band colours by regime, lowest volatility first (K = 2: calm, turbulent; K = 3 adds a middle). */
function bandColors(k: number): string[] {
  if (k <= 1) return ['rgba(0,0,0,0)'];
  const calm = 'rgba(38,166,154,0.10)';
  const turbulent = 'rgba(239,83,80,0.16)';
  const middle = 'rgba(240,180,41,0.12)';
  return k === 2 ? [calm, turbulent] : [calm, ...Array.from({ length: k - 2 }, () => middle), turbulent];
}

export function CandleChart({ series, theme, overlay = null, threshold = 0.75 }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const candlesRef = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const volumeRef = useRef<ISeriesApi<'Histogram'> | null>(null);
  const probabilityRef = useRef<ISeriesApi<'Line'> | null>(null);
  const thresholdRef = useRef<IPriceLine | null>(null);
  const bandsRef = useRef<RegimeBands | null>(null);

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
    chart.panes()[1]?.setHeight(110);
    const bands = new RegimeBands({ colors: bandColors(2), watermark: null, watermarkColor: 'rgba(239,83,80,0.55)' });
    candlesRef.current.attachPrimitive(bands);
    bandsRef.current = bands;
    chartRef.current = chart;
    return () => {
      chart.remove();
      chartRef.current = null;
      probabilityRef.current = null;
      thresholdRef.current = null;
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

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    bandsRef.current?.setSpells(overlay ? overlay.spells : null, {
      colors: bandColors(overlay?.regimeCount ?? 2),
      watermark: overlay?.hindsight ? 'HINDSIGHT — smoothed probabilities use future data' : null,
    });
    if (!overlay) {
      if (probabilityRef.current) chart.removeSeries(probabilityRef.current);
      probabilityRef.current = null;
      thresholdRef.current = null;
      return;
    }
    if (!probabilityRef.current) {
      probabilityRef.current = chart.addSeries(LineSeries, { lineWidth: 1, priceLineVisible: false, lastValueVisible: true, priceFormat: { type: 'price', precision: 2, minMove: 0.01 }, autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 1 } }) }, 2);
      chart.panes()[2]?.setHeight(110);
    }
    const line = probabilityRef.current;
    line.applyOptions({ color: overlay.hindsight ? '#b26be0' : '#ef5350', title: overlay.hindsight ? 'P(high vol) smoothed' : 'P(high vol) filtered' });
    const points = new Array(overlay.time.length);
    for (let i = 0; i < overlay.time.length; i++) points[i] = { time: (overlay.time[i] / 1000) as UTCTimestamp, value: overlay.probHigh[i] };
    line.setData(points);
    if (thresholdRef.current) line.removePriceLine(thresholdRef.current);
    thresholdRef.current = line.createPriceLine({ price: threshold, color: PALETTES[theme].text, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: `threshold ${threshold}` });
  }, [overlay, threshold, theme]);

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
      data-regime-run={overlay?.runId ?? ''}
      data-spells={overlay ? overlay.spells.startTime.length : 0}
      data-hindsight={overlay?.hindsight ? 'true' : 'false'}
    />
  );
}
