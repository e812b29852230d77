// A cluster worker (`regimelab worker --redis URL`): pulls sweep-variant and study-cell jobs from the
// BullMQ queue, runs each with the same compute code as the local pool, and writes its row once.
// Variants (milliseconds each) run in this process with core runSweep's code; study cells (seconds
// to minutes of walk-forward refits) run in a compute worker thread, as on the local pool, so this
// event loop keeps renewing the job's lock and watching the cancel key. Datasets arrive by content
// hash — downloaded from Redis once, verified, cached on disk and in memory — and manifests once per
// sweep or study. A heartbeat makes the worker count visible; cancelled work's jobs are skipped.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { BacktestData } from '../../../core/backtest/data.ts';
import { loadHeadlineWasm } from '../../../core/backtest/headline-wasm.ts';
import type { RedisTlsFiles } from '../../../core/contract/jobs.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import { runStudyCell } from '../studies/study-cell.ts';
import { WorkerPool } from '../workers/worker-pool.ts';
import { HEARTBEAT_MS, KEY_PREFIX, QUEUE_NAME, WORKERS_KEY, adoptCell, dataKey, workKeys, writeResult, type UnitJobData, type WorkKeys } from './cluster-keys.ts';
import { assertAuthenticatedRedis, openRedis, parseRedisUrl } from './redis-connection.ts';
import { prepareSweep, runVariant, type PreparedSweep } from './run-variant.ts';
import { decodeManifest, decodeSweepData, type StudyManifest } from './sweep-dataset.ts';

export type ClusterWorkerOptions = {
  redisUrl: string;
  allowUnauthenticated?: boolean;
  /** rediss:// only: PEM files of a private CA and/or a client certificate. */
  tls?: RedisTlsFiles;
  /** Jobs this process holds at once. Variants compute on this thread, so more than 1 only overlaps Redis round trips with compute; study cells get one compute thread each. */
  concurrency?: number;
  /** The built compute worker (out/workers/compute.mjs) that runs study cells, as the local pool does. */
  computeWorkerEntry: string;
  /** Where datasets are cached by hash. */
  cacheDir: string;
  /** A job whose worker stops renewing its lock for this long is stalled and handed to another worker. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  log?: (line: string) => void;
};

export type UnitOutcome = { status: 'computed' | 'already-done' | 'cancelled' };

/** How often a running study cell checks its study's cancel key. */
const CANCEL_POLL_MS = 300;

export type ClusterWorkerHandle = {
  workerId: string;
  stats: { computed: number; skipped: number; datasetDownloads: number };
  close(): Promise<void>;
};

/** Small memo of the last few values by key; loads of the same key share one promise. */
class RecentCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly capacity: number) {}
  get(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = load();
    entry.catch(() => this.entries.delete(key));
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}

export async function startClusterWorker(options: ClusterWorkerOptions): Promise<ClusterWorkerHandle> {
  const log = options.log ?? (() => {});
  const target = parseRedisUrl(options.redisUrl, options.tls);
  await assertAuthenticatedRedis(target, options.allowUnauthenticated === true);
  const workerId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = await openRedis(target, `regimelab:worker:${workerId}`);
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const stats = { computed: 0, skipped: 0, datasetDownloads: 0 };
  const headlineWasm = await loadHeadlineWasm();
  const datasets = new RecentCache<BacktestData>(2);
  const sweeps = new RecentCache<PreparedSweep>(4);
  const studies = new RecentCache<StudyManifest>(4);
  // Started on the first study cell; a worker that only runs sweep variants never spawns a thread.
  const computePool = new WorkerPool<ComputeApi>(options.computeWorkerEntry, options.concurrency ?? 1, 'compute');

  const loadDataset = (dataHash: string) =>
    datasets.get(dataHash, async () => {
      const file = path.join(options.cacheDir, `${dataHash}.bin`);
      if (fs.existsSync(file)) {
        try {
          return decodeSweepData(new Uint8Array(fs.readFileSync(file)), dataHash);
        } catch {
          fs.rmSync(file, { force: true }); // corrupted cache entry: fetch it again
        }
      }
      const bytes = await redis.getBuffer(dataKey(dataHash));
      if (!bytes) throw new Error(`dataset ${dataHash.slice(0, 12)}… is not in Redis (the enqueuer re-pushes it); retrying`);
      const data = decodeSweepData(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), dataHash);
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, bytes);
      fs.renameSync(partial, file);
      stats.datasetDownloads++;
      await redis.incr(`${dataKey(dataHash)}:fetches`);
      log(`dataset ${dataHash.slice(0, 12)}… downloaded once (${(bytes.byteLength / 1e6).toFixed(1)} MB), cached in ${options.cacheDir}`);
      return data;
    });

  const manifestOf = async (keys: WorkKeys, what: string) => {
    const bytes = await redis.getBuffer(keys.manifest);
    if (!bytes) throw new Error(`${what} has no manifest in Redis (the enqueuer re-seeds it); retrying`);
    return decodeManifest(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };

  const loadSweep = (sweepId: string) =>
    sweeps.get(sweepId, async () => {
      const manifest = await manifestOf(workKeys('sweep', sweepId), `sweep ${sweepId}`);
      if (manifest.kind !== 'sweep') throw new Error(`sweep ${sweepId}: the manifest in Redis is a ${manifest.kind}'s`);
      return prepareSweep(manifest, await loadDataset(manifest.dataHash));
    });

  const loadStudy = (studyId: string) =>
    studies.get(studyId, async () => {
      const manifest = await manifestOf(workKeys('study', studyId), `study ${studyId}`);
      if (manifest.kind !== 'study') throw new Error(`study ${studyId}: the manifest in Redis is a ${manifest.kind}'s`);
      return manifest;
    });

  const runSweepVariant = async (keys: WorkKeys, sweepId: string, index: number): Promise<UnitOutcome> => {
    const sweep = await loadSweep(sweepId);
    if (await redis.exists(keys.cancel)) return { status: 'cancelled' };
    const row = runVariant(sweep, index, headlineWasm);
    await writeResult(redis, keys, index, JSON.stringify(row));
    return { status: 'computed' };
  };

  const runStudyCellJob = async (keys: WorkKeys, studyId: string, index: number): Promise<UnitOutcome> => {
    const study = await loadStudy(studyId);
    const cell = study.cells[index];
    if (!cell) throw new Error(`cell ${index} is outside study ${studyId} (0..${study.cells.length - 1})`);
    // Computed before under its cell key (a restarted study, another study with the same config and data).
    if ((await adoptCell(redis, keys, index, cell.cellKey)) >= 0) return { status: 'already-done' };
    const data = await loadDataset(cell.dataHash);
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const watch = setInterval(() => void redis.exists(keys.cancel).then((c) => c && Atomics.store(cancelFlag, 0, 1)).catch(() => {}), CANCEL_POLL_MS);
    const label = `study ${studyId.slice(0, 8)} cell ${index} (${cell.symbol} ${cell.timeframe})`;
    const startedMs = Date.now();
    try {
      if (await redis.exists(keys.cancel)) return { status: 'cancelled' };
      log(`${label}: computing`);
      const row = await runStudyCell(computePool, study.configInput, cell, data, cancelFlag);
      await writeResult(redis, keys, index, JSON.stringify(row), cell.cellKey);
      log(`${label}: done in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
      return { status: 'computed' };
    } catch (error) {
      if (error instanceof RegimeLabError && error.code === 'E_CANCELLED' && Atomics.load(cancelFlag, 0) !== 0) {
        log(`${label}: cancelled, stopped after ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
        return { status: 'cancelled' };
      }
      throw error;
    } finally {
      clearInterval(watch);
    }
  };

  const processUnit = async (job: Job<UnitJobData>): Promise<UnitOutcome> => {
    const { kind, workId, index } = job.data;
    const keys = workKeys(kind, workId);
    const [cancelled, done] = await Promise.all([redis.exists(keys.cancel), redis.hexists(keys.results, String(index))]);
    let outcome: UnitOutcome = { status: cancelled ? 'cancelled' : 'already-done' };
    if (!cancelled && !done) outcome = kind === 'study' ? await runStudyCellJob(keys, workId, index) : await runSweepVariant(keys, workId, index);
    if (outcome.status === 'computed') stats.computed++;
    else stats.skipped++;
    return outcome;
  };

  const worker = new Worker<UnitJobData, UnitOutcome>(QUEUE_NAME, processUnit, {
    connection: redis,
    prefix: KEY_PREFIX,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 15_000,
    maxStalledCount: options.maxStalledCount ?? 3,
    autorun: true,
  });
  let outage = false;
  const lost = (why: string) => {
    if (outage) return;
    outage = true;
    log(`Redis at ${target.redacted} unreachable (${why}); waiting for it — jobs not finished here will be retried`);
  };
  redis.on('close', () => lost('connection closed'));
  worker.on('error', (error) => (/ECONNREFUSED|Connection is closed|ECONNRESET|EPIPE/.test(error.message) ? lost(error.message) : log(`worker error: ${error.message}`)));
  worker.on('failed', (job, error) => log(`${job?.data.kind === 'study' ? 'cell' : 'variant'} ${job?.data.index ?? '?'} of ${job?.data.kind ?? 'sweep'} ${job?.data.workId.slice(0, 8) ?? '?'} failed: ${error.message}`));
  redis.on('ready', () => {
    if (!outage) return;
    outage = false;
    log(`Redis at ${target.redacted} is back; continuing`);
  });

  const beat = () => void redis.zadd(WORKERS_KEY, Date.now(), workerId).then(() => redis.zremrangebyscore(WORKERS_KEY, '-inf', Date.now() - 3600_000)).catch(() => {});
  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  log(`worker ${workerId} connected to ${target.redacted}${target.tls ? ' (TLS)' : ''}; concurrency ${options.concurrency ?? 1}; dataset cache ${options.cacheDir}`);

  return {
    workerId,
    stats,
    async close() {
      clearInterval(heartbeat);
      await Promise.race([worker.close(), sleep(10_000)]);
      await computePool.close();
      await Promise.race([redis.zrem(WORKERS_KEY, workerId), sleep(1000)]).catch(() => {});
      redis.disconnect();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
