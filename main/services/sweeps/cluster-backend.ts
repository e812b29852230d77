// The `cluster` backend (the enqueuer): pushes each dataset once by content hash and a manifest per
// sweep or study into the user's Redis, adds one idempotent BullMQ job per unfinished variant or
// cell, follows the results log until every unit has a row, and reports progress with ETA and live
// workers. A study first adopts cells already computed under their cell key (same config hash and
// data hash). A Redis that goes away pauses the work (with a message) and, when it returns, the
// enqueuer re-seeds whatever the server lost and carries on; cancel removes queued jobs and raises
// the cancel key workers check.

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RegimeLabError } from '../../../core/errors.ts';
import type { BacktestData } from '../../../core/backtest/data.ts';
import type { SweepRow } from '../../../core/backtest/sweep.ts';
import type { RedisTlsFiles } from '../../../core/contract/jobs.ts';
import type { StudyRow } from '../studies/study-cell.ts';
import { KEY_PREFIX, QUEUE_NAME, SWEEP_TTL_S, adoptCell, dataKey, liveWorkerCount, unitJobId, workKeys, type UnitJobData, type WorkKeys, type WorkKind } from './cluster-keys.ts';
import { assertAuthenticatedRedis, openRedis, parseRedisUrl, type RedisTarget } from './redis-connection.ts';
import { encodeManifest, encodeSweepData, type WorkManifest } from './sweep-dataset.ts';
import {
  formatEta, normalizeRows,
  type ExecutionBackend, type StudyBackendResult, type StudyTask, type SweepBackendContext, type SweepBackendResult, type SweepExecution, type SweepTask,
} from './sweep-backend.ts';

export type ClusterBackendOptions = {
  redisUrl: string;
  /** Enqueue to a Redis that accepts unauthenticated clients (explicit override; refused otherwise). */
  allowUnauthenticated?: boolean;
  /** rediss:// only: PEM files of a private CA and/or a client certificate. */
  tls?: RedisTlsFiles;
  /** How often the results log is read (ms). */
  pollMs?: number;
  /** BullMQ attempts per unit job (a job whose worker died counts as stalled, not as an attempt). */
  attempts?: number;
};

const ADD_BATCH = 1000;

/** What the enqueuer needs of a sweep or a study, whatever its rows are. */
type ClusterWork = {
  kind: WorkKind;
  id: string;
  total: number;
  /** Every dataset the units read, pushed once each by content hash. */
  datasets: { dataHash: string; data: BacktestData }[];
  manifest: WorkManifest;
  /** Study cells: the cell key of each index, for adopting rows computed before. */
  cellKeys?: string[];
  unit: { one: string; many: string };
};

type Row = { index: number };

export class ClusterBackend implements ExecutionBackend {
  readonly kind = 'cluster' as const;
  private readonly target: RedisTarget;

  constructor(private readonly options: ClusterBackendOptions) {
    this.target = parseRedisUrl(options.redisUrl, options.tls);
  }

  async runSweep(task: SweepTask, ctx: SweepBackendContext): Promise<SweepBackendResult> {
    const { rows, execution } = await this.runWork<SweepRow>(
      {
        kind: 'sweep',
        id: task.sweepId,
        total: task.total,
        datasets: [{ dataHash: task.dataHash, data: task.data }],
        manifest: { kind: 'sweep', sweepId: task.sweepId, configHash: task.configHash, dataHash: task.dataHash, configInput: task.configInput, grid: task.grid, regimes: task.regimes, total: task.total },
        unit: { one: 'variant', many: 'variants' },
      },
      ctx,
    );
    return { rows, execution };
  }

  async runStudy(task: StudyTask, ctx: SweepBackendContext): Promise<StudyBackendResult> {
    const cells = task.cells.map(({ data: _data, ...cell }) => cell);
    const datasets = new Map(task.cells.map((c) => [c.dataHash, { dataHash: c.dataHash, data: c.data }]));
    const { rows, execution } = await this.runWork<StudyRow>(
      {
        kind: 'study',
        id: task.studyId,
        total: task.total,
        datasets: [...datasets.values()],
        manifest: { kind: 'study', studyId: task.studyId, configHash: task.configHash, configInput: task.configInput, cells, total: task.total },
        cellKeys: cells.map((c) => c.cellKey),
        unit: { one: 'cell', many: 'cells' },
      },
      ctx,
    );
    return { rows, execution };
  }

  private async runWork<R extends Row>(work: ClusterWork, ctx: SweepBackendContext): Promise<{ rows: R[]; execution: SweepExecution }> {
    await assertAuthenticatedRedis(this.target, this.options.allowUnauthenticated === true);
    const redis = await openRedis(this.target, 'regimelab:enqueuer');
    const queue = new Queue<UnitJobData>(QUEUE_NAME, { connection: redis, prefix: KEY_PREFIX });
    queue.on('error', () => {}); // connection trouble is reported through the outage state below
    const follower = new WorkFollower<R>(work, ctx, redis, queue, this.target, this.options);
    try {
      return await follower.run();
    } finally {
      follower.detach(); // our own disconnect below is not an outage
      await Promise.race([queue.close(), sleep(2000)]).catch(() => {});
      redis.disconnect();
    }
  }
}

class WorkFollower<R extends Row> {
  private readonly keys: WorkKeys;
  private readonly collected = new Map<number, R>();
  private logCursor = 0;
  private outage: { sinceMs: number; reason: string } | null = null;
  private reseedNeeded = false;
  private workers = 0;
  private workersCheckedMs = 0;
  private lastProgressMs = Date.now();
  private lastEnqueueMs = 0;

  constructor(
    private readonly work: ClusterWork,
    private readonly ctx: SweepBackendContext,
    private readonly redis: Redis,
    private readonly queue: Queue<UnitJobData>,
    private readonly target: RedisTarget,
    private readonly options: ClusterBackendOptions,
  ) {
    this.keys = workKeys(work.kind, work.id);
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

  async run(): Promise<{ rows: R[]; execution: SweepExecution }> {
    await this.redis.del(this.keys.cancel);
    await this.seed();
    await this.forgetFailedJobs();
    await this.follow();
    const reused = this.collected.size;
    await this.enqueueMissing();
    const computeStartedMs = Date.now();
    const pollMs = this.options.pollMs ?? 200;
    while (this.collected.size < this.work.total) {
      await this.untilCancelled(sleep(pollMs));
      if (this.ctx.signal.cancelled()) await this.cancel();
      if (this.outage) continue;
      await this.untilCancelled(this.step());
      if (this.ctx.signal.cancelled()) await this.cancel();
      this.report(computeStartedMs, reused);
    }
    const rows = normalizeRows([...this.collected.values()]);
    await this.refreshWorkers(true);
    return { rows, execution: { backend: 'cluster', computed: this.work.total - reused, reused, workers: this.workers } };
  }

  /** Datasets once per content hash, the manifest once per sweep or study (SET NX: concurrent enqueuers agree); study cells finished before are adopted. */
  private async seed(): Promise<void> {
    for (const { dataHash, data } of this.work.datasets) {
      const key = dataKey(dataHash);
      if (!(await this.redis.exists(key))) await this.redis.set(key, Buffer.from(encodeSweepData(data)), 'EX', SWEEP_TTL_S, 'NX');
      else await this.redis.expire(key, SWEEP_TTL_S);
    }
    await this.redis.set(this.keys.manifest, Buffer.from(encodeManifest(this.work.manifest)), 'EX', SWEEP_TTL_S, 'NX');
    const cellKeys = this.work.cellKeys ?? [];
    for (let index = 0; index < cellKeys.length; index++) await adoptCell(this.redis, this.keys, index, cellKeys[index]);
  }

  /** Jobs of this work that failed every attempt in an earlier run are removed, so a resume retries them. */
  private async forgetFailedJobs(): Promise<void> {
    for (const job of await this.queue.getFailed(0, -1)) {
      if (this.isOurs(job.data) && job.id) await this.queue.remove(job.id).catch(() => 0);
    }
  }

  private isOurs(data: UnitJobData | undefined): boolean {
    return data?.workId === this.work.id && data.kind === this.work.kind;
  }

  private missingIndices(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.work.total; i++) if (!this.collected.has(i)) out.push(i);
    return out;
  }

  /** One job per unfinished unit; ids are deterministic, so re-adding a queued or running one is a no-op. */
  private async enqueueMissing(): Promise<void> {
    this.lastEnqueueMs = Date.now();
    const missing = this.missingIndices();
    for (let k = 0; k < missing.length; k += ADD_BATCH) {
      await this.queue.addBulk(
        missing.slice(k, k + ADD_BATCH).map((index) => ({
          name: this.work.unit.one,
          data: { kind: this.work.kind, workId: this.work.id, index },
          opts: { jobId: unitJobId(this.work.kind, this.work.id, index), attempts: this.options.attempts ?? 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } },
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
        // The index is the unit's place in THIS work (an adopted study cell may sit elsewhere in another study).
        if (row !== null) this.collected.set(Number(index), { ...(JSON.parse(row) as R), index: Number(index) });
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
    const failed = (await this.queue.getFailed(0, -1)).filter((j) => this.isOurs(j.data));
    if (failed.length === 0) return;
    const first = failed[0];
    const { one } = this.work.unit;
    throw new RegimeLabError(
      'E_INTERNAL',
      `${failed.length} ${one} job(s) failed on every attempt (${one} ${first.data.index}: ${first.failedReason}); ${this.collected.size}/${this.work.total} results are kept in Redis — run the ${this.work.kind} again to retry only the missing ones`,
    );
  }

  private async refreshWorkers(force = false): Promise<void> {
    if (!force && Date.now() - this.workersCheckedMs < 2000) return;
    this.workersCheckedMs = Date.now();
    this.workers = await liveWorkerCount(this.redis);
  }

  private report(computeStartedMs = Date.now(), reused = 0): void {
    const done = this.collected.size;
    const total = this.work.total;
    const { kind, unit } = this.work;
    if (this.outage) {
      const since = new Date(this.outage.sinceMs).toISOString().slice(11, 19);
      this.ctx.progress({
        done,
        total,
        message: `PAUSED: Redis at ${this.target.redacted} is unreachable since ${since} UTC (${this.outage.reason}); ${done}/${total} results are safe, the ${kind} continues when Redis returns (cancel to stop)`,
      });
      return;
    }
    const workers = this.workers === 0 ? 'no live workers yet — start `regimelab worker --redis URL`' : `${this.workers} worker${this.workers === 1 ? '' : 's'}`;
    this.ctx.progress({ done, total, message: `${done}/${total} ${unit.many} on the cluster · ${workers} · ${formatEta(done - reused, total - done, computeStartedMs, Date.now(), unit)}` });
  }

  /** Raises the cancel key, removes this work's queued jobs (running ones see the key), keeps finished rows for a resume. */
  private async cancel(): Promise<never> {
    const done = this.collected.size;
    const { kind, id, unit } = this.work;
    const cleanup = (async () => {
      await this.redis.set(this.keys.cancel, '1', 'EX', SWEEP_TTL_S);
      const missing = this.missingIndices();
      for (let k = 0; k < missing.length; k += 500) {
        await Promise.all(missing.slice(k, k + 500).map((i) => this.queue.remove(unitJobId(kind, id, i)).catch(() => 0)));
      }
    })();
    const finished = await Promise.race([cleanup.then(() => true), sleep(5000).then(() => false)]);
    throw new RegimeLabError(
      'E_CANCELLED',
      finished
        ? `${kind} cancelled: queued ${unit.many} removed, running ones told to stop; ${done}/${this.work.total} finished ${unit.many} are kept in Redis for a resume`
        : `${kind} cancelled, but Redis at ${this.target.redacted} did not answer: queued ${unit.many} could not be removed (workers may still compute them; a resume reuses their results)`,
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
