// The one execution interface of sweeps: a backend takes a prepared sweep (config input, grid, data,
// regimes resolved once) and returns one row per variant, sorted by index. `local` runs slices on the
// compute worker pool, `cluster` runs one BullMQ job per variant on a Redis the user names; the rows
// are the same values either way (plain JSON), so the run record does not depend on the backend.

import type { CancelSignal } from '../../../core/errors.ts';
import type { BacktestData } from '../../../core/backtest/data.ts';
import type { ParameterGrid } from '../../../core/backtest/grid.ts';
import type { SweepRow } from '../../../core/backtest/sweep.ts';
import type { ResolvedRegimes } from '../../../core/regimes/resolve.ts';

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

export type SweepProgress = {
  done: number;
  total: number;
  /** Human line: counts, rate, ETA, workers, or why the sweep is paused. */
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
  /** Variants computed by this call. */
  computed: number;
  /** Variants whose results already existed (a resumed cluster sweep). */
  reused: number;
  /** Workers seen while the sweep ran (threads for local, worker processes for cluster). */
  workers: number;
};

export type SweepBackendResult = { rows: SweepRow[]; execution: SweepExecution };

export interface SweepBackend {
  readonly kind: SweepBackendKind;
  run(task: SweepTask, ctx: SweepBackendContext): Promise<SweepBackendResult>;
}

/** Rows as the run record stores them: plain JSON (NaN → null, no undefined keys), sorted by index. */
export function normalizeRows(rows: SweepRow[]): SweepRow[] {
  return (JSON.parse(JSON.stringify(rows)) as SweepRow[]).sort((a, b) => a.index - b.index);
}

/** "ETA 1 m 20 s" from the variants done since `startedMs` (null until there is a rate). */
export function formatEta(doneSinceStart: number, remaining: number, startedMs: number, nowMs = Date.now()): string {
  const elapsed = nowMs - startedMs;
  if (doneSinceStart <= 0 || elapsed <= 0) return 'ETA —';
  const seconds = Math.round((remaining * elapsed) / doneSinceStart / 1000);
  const rate = (1000 * doneSinceStart) / elapsed;
  const eta = seconds >= 60 ? `${Math.floor(seconds / 60)} m ${seconds % 60} s` : `${seconds} s`;
  return `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} variants/s, ETA ${eta}`;
}
