// Benchmark: a 10,000-variant sweep on the cluster backend with 1, 2 and 4 `regimelab worker`
// processes on this machine (a private redis-server on loopback), against the local pool (1 and 2
// threads) and one in-process thread; the per-variant overhead of the cluster path, Redis's CPU per
// variant (its single-thread ceiling), and the projection to N machines from those measured costs.
// Small bars per variant (1,000 4h bars) so the queue overhead shows. Then a walk-forward study on
// real Binance candles (BTC/ETH/SOL × 4h/1d, 2023) on the local pool and on 2 workers: the per-cell
// cost and the cluster's per-cell overhead. `npm run bench cluster-sweep`.
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { runSweep } from '../../core/backtest/sweep.ts';
import type { ParameterGrid } from '../../core/backtest/grid.ts';
import { WorkerPool } from '../../main/services/workers/worker-pool.ts';
import type { ComputeApi } from '../../workers/compute-api.ts';
import { LocalBackend } from '../../main/services/sweeps/local-backend.ts';
import { ClusterBackend } from '../../main/services/sweeps/cluster-backend.ts';
import { CHECKOUT, SWEEP_CONFIG, spawnWorker, startRedis, sweepData, sweepTask, testContext, type WorkerProcess } from '../unit/main/services/sweeps/cluster-fixtures.ts';
import { makeTempDir, removeDir } from '../unit/helpers/temp.ts';
import { Workstation } from '../../main/services/workstation.ts';
import { configHash } from '../../main/services/runs/run-store.ts';
import { readStudyCells, studyIdOf } from '../../main/services/studies/study-job.ts';
import type { StudyTask } from '../../main/services/sweeps/sweep-backend.ts';

const BARS = 1000;
const range = (a: number, step: number, count: number) => Array.from({ length: count }, (_, i) => +(a + i * step).toFixed(4));
const GRID: ParameterGrid = { 'sizing.leverage.0': range(0.5, 0.02, 100), 'sizing.leverage.1': range(0.1, 0.02, 50), 'costs.takerFeeBps': [0, 5] };
const data = sweepData(BARS, 11);
const taskFor = (name: string) => sweepTask(data, GRID, { ...SWEEP_CONFIG, name });
const total = taskFor('x').total;

async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const get = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return get('used_cpu_sys') + get('used_cpu_user');
}

/** Variants per second on `cores` worker processes costing `perVariantMs` each, capped by Redis's single thread. */
function ratePerSecond(cores: number, perVariantMs: number, redisMsPerVariant: number): number {
  return Math.min((1000 * cores) / perVariantMs, 1000 / redisMsPerVariant);
}

const dir = makeTempDir('regimelab-bench-');
const redis = await startRedis('bench-pass');
const client = new Redis({ host: '127.0.0.1', port: redis.port, password: 'bench-pass' });
const lines: string[] = [];
const print = (s: string) => {
  console.log(s);
  lines.push(s);
};
try {
  print(`sweep of ${total} variants × ${BARS} 4h bars (regime-leverage, gate, funding), ${(await import('node:os')).availableParallelism()} cores`);
  const t = taskFor('in-process');
  runSweep(t.configInput, t.grid, data, { regimes: t.regimes, from: 0, to: 200 }); // JIT warm-up
  let t0 = performance.now();
  runSweep(t.configInput, t.grid, data, { regimes: t.regimes });
  const inProcessMs = performance.now() - t0;
  print(`  in-process, one thread (core runSweep)      ${(inProcessMs / 1000).toFixed(2).padStart(6)} s  ${(total / (inProcessMs / 1000)).toFixed(0).padStart(6)} variants/s  ${((1000 * inProcessMs) / total).toFixed(0).padStart(5)} µs/variant`);

  for (const threads of [1, 2]) {
    const pool = new WorkerPool<ComputeApi>(path.join(CHECKOUT, 'out', 'workers', 'compute.mjs'), threads, 'compute');
    await new LocalBackend(pool, threads).runSweep(taskFor(`warm-${threads}`), testContext());
    t0 = performance.now();
    await new LocalBackend(pool, threads).runSweep(taskFor(`local-${threads}`), testContext());
    const ms = performance.now() - t0;
    print(`  local pool, ${threads} thread${threads > 1 ? 's' : ' '}                        ${(ms / 1000).toFixed(2).padStart(6)} s  ${(total / (ms / 1000)).toFixed(0).padStart(6)} variants/s  ${((1000 * ms) / total).toFixed(0).padStart(5)} µs/variant`);
    await pool.close();
  }

  const cluster: { workers: number; ms: number; redisCpuMsPerVariant: number }[] = [];
  for (const count of [1, 2, 4]) {
    const workers: WorkerProcess[] = await Promise.all(Array.from({ length: count }, (_, k) => spawnWorker(redis.url, path.join(dir, `cache-${count}-${k}`))));
    // Warm-up sweep: dataset download, JIT; not timed.
    await new ClusterBackend({ redisUrl: redis.url }).runSweep(sweepTask(data, { 'sizing.leverage.0': range(0.5, 0.1, 40) }, { ...SWEEP_CONFIG, name: `warm-${count}` }), testContext());
    const cpu0 = await redisCpuSeconds(client);
    t0 = performance.now();
    const result = await new ClusterBackend({ redisUrl: redis.url }).runSweep(taskFor(`cluster-${count}`), testContext());
    const ms = performance.now() - t0;
    const redisCpuMsPerVariant = (1000 * ((await redisCpuSeconds(client)) - cpu0)) / total;
    if (result.execution.computed !== total) throw new Error(`expected ${total} computed variants, got ${result.execution.computed}`);
    cluster.push({ workers: count, ms, redisCpuMsPerVariant });
    print(`  cluster, ${count} worker process${count > 1 ? 'es' : '  '}                ${(ms / 1000).toFixed(2).padStart(6)} s  ${(total / (ms / 1000)).toFixed(0).padStart(6)} variants/s  ${((1000 * ms) / total).toFixed(0).padStart(5)} µs/variant   (Redis CPU ${(1000 * redisCpuMsPerVariant).toFixed(0)} µs/variant)`);
    await Promise.all(workers.map((w) => w.stop()));
  }

  const perVariantComputeMs = inProcessMs / total;
  const oneWorkerMs = cluster[0].ms / total;
  const overheadMs = oneWorkerMs - perVariantComputeMs;
  const redisMs = Math.max(...cluster.map((c) => c.redisCpuMsPerVariant));
  print('');
  print(`cluster overhead per variant (1 worker − in-process): ${(1000 * overheadMs).toFixed(0)} µs (queue fetch, lock, result script, completion: ~5 Redis round trips)`);
  print(`scaling on this machine: 2 workers ${(cluster[0].ms / cluster[1].ms).toFixed(2)}×, 4 workers ${(cluster[0].ms / cluster[2].ms).toFixed(2)}× the 1-worker rate (2 cores, shared with redis-server and the enqueuer)`);
  print('');
  print(`projection to N machines × C cores, from the measured costs: rate ≈ min(N·C / (compute + ${overheadMs.toFixed(3)} ms overhead), Redis ceiling 1 / ${redisMs.toFixed(3)} ms ≈ ${(1000 / redisMs).toFixed(0)} variants/s)`);
  for (const variantMs of [perVariantComputeMs, 10, 100]) {
    const per = variantMs + overheadMs;
    const label = variantMs === perVariantComputeMs ? `${BARS}-bar variants (${(1000 * variantMs).toFixed(0)} µs compute)` : `${variantMs} ms variants (e.g. ${variantMs === 10 ? '~20k' : '~200k'} bars)`;
    const cells = [1, 4, 16, 64].map((machines) => {
      const rate = ratePerSecond(machines * 8, per, redisMs);
      return `${String(machines).padStart(2)}×8 cores ${(rate / 1000).toFixed(1).padStart(7)} k/s`;
    });
    print(`  ${label.padEnd(40)} ${cells.join('  ')}   → 100k variants on 16×8: ${(100_000 / ratePerSecond(16 * 8, per, redisMs)).toFixed(1)} s`);
  }

  // A walk-forward study: 6 cells of real candles, each a backtest with its MS-GARCH refits inside.
  const shared = path.resolve(CHECKOUT, '..', 'shared', 'data', 'binance', 'exports', 'TunahanAbali__taha-backtest');
  if (!fs.existsSync(shared)) print(`\n(walk-forward study skipped: ${shared} not found)`);
  else {
    const ws = await Workstation.open({ appRoot: CHECKOUT, dataDir: path.join(dir, 'study-store'), mode: 'test', seedSample: false, computeWorkers: 2 });
    try {
      for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) await ws.startJob('data.importFile', { path: path.join(shared, `${symbol}_4h.csv`) }).done;
      const instrumentIds = (await ws.call('data.listInstruments', {})).map((i) => i.id);
      const studyFor = (name: string): StudyTask => {
        const config = { name, instruments: [{ symbol: 'BTCUSDT' }], regimes: { source: 'walk-forward', model: { variance: 'sGARCH', distribution: 'norm', regimeCount: 2 }, minTrainBars: 200, refitEveryBars: 60, restarts: 1 }, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.5] }, gate: {} };
        const params = { config, instrumentIds, timeframes: ['4h', '1d'] as ('4h' | '1d')[], from: Date.UTC(2023, 0, 1), to: Date.UTC(2024, 0, 1), backend: { kind: 'local' as const } };
        const cells = readStudyCells(ws.store, params);
        return { studyId: studyIdOf(configHash(config), cells.map((c) => c.cellKey)), configHash: configHash(config), configInput: config, cells, total: cells.length };
      };
      const refits = (task: StudyTask, rows: { refits: number }[]) => `${task.total} cells, ${rows.reduce((a, r) => a + r.refits, 0)} refits`;
      print('');
      print('walk-forward study: BTC/ETH/SOL × 4h/1d, calendar 2023 (2,191 / 366 bars), sGARCH-norm K=2 refit every 60 bars');
      await new LocalBackend(ws.compute, 2).runStudy(studyFor('warm-local'), testContext());
      t0 = performance.now();
      const localTask = studyFor('timed');
      const local = await new LocalBackend(ws.compute, 2).runStudy(localTask, testContext());
      const localMs = performance.now() - t0;
      print(`  local pool, 2 threads                 ${(localMs / 1000).toFixed(2).padStart(6)} s  (${refits(localTask, local.rows)})`);
      const workers: WorkerProcess[] = await Promise.all([0, 1].map((k) => spawnWorker(redis.url, path.join(dir, `study-cache-${k}`))));
      await new ClusterBackend({ redisUrl: redis.url }).runStudy(studyFor('warm-cluster'), testContext());
      t0 = performance.now();
      const clusterTask = localTask; // the same cells: the local pool wrote nothing to Redis
      const cluster = await new ClusterBackend({ redisUrl: redis.url }).runStudy(clusterTask, testContext());
      const clusterMs = performance.now() - t0;
      await Promise.all(workers.map((w) => w.stop()));
      const same = JSON.stringify(cluster.rows) === JSON.stringify(local.rows);
      print(`  cluster, 2 worker processes           ${(clusterMs / 1000).toFixed(2).padStart(6)} s  (${cluster.execution.computed} computed; rows ${same ? 'identical to' : 'DIFFER from'} the local pool's)`);
      print(`  per cell: ${(localMs / localTask.total / 1000).toFixed(2)} s on the local pool (2 threads), ${(clusterMs / clusterTask.total / 1000).toFixed(2)} s on the cluster; overhead ${((clusterMs - localMs) / clusterTask.total).toFixed(0)} ms per cell (dataset push and download, thread hand-off, polling at 200 ms)`);
    } finally {
      await ws.close();
    }
  }
} finally {
  client.disconnect();
  await redis.stop();
  removeDir(dir);
}
