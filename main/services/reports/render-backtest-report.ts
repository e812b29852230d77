// The service side of reports: renderBacktestReport(pool, input) builds and renders a report of one
// or several BacktestResults in the report worker (workers/report.ts) and returns the HTML. The
// caller owns the pool (createReportPool) so the app, the CLI and tests each decide its lifetime.

import type { ReportInput, ReportMetadata, ReportRun } from '../../../core/report/report-input.ts';
import type { BacktestResult } from '../../../core/backtest/run-backtest.ts';
import type { Candles } from '../../../core/series/candles.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import type { RenderedReport, ReportApi } from '../../../workers/report-api.ts';
import type { AppPaths } from '../paths.ts';
import { WorkerPool } from '../workers/worker-pool.ts';

export type { RenderedReport };

/** One report worker, started lazily on the first render. */
export function createReportPool(paths: Pick<AppPaths, 'workerEntry'>): WorkerPool<ReportApi> {
  return new WorkerPool<ReportApi>(paths.workerEntry('report'), 1, 'report');
}

export async function renderBacktestReport(pool: WorkerPool<ReportApi>, input: ReportInput): Promise<RenderedReport> {
  if (!input.runs?.length) throw new RegimeLabError('E_BAD_INPUT', 'renderBacktestReport: give at least one backtest result');
  return pool.run((api) => api.render(input));
}

/** The report run of a result on its candles: instrument 0's closes over the result's bars. */
export function reportRunOf(result: BacktestResult, candles: Candles, extra: Omit<ReportRun, 'result' | 'underlyingClose'> = {}): ReportRun {
  const { decisionIndex, endIndex } = result.window;
  return { ...extra, result, underlyingClose: candles.close.slice(decisionIndex, endIndex + 1) };
}

/** The data part of the metadata from candles (span, bars) and an optional import report summary. */
export function reportDataSource(candles: Candles, timeframe: string, description: string, summary: { files?: string[]; gaps?: number; missingBars?: number; rejectedRows?: number; syntheticBars?: number; incompleteBars?: number } = {}): ReportMetadata['data'] {
  const n = candles.time.length;
  return { description, timeframe, bars: n, firstTime: n ? candles.time[0] : null, lastTime: n ? candles.time[n - 1] : null, ...summary };
}
