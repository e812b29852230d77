// Section 10, conventions: periods per year, risk-free rate, ddof, the downside definition, the time
// zone and every other convention the statistics used (result.stats.conventions), the cross-walk to
// the figures NautilusTrader, QuantStats and backtesting.py would print for this run (crossWalk),
// and NautilusTrader's returns statistics of the daily returns.

import { crossWalk, dailyEquity, nautilusReturnsStatistics } from '../metrics/nautilus.ts';
import type { BuildContext } from './build-context.ts';
import type { Block, Section } from './report-model.ts';

export function conventionsSection(ctx: BuildContext): Section {
  const run = ctx.primary;
  const c = run.result.stats.conventions;
  const blocks: Block[] = [
    {
      kind: 'kv',
      id: 'conventions',
      title: 'Conventions',
      items: [
        { key: 'periodsPerYear', label: 'Periods per year', value: c.periodsPerYear, format: 'int', title: c.periodsPerYearSource },
        { key: 'periodsPerYearSource', label: 'Periods per year from', value: run.result.config.stats.periodsPerYear !== undefined ? 'the config' : `the timeframe (${c.yearDays}-day year, 24/7 market)` },
        { key: 'riskFree', label: 'Risk-free rate (annual)', value: c.riskFree, format: 'pct' },
        { key: 'ddof', label: 'ddof (volatility, Sharpe)', value: c.ddof, format: 'int' },
        { key: 'target', label: 'Sortino target (per bar)', value: c.target, format: 'num4' },
        { key: 'downside', label: 'Downside deviation', value: c.sortino },
        { key: 'returns', label: 'Returns', value: c.returns },
        { key: 'drawdown', label: 'Drawdown', value: c.drawdown },
        { key: 'skewKurtosis', label: 'Skew and kurtosis', value: c.skewKurtosis },
        { key: 'ulcer', label: 'Ulcer index', value: c.ulcer },
        { key: 'undefined', label: 'Undefined ratios', value: c.undefinedRatios },
        { key: 'timeZone', label: 'Time zone', value: 'UTC everywhere (bar open times; days and months are UTC calendar periods)' },
        { key: 'yearDays', label: 'Days per year (CAGR)', value: c.yearDays, format: 'int' },
        { key: 'psr', label: 'PSR / DSR', value: 'per-bar Sharpe, raw kurtosis (Bailey & López de Prado 2012, 2014); DSR trials: the runs in this report unless given' },
        { key: 'bootstrap', label: 'Intervals', value: `stationary bootstrap (Politis & Romano 1994), mean block ⌈n^(1/3)⌉, ${ctx.options.bootstrapReplications} resamples, seed ${ctx.options.bootstrapSeed}` },
      ],
    },
  ];
  if (!run.ruined) {
    blocks.push({
      kind: 'table',
      id: 'cross-walk',
      title: 'Cross-walk: the same run as other tools would print it (daily returns)',
      columns: [
        { key: 'statistic', label: 'Statistic', format: 'text' },
        { key: 'regimelab', label: 'RegimeLab', format: 'num4' },
        { key: 'nautilusTrader', label: 'NautilusTrader', format: 'num4' },
        { key: 'quantStats', label: 'QuantStats', format: 'num4' },
        { key: 'backtestingPy', label: 'backtesting.py', format: 'num4' },
        { key: 'note', label: 'Why they differ', format: 'text' },
      ],
      rows: crossWalk(run.result.equity, run.result.time, run.result.trades),
    });
    const daily = dailyEquity(run.result.equity, run.result.time);
    blocks.push({
      kind: 'kv',
      id: 'nautilus-returns',
      title: 'NautilusTrader returns statistics (daily, 252 days)',
      items: Object.entries(nautilusReturnsStatistics(daily.returns)).map(([label, value], i) => ({ key: `s${i}`, label, value, format: 'num4' })),
    });
  }
  return { id: 'conventions', number: 10, title: 'Conventions', blocks };
}
