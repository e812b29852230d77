// `regimelab explore SYMBOL TIMEFRAME`: the first look at an instrument's returns — moments, Jarque–
// Bera, Student-t ν, the normal-VaR gap, ARCH-LM, autocorrelations with their noise band — and the
// cross-asset correlation matrix (unconditional and in the high-vol regime) with --with. The work
// runs in the compute worker behind `data.explore`; this file resolves symbols and prints.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { isTimeframe } from '../../../core/series/timeframe.ts';
import type { ExploreResult, Instrument } from '../../../core/contract/index.ts';
import { formatNumber, formatTable, parseTimeOption } from '../csv-table.ts';

export const exploreCommand: Command = {
  name: 'explore',
  summary: 'Return diagnostics of one instrument (moments, JB, Student-t, VaR gap, ARCH-LM, ACF) and cross-asset correlations',
  usage: 'regimelab explore SYMBOL TIMEFRAME [--from ISO|MS] [--to ISO|MS] [--with SYMBOL2,SYMBOL3] [--json]',
  options: { from: { type: 'string' }, to: { type: 'string' }, with: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, ctx) {
    const [symbol, timeframe] = positionals;
    if (!symbol || !timeframe || positionals.length > 2) throw new UsageError('give SYMBOL and TIMEFRAME');
    if (!isTimeframe(timeframe)) throw new RegimeLabError('E_BAD_INPUT', `timeframe ${JSON.stringify(timeframe)} is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w`);
    const from = parseTimeOption(values.from as string | undefined, '--from');
    const to = parseTimeOption(values.to as string | undefined, '--to');
    const others = typeof values.with === 'string' ? values.with.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const ws = await openCliWorkstation(ctx);
    try {
      const instruments = await ws.call('data.listInstruments', {});
      const primary = resolve(instruments, symbol);
      const result = await ws.call('data.explore', {
        instrumentId: primary.id,
        timeframe,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(others.length ? { otherInstrumentIds: others.map((s) => resolve(instruments, s).id) } : {}),
      });
      return { json: withPlainArrays(result), text: renderText(result) };
    } finally {
      await ws.close();
    }
  },
};

function resolve(instruments: Instrument[], symbol: string): Instrument {
  const matches = instruments.filter((i) => i.symbol === symbol);
  if (matches.length === 0) throw new RegimeLabError('E_NOT_FOUND', `no instrument ${symbol} in the store; \`regimelab info\` lists them`);
  if (matches.length > 1) throw new RegimeLabError('E_BAD_INPUT', `${symbol} exists in several markets (${matches.map((m) => m.market).join(', ')})`);
  return matches[0];
}

/** Typed arrays (the ACFs) as JSON arrays: JSON.stringify would write them as index-keyed objects. */
function withPlainArrays(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(withPlainArrays);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlainArrays(v)]));
  return value;
}

const iso = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const f = (v: number | null | undefined) => formatNumber(v, 5);

function renderText(r: ExploreResult): string {
  const { moments: m, jarqueBera: jb, studentT: t, normalVarGap: gap, archLm, ljungBoxReturns: lb, ljungBoxSquaredReturns: lb2 } = r.report;
  const out = [
    `${r.symbol} ${r.timeframe}${r.simulated ? '  [SIMULATED — not market data]' : ''}: ${r.bars} bars, ${iso(r.firstTime)} → ${iso(r.lastTime)}`,
    `returns: ${r.returns}`,
    '',
    'Distribution',
    formatTable([
      ['returns', String(m.n)],
      ['mean', f(m.mean)],
      ['std (ddof 1)', f(m.std)],
      ['skew', f(m.skew)],
      ['excess kurtosis', f(m.excessKurtosis)],
      ['min', f(m.min)],
      ['max', f(m.max)],
      ['Jarque–Bera', f(jb.statistic), `p = ${f(jb.pValue)}, χ²(${jb.df})`],
      ['Student-t df', f(t.df), `loc ${f(t.loc)}, scale ${f(t.scale)}${t.dfAtBound ? ' (df at the search bound)' : ''}`],
      [`empirical ${gap.level * 100}% VaR`, f(gap.empiricalVar)],
      [`normal ${gap.level * 100}% VaR`, f(gap.normalVar), `empirical / normal = ${f(gap.ratio)}; ${f(gap.normalVarExceedanceRate)} of returns breach the normal VaR (expected ${f(1 - gap.level)})`],
    ]),
    '',
    'Volatility clustering and serial dependence',
    formatTable([
      [`ARCH-LM (${archLm.df} lags)`, f(archLm.statistic), `p = ${f(archLm.pValue)}, R² ${f(archLm.r2)}`],
      [`Ljung–Box returns (${lb.df})`, f(lb.statistic), `p = ${f(lb.pValue)}`],
      [`Ljung–Box squared (${lb2.df})`, f(lb2.statistic), `p = ${f(lb2.pValue)}`],
    ]),
    '',
    `Autocorrelation (noise band ±${f(r.report.acfReturns.noiseBand)}; * outside it)`,
    formatTable(
      [
        ['lag', 'returns', 'squared'],
        ...Array.from({ length: r.report.acfReturns.acf.length - 1 }, (_, i): string[] => {
          const k = i + 1;
          const mark = (a: { acf: Float64Array; noiseBand: number }) => `${f(a.acf[k])}${Math.abs(a.acf[k]) > a.noiseBand ? '*' : ' '}`;
          return [String(k), mark(r.report.acfReturns), mark(r.report.acfSquaredReturns)];
        }),
      ],
      { header: true },
    ),
  ];
  out.push('', `High-vol mask: ${r.highVolMask.source} — ${r.highVolMask.description}; ${f(r.highVolMask.highVolShare)} of returns`);
  const corr = r.report.correlation;
  if (corr && r.alignment) {
    out.push(`Correlation (${r.alignment.description}; ${r.alignment.commonReturns} common returns)`);
    const matrix = (c: NonNullable<typeof corr.highVol>, title: string) =>
      [`  ${title} (n = ${c.n})`, formatTable([['', ...c.names], ...c.matrix.map((row, i): string[] => [c.names[i], ...row.map((v) => formatNumber(v, 4))])], { header: true, indent: '    ' })].join('\n');
    out.push(matrix(corr.unconditional, 'unconditional'));
    if (corr.highVol) out.push(matrix(corr.highVol, 'high-vol regime'));
  } else out.push('Correlation: give --with SYMBOL2,SYMBOL3 for the cross-asset matrices');
  out.push('', 'Conventions', formatTable(Object.entries(r.report.conventions).map(([k, v]): string[] => [k, String(v)])));
  return out.join('\n');
}
