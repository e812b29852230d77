// Section 9, variant comparison (several runs: a sweep or runs the user selected): side-by-side
// statistics with the difference to the first run, the significance of each difference by a paired
// stationary bootstrap over the bars the runs share (Sharpe and annualized mean return), and the
// equity curves overlaid (each rebased to 1).

import { bootstrapStatistics } from '../metrics/bootstrap.ts';
import { mean } from '../metrics/descriptive.ts';
import { sharpeRatio } from '../metrics/returns-risk.ts';
import type { BuildContext, RunContext } from './build-context.ts';
import { downsampleLine } from './downsample.ts';
import { chartNumber } from './format.ts';
import type { SharpeInference } from './section-headline.ts';
import type { Block, ChartSeries, Section, Table } from './report-model.ts';

/** Returns of two runs over the bars they share (by bar time), paired. */
export function pairedReturns(a: RunContext, b: RunContext): { a: Float64Array; b: Float64Array } {
  const sa = a.series;
  const sb = b.series;
  if (!sa || !sb) return { a: new Float64Array(0), b: new Float64Array(0) };
  const index = new Map<number, number>();
  sb.returnTime.forEach((t, i) => index.set(t, i));
  const ra: number[] = [];
  const rb: number[] = [];
  sa.returnTime.forEach((t, i) => {
    const j = index.get(t);
    if (j !== undefined) {
      ra.push(sa.returns[i]);
      rb.push(sb.returns[j]);
    }
  });
  return { a: Float64Array.from(ra), b: Float64Array.from(rb) };
}

export function comparisonSection(ctx: BuildContext, inference: SharpeInference[]): Section {
  const blocks: Block[] = [];
  if (ctx.runs.length < 2) {
    blocks.push({ kind: 'text', id: 'comparison.single', text: 'This report covers one run. A comparison report (a sweep, or runs selected in the runs list) shows the variants side by side here.', tone: 'note' });
    return { id: 'comparison', number: 9, title: 'Variant comparison', blocks };
  }
  const base = ctx.runs[0];
  const stat = (r: RunContext, i: number): Record<string, number | null> => ({
    totalReturn: r.result.stats.totalReturn,
    cagr: r.result.stats.cagr,
    annualizedVolatility: r.result.stats.annualizedVolatility,
    sharpe: r.result.stats.sharpe,
    sortino: r.result.stats.sortino,
    maxDrawdown: r.result.stats.maxDrawdown,
    calmar: r.result.stats.calmar,
    psr: inference[i]?.psr?.psr ?? null,
    averageLeverage: r.result.headline.averageLeverage,
    turnover: r.result.stats.exposure?.turnoverPerYear ?? null,
    costDrag: r.result.stats.costDrag?.totalPctPerYear ?? null,
  });
  const metrics: [string, string, Table['columns'][number]['format']][] = [
    ['totalReturn', 'Total return', 'pct'], ['cagr', 'CAGR', 'pct'], ['annualizedVolatility', 'Volatility', 'pctPlain'], ['sharpe', 'Sharpe', 'ratio'],
    ['sortino', 'Sortino', 'ratio'], ['maxDrawdown', 'Max drawdown', 'pctPlain'], ['calmar', 'Calmar', 'ratio'], ['psr', 'PSR', 'ratio3'],
    ['averageLeverage', 'Avg leverage', 'x'], ['turnover', 'Turnover / yr', 'x'], ['costDrag', 'Cost drag % / yr', 'pctValue'],
  ];
  const values = ctx.runs.map(stat);
  blocks.push({
    kind: 'table',
    id: 'variants',
    title: 'Side by side (Δ: difference to the first run)',
    columns: [{ key: 'statistic', label: 'Statistic', format: 'text' }, ...ctx.runs.flatMap((r, i) => (i === 0 ? [{ key: 'v0', label: r.label, format: 'num4' as const }] : [{ key: `v${i}`, label: r.label, format: 'num4' as const }, { key: `d${i}`, label: `Δ ${r.label}`, format: 'num4' as const }]))],
    rows: metrics.map(([key, label]) => {
      const row: Record<string, number | string | null> = { statistic: label, v0: values[0][key] };
      for (let i = 1; i < ctx.runs.length; i++) {
        const v = values[i][key];
        row[`v${i}`] = v;
        row[`d${i}`] = v !== null && values[0][key] !== null ? v - (values[0][key] as number) : null;
      }
      return row;
    }),
  });
  const sigRows: Table['rows'] = [];
  for (let i = 1; i < ctx.runs.length; i++) {
    const run = ctx.runs[i];
    const { a, b } = pairedReturns(run, base);
    if (a.length < 3) continue;
    const ppy = base.result.periodsPerYear;
    const r = bootstrapStatistics(
      [a, b],
      {
        sharpeDiff: ([x, y]) => {
          const sx = sharpeRatio(x, { periodsPerYear: ppy });
          const sy = sharpeRatio(y, { periodsPerYear: ppy });
          return sx === null || sy === null ? null : sx - sy;
        },
        meanDiff: ([x, y]) => (mean(x) - mean(y)) * ppy,
      },
      { replications: ctx.options.bootstrapReplications, seed: ctx.options.bootstrapSeed },
    );
    for (const [key, label] of [['sharpeDiff', 'Sharpe difference'], ['meanDiff', 'Annualized mean return difference']] as const) {
      const s = r[key];
      sigRows.push({ variant: run.label, statistic: label, bars: a.length, estimate: s.estimate, lower: s.lower, upper: s.upper, significant: s.lower !== null && s.upper !== null ? s.lower > 0 || s.upper < 0 : null });
    }
  }
  blocks.push({
    kind: 'table',
    id: 'significance',
    title: `Significance of the differences to ${base.label}`,
    note: `Paired stationary bootstrap over the shared bars (${ctx.options.bootstrapReplications} resamples, seed ${ctx.options.bootstrapSeed}); significant: the 95% interval excludes 0.`,
    columns: [
      { key: 'variant', label: 'Variant', format: 'text' },
      { key: 'statistic', label: 'Statistic', format: 'text' },
      { key: 'bars', label: 'Bars', format: 'int' },
      { key: 'estimate', label: 'Estimate', format: 'num4' },
      { key: 'lower', label: '95% low', format: 'num4' },
      { key: 'upper', label: '95% high', format: 'num4' },
      { key: 'significant', label: 'Significant', format: 'text' },
    ],
    rows: sigRows,
  });
  const series: ChartSeries[] = ctx.runs.map((r, i) => ({
    name: r.label,
    kind: 'line',
    color: i === 0 ? 'strategy' : (`variant${i}` as const),
    points: downsampleLine(r.result.time, Float64Array.from(r.result.equity, (v) => v / r.result.equity[0]), ctx.options.chartBuckets, chartNumber),
  }));
  blocks.push({ kind: 'chart', id: 'chart-variants', title: 'Equity, rebased to 1', height: 360, logToggle: true, series });
  return { id: 'comparison', number: 9, title: 'Variant comparison', blocks };
}
