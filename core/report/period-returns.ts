// Calendar-period returns of an equity curve (UTC months and years): the return of a period is its
// last daily close over the previous period's last close (the first period starts from the run's
// initial equity). Daily closes come from core/metrics' dailyEquity (the same days NautilusTrader's
// and QuantStats' figures use).

import { dailyEquity } from '../metrics/nautilus.ts';

export type PeriodReturn = { key: string; year: number; month: number | null; start: number; value: number };

function periodKey(ms: number, unit: 'month' | 'year'): { key: string; year: number; month: number | null } {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (unit === 'year') return { key: String(year), year, month: null };
  const month = d.getUTCMonth();
  return { key: `${year}-${String(month + 1).padStart(2, '0')}`, year, month };
}

export function periodReturns(equity: Float64Array, time: Float64Array, unit: 'month' | 'year'): PeriodReturn[] {
  const daily = dailyEquity(equity, time);
  const out: PeriodReturn[] = [];
  let base = equity[0];
  let current: { key: string; year: number; month: number | null; start: number; last: number } | null = null;
  for (let i = 0; i < daily.dayStart.length; i++) {
    const k = periodKey(daily.dayStart[i], unit);
    if (!current || current.key !== k.key) {
      // A leading period holding only the decision bar (the day before the window) is no period of the run.
      if (current && !(out.length === 0 && i === 1 && current.last === equity[0])) {
        out.push({ key: current.key, year: current.year, month: current.month, start: current.start, value: current.last / base - 1 });
        base = current.last;
      }
      current = { ...k, start: daily.dayStart[i], last: daily.equity[i] };
    } else current.last = daily.equity[i];
  }
  if (current) out.push({ key: current.key, year: current.year, month: current.month, start: current.start, value: current.last / base - 1 });
  return out;
}
