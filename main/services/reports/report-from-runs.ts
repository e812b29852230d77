// A report of saved backtest runs: the stored result and per-bar series are put back together into
// the BacktestResult the report model reads, with the run's own metadata (id, time, hashes, app
// version) and its data source summarised from the store's import records.

import { RegimeLabError } from '../../../core/errors.ts';
import type { BacktestResult } from '../../../core/backtest/run-backtest.ts';
import type { ReportInput } from '../../../core/report/report-input.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { Timeframe } from '../../../core/series/timeframe.ts';
import { getRun } from '../runs/run-store.ts';
import { listImports } from '../imports/import-file.ts';
import { reportDataSource, reportRunOf } from './render-backtest-report.ts';
import { historySummary } from '../../../core/data/gaps.ts';

type StoredSpec = { instrumentIds?: number[]; timeframe?: Timeframe };

export function reportInputFromRuns(store: CandleStore, runIds: string[]): ReportInput {
  if (runIds.length === 0) throw new RegimeLabError('E_BAD_INPUT', 'runIds: give at least one backtest run');
  const runs = runIds.map((id) => getRun(store, id, 'all'));
  for (const run of runs) {
    if (run.kind !== 'backtest') throw new RegimeLabError('E_BAD_INPUT', `run ${run.id} is a ${run.kind}; reports are made of backtest runs`);
  }
  const reportRuns = runs.map((run) => {
    const stored = run.result as Omit<BacktestResult, 'time' | 'equity' | 'cash' | 'netExposure' | 'grossLeverage' | 'fees' | 'funding' | 'slippage' | 'regimeSeen' | 'stateSeen' | 'targetExposure'>;
    const s = run.series;
    const result: BacktestResult = {
      ...stored,
      time: s.time as Float64Array,
      equity: s.equity as Float64Array,
      cash: s.cash as Float64Array,
      netExposure: s.netExposure as Float64Array,
      grossLeverage: s.grossLeverage as Float64Array,
      fees: s.fees as Float64Array,
      funding: s.funding as Float64Array,
      slippage: s.slippage as Float64Array,
      regimeSeen: stored.symbols.map((sym) => s[`regimeSeen.${sym}`] as Int8Array),
      stateSeen: stored.symbols.map((sym) => s[`stateSeen.${sym}`] as Int8Array),
      targetExposure: stored.symbols.map((sym) => s[`targetExposure.${sym}`] as Float64Array),
    };
    const spec = run.spec as StoredSpec;
    const instrumentId = spec.instrumentIds?.[0] ?? run.instrumentId;
    if (instrumentId === null || instrumentId === undefined) throw new RegimeLabError('E_NOT_FOUND', `run ${run.id} does not name its instrument`);
    const timeframe = (spec.timeframe ?? run.timeframe) as Timeframe;
    const candles = store.readCandles(instrumentId, timeframe);
    return { run, reportRun: reportRunOf(result, candles, { label: run.title }), candles, instrumentId, timeframe };
  });
  const first = reportRuns[0];
  const instrument = store.getInstrument(first.instrumentId);
  const imports = listImports(store, first.instrumentId);
  const description = instrument.simulated
    ? `${instrument.symbol}: SIMULATED data (${instrument.description}), not market prices`
    : `${instrument.exchange} ${instrument.market} ${instrument.symbol} (${imports.length} imported file${imports.length === 1 ? '' : 's'})`;
  return {
    runs: reportRuns.map((r) => r.reportRun),
    metadata: {
      title: runs.length === 1 ? first.run.title : `Comparison of ${runs.length} runs`,
      runId: first.run.id,
      runTime: first.run.createdAt,
      runDurationMs: first.run.durationMs,
      appVersion: first.run.appVersion,
      dataHash: first.run.dataHash,
      configHash: first.run.configHash,
      // The stored series' own defects (at the run's timeframe: a resampled bar with base bars missing counts as incomplete).
      data: reportDataSource(first.candles, String(first.run.timeframe), description, { files: imports.map((i) => i.fileName), ...historySummary(first.candles.time, first.candles.flags, first.timeframe) }),
    },
  };
}
