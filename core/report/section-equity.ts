// Section 3, equity and drawdown: the equity curve (linear/log) over regime bands with the benchmarks
// (buy-and-hold, constant 1x, constant average leverage) and the gross leverage in force as a step
// line; the underwater curve (drawdownSeries); the worst drawdowns (result.stats.worstDrawdowns) and
// the benchmarks' headline statistics beside the strategy's.

import { drawdownSeries } from '../metrics/drawdown.ts';
import type { BuildContext, RunContext } from './build-context.ts';
import { bandsAtTimes, downsampleLine, downsampleStep } from './downsample.ts';
import { chartNumber } from './format.ts';
import type { ChartSeries, Section, SeriesColor, Table } from './report-model.ts';

const BENCHMARK_LABEL = { 'buy-and-hold': 'Buy and hold', 'constant-1x': 'Constant 1x', 'constant-average-leverage': 'Constant avg leverage' } as const;
const BENCHMARK_COLOR: SeriesColor[] = ['benchmark1', 'benchmark2', 'benchmark3'];

/** Regime bands series at the given chart times (seconds). */
export function bandSeries(run: RunContext, timesSec: number[]): ChartSeries | null {
  if (!run.series || !run.result.regimeSeen.length) return null;
  return { name: 'Regime', kind: 'bands', color: 'accent', points: { t: timesSec, v: timesSec.map(() => 1) }, labels: bandsAtTimes(run.result.time, run.series.regimeAtBar, timesSec) };
}

export function benchmarkTable(run: RunContext): Table {
  const rows = [
    { name: run.label, ...pick(run.result.headline) },
    ...run.result.benchmarks.map((b) => ({ name: `${BENCHMARK_LABEL[b.name]}${b.name === 'constant-average-leverage' ? ` (${b.leverage.toFixed(2)}x)` : ''}`, ...pick(b.headline) })),
  ];
  return {
    kind: 'table',
    id: 'benchmarks',
    title: 'Strategy vs benchmarks',
    note: 'Buy and hold: spot at 1x, no funding. Constant legs rebalance on the strategy\'s drift band and pay its costs.',
    columns: [
      { key: 'name', label: 'Run', format: 'text' },
      { key: 'totalReturn', label: 'Total return', format: 'pct' },
      { key: 'cagr', label: 'CAGR', format: 'pct' },
      { key: 'annualizedVolatility', label: 'Volatility', format: 'pctPlain' },
      { key: 'sharpe', label: 'Sharpe', format: 'ratio' },
      { key: 'sortino', label: 'Sortino', format: 'ratio' },
      { key: 'maxDrawdown', label: 'Max DD', format: 'pctPlain' },
      { key: 'calmar', label: 'Calmar', format: 'ratio' },
      { key: 'averageLeverage', label: 'Avg leverage', format: 'x' },
      { key: 'fees', label: 'Fees', format: 'money' },
      { key: 'funding', label: 'Funding', format: 'money' },
    ],
    rows,
  };
}

function pick(h: RunContext['result']['headline']) {
  return {
    totalReturn: h.totalReturn,
    cagr: h.cagr,
    annualizedVolatility: h.annualizedVolatility,
    sharpe: h.sharpe,
    sortino: h.sortino,
    maxDrawdown: h.maxDrawdown,
    calmar: h.calmar,
    averageLeverage: h.averageLeverage,
    fees: h.fees,
    funding: h.funding,
  };
}

export function equitySection(ctx: BuildContext): Section {
  const run = ctx.primary;
  const { result } = run;
  const buckets = ctx.options.chartBuckets;
  const equity = downsampleLine(result.time, result.equity, buckets, chartNumber);
  const series: ChartSeries[] = [];
  const bands = bandSeries(run, equity.t);
  if (bands) series.push(bands);
  result.benchmarks.forEach((b, i) => series.push({ name: BENCHMARK_LABEL[b.name], kind: 'line', color: BENCHMARK_COLOR[i], points: downsampleLine(result.time, b.equity, buckets, chartNumber) }));
  series.push({ name: run.label, kind: 'line', color: 'strategy', points: equity });
  series.push({ name: 'Gross leverage', kind: 'step', color: 'leverage', pane: 1, axis: 'leverage', points: downsampleStep(result.time, result.grossLeverage, 4 * buckets, (v) => Math.round(v * 1000) / 1000) });
  const blocks: Section['blocks'] = [
    {
      kind: 'chart',
      id: 'chart-equity',
      title: 'Equity',
      note: `Regime bands: the regime the strategy saw at each close (${result.hindsight ? 'HINDSIGHT' : 'causal'}). Lower pane: gross leverage in force. Series downsampled (M4, ${buckets} buckets).`,
      height: 460,
      logToggle: true,
      series,
      bandLegend: ctx.regimeNames,
    },
  ];
  if (!run.ruined) {
    const dd = drawdownSeries(result.equity);
    blocks.push({
      kind: 'chart',
      id: 'chart-underwater',
      title: 'Underwater',
      height: 220,
      series: [{ name: 'Drawdown', kind: 'area', color: 'drawdown', axis: 'percent', points: downsampleLine(result.time, dd, buckets, chartNumber) }],
    });
  }
  blocks.push({
    kind: 'table',
    id: 'drawdowns',
    title: 'Worst drawdowns',
    columns: [
      { key: 'rank', label: '#', format: 'int' },
      { key: 'depth', label: 'Depth', format: 'pctPlain' },
      { key: 'startTime', label: 'Peak', format: 'datetime' },
      { key: 'troughTime', label: 'Trough', format: 'datetime' },
      { key: 'recoveryTime', label: 'Recovered', format: 'datetime' },
      { key: 'lengthBars', label: 'Bars', format: 'int' },
      { key: 'durationMs', label: 'Duration', format: 'duration' },
      { key: 'regimeAtStart', label: 'Regime at peak', format: 'text' },
    ],
    rows: result.stats.worstDrawdowns.map((d, i) => ({
      rank: i + 1,
      depth: d.depth,
      startTime: d.startTime,
      troughTime: d.troughTime,
      recoveryTime: d.recoveryTime ?? 'not recovered',
      lengthBars: d.lengthBars,
      durationMs: d.durationMs,
      regimeAtStart: d.regimeAtStart === null ? null : ctx.regimeName(d.regimeAtStart),
    })),
  });
  blocks.push(benchmarkTable(run));
  return { id: 'equity', number: 3, title: 'Equity and drawdown', blocks };
}
