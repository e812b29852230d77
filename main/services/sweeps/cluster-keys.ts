// The cluster backend's Redis layout, in one place. BullMQ's queue lives under `regimelab:variants:*`
// (sweep variants and study cells share it); beside it, per dataset, per sweep or study, per cell:
//   regimelab:data:{dataHash}              the dataset's wire bytes (pushed once per dataset)
//   regimelab:data:{dataHash}:fetches      how many workers downloaded it (each caches it by hash)
//   regimelab:{sweep|study}:{id}:manifest   sweep: config input, grid, regimes; study: config input, cells (wire bytes)
//   regimelab:{sweep|study}:{id}:results    HASH index → result row JSON (written once, HSETNX)
//   regimelab:{sweep|study}:{id}:log        LIST of indices in the order results were first written
//   regimelab:{sweep|study}:{id}:executions HASH index → completed computations (tests: exactly once)
//   regimelab:{sweep|study}:{id}:cancel     present while the work is cancelled; workers check it
//   regimelab:cell:{cellKey}               a study cell's row by (config hash, data hash), reused by any study
//   regimelab:workers                      ZSET worker id → last heartbeat (ms)

import type { Redis } from 'ioredis';

export const KEY_PREFIX = 'regimelab';
export const QUEUE_NAME = 'variants';
export const QUEUE_WAIT_KEY = `${KEY_PREFIX}:${QUEUE_NAME}:wait`;
export const WORKERS_KEY = `${KEY_PREFIX}:workers`;
/** A worker is live while its heartbeat is younger than this. */
export const WORKER_LIVE_MS = 10_000;
export const HEARTBEAT_MS = 2_000;
/** Sweep and study keys expire a week after their last write, so abandoned work cleans up after itself. */
export const SWEEP_TTL_S = 7 * 24 * 3600;

/** What a queued unit belongs to: a sweep (units = grid variants) or a walk-forward study (units = cells). */
export type WorkKind = 'sweep' | 'study';

export function dataKey(dataHash: string): string {
  return `${KEY_PREFIX}:data:${dataHash}`;
}

export type WorkKeys = { manifest: string; results: string; log: string; executions: string; cancel: string };

export function workKeys(kind: WorkKind, id: string): WorkKeys {
  const base = `${KEY_PREFIX}:${kind}:${id}`;
  return { manifest: `${base}:manifest`, results: `${base}:results`, log: `${base}:log`, executions: `${base}:executions`, cancel: `${base}:cancel` };
}

export function sweepKeys(sweepId: string): WorkKeys {
  return workKeys('sweep', sweepId);
}

/** A study cell's row by its cell key (hash of config hash and data hash), shared by every study. */
export function cellResultKey(cellKey: string): string {
  return `${KEY_PREFIX}:cell:${cellKey}`;
}

/** BullMQ job id of a unit: idempotent (re-adding an existing id is a no-op); ':' is not allowed in ids. */
export function unitJobId(kind: WorkKind, id: string, index: number): string {
  return kind === 'sweep' ? `${id}-${index}` : `${kind}-${id}-${index}`;
}

export function variantJobId(sweepId: string, index: number): string {
  return unitJobId('sweep', sweepId, index);
}

/** A queued unit: variant `index` of sweep `workId`, or cell `index` of study `workId`. */
export type UnitJobData = { kind: WorkKind; workId: string; index: number };

/**
 * Records a computed row: counts the execution, writes the row only if none exists (results are
 * written once) and appends the index to the log the enqueuer follows; a study cell's row is also
 * kept under its cell key (KEYS[4]) for other studies. One script, so a worker killed half-way
 * leaves either nothing or everything.
 */
export const WRITE_RESULT_SCRIPT = `
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
local written = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if written == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
if #KEYS >= 4 then redis.call('SET', KEYS[4], ARGV[2], 'EX', ARGV[3], 'NX') end
return written
`;

export async function writeResult(redis: Redis, keys: WorkKeys, index: number, rowJson: string, cellKey?: string): Promise<boolean> {
  const names = [keys.results, keys.log, keys.executions, ...(cellKey ? [cellResultKey(cellKey)] : [])];
  const written = await redis.eval(WRITE_RESULT_SCRIPT, names.length, ...names, String(index), rowJson, String(SWEEP_TTL_S));
  return written === 1;
}

/**
 * Adopts a study cell already computed under its cell key (by this study before a restart, or by
 * another study with the same config and data): copies the row into this study's results without
 * counting an execution. Returns -1 when the cell key has no row, else 1 (adopted) or 0 (already there).
 */
export const ADOPT_CELL_SCRIPT = `
local row = redis.call('GET', KEYS[3])
if not row then return -1 end
local written = redis.call('HSETNX', KEYS[1], ARGV[1], row)
if written == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[2]) end
return written
`;

export async function adoptCell(redis: Redis, keys: WorkKeys, index: number, cellKey: string): Promise<-1 | 0 | 1> {
  return (await redis.eval(ADOPT_CELL_SCRIPT, 3, keys.results, keys.log, cellResultKey(cellKey), String(index), String(SWEEP_TTL_S))) as -1 | 0 | 1;
}

export async function liveWorkerCount(redis: Redis, nowMs = Date.now()): Promise<number> {
  return await redis.zcount(WORKERS_KEY, nowMs - WORKER_LIVE_MS, '+inf');
}
