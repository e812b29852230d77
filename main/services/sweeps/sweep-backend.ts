// The one execution interface of sweeps and walk-forward studies: a backend takes a prepared sweep
// (config input, grid, data, regimes resolved once) and returns one row per variant, or a study
// (config input, one dataset per instrument × timeframe cell) and returns one row per cell, sorted by
// index. `local` runs on the compute worker pool, `cluster` runs one BullMQ job per variant or cell on
// a Redis the user names; the rows are the same values either way (plain JSON), so the run record
// does not depend on the backend.

import type { CancelSignal } from '../../../core/errors.ts';
import type { BacktestData } from '../../../core/backtest/data.ts';
import type { ParameterGrid } from '../../../core/backtest/grid.ts';
import type { SweepRow } from '../../../core/backtest/sweep.ts';
import type { ResolvedRegimes } from '../../../core/regimes/resolve.ts';
import type { StudyCell, StudyRow } from '../studies/study-cell.ts';

export type SweepBackendKind = 'local' | 'cluster';

/** Everything a backend needs; identical inputs give identical rows on every backend. */
export type SweepTask = {
  /** Content key of the sweep: hash of (config hash, data hash); cluster job ids derive from it. */
  sweepId: string;
  /** SHA-256 of the canonical JSON of { config, grid }. */
  configHash: string;
  /** SHA-256 of the dataset's wire bytes (encodeSweepData). */
  dataHash: string;
  configInput: unknown;
  grid: ParameterGrid;
  data: BacktestData;
  /** Regimes of the base config, resolved once by the caller (null: the config uses none). */
  regimes: ResolvedRegimes[] | null;
  total: number;
};

/** Everything a backend needs of a walk-forward study; identical inputs give identical rows on every backend. */
export type StudyTask = {
  /** Content key of the study: hash of (config hash, every cell key); cluster job ids derive from it. */
  studyId: string;
  /** SHA-256 of the canonical JSON of the study's config input. */
  configHash: string;
  configInput: unknown;
  /** One per (instrument, timeframe), in index order, each with its own dataset. */
  cells: (StudyCell & { data: BacktestData })[];
  total: number;
};

export type SweepProgress = {
  /** Variants or cells finished. */
  done: number;
  total: number;
  /** Fraction of the whole work when finer than done / total (local study cells report their refits). */
  fraction?: number;
  /** Human line: counts, rate, ETA, workers, or why the work is paused. */
  message: string;
};

export type SweepBackendContext = {
  signal: CancelSignal;
  /** The job's shared cancel flag, handed to worker threads. */
  cancelFlag: Int32Array;
  progress(update: SweepProgress): void;
};

export type SweepExecution = {
  backend: SweepBackendKind;
  /** Variants (cells) computed by this call. */
  computed: number;
  /** Variants (cells) whose results already existed (a resumed cluster sweep or study, a cell another study computed). */
  reused: number;
  /** Workers seen while the sweep ran (threads for local, worker processes for cluster). */
  workers: number;
};

export type SweepBackendResult = { rows: SweepRow[]; execution: SweepExecution };
export type StudyBackendResult = { rows: StudyRow[]; execution: SweepExecution };

export interface ExecutionBackend {
  readonly kind: SweepBackendKind;
  runSweep(task: SweepTask, ctx: SweepBackendContext): Promise<SweepBackendResult>;
  runStudy(task: StudyTask, ctx: SweepBackendContext): Promise<StudyBackendResult>;
}

/** Rows as the run record stores them: plain JSON (NaN → null, no undefined keys), sorted by index. */
export function normalizeRows<Row extends { index: number }>(rows: Row[]): Row[] {
  return (JSON.parse(JSON.stringify(rows)) as Row[]).sort((a, b) => a.index - b.index);
}

/** "12 variants/s, ETA 1 m 20 s" from the units done since `startedMs` ("ETA —" until there is a rate). */
export function formatEta(doneSinceStart: number, remaining: number, startedMs: number, nowMs = Date.now(), unit: { one: string; many: string } = { one: 'variant', many: 'variants' }): string {
  const elapsed = nowMs - startedMs;
  if (doneSinceStart <= 0 || elapsed <= 0) return 'ETA —';
  const seconds = Math.round((remaining * elapsed) / doneSinceStart / 1000);
  const rate = (1000 * doneSinceStart) / elapsed;
  const eta = seconds >= 60 ? `${Math.floor(seconds / 60)} m ${seconds % 60} s` : `${seconds} s`;
  // Slow units (a study's cells take seconds to minutes each) read better as seconds per unit.
  const speed = rate >= 10 ? `${rate.toFixed(0)} ${unit.many}/s` : rate >= 1 ? `${rate.toFixed(1)} ${unit.many}/s` : `${(1 / rate).toFixed(1)} s/${unit.one}`;
  return `${speed}, ETA ${eta}`;
}
