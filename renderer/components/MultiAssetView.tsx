// The multi-asset view — a view of its own beside Chart, Data, Backtest and Runs (a stacked layout
// does not fit beside the chart's regime panel, and it keeps its own instruments and timeframe):
// two or three instruments (BTC/ETH/SOL) stacked as separate charts on one timeframe, with one
// visible time span and one crosshair (chart-sync.ts), each with the regime bands and filtered
// probability of its latest regime fit (or the fit chosen), to watch HIGH_VOL spread across assets.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Instrument, RegimeOverlay, RunSummary, Timeframe } from '../../core/contract/schemas.ts';
import type { WorkspaceState } from '../../core/contract/methods.ts';
import { api } from '../api.ts';
import type { ThemeName } from '../theme.ts';
import { ChartSyncGroup, type TimeSpan } from '../chart/chart-sync.ts';
import { CandleChart } from './CandleChart.tsx';

export type MultiAssetState = NonNullable<WorkspaceState['multiAsset']>;

type Props = {
  instruments: Instrument[];
  theme: ThemeName;
  /** The chart view's timeframe: the default when every instrument here has it. */
  preferredTimeframe: Timeframe | null;
  remembered: MultiAssetState | null;
  onChange: (state: MultiAssetState) => void;
  showBands: boolean;
  /** Opens the chart view on an instrument (to fit its regimes there). */
  onOpenChart: (instrumentId: number, timeframe: Timeframe) => void;
};

export const MAX_STACKED = 3;
const PREFERRED_SYMBOLS = [/^BTC/, /^ETH/, /^SOL/];
/** Stacked charts have no volume pane: the filtered probability gets a quarter of each chart. */
const STACKED_PANES = { candles: 3, probability: 1 };

/** The instruments to stack when nothing usable is remembered: BTC, ETH, SOL first, real data before simulated. */
function defaultInstruments(instruments: Instrument[]): number[] {
  const rank = (i: Instrument) => {
    const preferred = PREFERRED_SYMBOLS.findIndex((re) => re.test(i.symbol));
    return (i.simulated ? 100 : 0) + (preferred < 0 ? PREFERRED_SYMBOLS.length : preferred);
  };
  return [...instruments].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_STACKED).map((i) => i.id);
}

function commonTimeframes(stacked: Instrument[]): Timeframe[] {
  if (stacked.length === 0) return [];
  return stacked[0].timeframes.map((t) => t.timeframe).filter((tf) => stacked.every((i) => i.timeframes.some((t) => t.timeframe === tf)));
}

/** The span all stacked instruments cover (their histories' intersection), else their union. */
function sharedSpan(stacked: Instrument[], timeframe: Timeframe | null): TimeSpan | null {
  const spans = stacked.map((i) => i.timeframes.find((t) => t.timeframe === timeframe)).filter((t) => t && t.firstTime !== null && t.lastTime !== null);
  if (spans.length === 0) return null;
  const from = Math.max(...spans.map((t) => t!.firstTime!));
  const to = Math.min(...spans.map((t) => t!.lastTime!));
  return from < to ? { from, to } : { from: Math.min(...spans.map((t) => t!.firstTime!)), to: Math.max(...spans.map((t) => t!.lastTime!)) };
}

export function MultiAssetView({ instruments, theme, preferredTimeframe, remembered, onChange, showBands, onOpenChart }: Props) {
  const known = (id: number) => instruments.some((i) => i.id === id);
  const rememberedIds = remembered?.instrumentIds.filter(known) ?? [];
  const ids = rememberedIds.length > 0 ? rememberedIds : defaultInstruments(instruments);
  const stacked = ids.map((id) => instruments.find((i) => i.id === id)!);
  const timeframes = commonTimeframes(stacked);
  const timeframe = [remembered?.timeframe, preferredTimeframe, '1d' as const].find((t): t is Timeframe => !!t && timeframes.includes(t)) ?? timeframes[0] ?? null;

  // One group for the view's life: charts join and leave as slots change; the span carries over.
  const group = useRef<ChartSyncGroup | null>(null);
  group.current ??= new ChartSyncGroup(sharedSpan(stacked, timeframe));

  const change = (nextIds: number[], nextTimeframe: Timeframe | null = timeframe) => onChange({ instrumentIds: nextIds, timeframe: nextTimeframe });
  const unused = instruments.filter((i) => !ids.includes(i.id));

  return (
    <div className="multi-asset" data-testid="multi-asset" data-instruments={stacked.map((i) => i.symbol).join(',')} data-timeframe={timeframe ?? ''}>
      <div className="multi-tools">
        <span className="muted">Stacked on</span>
        <div className="timeframes" role="radiogroup" aria-label="Multi-asset timeframe">
          {timeframes.map((t) => (
            <button key={t} role="radio" aria-checked={t === timeframe} className={t === timeframe ? 'active' : ''} onClick={() => change(ids, t)} data-testid={`multi-timeframe-${t}`}>
              {t}
            </button>
          ))}
        </div>
        {ids.length < MAX_STACKED && unused.length > 0 && (
          <button className="toggle" onClick={() => change([...ids, unused[0].id])} data-testid="multi-add">
            + Add {unused[0].symbol}
          </button>
        )}
        <span className="spacer" />
        <span className="muted small">Time span and crosshair are shared: the chart under the pointer leads.</span>
      </div>
      {instruments.length < 2 && (
        <div className="notice" data-testid="multi-hint">
          Only one instrument is in the store. Import another (ETHUSDT, SOLUSDT…) in the Data view to compare regimes across assets.
        </div>
      )}
      {timeframe === null ? (
        <div className="notice" data-testid="multi-no-timeframe">
          These instruments share no timeframe; choose others.
        </div>
      ) : (
        <div className="multi-stack" style={{ gridTemplateRows: `repeat(${stacked.length}, minmax(0, 1fr))` }}>
          {stacked.map((instrument, index) => (
            <MultiAssetSlot
              key={index}
              index={index}
              instrument={instrument}
              timeframe={timeframe}
              theme={theme}
              group={group.current!}
              showBands={showBands}
              choices={instruments.filter((i) => i.id === instrument.id || !ids.includes(i.id))}
              onInstrument={(id) => change(ids.map((x, k) => (k === index ? id : x)))}
              onRemove={ids.length > 1 ? () => change(ids.filter((_, k) => k !== index)) : null}
              onOpenChart={onOpenChart}
            />
          ))}
        </div>
      )}
    </div>
  );
}

type SlotProps = {
  index: number;
  instrument: Instrument;
  timeframe: Timeframe;
  theme: ThemeName;
  group: ChartSyncGroup;
  showBands: boolean;
  choices: Instrument[];
  onInstrument: (instrumentId: number) => void;
  onRemove: (() => void) | null;
  onOpenChart: (instrumentId: number, timeframe: Timeframe) => void;
};

/** One stacked chart: its instrument, the regime fit whose bands it shows ('latest' by default). */
function MultiAssetSlot({ index, instrument, timeframe, theme, group, showBands, choices, onInstrument, onRemove, onOpenChart }: SlotProps) {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [choice, setChoice] = useState<string>('latest');
  const [overlay, setOverlay] = useState<RegimeOverlay | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const list = await api.call('runs.list', { kind: 'regime-fit', instrumentId: instrument.id });
    setRuns(list.filter((r) => r.timeframe === timeframe && r.seriesNames.includes('filtered')));
  }, [instrument.id, timeframe]);
  useEffect(() => {
    setRuns(null);
    void refresh();
    return api.on('runs.changed', () => void refresh());
  }, [refresh]);
  useEffect(() => setChoice('latest'), [instrument.id, timeframe]);

  const runId = useMemo(() => {
    if (!runs || choice === 'none') return null;
    if (choice === 'latest') return runs[0]?.id ?? null;
    return runs.some((r) => r.id === choice) ? choice : (runs[0]?.id ?? null);
  }, [runs, choice]);

  useEffect(() => {
    setOverlay(null);
    if (!runId) return;
    let cancelled = false;
    api
      .call('regimes.getOverlay', { runId, hindsight: false })
      .then((o) => !cancelled && setOverlay(o))
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [runId]);

  const header = (
    <span className="multi-slot-head">
      <select value={instrument.id} onChange={(e) => onInstrument(Number(e.target.value))} data-testid={`multi-instrument-${index}`} aria-label={`Instrument ${index + 1}`}>
        {choices.map((i) => (
          <option key={i.id} value={i.id}>
            {i.symbol}
            {i.simulated ? ' (simulated)' : ''}
          </option>
        ))}
      </select>
      {runs && runs.length > 0 ? (
        <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid={`multi-run-${index}`} aria-label={`Regime fit for ${instrument.symbol}`}>
          <option value="latest">bands: latest fit ({String(runs[0].summary.label ?? runs[0].title)})</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {String(r.summary.label ?? r.title)} · {new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')}
            </option>
          ))}
          <option value="none">no bands</option>
        </select>
      ) : runs ? (
        <span className="muted small" data-testid={`multi-no-fit-${index}`}>
          no regime fit for {instrument.symbol} {timeframe} —{' '}
          <button className="link" onClick={() => onOpenChart(instrument.id, timeframe)}>
            fit one in the chart view
          </button>
        </span>
      ) : null}
      {instrument.simulated && <span className="badge simulated small">SIMULATED</span>}
      {error && <span className="field-error">{error}</span>}
      {onRemove && (
        <button className="link" onClick={onRemove} title={`Remove ${instrument.symbol} from the stack`} data-testid={`multi-remove-${index}`}>
          ✕
        </button>
      )}
    </span>
  );

  return (
    <div className="multi-slot" data-testid={`multi-slot-${index}`}>
      <CandleChart instrument={instrument} timeframe={timeframe} theme={theme} overlay={overlay} regimeRunId={runId} backtest={null} hindsight={false} onHindsightOff={noop} showBands={showBands} paneStretch={STACKED_PANES} compact sync={group} toolbar={header} />
    </div>
  );
}

function noop(): void {}
