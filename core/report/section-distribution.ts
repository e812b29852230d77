// Section 6, distribution and rolling: the histogram of the strategy's bar returns with the normal
// (mean, std ddof 1) and the maximum-likelihood Student-t (fitStudentT) densities as expected counts,
// the moments and Jarque–Bera, and rolling Sharpe, volatility and correlation with the underlying on
// daily returns (sharpeRatio, annualizedVolatility, pearsonCorrelation over a trailing window).

import { normalPdf, studentTPdf } from '../distributions/cdf.ts';
import { pearsonCorrelation, quantile } from '../metrics/descriptive.ts';
import { jarqueBera, moments } from '../metrics/explore.ts';
import { dailyEquity } from '../metrics/nautilus.ts';
import { annualizedVolatility, sharpeRatio } from '../metrics/returns-risk.ts';
import { fitStudentT } from '../metrics/student-t-fit.ts';
import type { BuildContext } from './build-context.ts';
import { chartNumber } from './format.ts';
import type { Block, Histogram, Section } from './report-model.ts';

export function returnsHistogram(returns: Float64Array, bins: number): Histogram {
  // Range: the 0.1 % … 99.9 % quantiles; the rare returns beyond fall into the edge bins.
  const lo = quantile(returns, 0.001);
  const hi = quantile(returns, 0.999);
  const width = (hi - lo) / bins || 1e-9;
  const counts = new Array<number>(bins).fill(0);
  for (const r of returns) counts[Math.min(bins - 1, Math.max(0, Math.floor((r - lo) / width)))]++;
  const m = moments(returns);
  const t = fitStudentT(returns);
  const n = returns.length;
  const centres = counts.map((_, i) => lo + (i + 0.5) * width);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    kind: 'histogram',
    id: 'histogram',
    title: 'Bar returns',
    note: `n = ${n}; normal: μ = ${m.mean.toExponential(3)}, σ = ${m.std.toExponential(3)}; Student-t (MLE): ν = ${t.df.toFixed(2)}, loc = ${t.loc.toExponential(3)}, scale = ${t.scale.toExponential(3)}. Edge bins hold the returns beyond the 0.1 % / 99.9 % quantiles.`,
    binEdges: [...centres.map((c) => chartNumber(c - width / 2)), chartNumber(hi)],
    counts,
    fits: [
      { name: 'Normal', color: 'benchmark2', expected: centres.map((c) => round((n * width * normalPdf((c - m.mean) / m.std)) / m.std)) },
      { name: 'Student-t', color: 'var', expected: centres.map((c) => (t.scale > 0 ? round((n * width * studentTPdf((c - t.loc) / t.scale, t.df)) / t.scale) : 0)) },
    ],
  };
}

export type RollingStats = { time: Float64Array; sharpe: (number | null)[]; volatility: (number | null)[]; correlation: (number | null)[]; windowDays: number };

/** Trailing-window statistics of the daily returns (window ending at each day). */
export function rollingDailyStats(equity: Float64Array, underlying: Float64Array, time: Float64Array, windowDays: number): RollingStats {
  const s = dailyEquity(equity, time);
  const u = dailyEquity(underlying, time);
  const n = s.returns.length;
  const out: RollingStats = { time: new Float64Array(Math.max(0, n - windowDays + 1)), sharpe: [], volatility: [], correlation: [], windowDays };
  for (let end = windowDays; end <= n; end++) {
    const r = s.returns.subarray(end - windowDays, end);
    const a = u.returns.subarray(end - windowDays, end);
    out.time[end - windowDays] = s.dayStart[end];
    out.sharpe.push(sharpeRatio(r, { periodsPerYear: 365 }));
    out.volatility.push(annualizedVolatility(r, { periodsPerYear: 365 }));
    out.correlation.push(pearsonCorrelation(r, a));
  }
  return out;
}

export function distributionSection(ctx: BuildContext): Section {
  const run = ctx.primary;
  const blocks: Block[] = [];
  const s = run.series;
  if (!s || s.returns.length < 10) {
    blocks.push({ kind: 'text', id: 'distribution.short', text: 'Too few returns for a distribution.', tone: 'note' });
    return { id: 'distribution', number: 6, title: 'Distribution and rolling statistics', blocks };
  }
  const m = moments(s.returns);
  const jb = jarqueBera(s.returns);
  blocks.push({
    kind: 'columns',
    id: 'distribution-columns',
    blocks: [
      returnsHistogram(s.returns, ctx.options.histogramBins),
      {
        kind: 'kv',
        id: 'moments',
        title: 'Moments of the bar returns',
        items: [
          { key: 'n', label: 'Observations', value: m.n, format: 'int' },
          { key: 'mean', label: 'Mean', value: m.mean, format: 'pct' },
          { key: 'std', label: 'Std (ddof 1)', value: m.std, format: 'pctPlain' },
          { key: 'skew', label: 'Skew', value: m.skew, format: 'ratio3' },
          { key: 'excessKurtosis', label: 'Excess kurtosis', value: m.excessKurtosis, format: 'ratio3' },
          { key: 'min', label: 'Worst bar', value: m.min, format: 'pct' },
          { key: 'max', label: 'Best bar', value: m.max, format: 'pct' },
          { key: 'jb', label: 'Jarque–Bera', value: jb.statistic, format: 'ratio' },
          { key: 'jbP', label: 'Jarque–Bera p', value: jb.pValue, format: 'pvalue' },
        ],
      },
    ],
  });
  const underlying = run.run.underlyingClose && run.run.underlyingClose.length === run.result.time.length ? run.run.underlyingClose : run.result.benchmarks.find((b) => b.name === 'buy-and-hold')?.equity;
  if (underlying) {
    const rolling = rollingDailyStats(run.result.equity, underlying, run.result.time, ctx.options.rollingWindowDays);
    if (rolling.time.length > 1) {
      const t = Array.from(rolling.time, (ms) => Math.floor(ms / 1000));
      const pts = (v: (number | null)[]) => {
        const keep = v.map((x, i) => (x === null ? -1 : i)).filter((i) => i >= 0);
        return { t: keep.map((i) => t[i]), v: keep.map((i) => chartNumber(v[i] as number)) };
      };
      const note = `Trailing ${ctx.options.rollingWindowDays}-day windows of daily returns (UTC days), annualized with 365 days; correlation with ${run.run.underlyingClose ? `${run.result.symbols[0]}'s daily returns` : 'the buy-and-hold benchmark'}.`;
      blocks.push({ kind: 'chart', id: 'chart-rolling-sharpe', title: 'Rolling Sharpe', note, height: 220, series: [{ name: 'Sharpe', kind: 'line', color: 'strategy', points: pts(rolling.sharpe) }] });
      blocks.push({ kind: 'chart', id: 'chart-rolling-vol', title: 'Rolling volatility', height: 220, series: [{ name: 'Volatility', kind: 'line', color: 'benchmark3', axis: 'percent', points: pts(rolling.volatility) }] });
      blocks.push({ kind: 'chart', id: 'chart-rolling-corr', title: 'Rolling correlation with the underlying', height: 220, series: [{ name: 'Correlation', kind: 'line', color: 'benchmark1', points: pts(rolling.correlation) }] });
    }
  }
  return { id: 'distribution', number: 6, title: 'Distribution and rolling statistics', blocks };
}
