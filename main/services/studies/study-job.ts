// The `backtest.walkForwardStudy` job: one strategy config with walk-forward regimes, run on every
// instrument × timeframe cell read from the store, on the chosen backend (local pool or cluster),
// saved as ONE 'walk-forward' run with a row per cell. The cells' content keys (config hash, data
// hash), the rows and the run record do not depend on the backend. Cancel saves nothing.

import { createHash } from 'node:crypto';
import type { BacktestData } from '../../../core/backtest/data.ts';
import type { JobParams, JobResult } from '../../../core/contract/jobs.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import { configHash, saveRun } from '../runs/run-store.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { StudyTask } from '../sweeps/sweep-backend.ts';
import { sweepDataHash, sweepIdOf } from '../sweeps/sweep-dataset.ts';
import { backendOf, type SweepJobDeps } from '../sweeps/sweep-job.ts';
import { checkStudyConfig, studyCellConfig, studyCellOrder, type StudyRow } from './study-cell.ts';

export type StudyJobDeps = SweepJobDeps;

type StudyParams = JobParams<'backtest.walkForwardStudy'>;

/** Every cell's dataset from the store, its content hash and its cell key, in cell order. */
export function readStudyCells(store: CandleStore, params: StudyParams): StudyTask['cells'] {
  const instruments = params.instrumentIds.map((id) => store.getInstrument(id));
  return studyCellOrder(instruments, params.timeframes).map(({ instrument, timeframe }, index) => {
    if (!instrument.timeframes.some((t) => t.timeframe === timeframe)) {
      throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has no ${timeframe} candles (stored: ${instrument.timeframes.map((t) => t.timeframe).join(', ') || 'none'}); import them or drop ${timeframe} from timeframes`);
    }
    const candles = store.readCandles(instrument.id, timeframe, params.from, params.to);
    if (candles.time.length < 2) throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has ${candles.time.length} ${timeframe} candles in the range; a study cell needs at least 2`);
    const data: BacktestData = { timeframe, instruments: [{ symbol: instrument.symbol, candles }] };
    const { dataHash } = sweepDataHash(data);
    const cellKey = sweepIdOf(configHash(studyCellConfig(params.config, instrument.symbol)), dataHash);
    return { index, symbol: instrument.symbol, timeframe, dataHash, cellKey, data };
  });
}

/** Study id: the first 32 hex digits of SHA-256(config hash : every cell key, in order). */
export function studyIdOf(studyConfigHash: string, cellKeys: string[]): string {
  return createHash('sha256').update(`${studyConfigHash}:${cellKeys.join(',')}`).digest('hex').slice(0, 32);
}

/** The study's data hash: SHA-256 over the cells' data hashes in cell order. */
function studyDataHash(cells: { dataHash: string }[]): string {
  return createHash('sha256').update(cells.map((c) => c.dataHash).join(',')).digest('hex');
}

/** Run-list summary: counts, refits, the best cell by Sharpe and how many cells beat buy-and-hold. */
function summarize(rows: StudyRow[], params: StudyParams, symbols: string[]) {
  const ok = rows.filter((r) => r.headline !== null);
  const sharpe = (r: StudyRow) => (typeof r.headline?.sharpe === 'number' ? r.headline.sharpe : -Infinity);
  const best = ok.reduce<StudyRow | null>((top, r) => (sharpe(r) > (top ? sharpe(top) : -Infinity) ? r : top), null);
  const beat = ok.filter((r) => r.buyAndHold?.totalReturn != null && (r.headline!.totalReturn as number) > r.buyAndHold.totalReturn).length;
  return {
    cells: rows.length,
    ok: ok.length,
    errors: rows.length - ok.length,
    symbols,
    timeframes: params.timeframes,
    refits: rows.reduce((sum, r) => sum + r.refits, 0),
    hindsight: rows.some((r) => r.hindsight),
    beatBuyAndHold: beat,
    bestBySharpe: best ? { index: best.index, symbol: best.symbol, timeframe: best.timeframe, sharpe: best.headline!.sharpe, totalReturn: best.headline!.totalReturn, maxDrawdown: best.headline!.maxDrawdown } : null,
  };
}

export async function runStudyJob(deps: StudyJobDeps, params: StudyParams, ctx: JobContext): Promise<JobResult<'backtest.walkForwardStudy'>> {
  const t0 = performance.now();
  const config = checkStudyConfig(params.config);
  const cells = readStudyCells(deps.store, params);
  const studyConfigHash = configHash(params.config);
  const studyId = studyIdOf(studyConfigHash, cells.map((c) => c.cellKey));
  const tData = performance.now();
  ctx.progress(0.02, `${cells.length} cells (${params.timeframes.join(', ')}), walk-forward refits inside each`);
  const backend = backendOf(params.backend, deps);
  const { rows, execution } = await backend.runStudy(
    { studyId, configHash: studyConfigHash, configInput: params.config, cells, total: cells.length },
    { signal: ctx.signal, cancelFlag: ctx.cancelFlag, progress: (p) => ctx.progress(0.02 + 0.96 * (p.fraction ?? p.done / Math.max(1, p.total)), p.message) },
  );
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'walk-forward study cancelled; no run was saved');
  const tStudy = performance.now();
  const symbols = [...new Set(cells.map((c) => c.symbol))];
  const traded = rows.filter((r) => r.fromTime !== null && r.toTime !== null);
  const runId = saveRun(deps.store, {
    kind: 'walk-forward',
    title: params.title ?? `walk-forward study · ${config.name} · ${symbols.join(', ')} × ${params.timeframes.join(', ')}`,
    instrumentId: params.instrumentIds[0],
    timeframe: params.timeframes.length === 1 ? params.timeframes[0] : null,
    fromTime: traded.length ? Math.min(...traded.map((r) => r.fromTime!)) : null,
    toTime: traded.length ? Math.max(...traded.map((r) => r.toTime!)) : null,
    // The backend is not part of the record: the same study gives the same run wherever it ran.
    spec: { config: params.config, instrumentIds: params.instrumentIds, timeframes: params.timeframes, from: params.from ?? null, to: params.to ?? null },
    dataHash: studyDataHash(cells),
    summary: summarize(rows, params, symbols),
    result: { studyId, total: cells.length, rows },
    hindsight: rows.some((r) => r.hindsight),
    appVersion: deps.appVersion,
    durationMs: tStudy - t0,
    series: {},
  });
  const tSave = performance.now();
  ctx.progress(1, `${cells.length} cells done`);
  return { runId, total: cells.length, rows, execution, durations: { dataMs: tData - t0, studyMs: tStudy - tData, saveMs: tSave - tStudy, totalMs: tSave - t0 } };
}
