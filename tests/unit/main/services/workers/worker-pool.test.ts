import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { threadId } from 'node:worker_threads';
import { WorkerPool } from '../../../../../main/services/workers/worker-pool.ts';
import { appPaths } from '../../../../../main/services/paths.ts';
import type { ComputeApi } from '../../../../../workers/compute-api.ts';
import { DEFAULT_SAMPLE_SPEC } from '../../../../../core/sample/simulated-btc.ts';
import { repoRoot } from '../../../helpers/paths.ts';

const entry = appPaths(repoRoot).workerEntry('compute');

describe('compute worker pool (real worker_threads through comlink)', () => {
  let pool: WorkerPool<ComputeApi>;
  afterEach(async () => pool?.close());

  it('round-trips a transferred typed array with a progress callback', async () => {
    pool = new WorkerPool<ComputeApi>(entry, 1, 'compute');
    const values = Float64Array.from({ length: 100_000 }, (_, i) => i * 0.5);
    const progress: number[] = [];
    const result = await pool.run((api) => api.echo(Comlink.transfer(values, [values.buffer]), Comlink.proxy((f: number) => void progress.push(f))));
    expect(values.byteLength).toBe(0); // transferred, not copied: the sender's buffer is detached
    expect(result.sum).toBe((0.5 * 99_999 * 100_000) / 2);
    expect(result.doubled).toBeInstanceOf(Float64Array);
    expect(result.doubled[99_999]).toBe(99_999);
    expect(result.threadId).not.toBe(threadId);
    expect(progress).toEqual([1]);
  });

  it('fails the task of a crashed worker clearly and serves the next task from a fresh worker', async () => {
    pool = new WorkerPool<ComputeApi>(entry, 1, 'compute');
    const first = await pool.run((api) => api.echo(new Float64Array([1]), Comlink.proxy(() => {})));
    await expect(pool.run((api) => api.crash().then(() => new Promise(() => {})))).rejects.toThrow(/compute worker crashed \(exit code 3\)/);
    const next = await pool.run((api) => api.echo(new Float64Array([2, 3]), Comlink.proxy(() => {})));
    expect(next.sum).toBe(5);
    expect(next.threadId).not.toBe(first.threadId);
    expect(pool.spawned).toBe(2);
  });

  it('cancels a sample simulation through the shared flag', async () => {
    pool = new WorkerPool<ComputeApi>(entry, 1, 'compute');
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, 1);
    await expect(pool.run((api) => api.seedSample(DEFAULT_SAMPLE_SPEC, flag, Comlink.proxy(() => {})))).rejects.toThrow(/cancelled/);
  });

  it('queues tasks beyond its size and runs them all', async () => {
    pool = new WorkerPool<ComputeApi>(entry, 2, 'compute');
    const sums = await Promise.all([1, 2, 3, 4, 5].map((k) => pool.run((api) => api.echo(new Float64Array([k, k]), Comlink.proxy(() => {})))));
    expect(sums.map((s) => s.sum)).toEqual([2, 4, 6, 8, 10]);
    expect(pool.workerCount).toBeLessThanOrEqual(2);
  });
});
