// The data manager's Explore panel: the first look at an instrument's returns (moments, Jarque–Bera,
// Student-t ν, the normal-VaR gap, ARCH-LM, autocorrelations with their noise band) and the
// cross-asset correlation matrices. Everything is computed by `data.explore` in the compute worker;
// this component only lays the numbers out.

import { useState, type CSSProperties } from 'react';
import type { ExploreResult, MethodOutput } from '../../core/contract/methods.ts';
import type { Instrument, Timeframe } from '../../core/contract/schemas.ts';
import { api } from '../api.ts';

/** Mount with key={instrument.id} so another selection starts afresh. */
type Props = { instrument: Instrument; instruments: Instrument[] };
type Correlation = NonNullable<ExploreResult['report']['correlation']>['unconditional'];

const box: CSSProperties = { background: 'var(--panel)', border: '1px solid var(--border)', borderRadius: 6, padding: '10px 14px', marginTop: 14 };
const row: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 18, alignItems: 'flex-start' };
const num: CSSProperties = { textAlign: 'right', fontVariantNumeric: 'tabular-nums' };

/** Four significant digits; tiny p-values in exponent form. */
function fmt(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs < 1e-3 || abs >= 1e6 ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
}

function pValue(p: number): string {
  return p < 1e-16 ? '< 1e-16' : fmt(p, 3);
}

export function ExplorePanel({ instrument, instruments }: Props) {
  const timeframes = instrument.timeframes.map((t) => t.timeframe);
  const [timeframe, setTimeframe] = useState<Timeframe>(timeframes.includes('1d') ? '1d' : (timeframes[0] ?? '1h'));
  const [others, setOthers] = useState<number[]>([]);
  const [result, setResult] = useState<MethodOutput<'data.explore'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.call('data.explore', { instrumentId: instrument.id, timeframe, ...(others.length ? { otherInstrumentIds: others } : {}) }));
    } catch (e) {
      setResult(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const candidates = instruments.filter((i) => i.id !== instrument.id && i.timeframes.some((t) => t.timeframe === timeframe));
  return (
    <section style={box} data-testid="explore-panel">
      <div style={{ ...row, alignItems: 'center' }}>
        <strong>Explore returns</strong>
        <span>{instrument.symbol}</span>
        <label className="muted">
          Timeframe{' '}
          <select value={timeframe} onChange={(e) => setTimeframe(e.target.value as Timeframe)} data-testid="explore-timeframe">
            {timeframes.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        {candidates.length > 0 && (
          <span className="muted">
            correlate with{' '}
            {candidates.map((c) => (
              <label key={c.id} style={{ marginRight: 8 }}>
                <input type="checkbox" checked={others.includes(c.id)} onChange={(e) => setOthers((o) => (e.target.checked ? [...o, c.id] : o.filter((id) => id !== c.id)))} /> {c.symbol}
              </label>
            ))}
          </span>
        )}
        <button onClick={() => void run()} disabled={busy} data-testid="explore-run">{busy ? 'Computing…' : 'Explore'}</button>
      </div>
      {error && <div className="message error" role="alert" data-testid="explore-error">{error}</div>}
      {result && <ExploreView result={result} hasOthers={candidates.length > 0} />}
    </section>
  );
}

function ExploreView({ result, hasOthers }: { result: ExploreResult; hasOthers: boolean }) {
  const { moments: m, jarqueBera: jb, studentT: t, normalVarGap: gap, archLm, ljungBoxReturns: lb, ljungBoxSquaredReturns: lb2, correlation } = result.report;
  const pct = `${Math.round(gap.level * 100)}%`;
  const rows: [string, string, string, string?][] = [
    ['returns', String(m.n), result.returns, 'explore-n'],
    ['mean', fmt(m.mean), 'per bar'],
    ['std', fmt(m.std), 'ddof 1'],
    ['skew', fmt(m.skew), 'biased (scipy)', 'explore-skew'],
    ['excess kurtosis', fmt(m.excessKurtosis), 'biased; normal = 0', 'explore-kurtosis'],
    ['Jarque–Bera', fmt(jb.statistic), `p ${pValue(jb.pValue)}, χ²(${jb.df})`, 'explore-jb'],
    ['Student-t df', fmt(t.df), `MLE; loc ${fmt(t.loc)}, scale ${fmt(t.scale)}${t.dfAtBound ? ' (at bound)' : ''}`, 'explore-t-df'],
    [`empirical ${pct} VaR`, fmt(gap.empiricalVar), 'historical quantile loss'],
    [`normal ${pct} VaR`, fmt(gap.normalVar), `breached by ${fmt(100 * gap.normalVarExceedanceRate, 3)}% of returns (expected ${fmt(100 * (1 - gap.level), 2)}%)`],
    ['empirical / normal', fmt(gap.ratio), gap.ratio !== null && gap.ratio > 1 ? `normal VaR underestimates the ${pct} loss by ${fmt(100 * (gap.ratio - 1), 3)}%` : '', 'explore-var-ratio'],
    [`ARCH-LM (${archLm.df} lags)`, fmt(archLm.statistic), `p ${pValue(archLm.pValue)}, R² ${fmt(archLm.r2)}`, 'explore-arch'],
    [`Ljung–Box r (${lb.df})`, fmt(lb.statistic), `p ${pValue(lb.pValue)}`],
    [`Ljung–Box r² (${lb2.df})`, fmt(lb2.statistic), `p ${pValue(lb2.pValue)}`],
  ];
  const span = `${new Date(result.firstTime).toISOString().slice(0, 10)} → ${new Date(result.lastTime).toISOString().slice(0, 10)}`;
  return (
    <div data-testid="explore-result">
      <div className="muted" style={{ margin: '8px 0' }}>
        {result.symbol} {result.timeframe} · {result.bars.toLocaleString('en-US')} bars · {span}
        {result.simulated && <span className="badge simulated small">simulated</span>}
      </div>
      <div style={row}>
        <table className="grid" style={{ width: 'auto', minWidth: 420 }} data-testid="explore-moments">
          <tbody>
            {rows.map(([label, value, note, testId]) => (
              <tr key={label}>
                <td>{label}</td>
                <td style={num} data-testid={testId}>{value}</td>
                <td className="muted">{note}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <AcfBars title="ACF of returns" acf={result.report.acfReturns} testId="acf-returns" />
          <AcfBars title="ACF of squared returns (r − mean)²" acf={result.report.acfSquaredReturns} testId="acf-squared" />
        </div>
      </div>
      <div className="muted" style={{ marginTop: 10 }} data-testid="explore-mask">
        High-vol regime mask: {result.highVolMask.source} — {result.highVolMask.description}; {fmt(100 * result.highVolMask.highVolShare, 3)}% of returns.
      </div>
      {correlation && result.alignment ? (
        <div style={{ ...row, marginTop: 10 }}>
          <CorrelationTable title={`Correlation, all bars (n = ${correlation.unconditional.n})`} c={correlation.unconditional} testId="corr-unconditional" />
          {correlation.highVol && <CorrelationTable title={`Correlation, high-vol bars (n = ${correlation.highVol.n})`} c={correlation.highVol} testId="corr-highvol" />}
          <div className="muted" style={{ maxWidth: 320, fontSize: 12 }}>{result.alignment.description}; {result.alignment.commonReturns} common returns.</div>
        </div>
      ) : (
        <div className="muted" style={{ marginTop: 6, fontSize: 12 }}>{hasOthers ? 'Tick other instruments above for the cross-asset correlation matrices.' : 'Import another instrument with this timeframe for the cross-asset correlation matrices.'}</div>
      )}
    </div>
  );
}

/** Autocorrelation bars for lags 1..L, with the ±z/√n white-noise band dashed; bars outside it in the accent colour. */
function AcfBars({ title, acf, testId }: { title: string; acf: ExploreResult['report']['acfReturns']; testId: string }) {
  const lags = Array.from(acf.acf).slice(1);
  const width = 360;
  const height = 110;
  const pad = 22;
  const scale = Math.max(0.1, acf.noiseBand * 1.5, ...lags.map((v) => Math.abs(v)));
  const top = 8;
  const bottom = height - 14; // room for the lag labels below the plot
  const y = (v: number) => (top + bottom) / 2 - (v / scale) * ((bottom - top) / 2);
  const step = (width - pad - 6) / lags.length;
  return (
    <figure style={{ margin: '0 0 8px' }} data-testid={testId} data-significant={acf.significantLags.join(',')}>
      <figcaption className="muted" style={{ fontSize: 12 }}>{title} · band ±{fmt(acf.noiseBand, 3)} · outside: {acf.significantLags.length ? acf.significantLags.join(', ') : 'none'}</figcaption>
      <svg width={width} height={height} role="img" aria-label={title}>
        <line x1={pad} x2={width} y1={y(0)} y2={y(0)} stroke="var(--muted)" strokeWidth={1} />
        {[acf.noiseBand, -acf.noiseBand].map((b) => <line key={b} x1={pad} x2={width} y1={y(b)} y2={y(b)} stroke="var(--warn-text)" strokeDasharray="4 3" strokeWidth={1} />)}
        {lags.map((v, i) => {
          const x = pad + i * step + step * 0.15;
          const outside = Math.abs(v) > acf.noiseBand;
          return (
            <rect key={i} x={x} width={step * 0.7} y={Math.min(y(v), y(0))} height={Math.max(1, Math.abs(y(v) - y(0)))} fill={outside ? 'var(--accent)' : 'var(--muted)'}>
              <title>lag {i + 1}: {fmt(v)}</title>
            </rect>
          );
        })}
        <text x={2} y={y(scale) + 4} fontSize={9} fill="var(--muted)">{fmt(scale, 2)}</text>
        <text x={2} y={y(-scale) + 4} fontSize={9} fill="var(--muted)">{fmt(-scale, 2)}</text>
        <text x={pad + step * 0.3} y={height - 2} fontSize={9} fill="var(--muted)">lag 1</text>
        <text x={width - 14} y={height - 2} fontSize={9} fill="var(--muted)">{lags.length}</text>
      </svg>
    </figure>
  );
}

function CorrelationTable({ title, c, testId }: { title: string; c: Correlation; testId: string }) {
  return (
    <table className="grid" style={{ width: 'auto' }} data-testid={testId}>
      <caption className="muted" style={{ textAlign: 'left', fontSize: 12, paddingBottom: 4 }}>{title}</caption>
      <thead><tr><th />{c.names.map((n) => <th key={n} style={num}>{n}</th>)}</tr></thead>
      <tbody>
        {c.matrix.map((r, i) => (
          <tr key={c.names[i]}>
            <th>{c.names[i]}</th>
            {r.map((v, j) => <td key={j} style={num} data-testid={`${testId}-${i}-${j}`}>{fmt(v, 3)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
