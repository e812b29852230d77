// `regimelab var-test --hits FILE.csv --level 0.99`: VaR backtests of a hit sequence — Kupiec POF,
// Christoffersen independence, conditional coverage and the Basel traffic light — overall and per
// regime. The CSV gives a 0/1 hit column, or a returns column and a VaR column (hit = loss beyond VaR).

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { varBacktest, varBacktestByRegime, type VarBacktestResult } from '../../../core/metrics/index.ts';
import { findColumn, formatNumber, formatTable, numberColumn, readCsvTable, textColumn, type CsvTable } from '../csv-table.ts';

const HIT_COLUMNS = ['hit', 'hits', 'exceedance', 'exception', 'breach', 'violation'];
const RETURN_COLUMNS = ['return', 'returns', 'ret', 'r', 'pnl'];
const VAR_COLUMNS = ['var', 'value_at_risk'];

export const varTestCommand: Command = {
  name: 'var-test',
  summary: 'VaR backtests of a hit series: Kupiec, Christoffersen, conditional coverage, Basel traffic light (per regime with --regimes)',
  usage: 'regimelab var-test --hits FILE.csv --level 0.99 [--regimes COLUMN] [--hit-column NAME | --returns-column NAME --var-column NAME] [--json]',
  options: {
    hits: { type: 'string' },
    level: { type: 'string' },
    regimes: { type: 'string' },
    'hit-column': { type: 'string' },
    'returns-column': { type: 'string' },
    'var-column': { type: 'string' },
  },
  async run(values) {
    if (typeof values.hits !== 'string') throw new UsageError('give --hits FILE.csv');
    if (typeof values.level !== 'string') throw new UsageError('give --level, e.g. 0.99 for 99 % VaR');
    const raw = Number(values.level);
    if (!(raw > 0 && raw < 1)) throw new RegimeLabError('E_BAD_INPUT', `--level ${JSON.stringify(values.level)} must be in (0, 1): the VaR confidence (0.99) or its tail probability (0.01)`);
    // A value below 0.5 can only be a tail probability: 0.01 and 0.99 name the same 99 % VaR.
    const level = raw < 0.5 ? Math.round((1 - raw) * 1e12) / 1e12 : raw;
    const levelSource = raw < 0.5 ? `read as the tail probability p = ${raw}` : 'VaR confidence level';

    const table = readCsvTable(values.hits);
    const { hits, source } = readHits(table, values);
    let regimeColumn: string | null = null;
    let byRegime: Record<string, VarBacktestResult> | null = null;
    let regimeLabels: Record<string, string> | null = null;
    if (typeof values.regimes === 'string') {
      const index = findColumn(table, 'regime', [], values.regimes);
      regimeColumn = table.header[index];
      const { codes, labels } = regimeCodes(table, index);
      const coded = varBacktestByRegime(hits, codes, level);
      byRegime = Object.fromEntries(Object.entries(coded).map(([code, result]) => [labels[code], result]));
      regimeLabels = labels;
    }
    const overall = varBacktest(hits, level);
    const json = { input: { file: values.hits, rows: hits.length, hits: source, level, levelSource, regimeColumn, regimeLabels }, overall, byRegime };
    return { json, text: renderText(json.input, overall, byRegime) };
  },
};

function readHits(table: CsvTable, values: Record<string, unknown>): { hits: Uint8Array; source: string } {
  const explicitHit = values['hit-column'] as string | undefined;
  const explicitReturns = values['returns-column'] as string | undefined;
  const explicitVar = values['var-column'] as string | undefined;
  const hitIndex = explicitReturns || explicitVar ? -1 : findColumn(table, 'hit', HIT_COLUMNS, explicitHit, { required: false });
  if (hitIndex >= 0) {
    const column = numberColumn(table, hitIndex);
    const hits = new Uint8Array(column.length);
    column.forEach((v, r) => {
      if (v !== 0 && v !== 1) throw new RegimeLabError('E_BAD_INPUT', `${table.file} line ${table.lines[r]}, column "${table.header[hitIndex]}": ${v} is not 0 or 1`);
      hits[r] = v;
    });
    return { hits, source: `column "${table.header[hitIndex]}" (1 = the loss exceeded VaR)` };
  }
  const returnsIndex = findColumn(table, 'returns', RETURN_COLUMNS, explicitReturns, { required: false });
  const varIndex = findColumn(table, 'VaR', VAR_COLUMNS, explicitVar, { required: false });
  if (returnsIndex < 0 || varIndex < 0) {
    throw new RegimeLabError('E_BAD_INPUT', `${table.file}: needs a 0/1 hit column (${HIT_COLUMNS.join(', ')}) or a returns column (${RETURN_COLUMNS.join(', ')}) with a VaR column (${VAR_COLUMNS.join(', ')}); header: ${table.header.join(', ')}`);
  }
  const returns = numberColumn(table, returnsIndex);
  const vaR = numberColumn(table, varIndex);
  // VaR is a positive loss (0.03 = 3 %); a column of non-positive return quantiles (−0.03) is read as −VaR.
  const asQuantile = vaR.every((v) => v <= 0) && vaR.some((v) => v < 0);
  if (!asQuantile) {
    vaR.forEach((v, r) => {
      if (v < 0) throw new RegimeLabError('E_BAD_INPUT', `${table.file} line ${table.lines[r]}, column "${table.header[varIndex]}": VaR ${v} is negative while other rows are positive (give VaR as a positive loss)`);
    });
  }
  const hits = Uint8Array.from(returns, (r, i) => (r < (asQuantile ? vaR[i] : -vaR[i]) ? 1 : 0));
  const convention = asQuantile ? 'VaR given as a return quantile (≤ 0): hit when return < VaR' : 'VaR given as a positive loss: hit when return < −VaR';
  return { hits, source: `columns "${table.header[returnsIndex]}" and "${table.header[varIndex]}"; ${convention}` };
}

/** Integer regime labels as they are; other labels coded 0..k−1 in sorted order. */
function regimeCodes(table: CsvTable, index: number): { codes: Int32Array; labels: Record<string, string> } {
  const raw = textColumn(table, index);
  raw.forEach((v, r) => {
    if (v === '') throw new RegimeLabError('E_BAD_INPUT', `${table.file} line ${table.lines[r]}, column "${table.header[index]}": empty regime label`);
  });
  if (raw.every((v) => /^-?\d+$/.test(v))) {
    const codes = Int32Array.from(raw, Number);
    return { codes, labels: Object.fromEntries([...new Set(codes)].map((c) => [String(c), String(c)])) };
  }
  const names = [...new Set(raw)].sort();
  const codeOf = new Map(names.map((n, i) => [n, i]));
  return { codes: Int32Array.from(raw, (v) => codeOf.get(v)!), labels: Object.fromEntries(names.map((n, i) => [String(i), n])) };
}

function renderText(input: { file: string; rows: number; hits: string; level: number; levelSource: string; regimeColumn: string | null }, overall: VarBacktestResult, byRegime: Record<string, VarBacktestResult> | null): string {
  const out = [
    `VaR backtest: ${input.file} — ${input.rows} rows; hits from ${input.hits}`,
    `level ${input.level} (${input.levelSource}); tail probability p = ${overall.p}`,
    '',
    'Conventions',
    formatTable([
      ['hit', overall.conventions.hit],
      ['conditional coverage', overall.conventions.conditionalCoverage],
      ['0 · ln 0', overall.conventions.zeroLogZero],
      ['traffic light', 'Basel (1996): green if P(X ≤ x) < 0.95, yellow if < 0.9999, else red; plus factor only for T = 250, p = 0.01'],
    ]),
    '',
  ];
  const results: [string, VarBacktestResult][] = [['all', overall], ...Object.entries(byRegime ?? {}).map(([label, r]): [string, VarBacktestResult] => [`${input.regimeColumn} = ${label}`, r])];
  const header = ['', 'T', 'hits', 'rate', 'Kupiec LR', 'p', 'Christoffersen LR', 'p', 'LR_cc', 'p', 'LR_cc (transitions)', 'p', 'traffic light', 'P(X ≤ x)'];
  const rows = results.map(([label, r]): string[] => [
    label,
    String(r.T),
    String(r.x),
    formatNumber(r.kupiec.phat, 4),
    formatNumber(r.kupiec.lr, 5),
    formatNumber(r.kupiec.pValue, 4),
    formatNumber(r.christoffersen.lr, 5),
    formatNumber(r.christoffersen.pValue, 4),
    formatNumber(r.conditionalCoverage.lr, 5),
    formatNumber(r.conditionalCoverage.pValue, 4),
    formatNumber(r.conditionalCoverage.lrTransitionsOnly, 5),
    formatNumber(r.conditionalCoverage.pValueTransitionsOnly, 4),
    r.trafficLight.zone + (r.trafficLight.plusFactor === null ? '' : ` (+${r.trafficLight.plusFactor})`),
    formatNumber(r.trafficLight.cdfLeX, 6),
  ]);
  out.push(formatTable([header, ...rows], { header: true }));
  const transitions = results.map(([label, r]): string[] => [label, String(r.christoffersen.n00), String(r.christoffersen.n01), String(r.christoffersen.n10), String(r.christoffersen.n11), formatNumber(r.christoffersen.pi01), formatNumber(r.christoffersen.pi11)]);
  out.push('', 'Transitions (Christoffersen)', formatTable([['', 'n00', 'n01', 'n10', 'n11', 'pi01', 'pi11'], ...transitions], { header: true }));
  return out.join('\n');
}
