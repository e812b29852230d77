// The cluster backend against the local pool, on a real redis-server (password, loopback) with
// `regimelab worker` processes as separate machines: identical rows, each variant computed exactly
// once, data downloaded once per worker, a SIGKILLed worker's job retried elsewhere, cancel + resume.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { ParameterGrid } from '../../../../../core/backtest/grid.ts';
import { WorkerPool } from '../../../../../main/services/workers/worker-pool.ts';
import type { ComputeApi } from '../../../../../workers/compute-api.ts';
import { LocalBackend } from '../../../../../main/services/sweeps/local-backend.ts';
import { ClusterBackend } from '../../../../../main/services/sweeps/cluster-backend.ts';
import { QUEUE_WAIT_KEY, dataKey, sweepKeys } from '../../../../../main/services/sweeps/cluster-keys.ts';
import type { SweepTask } from '../../../../../main/services/sweeps/sweep-backend.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { redisClient, spawnWorker, startRedis, sweepTask, testContext, waitFor, type TestRedis, type WorkerProcess } from './cluster-fixtures.ts';

const range = (a: number, step: number, count: number) => Array.from({ length: count }, (_, i) => +(a + i * step).toFixed(4));

async function executionCounts(redis: Redis, task: SweepTask): Promise<number[]> {
  const counts = await redis.hgetall(sweepKeys(task.sweepId).executions);
  return Array.from({ length: task.total }, (_, i) => Number(counts[String(i)] ?? 0));
}

describe('cluster sweep backend (real Redis, worker processes)', () => {
  let dir: string;
  let redis: TestRedis;
  let client: Redis;
  let pool: WorkerPool<ComputeApi>;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    redis = await startRedis('s3cret-test-pass');
    client = redisClient(redis);
    pool = new WorkerPool<ComputeApi>(path.join(repoRoot, 'out', 'workers', 'compute.mjs'), 2, 'compute');
    workers = await Promise.all([0, 1].map((k) => spawnWorker(redis.url, path.join(dir, `machine-${k}`))));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    client?.disconnect();
    await pool?.close();
    await redis?.stop();
    removeDir(dir);
  });

  it('gives the local pool’s rows, computing each variant exactly once and downloading the data once per worker', async () => {
    const task = sweepTask();
    expect(task.total).toBe(40);
    const local = await new LocalBackend(pool, 2).runSweep(task, testContext());
    const ctx = testContext();
    const cluster = await new ClusterBackend({ redisUrl: redis.url }).runSweep(task, ctx);
    expect(cluster.rows).toEqual(local.rows);
    expect(cluster.rows.map((r) => r.index)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(cluster.rows.filter((r) => r.error)).toHaveLength(8); // 'two' is not a leverage: 1 × 4 × 2 invalid rows, same message on both backends
    expect(cluster.rows.find((r) => r.error)!.error).toMatch(/sizing/);
    expect(cluster.execution).toMatchObject({ backend: 'cluster', computed: 40, reused: 0, workers: 2 });
    expect(await executionCounts(client, task)).toEqual(Array(40).fill(1));
    // Pushed once, fetched at most once by each of the two machines, cached on their disks by hash.
    expect(Number(await client.get(`${dataKey(task.dataHash)}:fetches`))).toBeLessThanOrEqual(2);
    for (const k of [0, 1]) {
      const cached = path.join(dir, `machine-${k}`, `${task.dataHash}.bin`);
      if (workers[k].output().includes('downloaded once')) expect(fs.existsSync(cached)).toBe(true);
    }
    expect(ctx.updates.at(-1)!.message).toMatch(/40\/40 variants on the cluster · 2 workers · .*ETA/);
  });

  it('resumes a finished sweep without rerunning anything', async () => {
    const task = sweepTask();
    const again = await new ClusterBackend({ redisUrl: redis.url }).runSweep(task, testContext());
    expect(again.execution).toMatchObject({ computed: 0, reused: 40 });
    expect(await executionCounts(client, task)).toEqual(Array(40).fill(1));
  });

  it('finishes every variant exactly once when a worker is SIGKILLed mid-sweep (stalled job retried by another)', async () => {
    const grid: ParameterGrid = { 'sizing.leverage.0': range(0.5, 0.1, 20), 'sizing.leverage.1': range(0.2, 0.1, 8), 'costs.takerFeeBps': [0, 4] };
    const task = sweepTask(undefined, grid);
    const victim = await spawnWorker(redis.url, path.join(dir, 'victim'));
    const ctx = testContext();
    const running = new ClusterBackend({ redisUrl: redis.url }).runSweep(task, ctx);
    await waitFor(async () => (await client.hlen(sweepKeys(task.sweepId).results)) >= 40 && victim.output().includes('downloaded once'), 30_000, 'the victim to work');
    victim.child.kill('SIGKILL');
    await victim.stop();
    expect(victim.child.signalCode).toBe('SIGKILL');
    const cluster = await running;
    const local = await new LocalBackend(pool, 2).runSweep(task, testContext());
    expect(cluster.rows).toEqual(local.rows);
    expect(await executionCounts(client, task)).toEqual(Array(task.total).fill(1));
  });

  it('cancel removes the queued variants and keeps finished ones; resume computes only the rest', async () => {
    const grid: ParameterGrid = { 'sizing.leverage.0': range(0.5, 0.05, 30), 'sizing.leverage.1': range(0.2, 0.1, 10), 'costs.takerFeeBps': [0, 2] };
    const task = sweepTask(undefined, grid);
    const ctx = testContext();
    const progress = ctx.progress;
    ctx.progress = (p) => {
      progress(p);
      if (p.done >= 30) ctx.cancel();
    };
    await expect(new ClusterBackend({ redisUrl: redis.url }).runSweep(task, ctx)).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(await client.exists(sweepKeys(task.sweepId).cancel)).toBe(1);
    await new Promise((r) => setTimeout(r, 500)); // running variants finish or stop
    const queued = (await client.lrange(QUEUE_WAIT_KEY, 0, -1)).filter((id) => id.startsWith(task.sweepId));
    expect(queued).toEqual([]);
    const finished = await client.hlen(sweepKeys(task.sweepId).results);
    expect(finished).toBeGreaterThanOrEqual(30);
    expect(finished).toBeLessThan(task.total);

    const resumed = await new ClusterBackend({ redisUrl: redis.url }).runSweep(task, testContext());
    expect(resumed.execution.reused).toBe(finished);
    expect(resumed.execution.computed).toBe(task.total - finished);
    expect(await executionCounts(client, task)).toEqual(Array(task.total).fill(1));
    const local = await new LocalBackend(pool, 2).runSweep(task, testContext());
    expect(resumed.rows).toEqual(local.rows);
  });
});
