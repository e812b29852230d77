// Security and outages of the cluster backend on real redis-servers: an unauthenticated Redis is
// refused (enqueuer and worker) unless overridden, a wrong password is a clear error, the connection
// test reports auth and live workers, and a Redis killed and restarted mid-sweep (losing everything,
// no persistence) pauses the sweep with a message and then completes it with the same rows.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParameterGrid } from '../../../../../core/backtest/grid.ts';
import { WorkerPool } from '../../../../../main/services/workers/worker-pool.ts';
import type { ComputeApi } from '../../../../../workers/compute-api.ts';
import { LocalBackend } from '../../../../../main/services/sweeps/local-backend.ts';
import { ClusterBackend } from '../../../../../main/services/sweeps/cluster-backend.ts';
import { testRedisConnection } from '../../../../../main/services/sweeps/redis-connection.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { spawnWorker, startRedis, sweepTask, testContext, waitFor, type TestRedis, type WorkerProcess } from './cluster-fixtures.ts';

const range = (a: number, step: number, count: number) => Array.from({ length: count }, (_, i) => +(a + i * step).toFixed(4));

describe('cluster backend security and outages', () => {
  let dir: string;
  let open: TestRedis;
  let secured: TestRedis;
  let pool: WorkerPool<ComputeApi>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    [open, secured] = await Promise.all([startRedis(null), startRedis('outage-test-pass')]);
    pool = new WorkerPool<ComputeApi>(path.join(repoRoot, 'out', 'workers', 'compute.mjs'), 2, 'compute');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await pool?.close();
    await Promise.all([open?.stop(), secured?.stop()]);
    removeDir(dir);
  });

  it('refuses to enqueue to a Redis without authentication unless explicitly overridden', async () => {
    const task = sweepTask();
    await expect(new ClusterBackend({ redisUrl: open.url }).runSweep(task, testContext())).rejects.toMatchObject({
      code: 'E_REFUSED',
      message: expect.stringMatching(/accepts clients without a password.*--allow-unauthenticated-redis/),
    });
    const report = await testRedisConnection(open.url, false);
    expect(report).toMatchObject({ ok: false, authenticated: false, allowed: false, workers: 0 });
    // The worker refuses too, and runs with the same override.
    await expect(spawnWorker(open.url, path.join(dir, 'w-open'))).rejects.toThrow(/accepts clients without a password/);
    workers.push(await spawnWorker(open.url, path.join(dir, 'w-open'), ['--allow-unauthenticated-redis']));
    const cluster = await new ClusterBackend({ redisUrl: open.url, allowUnauthenticated: true }).runSweep(task, testContext());
    const local = await new LocalBackend(pool, 2).runSweep(task, testContext());
    expect(cluster.rows).toEqual(local.rows);
    expect(await testRedisConnection(open.url, true)).toMatchObject({ ok: true, authenticated: false, allowed: true, workers: 1 });
  });

  it('reports a wrong password or an unreachable Redis clearly, never the password itself', async () => {
    const wrong = `redis://:not-the-password@127.0.0.1:${secured.port}`;
    const err = await new ClusterBackend({ redisUrl: wrong }).runSweep(sweepTask(), testContext()).then(
      () => new Error('the sweep was not refused'),
      (e: unknown) => e as Error,
    );
    expect(err).toMatchObject({ code: 'E_REFUSED' });
    expect(err.message).toMatch(/WRONGPASS|invalid username-password/i);
    expect(err.message).not.toContain('not-the-password');
    const report = await testRedisConnection(`redis://:x@127.0.0.1:${open.port + 1 === secured.port ? open.port + 2 : open.port + 1}`, false);
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(/cannot reach Redis|ECONNREFUSED/);
    expect(await testRedisConnection(secured.url, false)).toMatchObject({ ok: true, authenticated: true, allowed: true, url: expect.stringContaining(':***@') });
  });

  it('pauses with a message when Redis disappears mid-sweep and completes the same rows when it returns', async () => {
    workers.push(await spawnWorker(secured.url, path.join(dir, 'w-secured')));
    const grid: ParameterGrid = { 'sizing.leverage.0': range(0.5, 0.05, 30), 'sizing.leverage.1': range(0.2, 0.1, 10), 'costs.takerFeeBps': [0, 2] };
    const task = sweepTask(undefined, grid);
    const ctx = testContext();
    const running = new ClusterBackend({ redisUrl: secured.url }).runSweep(task, ctx);
    await waitFor(() => ctx.updates.some((u) => u.done >= 40), 30_000, '40 variants');
    await secured.stop();
    await waitFor(() => ctx.updates.some((u) => u.message.startsWith('PAUSED')), 10_000, 'the pause message');
    const paused = ctx.updates.find((u) => u.message.startsWith('PAUSED'))!;
    expect(paused.message).toMatch(/unreachable since .* results are safe, the sweep continues when Redis returns/);
    expect(paused.message).not.toContain('outage-test-pass');
    await new Promise((r) => setTimeout(r, 1000));
    await secured.start(); // same port, empty: no persistence
    const cluster = await running;
    const local = await new LocalBackend(pool, 2).runSweep(task, testContext());
    expect(cluster.rows).toEqual(local.rows);
    expect(ctx.updates.at(-1)!.done).toBe(task.total);
    expect(workers.at(-1)!.output()).toMatch(/unreachable[\s\S]*is back/);
  });
});
