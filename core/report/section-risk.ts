// Section 5, risk: the unconditional VaR/ES table (varTable), the rolling one-step VaR of the
// strategy's returns from a walk-forward GARCH(1,1) (rollingGarchForecast → modelVarSeries) with its
// exceptions (varHits) marked, the VaR backtests overall and per regime (varBacktest,
// varBacktestByRegime), and the liquidation and circuit-breaker events.

import { rollingGarchForecast } from '../models/garch/rolling-forecast.ts';
import { MIN_FIT_OBSERVATIONS } from '../models/garch/fit.ts';
import { modelVarSeries, varHits, varTable } from '../metrics/var.ts';
import { varBacktest, varBacktestByRegime, type VarBacktestResult } from '../metrics/var-backtest.ts';
import type { BuildContext, RunContext } from './build-context.ts';
import { downsampleLine } from './downsample.ts';
import { chartNumber } from './format.ts';
import type { Block, Section, Table } from './report-model.ts';

export type RollingVar = {
  /** First return index with a forecast. */
  start: number;
  time: Float64Array;
  returns: Float64Array;
  var: Float64Array;
  hits: Uint8Array;
  regimes: Int32Array;
  windowBars: number;
  refitEveryBars: number;
  overall: VarBacktestResult;
  byRegime: Record<string, VarBacktestResult>;
};

/**
 * One-step VaR of return t from the GARCH(1,1)-normal forecast made at the close of bar t − 1
 * (percent returns, as fGarch users fit them; no mean). null when the run is too short.
 */
export function rollingVar(run: RunContext, ctx: BuildContext): RollingVar | null {
  const s = run.series;
  if (!s) return null;
  const n = s.returns.length;
  const windowBars = Math.min(ctx.options.varWindowBars, Math.floor(n / 2));
  if (windowBars < Math.max(MIN_FIT_OBSERVATIONS, 100)) return null;
  const percent = Float64Array.from(s.returns, (r) => 100 * r);
  const forecast = rollingGarchForecast(percent, { variance: 'garch', dist: 'norm', mean: false }, { window: windowBars, refitEvery: ctx.options.varRefitEveryBars });
  const start = windowBars;
  const sigma = Float64Array.from({ length: n - start }, (_, i) => forecast.sigmaNext[start + i - 1] / 100);
  const level = ctx.options.varLevel;
  const v = modelVarSeries({ sigma }, level).var;
  const returns = s.returns.slice(start);
  const hits = varHits(returns, v);
  const regimes = s.heldRegime.slice(start);
  return {
    start,
    time: s.returnTime.slice(start),
    returns,
    var: v,
    hits,
    regimes,
    windowBars,
    refitEveryBars: ctx.options.varRefitEveryBars,
    overall: varBacktest(hits, level),
    byRegime: varBacktestByRegime(hits, regimes, level),
  };
}

const BACKTEST_COLUMNS: Table['columns'] = [
  { key: 'scope', label: 'Bars', format: 'text' },
  { key: 'T', label: 'T', format: 'int' },
  { key: 'x', label: 'Exceptions', format: 'int' },
  { key: 'expected', label: 'Expected', format: 'ratio' },
  { key: 'kupiecLr', label: 'Kupiec LR', format: 'ratio3' },
  { key: 'kupiecP', label: 'Kupiec p', format: 'pvalue' },
  { key: 'indLr', label: 'Christoffersen LR', format: 'ratio3' },
  { key: 'indP', label: 'Ind. p', format: 'pvalue' },
  { key: 'ccLr', label: 'Cond. coverage LR', format: 'ratio3' },
  { key: 'ccP', label: 'CC p', format: 'pvalue' },
  { key: 'zone', label: 'Traffic light', format: 'text' },
];

function backtestRow(scope: string, b: VarBacktestResult) {
  return {
    scope,
    T: b.T,
    x: b.x,
    expected: b.T * b.p,
    kupiecLr: b.kupiec.lr,
    kupiecP: b.kupiec.pValue,
    indLr: b.christoffersen.lr,
    indP: b.christoffersen.pValue,
    ccLr: b.conditionalCoverage.lr,
    ccP: b.conditionalCoverage.pValue,
    zone: b.trafficLight.zone,
  };
}

export function riskSection(ctx: BuildContext, rv: RollingVar | null): Section {
  const run = ctx.primary;
  const blocks: Block[] = [];
  const s = run.series;
  if (s && s.returns.length >= 4) {
    const table = varTable(s.returns);
    const rows: Table['rows'] = [];
    for (const method of ['historical', 'normal', 'student-t', 'cornish-fisher'] as const) {
      table[method].forEach((e, i) => rows.push({ method, level: table.levels[i], var: e.var, es: e.es }));
    }
    blocks.push({
      kind: 'table',
      id: 'var-table',
      title: 'One-bar VaR and expected shortfall (unconditional, whole run)',
      note: `Positive loss fractions of one bar. Student-t fitted by maximum likelihood (ν = ${table.studentTDf.toFixed(2)}); Cornish–Fisher with sample skew and excess kurtosis.`,
      columns: [
        { key: 'method', label: 'Method', format: 'text' },
        { key: 'level', label: 'Level', format: 'pct1' },
        { key: 'var', label: 'VaR', format: 'pctPlain' },
        { key: 'es', label: 'ES', format: 'pctPlain' },
      ],
      rows,
    });
  }
  if (rv) {
    const buckets = ctx.options.chartBuckets;
    const negVar = Float64Array.from(rv.var, (v) => -v);
    const hitT: number[] = [];
    const hitV: number[] = [];
    for (let i = 0; i < rv.hits.length; i++) {
      if (!rv.hits[i]) continue;
      hitT.push(Math.floor(rv.time[i] / 1000));
      hitV.push(chartNumber(rv.returns[i]));
    }
    blocks.push({
      kind: 'chart',
      id: 'chart-rolling-var',
      title: `Rolling one-step ${(100 * ctx.options.varLevel).toFixed(0)}% VaR with exceptions`,
      note: `Walk-forward GARCH(1,1)-normal on the strategy's percent returns: ${rv.windowBars}-bar rolling window, refit every ${rv.refitEveryBars} bars; each bar's VaR is forecast at the previous close. Markers: returns below −VaR.`,
      height: 300,
      series: [
        { name: 'Return', kind: 'line', color: 'benchmark2', axis: 'percent', points: downsampleLine(rv.time, rv.returns, buckets, chartNumber) },
        { name: '−VaR', kind: 'line', color: 'var', axis: 'percent', points: downsampleLine(rv.time, negVar, buckets, chartNumber) },
        { name: `Exceptions (${rv.overall.x})`, kind: 'points', color: 'hit', axis: 'percent', points: { t: hitT, v: hitV } },
      ],
    });
    const byRegime = Object.entries(rv.byRegime).map(([label, b]) => backtestRow(ctx.regimeName(Number(label)), b));
    blocks.push({ kind: 'table', id: 'var-backtest', title: 'VaR backtests: overall and per regime', note: 'Kupiec POF, Christoffersen independence, conditional coverage (LR_POF + LR_ind, χ²(2)), Basel traffic light.', columns: BACKTEST_COLUMNS, rows: [backtestRow('all bars', rv.overall), ...byRegime] });
  } else {
    blocks.push({ kind: 'text', id: 'risk.short', text: 'The run is too short for a rolling VaR backtest.', tone: 'note' });
  }
  const events: Table['rows'] = [
    ...run.result.liquidations.map((l) => ({ time: l.time, bar: l.bar, kind: 'liquidation', equityBefore: l.equityBefore, equityAfter: l.equityAfter, detail: `liquidation price ${l.prices.filter((p) => Number.isFinite(p)).map((p) => p.toFixed(2)).join(', ')}` })),
    ...run.result.breakerEvents.map((b) => ({ time: b.time, bar: b.bar, kind: `breaker ${b.kind}`, equityBefore: b.equity, equityAfter: null, detail: `peak ${b.peak.toFixed(2)}` })),
  ].sort((a, b) => (a.time as number) - (b.time as number) || String(a.kind).localeCompare(String(b.kind)));
  blocks.push({
    kind: 'table',
    id: 'margin-events',
    title: `Liquidation and margin events (${events.length})`,
    note: `Maintenance margin ${(100 * run.result.config.margin.maintenanceMarginRate).toFixed(2)}% of gross notional; ${run.result.liquidations.length} liquidation(s), ${run.result.breakerEvents.length} circuit-breaker event(s).`,
    columns: [
      { key: 'time', label: 'Time', format: 'datetime' },
      { key: 'bar', label: 'Bar', format: 'int' },
      { key: 'kind', label: 'Event', format: 'text' },
      { key: 'equityBefore', label: 'Equity', format: 'money' },
      { key: 'equityAfter', label: 'Equity after', format: 'money' },
      { key: 'detail', label: 'Detail', format: 'text' },
    ],
    rows: events,
  });
  return { id: 'risk', number: 5, title: 'Risk', blocks };
}
