// Walk-forward studies on the local pool and on the cluster backend, on real Binance 4h/1d candles
// (BTC/ETH/SOL, 2023) and a real redis-server (password, loopback) with `regimelab worker` processes
// as separate machines: identical rows, each cell computed exactly once, cells reused by
// (config hash, data hash) across studies, a cell that cannot run is the same error row on both, a
// SIGKILLed worker's cell retried elsewhere, cancel + resume.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { LocalBackend } from '../../../../../main/services/sweeps/local-backend.ts';
import { ClusterBackend } from '../../../../../main/services/sweeps/cluster-backend.ts';
import { QUEUE_WAIT_KEY, cellResultKey, dataKey, workKeys } from '../../../../../main/services/sweeps/cluster-keys.ts';
import type { StudyTask } from '../../../../../main/services/sweeps/sweep-backend.ts';
import type { StudyRow } from '../../../../../main/services/studies/study-cell.ts';
import type { Workstation } from '../../../../../main/services/workstation.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { redisClient, spawnWorker, startRedis, testContext, waitFor, type TestRedis, type WorkerProcess } from '../sweeps/cluster-fixtures.ts';
import { RANGE, openStudyWorkstation, studyConfig, studyTask } from './study-fixtures.ts';

async function executionCounts(redis: Redis, task: StudyTask): Promise<number[]> {
  const counts = await redis.hgetall(workKeys('study', task.studyId).executions);
  return Array.from({ length: task.total }, (_, i) => Number(counts[String(i)] ?? 0));
}

/** Forgets a study and its cells on the server, so the same study runs from scratch again. */
async function forget(redis: Redis, task: StudyTask): Promise<void> {
  await redis.del(...Object.values(workKeys('study', task.studyId)), ...task.cells.map((c) => cellResultKey(c.cellKey)));
}

describe('walk-forward study on the local pool and the cluster (real Redis, worker processes, real data)', () => {
  let dir: string;
  let ws: Workstation;
  let ids: { BTCUSDT: number; ETHUSDT: number; SOLUSDT: number };
  let redis: TestRedis;
  let client: Redis;
  let workers: WorkerProcess[] = [];
  let all3x2: StudyTask;
  let allRows: StudyRow[];

  beforeAll(async () => {
    dir = makeTempDir();
    [{ ws, ids }, redis] = await Promise.all([openStudyWorkstation(dir), startRedis('study-test-pass')]);
    client = redisClient(redis);
    workers = await Promise.all([0, 1].map((k) => spawnWorker(redis.url, path.join(dir, `machine-${k}`))));
    all3x2 = studyTask(ws, { config: studyConfig('wf-equal'), instrumentIds: [ids.BTCUSDT, ids.ETHUSDT, ids.SOLUSDT], timeframes: ['4h', '1d'], ...RANGE });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    client?.disconnect();
    await ws?.close();
    await redis?.stop();
    removeDir(dir);
  });

  it('gives the local pool’s rows for BTC/ETH/SOL × 4h/1d, each cell computed once, each dataset pushed once', async () => {
    const task = all3x2;
    expect(task.cells.map((c) => `${c.symbol} ${c.timeframe}`)).toEqual(['BTCUSDT 4h', 'BTCUSDT 1d', 'ETHUSDT 4h', 'ETHUSDT 1d', 'SOLUSDT 4h', 'SOLUSDT 1d']);
    expect(new Set(task.cells.map((c) => c.dataHash)).size).toBe(6);
    const local = await new LocalBackend(ws.compute, 2).runStudy(task, testContext());
    const ctx = testContext();
    const cluster = await new ClusterBackend({ redisUrl: redis.url }).runStudy(task, ctx);
    expect(cluster.rows).toEqual(local.rows);
    allRows = local.rows;
    expect(cluster.execution).toMatchObject({ backend: 'cluster', computed: 6, reused: 0, workers: 2 });
    expect(await executionCounts(client, task)).toEqual(Array(6).fill(1));
    for (const row of local.rows) {
      // 2023 has 2,191 4h bars (365 days × 6 + the 2024-01-01 00:00 bar) and 366 1d bars; no hindsight, refits inside.
      expect(row).toMatchObject({ bars: row.timeframe === '4h' ? 2191 : 366, hindsight: false });
      expect(row).not.toHaveProperty('error');
      // First fit at return 200 (minTrainBars), then every 150: 4h 14 refits, 1d 2.
      expect(row.refits).toBe(row.timeframe === '4h' ? 14 : 2);
      expect(Number.isFinite(row.headline!.sharpe as number)).toBe(true);
      expect(row.buyAndHold!.totalReturn).toBeGreaterThan(0); // 2023 was an up year for all three
    }
    // Each dataset pushed once and fetched at most once by each of the two machines.
    for (const cell of task.cells) expect(Number(await client.get(`${dataKey(cell.dataHash)}:fetches`))).toBeLessThanOrEqual(2);
    expect(ctx.updates.at(-1)!.message).toMatch(/6\/6 cells on the cluster · 2 workers · .*ETA/);
  });

  it('reuses cells another study computed with the same config and data; a changed config computes anew', async () => {
    const subset = studyTask(ws, { config: studyConfig('wf-equal'), instrumentIds: [ids.SOLUSDT, ids.BTCUSDT], timeframes: ['1d'], ...RANGE });
    expect(subset.cells.map((c) => c.cellKey)).toEqual([all3x2.cells[5].cellKey, all3x2.cells[1].cellKey]);
    const reused = await new ClusterBackend({ redisUrl: redis.url }).runStudy(subset, testContext());
    expect(reused.execution).toMatchObject({ computed: 0, reused: 2 });
    expect(reused.rows).toEqual([{ ...allRows[5], index: 0 }, { ...allRows[1], index: 1 }]);
    const changed = studyTask(ws, { config: studyConfig('wf-equal', 151), instrumentIds: [ids.BTCUSDT], timeframes: ['1d'], ...RANGE });
    expect(changed.cells[0].dataHash).toBe(all3x2.cells[1].dataHash);
    expect(changed.cells[0].cellKey).not.toBe(all3x2.cells[1].cellKey);
  });

  it('a cell whose config cannot run on its data is the same error row on both backends', async () => {
    // Regimes detected on 4h bars: fine for the 4h cell, impossible on 1d bars.
    const base = studyConfig('wf-detect-4h', 1000);
    const config = { ...base, regimes: { ...(base.regimes as Record<string, unknown>), detectionTimeframe: '4h' } };
    const task = studyTask(ws, { config, instrumentIds: [ids.ETHUSDT], timeframes: ['4h', '1d'], ...RANGE });
    const local = await new LocalBackend(ws.compute, 2).runStudy(task, testContext());
    const cluster = await new ClusterBackend({ redisUrl: redis.url }).runStudy(task, testContext());
    expect(cluster.rows).toEqual(local.rows);
    expect(local.rows[0]).toMatchObject({ timeframe: '4h', refits: 2 });
    expect(local.rows[0]).not.toHaveProperty('error');
    expect(local.rows[1]).toMatchObject({ timeframe: '1d', headline: null, fromTime: null, error: expect.stringMatching(/detectionTimeframe 4h is not a whole multiple of the trading timeframe 1d/) });
    expect(await executionCounts(client, task)).toEqual([1, 1]);
  });

  describe('robustness (longer cells: a refit every 60 bars)', () => {
    let task: StudyTask;
    let localRows: StudyRow[];

    beforeAll(async () => {
      task = studyTask(ws, { config: studyConfig('wf-robust', 60), instrumentIds: [ids.BTCUSDT, ids.ETHUSDT, ids.SOLUSDT], timeframes: ['4h', '1d'], ...RANGE });
      localRows = (await new LocalBackend(ws.compute, 2).runStudy(task, testContext())).rows;
    });

    it('finishes every cell exactly once when a worker is SIGKILLed in the middle of a cell (stalled job retried by another)', async () => {
      const victim = await spawnWorker(redis.url, path.join(dir, 'victim'));
      const running = new ClusterBackend({ redisUrl: redis.url }).runStudy(task, testContext());
      // A 4h cell takes seconds of refits: kill the victim while it computes one.
      const study = `study ${task.studyId.slice(0, 8)}`;
      const started = new RegExp(`${study} cell (\\d+) \\(\\w+ 4h\\): computing`);
      await waitFor(() => started.test(victim.output()), 60_000, 'the victim to start a 4h cell');
      victim.child.kill('SIGKILL');
      await victim.stop();
      expect(victim.child.signalCode).toBe('SIGKILL');
      const killedCell = Number(started.exec(victim.output())![1]);
      expect(victim.output()).not.toMatch(new RegExp(`${study} cell ${killedCell} \\(\\w+ 4h\\): done`));
      const cluster = await running;
      expect(cluster.rows).toEqual(localRows);
      expect(cluster.execution.computed).toBe(6);
      expect(await executionCounts(client, task)).toEqual(Array(6).fill(1));
      // The killed cell's job stalled (its lock expired) and another machine computed it.
      expect(workers.map((w) => w.output()).join('\n')).toMatch(new RegExp(`${study} cell ${killedCell} \\(\\w+ 4h\\): done`));
    });

    it('cancel removes queued cells, stops running ones and keeps finished ones; resume computes only the rest', async () => {
      await forget(client, task);
      const ctx = testContext();
      const progress = ctx.progress;
      ctx.progress = (p) => {
        progress(p);
        if (p.done >= 1) ctx.cancel();
      };
      await expect(new ClusterBackend({ redisUrl: redis.url }).runStudy(task, ctx)).rejects.toMatchObject({ code: 'E_CANCELLED', message: expect.stringMatching(/^study cancelled: queued cells removed, running ones told to stop/) });
      expect(await client.exists(workKeys('study', task.studyId).cancel)).toBe(1);
      // A running cell sees the cancel key within a poll and stops between refits; nothing of this study stays queued.
      const stopped = new RegExp(`study ${task.studyId.slice(0, 8)} cell \\d+ \\(\\w+ 4h\\): cancelled, stopped after`);
      await waitFor(() => workers.some((w) => stopped.test(w.output())), 10_000, 'a running cell to stop');
      await waitFor(async () => (await client.llen('regimelab:variants:active')) === 0, 10_000, 'no active jobs');
      const queued = (await client.lrange(QUEUE_WAIT_KEY, 0, -1)).filter((id) => id.startsWith(`study-${task.studyId}`));
      expect(queued).toEqual([]);
      const finished = await client.hlen(workKeys('study', task.studyId).results);
      expect(finished).toBeGreaterThanOrEqual(1);
      expect(finished).toBeLessThan(task.total);

      const resumed = await new ClusterBackend({ redisUrl: redis.url }).runStudy(task, testContext());
      expect(resumed.execution).toMatchObject({ reused: finished, computed: task.total - finished });
      expect(resumed.rows).toEqual(localRows);
      expect(await executionCounts(client, task)).toEqual(Array(task.total).fill(1));
    });
  });
});
