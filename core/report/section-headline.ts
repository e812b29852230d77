// Section 2, headline tiles: total return, CAGR, volatility, Sharpe with its 95% stationary-
// bootstrap interval, Sortino, Calmar, max drawdown and its duration, PSR, DSR, average leverage,
// turnover and cost drag. Each value is the one core/metrics returned (result.stats, result.headline,
// bootstrapPerformance, probabilisticSharpeRatio, deflatedSharpeRatio), never recomputed here.

import { bootstrapPerformance, type BootstrapInterval } from '../metrics/bootstrap.ts';
import { deflatedSharpeRatio, probabilisticSharpeRatio, sharpeMoments, type DsrResult, type PsrResult } from '../metrics/inference.ts';
import type { BuildContext, RunContext } from './build-context.ts';
import { formatValue } from './format.ts';
import type { Section, Tile } from './report-model.ts';

export type SharpeInference = { interval: BootstrapInterval | null; psr: PsrResult | null; dsr: DsrResult | null };

/** The Sharpe interval, PSR and DSR of a run (DSR trials: the option, else the report's runs). */
export function sharpeInference(run: RunContext, ctx: BuildContext): SharpeInference {
  if (!run.series || run.series.returns.length < 3) return { interval: null, psr: null, dsr: null };
  const { returns } = run.series;
  const interval = bootstrapPerformance(returns, {
    periodsPerYear: run.result.periodsPerYear,
    riskFree: run.result.config.stats.riskFree,
    replications: ctx.options.bootstrapReplications,
    seed: ctx.options.bootstrapSeed,
  }).sharpe;
  const psr = probabilisticSharpeRatio(returns);
  const trialSharpes = ctx.runs.flatMap((r) => (r.series ? [sharpeMoments(r.series.returns).sharpe] : [])).filter((s): s is number => s !== null);
  const trials = ctx.options.dsrTrials ?? (trialSharpes.length > 1 ? { trialSharpes: Float64Array.from(trialSharpes) } : { numTrials: 1, trialSharpeVariance: 0 });
  const dsr = deflatedSharpeRatio(returns, trials);
  return { interval, psr, dsr };
}

export function headlineTiles(run: RunContext, inference: SharpeInference): Tile[] {
  const { stats, headline } = run.result;
  const why = (key: string) => stats.undefinedBecause[key];
  const ci = inference.interval;
  return [
    { key: 'totalReturn', label: 'Total return', value: stats.totalReturn, format: 'pct' },
    { key: 'cagr', label: 'CAGR', value: stats.cagr, format: 'pct', undefinedBecause: why('cagr') },
    { key: 'volatility', label: 'Volatility (ann.)', value: stats.annualizedVolatility, format: 'pctPlain' },
    {
      key: 'sharpe',
      label: 'Sharpe',
      value: stats.sharpe,
      format: 'ratio',
      interval: ci ? { lower: ci.lower, upper: ci.upper } : null,
      intervalFormat: 'ratio',
      detail: ci ? `95% CI ${formatValue(ci.lower, 'ratio')} … ${formatValue(ci.upper, 'ratio')}` : undefined,
      undefinedBecause: why('sharpe'),
    },
    { key: 'sortino', label: 'Sortino', value: stats.sortino, format: 'ratio', undefinedBecause: why('sortino') },
    { key: 'calmar', label: 'Calmar', value: stats.calmar, format: 'ratio', undefinedBecause: why('calmar') },
    { key: 'maxDrawdown', label: 'Max drawdown', value: stats.maxDrawdown, format: 'pctPlain', detail: stats.maxDrawdownDurationMs !== null ? `longest ${formatValue(stats.maxDrawdownDurationMs, 'duration')}` : undefined },
    { key: 'maxDrawdownDuration', label: 'Longest drawdown', value: stats.maxDrawdownDurationMs, format: 'duration', detail: `${formatValue(stats.maxDrawdownDurationBars, 'int')} bars` },
    { key: 'psr', label: 'PSR (SR* = 0)', value: inference.psr?.psr ?? null, format: 'ratio3' },
    {
      key: 'dsr',
      label: 'DSR',
      value: inference.dsr?.dsr ?? null,
      format: 'ratio3',
      detail: inference.dsr ? `N = ${inference.dsr.numTrials} trial${inference.dsr.numTrials === 1 ? '' : 's'}` : undefined,
    },
    { key: 'averageLeverage', label: 'Avg leverage', value: headline.averageLeverage, format: 'x' },
    { key: 'turnover', label: 'Turnover / yr', value: stats.exposure?.turnoverPerYear ?? null, format: 'x', detail: stats.exposure ? `${formatValue(stats.exposure.rebalancesPerYear, 'ratio')} rebalances / yr` : undefined },
    { key: 'costDrag', label: 'Cost drag / yr', value: stats.costDrag?.totalPctPerYear ?? null, format: 'pctValue', detail: stats.costDrag ? `fees ${formatValue(stats.costDrag.feesPctPerYear, 'pctValue')}, funding ${formatValue(stats.costDrag.fundingPctPerYear, 'pctValue')}` : undefined },
  ];
}

export function headlineSection(ctx: BuildContext, inference: SharpeInference): Section {
  const run = ctx.primary;
  const notes: string[] = [];
  if (run.result.hindsight) notes.push('HINDSIGHT: this run uses smoothed (look-ahead) regime probabilities; its figures are not achievable in real time.');
  if (run.ruined) notes.push('The account was ruined (equity reached 0): ratios are undefined.');
  if (run.result.stats.flags.shortSpan) notes.push('The run spans less than a quarter of a year: annualized figures are unreliable.');
  return {
    id: 'headline',
    number: 2,
    title: 'Headline',
    blocks: [
      {
        kind: 'tiles',
        id: 'tile',
        title: run.label,
        note: `Sharpe interval: stationary bootstrap, ${ctx.options.bootstrapReplications} resamples, seed ${ctx.options.bootstrapSeed}. PSR/DSR per Bailey & López de Prado on per-bar returns.`,
        tiles: headlineTiles(run, inference),
      },
      ...notes.map((text, i) => ({ kind: 'text' as const, id: `headline.note${i}`, text, tone: 'warning' as const })),
    ],
  };
}
