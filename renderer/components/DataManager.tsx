// The data manager: import files (drag-and-drop or a file dialog), see each import's report and
// the history quality of every series, and delete instruments.

import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ImportRecord, Instrument, PeriodQuality, Timeframe } from '../../core/contract/schemas.ts';
import { api } from '../api.ts';
import { runJob } from '../../core/contract/run-job.ts';
import { ImportReportView } from './ImportReportView.tsx';
import { QualityBar } from './QualityBar.tsx';
import { ExplorePanel } from './ExplorePanel.tsx';
import { DownloadDialog } from './DownloadDialog.tsx';
import { shell } from '../shell.ts';

/** downloadRequest: bumped by the desktop menu (File ▸ Download…) to open the download dialog. */
type Props = { instruments: Instrument[]; onChanged: () => void; downloadRequest?: number };
type Pending = { name: string; progress: number; message: string };

export function DataManager({ instruments, onChanged, downloadRequest }: Props) {
  const [selected, setSelected] = useState<number | null>(instruments[0]?.id ?? null);
  const [imports, setImports] = useState<ImportRecord[]>([]);
  const [report, setReport] = useState<Record<string, unknown> | null>(null);
  const [quality, setQuality] = useState<Record<string, PeriodQuality[]>>({});
  const [pending, setPending] = useState<Record<string, Pending>>({});
  const [messages, setMessages] = useState<{ kind: 'ok' | 'error'; text: string }[]>([]);
  const [symbolOverride, setSymbolOverride] = useState('');
  const [fillGaps, setFillGaps] = useState(false);
  const [dragging, setDragging] = useState(false);

  const instrument = instruments.find((i) => i.id === selected) ?? null;

  // A refresh answered after a newer one started (another instrument selected, an import landed) is
  // dropped: its imports and quality belong to what was shown before.
  const refreshSeq = useRef(0);
  const refresh = useCallback(async () => {
    if (selected === null) return;
    const seq = ++refreshSeq.current;
    const records = await api.call('data.listImports', { instrumentId: selected });
    const inst = instruments.find((i) => i.id === selected);
    const entries = await Promise.all((inst?.timeframes ?? []).map(async (t) => [t.timeframe, await api.call('data.getQuality', { instrumentId: selected, timeframe: t.timeframe })] as const));
    if (seq !== refreshSeq.current) return;
    setImports(records);
    setQuality(Object.fromEntries(entries));
  }, [selected, instruments]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (selected === null) setSelected(instruments[0]?.id ?? null);
  }, [instruments, selected]);

  useEffect(() => {
    const offs = [
      api.on('job.progress', (p) => setPending((all) => (all[p.jobId] ? { ...all, [p.jobId]: { ...all[p.jobId], progress: p.progress, message: p.message } } : all))),
    ];
    return () => offs.forEach((off) => off());
  }, []);

  const importFiles = async (files: File[]) => {
    for (const file of files) {
      // In the desktop app a dropped or chosen file has a path: main reads it (and records it in
      // Open Recent) instead of the bytes crossing IPC. Browser mode sends the bytes.
      const nativePath = shell?.pathForFile(file) ?? '';
      const source = nativePath ? { path: nativePath } : { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name };
      const policy = { ...(symbolOverride ? { symbol: symbolOverride } : {}), ...(fillGaps ? { fillGaps: true } : {}) };
      let jobId = '';
      try {
        const outcome = await runJob(api, 'data.importFile', { ...source, policy }, {
          onStarted: (id) => {
            jobId = id;
            setPending((all) => ({ ...all, [id]: { name: file.name, progress: 0, message: 'started' } }));
          },
        });
        setMessages((m) => [{ kind: 'ok' as const, text: outcome.message }, ...m].slice(0, 8));
        setSelected(outcome.instrumentId);
        setReport(await api.call('data.getImportReport', { importId: outcome.importId }));
        onChanged();
      } catch (error) {
        setMessages((m) => [{ kind: 'error' as const, text: `${file.name}: ${(error as Error).message}` }, ...m].slice(0, 8));
      } finally {
        setPending((all) => {
          const { [jobId]: _done, ...rest } = all;
          return rest;
        });
      }
    }
    // No refresh here: this closure's `refresh` is for the instrument selected when the import began;
    // selecting the imported instrument and onChanged's new instrument list refresh through the effect.
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void importFiles(Array.from(event.dataTransfer.files));
  };

  const remove = async (target: Instrument) => {
    if (!window.confirm(`Delete ${target.symbol} (${target.market}) with all its candles and import records?`)) return;
    await api.call('data.deleteInstrument', { instrumentId: target.id });
    setReport(null);
    setSelected(null);
    onChanged();
  };

  return (
    <div className="data-manager" data-testid="data-manager">
      <section
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <div>
          <strong>Import candles</strong> — drop Binance kline files (.zip, .csv), generic CSV (.csv, .csv.gz) or Parquet here, or{' '}
          <label className="file-button">
            choose files…
            <input type="file" multiple data-testid="import-input" accept=".zip,.csv,.gz,.parquet,.txt" onChange={(e) => void importFiles(Array.from(e.target.files ?? []))} />
          </label>
        </div>
        <div className="options">
          <label>
            Symbol <input value={symbolOverride} placeholder="from the file" onChange={(e) => setSymbolOverride(e.target.value.trim())} size={12} data-testid="import-symbol" />
          </label>
          <label>
            <input type="checkbox" checked={fillGaps} onChange={(e) => setFillGaps(e.target.checked)} /> fill gaps ≤ 2 bars (flagged synthetic)
          </label>
          <DownloadDialog openRequest={downloadRequest} onChanged={(instrumentId) => { if (instrumentId !== null) setSelected(instrumentId); onChanged(); }} />
        </div>
        {Object.entries(pending).map(([id, p]) => (
          <div key={id} className="progress-row">
            {p.name}: <progress max={1} value={p.progress} /> {p.message}
          </div>
        ))}
        {messages.map((m, i) => (
          <div key={i} className={`message ${m.kind}`} role={m.kind === 'error' ? 'alert' : 'status'} data-testid={`import-message-${m.kind}`}>
            {m.text}
          </div>
        ))}
      </section>

      <div className="columns">
        <section className="instruments">
          <h3>Instruments</h3>
          <table className="grid" data-testid="instrument-table">
            <thead><tr><th>Symbol</th><th>Market</th><th>Timeframes</th><th /></tr></thead>
            <tbody>
              {instruments.map((i) => (
                <tr key={i.id} className={i.id === selected ? 'selected' : ''} onClick={() => setSelected(i.id)}>
                  <td>{i.symbol}{i.simulated && <span className="badge simulated small">simulated</span>}</td>
                  <td>{i.market}</td>
                  <td>{i.timeframes.map((t) => `${t.timeframe} ${t.bars.toLocaleString('en-US')}`).join(' · ')}</td>
                  <td><button className="link danger" onClick={(e) => { e.stopPropagation(); void remove(i); }}>Delete</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {instrument && (
            <>
              <h3>History quality</h3>
              {instrument.timeframes.map((t) => (
                <div key={t.timeframe} className="quality-row">
                  <span className="tf">{t.timeframe as Timeframe}</span>
                  <QualityBar periods={quality[t.timeframe] ?? []} />
                </div>
              ))}
              <h3>Imports</h3>
              {imports.length === 0 ? (
                <div className="muted">{instrument.simulated ? 'Simulated by RegimeLab, not imported.' : 'No import records.'}</div>
              ) : (
                <table className="grid">
                  <thead><tr><th>File</th><th>TF</th><th>Bars</th><th>New</th><th>Replaced</th><th>Identical</th><th>Imported</th></tr></thead>
                  <tbody>
                    {imports.map((r) => (
                      <tr key={r.id} onClick={() => void api.call('data.getImportReport', { importId: r.id }).then(setReport)}>
                        <td className="link">{r.fileName}</td><td>{r.timeframe}</td><td>{r.bars}</td><td>{r.added}</td><td>{r.replaced}</td><td>{r.identical}</td>
                        <td>{new Date(r.importedAt).toISOString().slice(0, 16).replace('T', ' ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </section>
        <section className="report-pane">{report ? <ImportReportView report={report} /> : <div className="muted">Select an import to see its report.</div>}</section>
      </div>
      {instrument && <ExplorePanel key={instrument.id} instrument={instrument} instruments={instruments} />}
    </div>
  );
}
