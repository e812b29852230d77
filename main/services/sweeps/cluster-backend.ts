// The `cluster` sweep backend (the enqueuer): pushes the dataset once by content hash and a manifest
// per sweep into the user's Redis, adds one idempotent BullMQ job per unfinished variant, follows the
// results log until every variant has a row, and reports progress with ETA and live workers. A Redis
// that goes away pauses the sweep (with a message) and, when it returns, the sweep re-seeds whatever
// the server lost and carries on; cancel removes queued jobs and raises the cancel key workers check.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RegimeLabError } from '../../../core/errors.ts';
import type { SweepRow } from '../../../core/backtest/sweep.ts';
import { KEY_PREFIX, QUEUE_NAME, SWEEP_TTL_S, dataKey, liveWorkerCount, sweepKeys, variantJobId, type VariantJobData } from './cluster-keys.ts';
import { assertAuthenticatedRedis, openRedis, parseRedisUrl, type RedisTarget } from './redis-connection.ts';
import { encodeManifest, encodeSweepData } from './sweep-dataset.ts';
import { formatEta, normalizeRows, type SweepBackend, type SweepBackendContext, type SweepBackendResult, type SweepTask } from './sweep-backend.ts';

export type ClusterBackendOptions = {
  redisUrl: string;
  /** Enqueue to a Redis that accepts unauthenticated clients (explicit override; refused otherwise). */
  allowUnauthenticated?: boolean;
  /** How often the results log is read (ms). */
  pollMs?: number;
  /** BullMQ attempts per variant job (a job whose worker died counts as stalled, not as an attempt). */
  attempts?: number;
};

const ADD_BATCH = 1000;

export class ClusterSweepBackend implements SweepBackend {
  readonly kind = 'cluster' as const;
  private readonly target: RedisTarget;

  constructor(private readonly options: ClusterBackendOptions) {
    this.target = parseRedisUrl(options.redisUrl);
  }

  async run(task: SweepTask, ctx: SweepBackendContext): Promise<SweepBackendResult> {
    await assertAuthenticatedRedis(this.target, this.options.allowUnauthenticated === true);
    const redis = await openRedis(this.target, 'regimelab:enqueuer');
    const queue = new Queue<VariantJobData>(QUEUE_NAME, { connection: redis, prefix: KEY_PREFIX });
    queue.on('error', () => {}); // connection trouble is reported through the outage state below
    const follower = new SweepFollower(task, ctx, redis, queue, this.target, this.options);
    try {
      return await follower.run();
    } finally {
      follower.detach(); // our own disconnect below is not an outage
      await Promise.race([queue.close(), sleep(2000)]).catch(() => {});
      redis.disconnect();
    }
  }
}

class SweepFollower {
  private readonly keys: ReturnType<typeof sweepKeys>;
  private readonly collected = new Map<number, SweepRow>();
  private logCursor = 0;
  private outage: { sinceMs: number; reason: string } | null = null;
  private reseedNeeded = false;
  private workers = 0;
  private workersCheckedMs = 0;
  private lastProgressMs = Date.now();
  private lastEnqueueMs = 0;

  constructor(
    private readonly task: SweepTask,
    private readonly ctx: SweepBackendContext,
    private readonly redis: Redis,
    private readonly queue: Queue<VariantJobData>,
    private readonly target: RedisTarget,
    private readonly options: ClusterBackendOptions,
  ) {
    this.keys = sweepKeys(task.sweepId);
    redis.on('close', this.onClose);
    redis.on('reconnecting', this.onReconnecting);
    redis.on('ready', this.onReady);
  }

  private readonly down = (reason: string) => {
    this.outage ??= { sinceMs: Date.now(), reason };
    this.report();
  };
  private readonly onClose = () => this.down('connection closed');
  private readonly onReconnecting = () => this.down('reconnecting');
  private readonly onReady = () => {
    if (this.outage) this.reseedNeeded = true; // the server may have restarted without its data
    this.outage = null;
    this.report();
  };

  detach(): void {
    this.redis.off('close', this.onClose);
    this.redis.off('reconnecting', this.onReconnecting);
    this.redis.off('ready', this.onReady);
  }

  async run(): Promise<SweepBackendResult> {
    await this.redis.del(this.keys.cancel);
    await this.seed();
    await this.forgetFailedJobs();
    await this.follow();
    const reused = this.collected.size;
    await this.enqueueMissing();
    const computeStartedMs = Date.now();
    const pollMs = this.options.pollMs ?? 200;
    while (this.collected.size < this.task.total) {
      await this.untilCancelled(sleep(pollMs));
      if (this.ctx.signal.cancelled()) await this.cancel();
      if (this.outage) continue;
      await this.untilCancelled(this.step());
      if (this.ctx.signal.cancelled()) await this.cancel();
      this.report(computeStartedMs, reused);
    }
    const rows = normalizeRows([...this.collected.values()]);
    await this.refreshWorkers(true);
    return { rows, execution: { backend: 'cluster', computed: this.task.total - reused, reused, workers: this.workers } };
  }

  /** Dataset once per content hash, manifest once per sweep (SET NX: concurrent enqueuers agree). */
  private async seed(): Promise<void> {
    const key = dataKey(this.task.dataHash);
    if (!(await this.redis.exists(key))) await this.redis.set(key, Buffer.from(encodeSweepData(this.task.data)), 'EX', SWEEP_TTL_S, 'NX');
    else await this.redis.expire(key, SWEEP_TTL_S);
    const manifest = encodeManifest({ sweepId: this.task.sweepId, configHash: this.task.configHash, dataHash: this.task.dataHash, configInput: this.task.configInput, grid: this.task.grid, regimes: this.task.regimes, total: this.task.total });
    await this.redis.set(this.keys.manifest, Buffer.from(manifest), 'EX', SWEEP_TTL_S, 'NX');
  }

  /** Jobs of this sweep that failed every attempt in an earlier run are removed, so a resume retries them. */
  private async forgetFailedJobs(): Promise<void> {
    for (const job of await this.queue.getFailed(0, -1)) {
      if (job.data?.sweepId === this.task.sweepId && job.id) await this.queue.remove(job.id).catch(() => 0);
    }
  }

  private missingIndices(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.task.total; i++) if (!this.collected.has(i)) out.push(i);
    return out;
  }

  /** One job per unfinished variant; ids are deterministic, so re-adding a queued or running one is a no-op. */
  private async enqueueMissing(): Promise<void> {
    this.lastEnqueueMs = Date.now();
    const missing = this.missingIndices();
    for (let k = 0; k < missing.length; k += ADD_BATCH) {
      await this.queue.addBulk(
        missing.slice(k, k + ADD_BATCH).map((index) => ({
          name: 'variant',
          data: { sweepId: this.task.sweepId, index },
          opts: { jobId: variantJobId(this.task.sweepId, index), attempts: this.options.attempts ?? 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } },
        })),
      );
    }
  }

  /** New rows since the last read, in the order workers wrote them. */
  private async follow(): Promise<void> {
    const length = await this.redis.llen(this.keys.log);
    if (length < this.logCursor) this.logCursor = 0; // the server lost its data; the rows we hold stay
    if (length === this.logCursor) return;
    const indices = await this.redis.lrange(this.keys.log, this.logCursor, length - 1);
    for (let k = 0; k < indices.length; k += ADD_BATCH) {
      const chunk = indices.slice(k, k + ADD_BATCH);
      const rows = await this.redis.hmget(this.keys.results, ...chunk);
      chunk.forEach((index, j) => {
        const row = rows[j];
        if (row !== null) this.collected.set(Number(index), JSON.parse(row) as SweepRow);
      });
    }
    this.logCursor = length;
    this.lastProgressMs = Date.now();
  }

  private async step(): Promise<void> {
    if (this.reseedNeeded || !(await this.redis.exists(this.keys.manifest))) {
      this.reseedNeeded = false;
      await this.seed();
      await this.follow();
      await this.enqueueMissing();
    }
    await this.follow();
    await this.refreshWorkers();
    const idleMs = Date.now() - this.lastProgressMs;
    if (idleMs > 5000 && Date.now() - this.lastEnqueueMs > 5000) {
      await this.failIfJobsFailed();
      await this.enqueueMissing(); // jobs lost by a server that went away between writes; no-op otherwise
    }
  }

  private async failIfJobsFailed(): Promise<void> {
    const failed = (await this.queue.getFailed(0, -1)).filter((j) => j.data?.sweepId === this.task.sweepId);
    if (failed.length === 0) return;
    const first = failed[0];
    throw new RegimeLabError(
      'E_INTERNAL',
      `${failed.length} variant job(s) failed on every attempt (variant ${first.data.index}: ${first.failedReason}); ${this.collected.size}/${this.task.total} results are kept in Redis — run the sweep again to retry only the missing ones`,
    );
  }

  private async refreshWorkers(force = false): Promise<void> {
    if (!force && Date.now() - this.workersCheckedMs < 2000) return;
    this.workersCheckedMs = Date.now();
    this.workers = await liveWorkerCount(this.redis);
  }

  private report(computeStartedMs = Date.now(), reused = 0): void {
    const done = this.collected.size;
    const total = this.task.total;
    if (this.outage) {
      const since = new Date(this.outage.sinceMs).toISOString().slice(11, 19);
      this.ctx.progress({
        done,
        total,
        message: `PAUSED: Redis at ${this.target.redacted} is unreachable since ${since} UTC (${this.outage.reason}); ${done}/${total} results are safe, the sweep continues when Redis returns (cancel to stop)`,
      });
      return;
    }
    const workers = this.workers === 0 ? 'no live workers yet — start `regimelab worker --redis URL`' : `${this.workers} worker${this.workers === 1 ? '' : 's'}`;
    this.ctx.progress({ done, total, message: `${done}/${total} variants on the cluster · ${workers} · ${formatEta(done - reused, total - done, computeStartedMs)}` });
  }

  /** Raises the cancel key, removes this sweep's queued jobs (running ones see the key), keeps finished rows for a resume. */
  private async cancel(): Promise<never> {
    const done = this.collected.size;
    const cleanup = (async () => {
      await this.redis.set(this.keys.cancel, '1', 'EX', SWEEP_TTL_S);
      const missing = this.missingIndices();
      for (let k = 0; k < missing.length; k += 500) {
        await Promise.all(missing.slice(k, k + 500).map((i) => this.queue.remove(variantJobId(this.task.sweepId, i)).catch(() => 0)));
      }
    })();
    const finished = await Promise.race([cleanup.then(() => true), sleep(5000).then(() => false)]);
    throw new RegimeLabError(
      'E_CANCELLED',
      finished
        ? `sweep cancelled: queued variants removed, running ones told to stop; ${done}/${this.task.total} finished variants are kept in Redis for a resume`
        : `sweep cancelled, but Redis at ${this.target.redacted} did not answer: queued variants could not be removed (workers may still compute them; a resume reuses their results)`,
    );
  }

  /** Resolves when `promise` settles or the job is cancelled (a command may hang while Redis is away). */
  private async untilCancelled(promise: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cancelled = new Promise<void>((resolve) => {
      timer = setInterval(() => {
        if (this.ctx.signal.cancelled()) resolve();
      }, 100);
    });
    try {
      await Promise.race([promise, cancelled]);
    } finally {
      clearInterval(timer);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
