// Connections to the Redis a user names for the cluster backend: URL parsing (redis:// or rediss://
// for TLS, password or ACL user in the URL), a redacted form for messages, the authentication probe
// behind the "no unauthenticated Redis" rule, and the connection test the UI's backend selector runs.

import { Redis, type RedisOptions } from 'ioredis';
import { RegimeLabError } from '../../../core/errors.ts';
import { QUEUE_WAIT_KEY, liveWorkerCount } from './cluster-keys.ts';

export type RedisTarget = {
  host: string;
  port: number;
  db: number;
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
  /** The URL with the password replaced by ***, for messages and logs. */
  redacted: string;
};

export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegimeLabError('E_BAD_INPUT', `redis URL '${redactUrl(url)}' is not a URL; expected redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://… for TLS`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RegimeLabError('E_BAD_INPUT', `redis URL must start with redis:// or rediss:// (TLS), got ${parsed.protocol}//`);
  }
  if (!parsed.hostname) throw new RegimeLabError('E_BAD_INPUT', `redis URL '${redactUrl(url)}' names no host`);
  const db = parsed.pathname && parsed.pathname !== '/' ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RegimeLabError('E_BAD_INPUT', `redis URL database '${parsed.pathname.slice(1)}' is not a number`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:',
    redacted: redactUrl(url),
  };
}

export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => `${scheme}${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}

function baseOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    // rediss://: TLS with the system CAs (NODE_EXTRA_CA_CERTS adds a private CA); the host name is checked.
    ...(target.tls ? { tls: { servername: target.host } } : {}),
  };
}

/**
 * A connection that survives Redis restarts: commands wait (offline queue) while it reconnects every
 * ≤ 1 s, so a sweep pauses instead of failing. The first connect must succeed within `connectTimeoutMs`.
 */
export async function openRedis(target: RedisTarget, name: string, connectTimeoutMs = 5000): Promise<Redis> {
  const redis = new Redis({
    ...baseOptions(target),
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  // Reported through 'close' / 'reconnecting' by the owner; never an unhandled error event. The first
  // one is kept: a failed connect only says "Connection is closed" when AUTH was refused.
  let firstError: Error | null = null;
  redis.on('error', (error: Error) => (firstError ??= error));
  try {
    await withTimeout(redis.connect(), connectTimeoutMs, `connecting to ${target.redacted}`);
    return redis;
  } catch (error) {
    redis.disconnect();
    const cause = (firstError as Error | null) ?? (error instanceof Error ? error : new Error(String(error)));
    const hint = /WRONGPASS|NOAUTH|invalid username-password/i.test(cause.message) ? ' — check the password (or ACL user) in the URL' : '';
    throw new RegimeLabError('E_REFUSED', `cannot reach Redis at ${target.redacted}: ${cause.message}${hint}`);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the server refuses clients that do not authenticate: a fresh connection WITHOUT the URL's
 * credentials sends PING; PONG means anyone who reaches the port can read the data and feed workers.
 */
export async function serverRequiresAuth(target: RedisTarget, timeoutMs = 3000): Promise<boolean> {
  const probe = new Redis({ ...baseOptions({ ...target, username: undefined, password: undefined }), lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  probe.on('error', () => {});
  try {
    await withTimeout(probe.connect(), timeoutMs, `probing ${target.redacted}`);
    await withTimeout(probe.ping(), timeoutMs, `probing ${target.redacted}`);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/NOAUTH|WRONGPASS|NOPERM|Authentication required/i.test(message)) return true;
    throw new RegimeLabError('E_REFUSED', `cannot reach Redis at ${target.redacted}: ${message}`);
  } finally {
    probe.disconnect();
  }
}

export const UNAUTHENTICATED_OVERRIDE_HINT = '--allow-unauthenticated-redis (CLI) or allowUnauthenticated: true (job params)';

/** Throws E_REFUSED unless the server requires authentication or the user explicitly allowed an open one. */
export async function assertAuthenticatedRedis(target: RedisTarget, allowUnauthenticated: boolean): Promise<{ authenticated: boolean }> {
  const authenticated = await serverRequiresAuth(target);
  if (!authenticated && !allowUnauthenticated) {
    throw new RegimeLabError(
      'E_REFUSED',
      `Redis at ${target.redacted} accepts clients without a password: anyone who can reach it could read the sweep's data and feed the workers. ` +
        `Set requirepass (or an ACL user) and put it in the URL (redis://:PASSWORD@HOST:PORT, rediss:// for TLS), or pass ${UNAUTHENTICATED_OVERRIDE_HINT} for a private test instance.`,
    );
  }
  return { authenticated };
}

export type ConnectionReport = {
  ok: boolean;
  url: string;
  tls: boolean;
  /** The server refuses clients that do not authenticate. */
  authenticated: boolean | null;
  /** False when the server is open and the override was not given: sweeps would be refused. */
  allowed: boolean;
  latencyMs: number | null;
  redisVersion: string | null;
  workers: number;
  queued: number | null;
  message: string;
};

/** `cluster.testConnection`: reachability, authentication, round trip, server version and live workers; never throws for a bad server. */
export async function testRedisConnection(url: string, allowUnauthenticated: boolean): Promise<ConnectionReport> {
  const target = parseRedisUrl(url);
  const report: ConnectionReport = { ok: false, url: target.redacted, tls: target.tls, authenticated: null, allowed: false, latencyMs: null, redisVersion: null, workers: 0, queued: null, message: '' };
  let redis: Redis | null = null;
  try {
    report.authenticated = await serverRequiresAuth(target);
    redis = await openRedis(target, 'regimelab:test', 3000);
    const t0 = performance.now();
    await redis.ping();
    report.latencyMs = Math.round((performance.now() - t0) * 100) / 100;
    report.redisVersion = /redis_version:([^\r\n]+)/.exec(await redis.info('server'))?.[1] ?? null;
    report.workers = await liveWorkerCount(redis);
    report.queued = await redis.llen(QUEUE_WAIT_KEY);
    report.allowed = report.authenticated || allowUnauthenticated;
    report.ok = report.allowed;
    report.message = report.allowed
      ? `connected to Redis ${report.redisVersion ?? '?'} at ${target.redacted}${target.tls ? ' over TLS' : ''} in ${report.latencyMs} ms; ${report.workers} live worker${report.workers === 1 ? '' : 's'}${report.authenticated ? '' : ' (UNAUTHENTICATED server, allowed by override)'}`
      : `Redis at ${target.redacted} answers without authentication; sweeps will be refused unless you allow it explicitly (${UNAUTHENTICATED_OVERRIDE_HINT})`;
  } catch (error) {
    report.message = error instanceof Error ? error.message : String(error);
  } finally {
    redis?.disconnect();
  }
  return report;
}
