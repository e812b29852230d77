// One cell of a walk-forward study: the study's strategy config on one (instrument, timeframe)
// dataset, run by core runBacktest in a compute worker thread (walk-forward refits inside), reduced to
// one plain row. The local pool and cluster workers both call runStudyCell, so a cell's row is the
// same value wherever it ran; a cell whose config or data cannot run (too few bars for the first fit)
// is a row with its error, as a sweep's invalid variant is.

import * as Comlink from 'comlink';
import type { BacktestData, BacktestResult } from '../../../core/backtest/index.ts';
import { checkStrategyConfig, type StrategyConfig } from '../../../core/backtest/config.ts';
import type { JobParams, StudyRow } from '../../../core/contract/jobs.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import type { Timeframe } from '../../../core/series/timeframe.ts';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';

/** What identifies a cell: where it sits in the study and what it computes on (by hash). */
export type StudyCell = {
  index: number;
  symbol: string;
  timeframe: Timeframe;
  /** SHA-256 of the cell's dataset wire bytes (sweep-dataset.ts). */
  dataHash: string;
  /** hash(cell config hash : data hash): the cell's result is the same wherever and whenever it is computed. */
  cellKey: string;
};

export type { StudyRow };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The study's config for one cell: `instruments` becomes the cell's instrument (keeping the weight
 * of the config's single instrument, if any). A config listing several instruments is refused: a
 * study runs one instrument per cell.
 */
export function studyCellConfig(configInput: unknown, symbol: string): Record<string, unknown> {
  if (!isObject(configInput)) throw new RegimeLabError('E_BAD_INPUT', `config must be a strategy config object, got ${configInput === null ? 'null' : Array.isArray(configInput) ? 'an array' : typeof configInput}`);
  const listed = configInput.instruments;
  if (Array.isArray(listed) && listed.length > 1) {
    throw new RegimeLabError('E_BAD_INPUT', `config.instruments lists ${listed.length} instruments; a walk-forward study runs one instrument per cell — list one (its weight is kept) or none`);
  }
  const template = Array.isArray(listed) && isObject(listed[0]) ? listed[0] : {};
  return { ...configInput, instruments: [{ ...template, symbol }] };
}

/**
 * Validates a study's config: a strategy config whose regimes come from a walk-forward fit inside
 * the backtest. Hindsight (smoothed, full-sample) and externally supplied regimes are refused, so
 * every row of a study is out-of-sample by construction.
 */
export function checkStudyConfig(configInput: unknown): StrategyConfig {
  const checked = checkStrategyConfig(studyCellConfig(configInput, 'STUDY'));
  if (!checked.ok) throw new RegimeLabError('E_BAD_INPUT', `config is not a valid strategy config: ${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues: checked.issues });
  const source = checked.config.regimes.source;
  if (source !== 'walk-forward') {
    throw new RegimeLabError('E_BAD_INPUT', `config.regimes.source is '${source}'; a walk-forward study needs regimes.source 'walk-forward' (refits inside the backtest, no hindsight)`);
  }
  return checked.config;
}

/** The cells of a study in index order: instruments outer, timeframes inner (BTC 4h, BTC 1d, ETH 4h, …). */
export function studyCellOrder<T>(instruments: T[], timeframes: JobParams<'backtest.walkForwardStudy'>['timeframes']): { instrument: T; timeframe: Timeframe }[] {
  return instruments.flatMap((instrument) => timeframes.map((timeframe) => ({ instrument, timeframe })));
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The row of a cell from its backtest (plain JSON values; NaN becomes null as the run record stores it). */
export function studyRowOf(cell: StudyCell, bars: number, result: BacktestResult): StudyRow {
  const buyAndHold = result.benchmarks.find((b) => b.name === 'buy-and-hold')?.headline ?? null;
  const row: StudyRow = {
    index: cell.index,
    symbol: cell.symbol,
    timeframe: cell.timeframe,
    cellKey: cell.cellKey,
    dataHash: cell.dataHash,
    bars,
    fromTime: result.window.startTime,
    toTime: result.window.endTime,
    hindsight: result.hindsight,
    refits: result.regimeSources.reduce((sum, r) => sum + r.refits, 0),
    regimeSwitches: result.counts.regimeSwitches.reduce((sum, n) => sum + n, 0),
    headline: result.headline as unknown as Record<string, unknown>,
    buyAndHold: buyAndHold && { totalReturn: finiteOrNull(buyAndHold.totalReturn), sharpe: finiteOrNull(buyAndHold.sharpe), maxDrawdown: finiteOrNull(buyAndHold.maxDrawdown) },
  };
  return JSON.parse(JSON.stringify(row)) as StudyRow;
}

export function studyErrorRow(cell: StudyCell, bars: number, message: string): StudyRow {
  return { index: cell.index, symbol: cell.symbol, timeframe: cell.timeframe, cellKey: cell.cellKey, dataHash: cell.dataHash, bars, fromTime: null, toTime: null, hindsight: false, refits: 0, regimeSwitches: 0, headline: null, buyAndHold: null, error: message };
}

/**
 * Runs one cell in a compute worker thread of `pool` (core runBacktest with the walk-forward refits)
 * and reduces it to its row. Cancellation (the shared flag) and failures of the machinery reject; a
 * config or data problem of this cell (E_BAD_INPUT, e.g. fewer bars than regimes.minTrainBars) is its row.
 */
export async function runStudyCell(
  pool: WorkerPool<ComputeApi>,
  configInput: unknown,
  cell: StudyCell,
  data: BacktestData,
  cancelFlag: Int32Array,
  onProgress: (fraction: number) => void = () => {},
): Promise<StudyRow> {
  const bars = data.instruments[0]?.candles.time.length ?? 0;
  const config = studyCellConfig(configInput, cell.symbol);
  try {
    // Structured clone (no transfer): the caller keeps its dataset, e.g. a worker's cache by hash.
    const result = await pool.run((api) => api.runBacktest(config, data, cancelFlag, Comlink.proxy((f: number) => onProgress(f))));
    return studyRowOf(cell, bars, result);
  } catch (error) {
    if (error instanceof RegimeLabError && error.code === 'E_BAD_INPUT') return studyErrorRow(cell, bars, error.message);
    throw error;
  }
}
