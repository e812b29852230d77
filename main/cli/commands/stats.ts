// `regimelab stats --equity FILE.csv [--trades FILE.csv]`: the full statistics table of an equity
// curve (and of its round-trip trades) with the conventions it used, NautilusTrader's named
// statistics and the cross-walk to NautilusTrader, QuantStats and backtesting.py. All numbers come
// from core/metrics; this file reads the CSVs and lays the table out.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import {
  computeEquityStats, crossWalk, dailyEquity, nautilusGeneralStatistics, nautilusPnlStatistics, nautilusReturnsStatistics, tradeExcursions, tradeStats,
  type EquityStats, type Trade, type TradeStats,
} from '../../../core/metrics/index.ts';
import { findColumn, formatNumber, formatTable, numberColumn, readCsvTable, textColumn, timeColumn } from '../csv-table.ts';

const TIME_COLUMNS = ['time', 'timestamp', 'date', 'datetime', 'ts'];
const EQUITY_COLUMNS = ['equity', 'value', 'nav', 'balance', 'portfolio_value'];

/** Accepted trade-CSV headers per field, RegimeLab's own name first, then NautilusTrader's positions report and common aliases. */
export const TRADE_COLUMNS = {
  entryTime: ['entry_time', 'entryTime', 'ts_opened', 'opened', 'open_time', 'entry_timestamp'],
  exitTime: ['exit_time', 'exitTime', 'ts_closed', 'closed', 'close_time', 'exit_timestamp'],
  side: ['side', 'direction', 'position_side'],
  qty: ['qty', 'quantity', 'peak_qty', 'size'],
  entryPrice: ['entry_price', 'entryPrice', 'avg_px_open', 'open_price'],
  exitPrice: ['exit_price', 'exitPrice', 'avg_px_close', 'close_price'],
  pnl: ['pnl', 'realized_pnl', 'net_pnl', 'profit'],
  fees: ['fees', 'commission', 'commissions'],
  mae: ['mae'],
  mfe: ['mfe'],
} as const;

const USAGE =
  'regimelab stats --equity FILE.csv [--trades FILE.csv] [--periods-per-year N] [--risk-free R] [--ddof D] [--time-column NAME] [--equity-column NAME] [--json]';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Performance statistics of an equity CSV (and trades CSV), with conventions and a cross-walk to other tools',
  usage: USAGE,
  options: {
    equity: { type: 'string' },
    trades: { type: 'string' },
    'periods-per-year': { type: 'string' },
    'risk-free': { type: 'string' },
    ddof: { type: 'string' },
    'time-column': { type: 'string' },
    'equity-column': { type: 'string' },
  },
  async run(values) {
    if (typeof values.equity !== 'string') throw new UsageError('give --equity FILE.csv');
    const periodsPerYear = numberOption(values['periods-per-year'], '--periods-per-year', (v) => v > 0);
    const riskFree = numberOption(values['risk-free'], '--risk-free', () => true) ?? 0;
    const ddof = numberOption(values.ddof, '--ddof', (v) => Number.isInteger(v) && v >= 0) ?? 1;

    const equityTable = readCsvTable(values.equity);
    const timeIndex = findColumn(equityTable, 'time', TIME_COLUMNS, values['time-column'] as string | undefined);
    const equityIndex = findColumn(equityTable, 'equity', EQUITY_COLUMNS, values['equity-column'] as string | undefined);
    const { time, format: timeFormat } = timeColumn(equityTable, timeIndex);
    const equity = numberColumn(equityTable, equityIndex);

    const tradesRead = typeof values.trades === 'string' ? readTrades(values.trades) : null;
    const trades = tradesRead?.trades ?? [];
    const stats = computeEquityStats(equity, time, { periodsPerYear, riskFree, ddof });
    const tradeSummary = tradesRead ? tradeStats(trades) : null;
    const daily = dailyEquity(equity, time);
    const nautilus = {
      pnl: tradesRead ? nautilusPnlStatistics(trades, { startingBalance: equity[0] }) : null,
      returns: nautilusReturnsStatistics(daily.returns, { period: 252 }),
      general: tradesRead ? nautilusGeneralStatistics(trades) : null,
    };
    const json = {
      input: {
        equity: {
          file: values.equity,
          rows: equity.length,
          timeColumn: equityTable.header[timeIndex],
          timeFormat,
          equityColumn: equityTable.header[equityIndex],
        },
        trades: tradesRead ? { file: tradesRead.file, rows: trades.length, columns: tradesRead.columns, defaults: tradesRead.defaults } : null,
      },
      stats,
      trades: tradeSummary,
      excursions: tradesRead && tradesRead.hasExcursions ? tradeExcursions(trades) : null,
      nautilus: { ...nautilus, conventions: 'daily returns (last equity of each UTC day); 252-day annualization as NautilusTrader; PnL% of the first equity value' },
      crossWalk: crossWalk(equity, time, trades),
    };
    return { json, text: renderText(json.input, stats, tradeSummary, nautilus, json.crossWalk) };
  },
};

function numberOption(raw: unknown, flag: string, ok: (v: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !ok(value)) throw new RegimeLabError('E_BAD_INPUT', `${flag} ${JSON.stringify(raw)} is not valid`);
  return value;
}

type TradesRead = { file: string; trades: Trade[]; columns: Record<string, string>; defaults: string[]; hasExcursions: boolean };

/** Round trips from a trades CSV; sides LONG/SHORT/BUY/SELL (NautilusTrader's closed positions say FLAT and carry the side in `entry`). */
function readTrades(file: string): TradesRead {
  const table = readCsvTable(file);
  const col = (field: keyof typeof TRADE_COLUMNS, required = true) => findColumn(table, field, TRADE_COLUMNS[field], undefined, { required });
  const columns: Record<string, string> = {};
  const defaults: string[] = [];
  const idx = {} as Record<keyof typeof TRADE_COLUMNS, number>;
  for (const field of Object.keys(TRADE_COLUMNS) as (keyof typeof TRADE_COLUMNS)[]) {
    const optional = field === 'fees' || field === 'mae' || field === 'mfe';
    idx[field] = col(field, !optional);
    if (idx[field] >= 0) columns[field] = table.header[idx[field]];
    else defaults.push(`${field} = 0 (no ${TRADE_COLUMNS[field].join('/')} column)`);
  }
  const entryIndex = findColumn(table, 'entry', ['entry'], undefined, { required: false });
  const num = (field: keyof typeof TRADE_COLUMNS) => (idx[field] >= 0 ? numberColumn(table, idx[field]) : new Float64Array(table.rows.length));
  const entryTime = timeColumn(table, idx.entryTime, { strictlyIncreasing: false }).time;
  const exitTime = timeColumn(table, idx.exitTime, { strictlyIncreasing: false }).time;
  const sides = textColumn(table, idx.side);
  const entries = entryIndex >= 0 ? textColumn(table, entryIndex) : null;
  const [qty, entryPrice, exitPrice, pnl, fees, mae, mfe] = (['qty', 'entryPrice', 'exitPrice', 'pnl', 'fees', 'mae', 'mfe'] as const).map(num);
  const trades = sides.map((raw, r): Trade => {
    const word = (raw.toUpperCase() === 'FLAT' && entries ? entries[r] : raw).toUpperCase();
    const side = word === 'LONG' || word === 'BUY' ? 'long' : word === 'SHORT' || word === 'SELL' ? 'short' : null;
    if (side === null) throw new RegimeLabError('E_BAD_INPUT', `${file} line ${table.lines[r]}, column "${table.header[idx.side]}": ${JSON.stringify(raw)} is not LONG, SHORT, BUY or SELL`);
    return { entryTime: entryTime[r], exitTime: exitTime[r], side, qty: Math.abs(qty[r]), entryPrice: entryPrice[r], exitPrice: exitPrice[r], pnl: pnl[r], fees: Math.abs(fees[r]), mae: mae[r], mfe: mfe[r] };
  });
  return { file, trades, columns, defaults, hasExcursions: idx.mae >= 0 && idx.mfe >= 0 };
}

type Row = string[];

function renderText(
  input: { equity: { file: string; rows: number; timeColumn: string; timeFormat: string; equityColumn: string }; trades: { file: string; rows: number; defaults: string[] } | null },
  s: EquityStats,
  t: TradeStats | null,
  nautilus: { pnl: Record<string, number | null> | null; returns: Record<string, number | null>; general: Record<string, number | null> | null },
  walk: ReturnType<typeof crossWalk>,
): string {
  const c = s.conventions;
  const why = (key: string): string => s.undefinedBecause[key] ?? (s.flags.annualizedOverShortSpan.includes(key) ? 'annualized over less than a quarter of a year' : '');
  const row = (label: string, key: keyof EquityStats & string, value: number | null): Row => [label, formatNumber(value), why(key)];
  const iso = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));
  const out: string[] = [];
  out.push(`Equity: ${input.equity.file} — ${input.equity.rows} rows; time column "${input.equity.timeColumn}" read as ${input.equity.timeFormat}; equity column "${input.equity.equityColumn}"`);
  if (input.trades) out.push(`Trades: ${input.trades.file} — ${input.trades.rows} round trips${input.trades.defaults.length ? `; ${input.trades.defaults.join('; ')}` : ''}`);
  out.push('', 'Conventions');
  out.push(
    formatTable([
      ['periods per year', `${formatNumber(c.periodsPerYear)} (${c.periodsPerYearSource}; year = ${c.yearDays} days)`],
      ['risk-free', `${formatNumber(c.riskFree)} per year`],
      ['ddof', `${c.ddof} (volatility and Sharpe)`],
      ['target', `${formatNumber(c.target)} per period (Sortino, Omega)`],
      ['returns', c.returns],
      ['downside', c.sortino],
      ['drawdown', c.drawdown],
      ['ulcer', c.ulcer],
      ['skew, kurtosis', c.skewKurtosis],
      ['undefined ratios', c.undefinedRatios],
      ['figures', 'fractions (0.12 = 12 %)'],
    ]),
  );
  out.push('', `Returns and risk (${iso(s.startTime)} → ${iso(s.endTime)}, ${formatNumber(s.years, 4)} years, ${s.returnObservations} returns)`);
  out.push(
    formatTable([
      ['total return', formatNumber(s.totalReturn)],
      row('CAGR', 'cagr', s.cagr),
      row('annualized volatility', 'annualizedVolatility', s.annualizedVolatility),
      row('Sharpe', 'sharpe', s.sharpe),
      row('Sortino', 'sortino', s.sortino),
      ['downside deviation', formatNumber(s.downsideDeviation), 'per period'],
      row('Calmar', 'calmar', s.calmar),
      row('Omega', 'omega', s.omega),
      ['ulcer index', formatNumber(s.ulcerIndex)],
      row('ulcer performance index', 'ulcerPerformanceIndex', s.ulcerPerformanceIndex),
      row('tail ratio', 'tailRatio', s.tailRatio),
      row('skew', 'skew', s.skew),
      row('excess kurtosis', 'excessKurtosis', s.excessKurtosis),
      ['best period', formatNumber(s.bestPeriod)],
      ['worst period', formatNumber(s.worstPeriod)],
    ]),
  );
  out.push('', 'Drawdowns');
  out.push(
    formatTable([
      ['max drawdown', formatNumber(s.maxDrawdown)],
      ['max drawdown duration', `${s.maxDrawdownDurationBars} bars`, s.maxDrawdownDurationMs === null ? '' : `${formatNumber(s.maxDrawdownDurationMs / 86_400_000, 4)} days`],
      ['time underwater', formatNumber(s.timeUnderwater), 'share of bars'],
    ]),
  );
  if (s.worstDrawdowns.length) {
    out.push(
      formatTable(
        [['#', 'start', 'trough', 'recovery', 'depth', 'bars'], ...s.worstDrawdowns.map((d, i): string[] => [String(i + 1), iso(d.startTime), iso(d.troughTime), d.recoveryIndex === null ? 'not recovered' : iso(d.recoveryTime), formatNumber(d.depth), String(d.lengthBars)])],
        { header: true, indent: '    ' },
      ),
    );
  }
  if (t) {
    out.push('', 'Trades (round trips; pnl net of fees, in cash)');
    const tw = (key: string) => t.undefinedBecause[key] ?? '';
    out.push(
      formatTable([
        ['trades', `${t.count}`, `${t.wins} wins, ${t.losses} losses, ${t.scratches} scratches; ${t.longCount} long, ${t.shortCount} short`],
        ['win rate', formatNumber(t.winRate), tw('winRate')],
        ['net pnl', formatNumber(t.netPnl)],
        ['total fees', formatNumber(t.totalFees)],
        ['profit factor', formatNumber(t.profitFactor), tw('profitFactor')],
        ['payoff ratio', formatNumber(t.payoffRatio), tw('payoffRatio')],
        ['average win', formatNumber(t.averageWin)],
        ['average loss', formatNumber(t.averageLoss)],
        ['expectancy', formatNumber(t.expectancy), 'mean pnl per trade'],
        ['SQN', formatNumber(t.sqn), tw('sqn')],
        ['longest win streak', String(t.longestWinStreak)],
        ['longest loss streak', String(t.longestLossStreak)],
        ['mean holding time', t.holdingTime ? `${formatNumber(t.holdingTime.meanMs / 3_600_000, 4)} h` : '—'],
        ['average MAE / MFE', `${formatNumber(t.averageMae)} / ${formatNumber(t.averageMfe)}`],
      ]),
    );
  }
  out.push('', 'NautilusTrader statistics (its names; daily returns, 252 days)');
  const named = [...Object.entries(nautilus.pnl ?? {}), ...Object.entries(nautilus.returns), ...Object.entries(nautilus.general ?? {})];
  out.push(formatTable(named.map(([k, v]): Row => [k, formatNumber(v)])));
  out.push('', 'Cross-walk: the same run as each tool would print it');
  out.push(
    formatTable(
      [['statistic', 'RegimeLab', 'Nautilus (252)', 'QuantStats', 'backtesting.py'], ...walk.map((w): string[] => [w.statistic, formatNumber(w.regimelab), formatNumber(w.nautilusTrader), formatNumber(w.quantStats), formatNumber(w.backtestingPy)])],
      { header: true },
    ),
  );
  out.push('  notes:');
  for (const w of walk) out.push(`    ${w.statistic}: ${w.note}`);
  return out.join('\n');
}
