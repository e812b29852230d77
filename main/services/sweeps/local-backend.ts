// The `local` backend: a sweep's variants split into one contiguous slice per compute worker, each
// slice run by core runSweep in a worker thread with its own transferred copy of the data and the
// regimes resolved once; slices merge by variant index. A study's cells queue on the same pool, one
// cell per thread at a time (runStudyCell, as cluster workers run them). Cancel reaches the threads
// by the shared flag.

import * as Comlink from 'comlink';
import type { BacktestData } from '../../../core/backtest/data.ts';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { runStudyCell } from '../studies/study-cell.ts';
import { formatEta, normalizeRows, type ExecutionBackend, type StudyBackendResult, type StudyTask, type SweepBackendContext, type SweepBackendResult, type SweepTask } from './sweep-backend.ts';

/** A deep copy of the data and the list of its buffers, so each slice can transfer (move) its own. */
function transferableCopy(data: BacktestData): { copy: BacktestData; buffers: ArrayBuffer[] } {
  const copy = structuredClone(data);
  const buffers = new Set<ArrayBuffer>();
  const walk = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(copy);
  return { copy, buffers: [...buffers] };
}

/** [from, to) ranges of near-equal size covering 0..total. */
export function sliceRanges(total: number, slices: number): { from: number; to: number }[] {
  const count = Math.max(1, Math.min(total, slices));
  return Array.from({ length: count }, (_, k) => ({ from: Math.floor((k * total) / count), to: Math.floor(((k + 1) * total) / count) }));
}

export class LocalBackend implements ExecutionBackend {
  readonly kind = 'local' as const;

  constructor(
    private readonly pool: WorkerPool<ComputeApi>,
    /** Slices run at once: the pool's size. */
    private readonly parallelism: number,
  ) {}

  async runSweep(task: SweepTask, ctx: SweepBackendContext): Promise<SweepBackendResult> {
    const ranges = sliceRanges(task.total, this.parallelism);
    const doneBySlice = ranges.map(() => 0);
    const startedMs = Date.now();
    const report = () => {
      const done = doneBySlice.reduce((a, b) => a + b, 0);
      ctx.progress({ done, total: task.total, message: `${done}/${task.total} variants on ${ranges.length} local workers · ${formatEta(done, task.total - done, startedMs)}` });
    };
    const results = await Promise.all(
      ranges.map(({ from, to }, k) => {
        const { copy, buffers } = transferableCopy(task.data);
        const onProgress = Comlink.proxy((done: number) => {
          doneBySlice[k] = done;
          report();
        });
        return this.pool.run((api) => api.runSweepSlice(task.configInput, task.grid, Comlink.transfer(copy, buffers), task.regimes, from, to, ctx.cancelFlag, onProgress));
      }),
    );
    const rows = normalizeRows(results.flatMap((r) => r.rows));
    return { rows, execution: { backend: 'local', computed: rows.length, reused: 0, workers: ranges.length } };
  }

  async runStudy(task: StudyTask, ctx: SweepBackendContext): Promise<StudyBackendResult> {
    const cellFractions = task.cells.map(() => 0);
    let done = 0;
    const startedMs = Date.now();
    const unit = { one: 'cell', many: 'cells' };
    const report = () => {
      const fraction = cellFractions.reduce((a, b) => a + b, 0) / Math.max(1, task.total);
      ctx.progress({ done, total: task.total, fraction, message: `${done}/${task.total} cells on ${Math.min(this.parallelism, task.total)} local workers · ${formatEta(done, task.total - done, startedMs, Date.now(), unit)}` });
    };
    const rows = await Promise.all(
      task.cells.map(async ({ data, ...cell }, k) => {
        const row = await runStudyCell(this.pool, task.configInput, cell, data, ctx.cancelFlag, (f) => {
          cellFractions[k] = Math.min(0.99, f);
          report();
        });
        cellFractions[k] = 1;
        done++;
        report();
        return row;
      }),
    );
    return { rows: normalizeRows(rows), execution: { backend: 'local', computed: rows.length, reused: 0, workers: Math.min(this.parallelism, task.total) } };
  }
}
