// A per-period history-quality strip (MetaTrader-style): one cell per month (or year), coloured by
// the share of expected bars present; the tooltip gives the counts.

import type { PeriodQuality } from '../../core/contract/schemas.ts';

export function QualityBar({ periods }: { periods: PeriodQuality[] }) {
  if (periods.length === 0) return <div className="muted">No bars.</div>;
  return (
    <div className="quality-bar" data-testid="quality-bar">
      {periods.map((p) => {
        const label = new Date(p.periodStart).toISOString().slice(0, 7);
        const tone = p.quality >= 0.999 ? 'q-full' : p.quality >= 0.98 ? 'q-good' : p.quality >= 0.9 ? 'q-fair' : 'q-poor';
        const title = `${label}: ${p.presentBars}/${p.expectedBars} bars (${(p.quality * 100).toFixed(2)}%)` + (p.syntheticBars ? `, ${p.syntheticBars} synthetic` : '') + (p.incompleteBars ? `, ${p.incompleteBars} incomplete` : '');
        return <span key={p.periodStart} className={`q-cell ${tone}`} title={title} data-quality={p.quality.toFixed(4)} />;
      })}
    </div>
  );
}
