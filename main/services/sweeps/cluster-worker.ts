// A cluster worker (`regimelab worker --redis URL`): pulls variant jobs from the BullMQ queue, runs
// each with the same core compute as the local pool, and writes its row once. Datasets arrive by
// content hash — downloaded from Redis once, verified, cached on disk and in memory — and manifests
// once per sweep. A heartbeat makes the worker count visible; a cancelled sweep's jobs are skipped.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { BacktestData } from '../../../core/backtest/data.ts';
import { HEARTBEAT_MS, KEY_PREFIX, QUEUE_NAME, WORKERS_KEY, dataKey, sweepKeys, writeResult, type VariantJobData } from './cluster-keys.ts';
import { assertAuthenticatedRedis, openRedis, parseRedisUrl } from './redis-connection.ts';
import { prepareSweep, runVariant, type PreparedSweep } from './run-variant.ts';
import { decodeManifest, decodeSweepData } from './sweep-dataset.ts';

export type ClusterWorkerOptions = {
  redisUrl: string;
  allowUnauthenticated?: boolean;
  /** Jobs this process holds at once. Compute is synchronous, so more than 1 only overlaps Redis round trips with compute. */
  concurrency?: number;
  /** Where datasets are cached by hash. */
  cacheDir: string;
  /** A job whose worker stops renewing its lock for this long is stalled and handed to another worker. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  log?: (line: string) => void;
};

export type VariantOutcome = { status: 'computed' | 'already-done' | 'cancelled' };

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
  const target = parseRedisUrl(options.redisUrl);
  await assertAuthenticatedRedis(target, options.allowUnauthenticated === true);
  const workerId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = await openRedis(target, `regimelab:worker:${workerId}`);
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const stats = { computed: 0, skipped: 0, datasetDownloads: 0 };
  const datasets = new RecentCache<BacktestData>(2);
  const sweeps = new RecentCache<PreparedSweep>(4);

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

  const loadSweep = (sweepId: string) =>
    sweeps.get(sweepId, async () => {
      const bytes = await redis.getBuffer(sweepKeys(sweepId).manifest);
      if (!bytes) throw new Error(`sweep ${sweepId} has no manifest in Redis (the enqueuer re-seeds it); retrying`);
      const manifest = decodeManifest(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return prepareSweep(manifest, await loadDataset(manifest.dataHash));
    });

  const processVariant = async (job: Job<VariantJobData>): Promise<VariantOutcome> => {
    const { sweepId, index } = job.data;
    const keys = sweepKeys(sweepId);
    const [cancelled, done] = await Promise.all([redis.exists(keys.cancel), redis.hexists(keys.results, String(index))]);
    if (cancelled || done) {
      stats.skipped++;
      return { status: cancelled ? 'cancelled' : 'already-done' };
    }
    const sweep = await loadSweep(sweepId);
    if (await redis.exists(keys.cancel)) {
      stats.skipped++;
      return { status: 'cancelled' };
    }
    const row = runVariant(sweep, index);
    await writeResult(redis, sweepId, index, JSON.stringify(row));
    stats.computed++;
    return { status: 'computed' };
  };

  const worker = new Worker<VariantJobData, VariantOutcome>(QUEUE_NAME, processVariant, {
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
  worker.on('failed', (job, error) => log(`variant ${job?.data.index ?? '?'} of sweep ${job?.data.sweepId.slice(0, 8) ?? '?'} failed: ${error.message}`));
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
      await Promise.race([redis.zrem(WORKERS_KEY, workerId), sleep(1000)]).catch(() => {});
      redis.disconnect();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
