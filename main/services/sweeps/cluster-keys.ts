// The cluster backend's Redis layout, in one place. BullMQ's queue lives under `regimelab:variants:*`;
// beside it, per dataset and per sweep:
//   regimelab:data:{dataHash}              the dataset's wire bytes (pushed once per dataset)
//   regimelab:data:{dataHash}:fetches      how many workers downloaded it (each caches it by hash)
//   regimelab:sweep:{id}:manifest          config input, grid, regimes (wire bytes)
//   regimelab:sweep:{id}:results           HASH variant index → result row JSON (written once, HSETNX)
//   regimelab:sweep:{id}:log               LIST of indices in the order results were first written
//   regimelab:sweep:{id}:executions        HASH variant index → completed computations (tests: exactly once)
//   regimelab:sweep:{id}:cancel            present while the sweep is cancelled; workers check it
//   regimelab:workers                      ZSET worker id → last heartbeat (ms)

import type { Redis } from 'ioredis';

export const KEY_PREFIX = 'regimelab';
export const QUEUE_NAME = 'variants';
export const QUEUE_WAIT_KEY = `${KEY_PREFIX}:${QUEUE_NAME}:wait`;
export const WORKERS_KEY = `${KEY_PREFIX}:workers`;
/** A worker is live while its heartbeat is younger than this. */
export const WORKER_LIVE_MS = 10_000;
export const HEARTBEAT_MS = 2_000;
/** Sweep keys expire a week after their last write, so an abandoned sweep cleans up after itself. */
export const SWEEP_TTL_S = 7 * 24 * 3600;

export function dataKey(dataHash: string): string {
  return `${KEY_PREFIX}:data:${dataHash}`;
}

export function sweepKeys(sweepId: string) {
  const base = `${KEY_PREFIX}:sweep:${sweepId}`;
  return { manifest: `${base}:manifest`, results: `${base}:results`, log: `${base}:log`, executions: `${base}:executions`, cancel: `${base}:cancel` };
}

/** BullMQ job id of a variant: idempotent (re-adding an existing id is a no-op); ':' is not allowed in ids. */
export function variantJobId(sweepId: string, index: number): string {
  return `${sweepId}-${index}`;
}

export type VariantJobData = { sweepId: string; index: number };

/**
 * Records a computed row: counts the execution, writes the row only if none exists (results are
 * written once) and appends the index to the log the enqueuer follows. One script, so a worker
 * killed half-way leaves either nothing or everything.
 */
export const WRITE_RESULT_SCRIPT = `
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
local written = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if written == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
return written
`;

export async function writeResult(redis: Redis, sweepId: string, index: number, rowJson: string): Promise<boolean> {
  const k = sweepKeys(sweepId);
  const written = await redis.eval(WRITE_RESULT_SCRIPT, 3, k.results, k.log, k.executions, String(index), rowJson, String(SWEEP_TTL_S));
  return written === 1;
}

export async function liveWorkerCount(redis: Redis, nowMs = Date.now()): Promise<number> {
  return await redis.zcount(WORKERS_KEY, nowMs - WORKER_LIVE_MS, '+inf');
}
