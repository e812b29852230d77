// "Download from Binance": a form for symbol, market, interval and date range, then a progress
// dialog (files and bytes, from the job's progress messages) with cancel, and the job's per-file
// report at the end. Runs the `data.download` job through the typed API like every other job.

import { useRef, useState, type FormEvent } from 'react';
import type { JobResult } from '../../core/contract/jobs.ts';
import { TimeframeSchema, type Timeframe } from '../../core/contract/schemas.ts';
import { api } from '../api.ts';
import { JobError, runJob } from '../../core/contract/run-job.ts';
import { useUiRequest } from '../commands/ui-requests.ts';

/** openRequest: a counter the parent bumps to open the dialog (File ▸ Download…, the command palette, Ctrl/⌘+Shift+D). */
type Props = { onChanged: (instrumentId: number | null) => void; openRequest?: number };
type DownloadResult = JobResult<'data.download'>;
type Market = 'spot' | 'usd-m' | 'coin-m';
type Phase = { kind: 'form' } | { kind: 'running'; jobId: string; progress: number; message: string; cancelling: boolean } | { kind: 'done'; result: DownloadResult } | { kind: 'error'; message: string; cancelled: boolean };

const MARKETS: { value: Market; label: string }[] = [
  { value: 'spot', label: 'Spot' },
  { value: 'usd-m', label: 'USD-M futures' },
  { value: 'coin-m', label: 'COIN-M futures' },
];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function DownloadDialog({ onChanged, openRequest = 0 }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const [symbol, setSymbol] = useState('BTCUSDT');
  const [market, setMarket] = useState<Market>('spot');
  const [timeframe, setTimeframe] = useState<Timeframe>('1h');
  const [from, setFrom] = useState(() => isoDay(Date.now() - 31 * 86_400_000));
  const [to, setTo] = useState(() => isoDay(Date.now() - 86_400_000));
  const [baseUrl, setBaseUrl] = useState('');
  const [concurrency, setConcurrency] = useState(4);
  // Held in a ref so a download that ends after the parent re-rendered reports to the current callback.
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  const open = () => {
    if (phase.kind !== 'running') setPhase({ kind: 'form' });
    if (!dialog.current?.open) dialog.current?.showModal();
  };
  // Once per request, also when the Data view is opened again later (ui-requests.ts).
  useUiRequest('open-download', openRequest, open);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const params = { symbol: symbol.trim().toUpperCase(), market, interval: timeframe, from, to, concurrency, ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) };
    try {
      const result = await runJob(api, 'data.download', params, {
        onStarted: (jobId) => setPhase((s) => (s.kind === 'form' ? { kind: 'running', jobId, progress: 0, message: 'checking the archive', cancelling: false } : s)),
        onProgress: (progress, message) => setPhase((s) => (s.kind === 'running' ? { ...s, progress, message } : s)),
      });
      setPhase({ kind: 'done', result });
      onChangedRef.current(result.instrumentId);
    } catch (error) {
      setPhase({ kind: 'error', message: (error as Error).message, cancelled: error instanceof JobError && error.code === 'E_CANCELLED' });
      onChangedRef.current(null);
    }
  };

  const cancel = async () => {
    if (phase.kind !== 'running') return;
    setPhase({ ...phase, cancelling: true });
    await api.call('jobs.cancel', { jobId: phase.jobId });
  };

  const close = () => dialog.current?.close();

  return (
    <>
      <button type="button" onClick={open} data-testid="download-open">
        Download from Binance…
      </button>
      <dialog ref={dialog} className="download-dialog report" data-testid="download-dialog" onCancel={(e) => phase.kind === 'running' && e.preventDefault()} style={{ minWidth: 520, color: 'inherit' }}>
        <h3 style={{ marginTop: 0 }}>Download from the Binance public archive</h3>
        {phase.kind === 'form' && (
          <form onSubmit={(e) => void start(e)} data-testid="download-form">
            <dl className="facts">
              <dt><label htmlFor="dl-symbol">Symbol</label></dt>
              <dd><input id="dl-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} size={14} required pattern="[A-Za-z0-9_]+" data-testid="download-symbol" /></dd>
              <dt><label htmlFor="dl-market">Market</label></dt>
              <dd>
                <select id="dl-market" value={market} onChange={(e) => setMarket(e.target.value as Market)} data-testid="download-market">
                  {MARKETS.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
                </select>
              </dd>
              <dt><label htmlFor="dl-interval">Interval</label></dt>
              <dd>
                <select id="dl-interval" value={timeframe} onChange={(e) => setTimeframe(TimeframeSchema.parse(e.target.value))} data-testid="download-interval">
                  {TimeframeSchema.options.map((tf) => <option key={tf} value={tf}>{tf}</option>)}
                </select>
              </dd>
              <dt>Days (UTC, inclusive)</dt>
              <dd>
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required data-testid="download-from" /> to{' '}
                <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required data-testid="download-to" />
              </dd>
              <dt><label htmlFor="dl-base">Archive URL</label></dt>
              <dd><input id="dl-base" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://data.binance.vision (default)" size={34} data-testid="download-base-url" /></dd>
              <dt><label htmlFor="dl-conc">Parallel downloads</label></dt>
              <dd><input id="dl-conc" type="number" min={1} max={16} value={concurrency} onChange={(e) => setConcurrency(Math.max(1, Math.min(16, Number(e.target.value) || 1)))} style={{ width: 56 }} /></dd>
            </dl>
            <div className="muted" style={{ marginBottom: 10 }}>Whole months come as monthly archives, the other days as daily ones; each is checked against its SHA-256 .CHECKSUM before it is imported.</div>
            <button type="submit" data-testid="download-start">Download</button>{' '}
            <button type="button" onClick={close}>Close</button>
          </form>
        )}
        {phase.kind === 'running' && (
          <div data-testid="download-progress">
            <progress max={1} value={phase.progress} style={{ width: '100%' }} />
            <div className="muted" role="status">{phase.message}</div>
            <p>
              <button type="button" onClick={() => void cancel()} disabled={phase.cancelling} data-testid="download-cancel">
                {phase.cancelling ? 'Cancelling…' : 'Cancel'}
              </button>{' '}
              <span className="muted">Cancel keeps the store as it was before the file being imported; partial downloads resume next time.</span>
            </p>
          </div>
        )}
        {phase.kind === 'done' && (
          <div data-testid="download-result">
            <div className={`message ${phase.result.failed > 0 ? 'error' : 'ok'}`} role="status">{phase.result.message}</div>
            {phase.result.notes.length > 0 && <ul className="notes">{phase.result.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
            {phase.result.files.some((f) => f.status === 'missing' || f.status === 'failed') && (
              <table className="grid">
                <thead><tr><th>Archive</th><th>Status</th><th>Reason</th></tr></thead>
                <tbody>
                  {phase.result.files
                    .filter((f) => f.status === 'missing' || f.status === 'failed')
                    .map((f) => (
                      <tr key={f.fileName}><td>{f.fileName}</td><td>{f.status}</td><td className="mono">{f.message}</td></tr>
                    ))}
                </tbody>
              </table>
            )}
            <p><button type="button" onClick={() => setPhase({ kind: 'form' })}>Another download</button> <button type="button" onClick={close}>Close</button></p>
          </div>
        )}
        {phase.kind === 'error' && (
          <div data-testid="download-error">
            <div className={`message ${phase.cancelled ? 'ok' : 'error'}`} role="alert">{phase.message}</div>
            <p><button type="button" onClick={() => setPhase({ kind: 'form' })}>Back</button> <button type="button" onClick={close}>Close</button></p>
          </div>
        )}
      </dialog>
    </>
  );
}
