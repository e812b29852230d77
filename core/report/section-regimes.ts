// Section 4, regimes: the timeline (regime bands over the underlying, Pr(highest-vol regime) when the
// regimes are given), the empirical and model transition matrices with expected durations, the
// regime-stratified table and leverage attribution (result.regimeTable / result.attribution, as the
// engine computed them), the timing test against constant average leverage (timingTest), whipsaw
// (whipsawShare) and, when a hindsight run is given, causal vs hindsight side by side.

import { expectedDurationsBars } from '../models/markov/transition.ts';
import { timingTest, whipsawShare, type TimingTest, type Whipsaw } from '../metrics/regime-stats.ts';
import type { BacktestResult } from '../backtest/run-backtest.ts';
import type { BuildContext, RunContext } from './build-context.ts';
import { downsampleLine } from './downsample.ts';
import { chartNumber } from './format.ts';
import { bandSeries } from './section-equity.ts';
import { labelTransitions, modelTransition } from './regime-transitions.ts';
import type { Block, ChartSeries, Section, Table } from './report-model.ts';

export type WhipsawCost = Whipsaw & { costFraction: number };

/** whipsawShare plus the fees and slippage (fractions of equity) of the reversed switches and their reversals. */
export function whipsawWithCost(result: BacktestResult, heldRegime: Int32Array, withinBars: number): WhipsawCost {
  const w = whipsawShare(heldRegime, withinBars);
  let cost = 0;
  for (let t = 1; t + withinBars < heldRegime.length; t++) {
    if (heldRegime[t] === heldRegime[t - 1]) continue;
    for (let s = t + 1; s <= t + withinBars; s++) {
      if (heldRegime[s] === heldRegime[t - 1]) {
        for (const j of [t, s]) cost += (result.fees[j + 1] + result.slippage[j + 1]) / result.equity[j];
        break;
      }
    }
  }
  return { ...w, costFraction: cost };
}

export function regimeTableBlock(run: RunContext, ctx: BuildContext, id: string, title: string): Table {
  return {
    kind: 'table',
    id,
    title,
    note: 'Per regime held over each bar: log-return contributions add up to the total log return; drawdown of the equity chained over the regime\'s bars only.',
    columns: [
      { key: 'regime', label: 'Regime', format: 'text' },
      { key: 'bars', label: 'Bars', format: 'int' },
      { key: 'timeShare', label: 'Time', format: 'pct1' },
      { key: 'spells', label: 'Spells', format: 'int' },
      { key: 'meanSpellLengthBars', label: 'Mean spell (bars)', format: 'ratio' },
      { key: 'logReturnContribution', label: 'Log-return contrib.', format: 'num4' },
      { key: 'annualizedReturn', label: 'Ann. return', format: 'pct' },
      { key: 'annualizedVolatility', label: 'Ann. vol', format: 'pctPlain' },
      { key: 'sharpe', label: 'Sharpe', format: 'ratio' },
      { key: 'maxDrawdown', label: 'Max DD', format: 'pctPlain' },
      { key: 'averageLeverage', label: 'Avg leverage', format: 'x' },
      { key: 'turnover', label: 'Turnover', format: 'ratio' },
      { key: 'costs', label: 'Costs', format: 'pctPlain' },
    ],
    rows: run.result.regimeTable.map((r) => ({
      regime: ctx.regimeName(r.regime),
      bars: r.bars,
      timeShare: r.timeShare,
      spells: r.spells,
      meanSpellLengthBars: r.meanSpellLengthBars,
      logReturnContribution: r.logReturnContribution,
      annualizedReturn: r.annualizedReturn,
      annualizedVolatility: r.annualizedVolatility,
      sharpe: r.sharpe,
      maxDrawdown: r.maxDrawdown,
      averageLeverage: r.averageLeverage,
      turnover: r.turnover,
      costs: r.costs,
    })),
  };
}

function attributionTable(run: RunContext, ctx: BuildContext): Table {
  const rows: Table['rows'] = [];
  const a = run.result.attribution;
  if (a) rows.push({ scope: 'all bars', ...a, total: a.baseReturn + a.leverageEffect + a.costs + a.residual });
  for (const r of run.result.regimeTable) if (r.attribution) rows.push({ scope: ctx.regimeName(r.regime), ...r.attribution, total: r.attribution.baseReturn + r.attribution.leverageEffect + r.attribution.costs + r.attribution.residual });
  return {
    kind: 'table',
    id: 'attribution',
    title: 'Leverage attribution (sums of simple returns)',
    note: 'base = Σ a_t (the underlying at 1x); leverage = Σ (e_t − 1)·a_t; costs = −Σ c_t; residual: compounding within the bar.',
    columns: [
      { key: 'scope', label: 'Bars', format: 'text' },
      { key: 'baseReturn', label: 'Base (1x)', format: 'pct' },
      { key: 'leverageEffect', label: 'Leverage effect', format: 'pct' },
      { key: 'costs', label: 'Costs', format: 'pct' },
      { key: 'residual', label: 'Residual', format: 'pct' },
      { key: 'total', label: 'Σ strategy returns', format: 'pct' },
    ],
    rows,
  };
}

function timingTable(t: TimingTest, source: string, ctx: BuildContext): Table {
  const row = (name: string, i: TimingTest['annualizedTimingReturn']) => ({
    statistic: name,
    estimate: i.estimate,
    lower: i.lower,
    upper: i.upper,
    significant: i.lower !== null && i.upper !== null ? i.lower > 0 || i.upper < 0 : null,
  });
  return {
    kind: 'table',
    id: 'timing',
    title: `Timing test against constant ${t.constantLeverage.toFixed(2)}x`,
    note: `Paired stationary bootstrap (${ctx.options.bootstrapReplications} resamples, seed ${ctx.options.bootstrapSeed}), gross of costs; underlying returns from ${source}. Significant: the 95% interval excludes 0.`,
    columns: [
      { key: 'statistic', label: 'Statistic', format: 'text' },
      { key: 'estimate', label: 'Estimate', format: 'num4' },
      { key: 'lower', label: '95% low', format: 'num4' },
      { key: 'upper', label: '95% high', format: 'num4' },
      { key: 'significant', label: 'Significant', format: 'text' },
    ],
    rows: [row('Annualized timing return (e − ē)·a', t.annualizedTimingReturn), row('Sharpe(e·a) − Sharpe(ē·a)', t.sharpeDifference)],
  };
}

function matrixBlocks(run: RunContext, ctx: BuildContext): Block[] {
  const k = ctx.regimeNames.length - 1;
  if (!run.series || k < 1) return [];
  const names = Array.from({ length: k }, (_, i) => ctx.regimeName(i));
  const empirical = labelTransitions(run.series.heldRegime, k);
  const blocks: Block[] = [
    { kind: 'heatmap', id: 'transition-empirical', title: 'Transitions of the regimes acted on (empirical, per bar)', rowLabels: names.map((n) => `from ${n}`), columnLabels: names.map((n) => `to ${n}`), values: empirical.matrix, format: 'ratio3', scale: 'sequential' },
  ];
  const model = modelTransition(run.run.regimes?.[0]);
  const durationRows: Table['rows'] = names.map((name, i) => ({ regime: name, observed: run.result.regimeTable.find((r) => r.regime === i)?.meanSpellLengthBars ?? null }));
  const emp = empirical.matrix;
  if (emp.every((row) => row.every((v) => v !== null))) {
    const d = expectedDurationsBars(Float64Array.from(emp.flat() as number[]), k);
    d.forEach((v, i) => (durationRows[i].empirical = Number.isFinite(v) ? v : null));
  }
  if (model) {
    blocks.push({ kind: 'heatmap', id: 'transition-model', title: `Model transition matrix (${model.from}, detection bars)`, rowLabels: names.map((n) => `from ${n}`), columnLabels: names.map((n) => `to ${n}`), values: model.matrix, format: 'ratio3', scale: 'sequential' });
    const d = expectedDurationsBars(Float64Array.from(model.matrix.flat()), k);
    d.forEach((v, i) => (durationRows[i].model = Number.isFinite(v) ? v : null));
  }
  blocks.push({
    kind: 'table',
    id: 'durations',
    title: 'Regime durations (bars)',
    note: 'Observed: mean spell length of the regimes acted on. Expected: 1 / (1 − p_ii) of the empirical and of the model matrix (model: detection bars).',
    columns: [
      { key: 'regime', label: 'Regime', format: 'text' },
      { key: 'observed', label: 'Observed mean spell', format: 'ratio' },
      { key: 'empirical', label: 'Expected (empirical P)', format: 'ratio' },
      { key: 'model', label: 'Expected (model P)', format: 'ratio' },
    ],
    rows: durationRows.map((r) => ({ empirical: null, model: null, ...r })),
  });
  return [{ kind: 'columns', id: 'regime-matrices', blocks }];
}

function timelineChart(run: RunContext, ctx: BuildContext): Block | null {
  const { result } = run;
  const bh = result.benchmarks.find((b) => b.name === 'buy-and-hold');
  const underlying = run.run.underlyingClose && run.run.underlyingClose.length === result.time.length ? run.run.underlyingClose : bh?.equity;
  if (!underlying) return null;
  const price = downsampleLine(result.time, underlying, ctx.options.chartBuckets, chartNumber);
  const series: ChartSeries[] = [];
  const bands = bandSeries(run, price.t);
  if (bands) series.push(bands);
  series.push({ name: run.run.underlyingClose ? `${result.symbols[0]} close` : 'Buy and hold (underlying)', kind: 'line', color: 'benchmark1', points: price });
  const regimes = run.run.regimes?.[0];
  if (regimes) {
    const k = regimes.regimeCount;
    const d0 = result.window.decisionIndex;
    if ((d0 + result.time.length) * k <= regimes.probs.length) {
      const p = Float64Array.from(result.time, (_, j) => {
        const v = regimes.probs[(d0 + j) * k + k - 1];
        return Number.isNaN(v) ? 0 : v;
      });
      series.push({ name: `Pr(${ctx.regimeName(k - 1)})${regimes.hindsight ? ' smoothed' : ' filtered'}`, kind: 'line', color: 'var', pane: 1, axis: 'percent', points: downsampleLine(result.time, p, ctx.options.chartBuckets, chartNumber) });
    }
  }
  return { kind: 'chart', id: 'chart-regime-timeline', title: 'Regime timeline', note: `Bands: the regime acted on at each close. ${result.regimeSources.map((s) => s.source).join('; ')}`, height: 340, series, bandLegend: ctx.regimeNames };
}

function hindsightComparison(causal: RunContext, hindsight: BacktestResult, ctx: BuildContext): Block[] {
  const metrics: [string, string, 'pct' | 'ratio' | 'x' | 'int'][] = [
    ['totalReturn', 'Total return', 'pct'],
    ['cagr', 'CAGR', 'pct'],
    ['annualizedVolatility', 'Volatility', 'pct'],
    ['sharpe', 'Sharpe', 'ratio'],
    ['sortino', 'Sortino', 'ratio'],
    ['maxDrawdown', 'Max drawdown', 'pct'],
    ['calmar', 'Calmar', 'ratio'],
    ['averageLeverage', 'Avg leverage', 'x'],
    ['rebalancesPerYear', 'Rebalances / yr', 'int'],
  ];
  const h = (r: BacktestResult, key: string) => (r.headline as unknown as Record<string, number | null>)[key];
  const table: Table = {
    kind: 'table',
    id: 'causal-vs-hindsight',
    title: 'Causal (walk-forward, filtered) vs HINDSIGHT (full-sample, smoothed)',
    note: 'The gap is the look-ahead a hindsight backtest would claim.',
    columns: [
      { key: 'statistic', label: 'Statistic', format: 'text' },
      { key: 'causal', label: 'Causal', format: 'num4' },
      { key: 'hindsight', label: 'Hindsight', format: 'num4' },
      { key: 'gap', label: 'Hindsight − causal', format: 'num4' },
    ],
    rows: metrics.map(([key, label]) => {
      const c = h(causal.result, key);
      const x = h(hindsight, key);
      return { statistic: label, causal: c, hindsight: x, gap: c !== null && x !== null ? x - c : null };
    }),
  };
  const hctx: RunContext = { run: { result: hindsight }, result: hindsight, series: null, label: 'hindsight', ruined: hindsight.headline.ruined };
  return [
    table,
    { kind: 'columns', id: 'regime-tables-side-by-side', blocks: [regimeTableBlock(causal, ctx, 'regime-table-causal', 'Causal: per regime'), regimeTableBlock(hctx, ctx, 'regime-table-hindsight', 'HINDSIGHT: per regime')] },
  ];
}

export function regimesSection(ctx: BuildContext): Section {
  const run = ctx.primary;
  const blocks: Block[] = [];
  if (!run.result.regimeSeen.length || run.result.config.regimes.source === 'none') {
    blocks.push({ kind: 'text', id: 'regimes.none', text: 'This run uses no regime model.', tone: 'note' });
    return { id: 'regimes', number: 4, title: 'Regimes', blocks };
  }
  const timeline = timelineChart(run, ctx);
  if (timeline) blocks.push(timeline);
  blocks.push(...matrixBlocks(run, ctx));
  blocks.push(regimeTableBlock(run, ctx, 'regime-table', 'Regime-stratified statistics'));
  blocks.push(attributionTable(run, ctx));
  if (run.series && run.series.returns.length >= 2) {
    const t = timingTest(run.series.heldExposure, run.series.assetReturns, { periodsPerYear: run.result.periodsPerYear, replications: ctx.options.bootstrapReplications, seed: ctx.options.bootstrapSeed });
    blocks.push(timingTable(t, run.series.assetReturnsSource, ctx));
    const w = whipsawWithCost(run.result, run.series.heldRegime, ctx.options.whipsawBars);
    blocks.push({
      kind: 'kv',
      id: 'whipsaw',
      title: `Whipsaw (switches reversed within ${w.withinBars} bars)`,
      note: 'Cost: fees and slippage of the reversed switches and of their reversals, as fractions of equity, summed.',
      items: [
        { key: 'switches', label: 'Regime switches', value: w.switches, format: 'int' },
        { key: 'evaluated', label: 'Evaluated (not censored)', value: w.evaluated, format: 'int' },
        { key: 'reversed', label: 'Reversed', value: w.reversed, format: 'int' },
        { key: 'share', label: 'Whipsaw share', value: w.share, format: 'pct1' },
        { key: 'cost', label: 'Whipsaw cost', value: w.costFraction, format: 'pctPlain' },
      ],
    });
  }
  if (run.run.hindsight) blocks.push(...hindsightComparison(run, run.run.hindsight, ctx));
  return { id: 'regimes', number: 4, title: 'Regimes', blocks };
}
