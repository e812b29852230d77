// Section 7, periods: the monthly returns heatmap (years × months, with the year's return), the
// yearly returns beside buy-and-hold's, and the best and worst bar, day, month and year.

import { dailyEquity } from '../metrics/nautilus.ts';
import type { BuildContext } from './build-context.ts';
import { periodReturns, type PeriodReturn } from './period-returns.ts';
import type { Block, Section } from './report-model.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function extreme(periods: { key: string; value: number }[], best: boolean): { key: string; value: number } | null {
  let out: { key: string; value: number } | null = null;
  for (const p of periods) if (!out || (best ? p.value > out.value : p.value < out.value)) out = p;
  return out;
}

export function periodsSection(ctx: BuildContext): Section {
  const run = ctx.primary;
  const blocks: Block[] = [];
  if (run.ruined) return { id: 'periods', number: 7, title: 'Periods', blocks: [{ kind: 'text', id: 'periods.ruined', text: 'The account was ruined.', tone: 'note' }] };
  const { equity, time } = run.result;
  const months = periodReturns(equity, time, 'month');
  const years = periodReturns(equity, time, 'year');
  const yearList = [...new Set(months.map((m) => m.year))].sort((a, b) => a - b);
  const values = yearList.map((y) => [...MONTHS.map((_, mi) => months.find((m) => m.year === y && m.month === mi)?.value ?? null), years.find((p) => p.year === y)?.value ?? null]);
  blocks.push({ kind: 'heatmap', id: 'monthly', title: 'Monthly returns', note: 'UTC calendar months from daily closes; the last column is the year (partial years at the ends).', rowLabels: yearList.map(String), columnLabels: [...MONTHS, 'Year'], values, format: 'pct1', scale: 'diverging' });
  const bh = run.result.benchmarks.find((b) => b.name === 'buy-and-hold');
  const bhYears: PeriodReturn[] = bh ? periodReturns(bh.equity, time, 'year') : [];
  blocks.push({
    kind: 'table',
    id: 'yearly',
    title: 'Yearly returns',
    columns: [
      { key: 'year', label: 'Year', format: 'text' },
      { key: 'strategy', label: run.label, format: 'pct' },
      { key: 'buyAndHold', label: 'Buy and hold', format: 'pct' },
      { key: 'difference', label: 'Difference', format: 'pct' },
    ],
    rows: years.map((y) => {
      const b = bhYears.find((p) => p.key === y.key)?.value ?? null;
      return { year: y.key, strategy: y.value, buyAndHold: b, difference: b === null ? null : y.value - b };
    }),
  });
  const days = dailyEquity(equity, time);
  const dayPeriods = Array.from(days.returns, (value, i) => ({ key: new Date(days.dayStart[i + 1]).toISOString().slice(0, 10), value }));
  const rows = [
    { period: 'Bar', best: run.result.stats.bestPeriod, bestWhen: null, worst: run.result.stats.worstPeriod, worstWhen: null },
    ...([['Day', dayPeriods], ['Month', months], ['Year', years]] as const).map(([period, list]) => {
      const b = extreme(list, true);
      const w = extreme(list, false);
      return { period, best: b?.value ?? null, bestWhen: b?.key ?? null, worst: w?.value ?? null, worstWhen: w?.key ?? null };
    }),
  ];
  blocks.push({
    kind: 'table',
    id: 'best-worst',
    title: 'Best and worst periods',
    columns: [
      { key: 'period', label: 'Period', format: 'text' },
      { key: 'best', label: 'Best', format: 'pct' },
      { key: 'bestWhen', label: 'When', format: 'text' },
      { key: 'worst', label: 'Worst', format: 'pct' },
      { key: 'worstWhen', label: 'When', format: 'text' },
    ],
    rows,
  });
  return { id: 'periods', number: 7, title: 'Periods', blocks };
}
