// What an import found and decided: rows read/accepted/rejected by reason, duplicates, unfinished
// candles, gaps, timestamp notation and notes — the import report as persisted with the data.

type Report = {
  fileName?: string;
  sizeBytes?: number;
  sha256?: string;
  format?: string;
  timeframe?: string;
  timestampFormat?: string;
  rows?: { read: number; accepted: number; rejected: number; rejectedByReason?: Record<string, number>; rejectedRows?: { line: number; reason: string; detail?: string }[] };
  duplicates?: { policy: string; identicalMerged: number; conflictingTimes: number };
  unfinished?: { policy: string; count: number };
  gaps?: { count: number; missingBars: number; syntheticBars: number; list: { fromMs: number; toMs: number; missingBars: number; filled: boolean }[] };
  flatZeroVolume?: { count: number };
  firstTimeMs?: number | null;
  lastTimeMs?: number | null;
  notes?: string[];
};

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function ImportReportView({ report }: { report: Report }) {
  const rows = report.rows;
  return (
    <div className="report" data-testid="import-report">
      <h4>{report.fileName}</h4>
      <dl className="facts">
        <dt>Format</dt>
        <dd>{report.format} · {report.timeframe} · {report.timestampFormat}</dd>
        <dt>Span</dt>
        <dd>{iso(report.firstTimeMs)} → {iso(report.lastTimeMs)}</dd>
        <dt>Rows</dt>
        <dd data-testid="report-rows">{rows ? `${rows.read} read · ${rows.accepted} accepted · ${rows.rejected} rejected` : '—'}</dd>
        <dt>Duplicates</dt>
        <dd>{report.duplicates ? `${report.duplicates.identicalMerged} identical merged · ${report.duplicates.conflictingTimes} conflicting (${report.duplicates.policy})` : '—'}</dd>
        <dt>Unfinished</dt>
        <dd>{report.unfinished ? `${report.unfinished.count} (${report.unfinished.policy})` : '—'}</dd>
        <dt>Gaps</dt>
        <dd data-testid="report-gaps">{report.gaps ? `${report.gaps.count} gaps, ${report.gaps.missingBars} missing bars${report.gaps.syntheticBars ? `, ${report.gaps.syntheticBars} filled (synthetic)` : ''}` : '—'}</dd>
        <dt>Flat zero-volume bars</dt>
        <dd>{report.flatZeroVolume?.count ?? 0}</dd>
        <dt>SHA-256</dt>
        <dd className="mono">{report.sha256}</dd>
      </dl>
      {rows?.rejectedByReason && Object.keys(rows.rejectedByReason).length > 0 && (
        <table className="grid">
          <thead><tr><th>Rejected because</th><th>Rows</th></tr></thead>
          <tbody>
            {Object.entries(rows.rejectedByReason).map(([reason, n]) => <tr key={reason}><td>{reason}</td><td>{n}</td></tr>)}
          </tbody>
        </table>
      )}
      {report.gaps && report.gaps.list.length > 0 && (
        <table className="grid">
          <thead><tr><th>First missing bar</th><th>Last missing bar</th><th>Missing bars</th></tr></thead>
          <tbody>
            {report.gaps.list.slice(0, 50).map((g) => <tr key={g.fromMs}><td>{iso(g.fromMs)}</td><td>{iso(g.toMs)}</td><td>{g.missingBars}{g.filled ? " (filled)" : ""}</td></tr>)}
          </tbody>
        </table>
      )}
      {report.notes && report.notes.length > 0 && <ul className="notes">{report.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </div>
  );
}
