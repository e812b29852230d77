// Section 8, trades and execution: the orders, fills, positions and account reports with
// NautilusTrader's columns (core/backtest/reports.ts), embedded at full resolution (sortable,
// filterable, CSV per table), the round-trip trade statistics (result.tradeStats), NautilusTrader's
// named PnL statistics, and MAE/MFE per trade (tradeExcursions).

import { ACCOUNT_COLUMNS, FILL_COLUMNS, ORDER_COLUMNS, POSITION_COLUMNS } from '../backtest/reports.ts';
import { nautilusGeneralStatistics, nautilusPnlStatistics } from '../metrics/nautilus.ts';
import { tradeExcursions } from '../metrics/trades.ts';
import type { BuildContext } from './build-context.ts';
import { embedTable } from './embedded-table.ts';
import type { Block, KeyValue, Section } from './report-model.ts';

export function tradesSection(ctx: BuildContext): Section {
  const run = ctx.primary;
  const { result } = run;
  const blocks: Block[] = [];
  const base = result.name.replace(/[^A-Za-z0-9_-]+/g, '-');
  if (result.reports) {
    const r = result.reports;
    const note = 'NautilusTrader column order; ts_* in UTC milliseconds. Click a header to sort, type to filter, download the full table as CSV.';
    blocks.push(embedTable('orders', `Orders (${r.orders.length})`, ORDER_COLUMNS, r.orders, `${base}-orders.csv`, note));
    blocks.push(embedTable('fills', `Fills (${r.fills.length})`, FILL_COLUMNS, r.fills, `${base}-fills.csv`));
    blocks.push(embedTable('positions', `Positions (${r.positions.length})`, POSITION_COLUMNS, r.positions, `${base}-positions.csv`));
    blocks.push(embedTable('account', `Account (${r.account.length})`, ACCOUNT_COLUMNS, r.account, `${base}-account.csv`));
  } else {
    blocks.push({ kind: 'text', id: 'trades.vector', text: 'This run used the vectorized path: it records no orders, fills, positions or account reports (run it on the event path for them).', tone: 'note' });
  }
  const t = result.tradeStats;
  const items: KeyValue[] = [
    { key: 'count', label: 'Round trips', value: t.count, format: 'int' },
    { key: 'winRate', label: 'Win rate', value: t.winRate, format: 'pct1' },
    { key: 'profitFactor', label: 'Profit factor', value: t.profitFactor, format: 'ratio' },
    { key: 'payoffRatio', label: 'Payoff ratio', value: t.payoffRatio, format: 'ratio' },
    { key: 'expectancy', label: 'Expectancy', value: t.expectancy, format: 'money' },
    { key: 'sqn', label: 'SQN', value: t.sqn, format: 'ratio' },
    { key: 'netPnl', label: 'Net PnL (closed)', value: t.netPnl, format: 'money' },
    { key: 'totalFees', label: 'Fees (closed)', value: t.totalFees, format: 'money' },
    { key: 'averageWin', label: 'Average win', value: t.averageWin, format: 'money' },
    { key: 'averageLoss', label: 'Average loss', value: t.averageLoss, format: 'money' },
    { key: 'longestWinStreak', label: 'Longest win streak', value: t.longestWinStreak, format: 'int' },
    { key: 'longestLossStreak', label: 'Longest loss streak', value: t.longestLossStreak, format: 'int' },
    { key: 'meanHolding', label: 'Mean holding time', value: t.holdingTime?.meanMs ?? null, format: 'duration' },
    { key: 'averageMae', label: 'Average MAE', value: t.averageMae, format: 'money' },
    { key: 'averageMfe', label: 'Average MFE', value: t.averageMfe, format: 'money' },
    { key: 'orders', label: 'Orders sent', value: result.headline.orders, format: 'int' },
  ];
  blocks.push({
    kind: 'kv',
    id: 'trade-stats',
    title: 'Trade statistics (closed round trips)',
    note: t.count === 0 ? 'No round trip closed in this run (a position held to the end is not a closed trade; see the positions table).' : undefined,
    items,
  });
  const pnl = nautilusPnlStatistics(result.trades, { startingBalance: result.config.initialCash });
  const general = nautilusGeneralStatistics(result.trades);
  blocks.push({
    kind: 'kv',
    id: 'nautilus-pnl',
    title: 'NautilusTrader PnL statistics',
    items: Object.entries({ ...pnl, ...general }).map(([label, value], i) => ({ key: `s${i}`, label, value, format: label.includes('Rate') || label.includes('Ratio') ? 'ratio3' : label.includes('%') ? 'ratio' : 'money' })),
  });
  if (result.trades.length) {
    const ex = tradeExcursions(result.trades);
    blocks.push({
      kind: 'scatter',
      id: 'mae-mfe',
      title: 'MAE vs final PnL per trade',
      note: 'x: maximum adverse excursion (worst open PnL, ≤ 0); y: realized PnL net of costs.',
      xLabel: 'MAE',
      yLabel: 'PnL',
      groups: ['winner', 'loser'],
      points: ex.map((e) => ({ x: e.mae, y: e.pnl, group: e.pnl > 0 ? 0 : 1 })),
    });
    blocks.push({
      kind: 'scatter',
      id: 'mfe-pnl',
      title: 'MFE vs final PnL per trade',
      note: 'x: maximum favourable excursion (best open PnL, ≥ 0); y: realized PnL. Points far below the diagonal gave back their gains.',
      xLabel: 'MFE',
      yLabel: 'PnL',
      groups: ['winner', 'loser'],
      points: ex.map((e) => ({ x: e.mfe, y: e.pnl, group: e.pnl > 0 ? 0 : 1 })),
    });
  }
  return { id: 'trades', number: 8, title: 'Trades and execution', blocks };
}
