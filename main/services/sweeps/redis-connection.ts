// Connections to the Redis a user names for the cluster backend: URL parsing (redis:// or rediss://
// for TLS, password or ACL user in the URL; a private CA and a client certificate as PEM files), a
// redacted form for messages, the authentication probe behind the "no unauthenticated Redis" rule,
// and the connection test the UI's backend selector runs.

import fs from 'node:fs';
import net from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTlsFiles } from '../../../core/contract/jobs.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import { QUEUE_WAIT_KEY, liveWorkerCount } from './cluster-keys.ts';

export type RedisTarget = {
  host: string;
  port: number;
  db: number;
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
  /** PEM contents of the TLS files the user named (rediss:// only); absent: the system CAs, no client certificate. */
  tlsPem: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** The URL with the password replaced by ***, for messages and logs. */
  redacted: string;
};

export type { RedisTlsFiles };

/** Reads the PEM files of `tls` (names the option and the path of one that cannot be read). */
function readTlsFiles(tls: RedisTlsFiles, url: string): RedisTarget['tlsPem'] {
  const given = Object.entries(tls).filter(([, file]) => file !== undefined) as [keyof RedisTlsFiles, string][];
  if (given.length === 0) return {};
  if (!/^rediss:/i.test(url)) throw new RegimeLabError('E_BAD_INPUT', `tls.${given[0][0]} is given but the redis URL is not rediss:// — use rediss://HOST:PORT for TLS`);
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) throw new RegimeLabError('E_BAD_INPUT', 'tls.certFile and tls.keyFile (the client certificate and its key) go together; give both or neither');
  const pem: RedisTarget['tlsPem'] = {};
  const field = { caFile: 'ca', certFile: 'cert', keyFile: 'key' } as const;
  for (const [name, file] of given) {
    try {
      pem[field[name]] = fs.readFileSync(file);
    } catch (error) {
      throw new RegimeLabError('E_BAD_INPUT', `tls.${name} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  }
  return pem;
}

/**
 * `tls` names PEM files on this machine for rediss://: `caFile` the CA that signed the server's
 * certificate (a private CA; default: the system CAs), `certFile` + `keyFile` a client certificate
 * for servers that demand one (redis-server's default `tls-auth-clients yes`).
 */
export function parseRedisUrl(url: string, tls: RedisTlsFiles = {}): RedisTarget {
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
    tlsPem: readTlsFiles(tls, url),
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
    // rediss://: TLS; the server certificate is checked against the host (a DNS name or an IP SAN) and
    // the named CA or the system CAs. SNI carries DNS names only (RFC 6066), so none for an IP host.
    ...(target.tls ? { tls: { ...(net.isIP(target.host) ? {} : { servername: target.host }), ...target.tlsPem } } : {}),
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
    throw unreachable(target, cause.message);
  }
}

/** E_REFUSED for a connection that failed, with what to check for the usual causes. */
function unreachable(target: RedisTarget, rawMessage: string): RegimeLabError {
  const message = rawMessage.trim().replace(/\s*\n\s*/g, ' ');
  let hint = '';
  if (/WRONGPASS|NOAUTH|invalid username-password/i.test(message)) hint = ' — check the password (or ACL user) in the URL';
  else if (target.tls && /certificate required|bad certificate|unknown ca|alert number (116|42|48)\b/i.test(message)) {
    // TLS alerts sent by the server: it wants (or did not accept) a client certificate.
    hint = target.tlsPem.cert
      ? ' — the server refused the client certificate: is it signed by a CA the server trusts (its tls-ca-cert-file)?'
      : ' — the server requires a client certificate (tls-auth-clients): pass tls.certFile and tls.keyFile (--tls-cert, --tls-key)';
  } else if (target.tls && /self[- ]signed|unable to (get|verify)|UNABLE_TO|CERT_|certificate has expired/i.test(message)) {
    hint = " — the server's certificate is not trusted here: pass the CA that signed it (tls.caFile, --tls-ca CA.pem)";
  } else if (target.tls && /does not match|altnames/i.test(message)) hint = " — the server's certificate does not name this host; connect by a name (or IP) in its subjectAltName";
  else if (target.tls && !target.tlsPem.cert && /closed|ECONNRESET|socket hang up/i.test(message)) {
    // With TLS 1.3 the server checks the client certificate after the handshake; its alert may be lost to the reset.
    hint = ' — the server dropped the TLS connection; if it requires client certificates (tls-auth-clients), pass tls.certFile and tls.keyFile (--tls-cert, --tls-key)';
  } else if (!target.tls && /closed|ECONNRESET/i.test(message)) hint = ' — if the server speaks TLS, use rediss://';
  return new RegimeLabError('E_REFUSED', `cannot reach Redis at ${target.redacted}: ${message}${hint}`);
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
  // The socket's own error (a TLS certificate refusal, ECONNREFUSED) says more than "Connection is closed".
  let firstError: Error | null = null;
  probe.on('error', (error: Error) => (firstError ??= error));
  try {
    await withTimeout(probe.connect(), timeoutMs, `probing ${target.redacted}`);
    await withTimeout(probe.ping(), timeoutMs, `probing ${target.redacted}`);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/NOAUTH|WRONGPASS|NOPERM|Authentication required/i.test(message)) return true;
    throw unreachable(target, (firstError as Error | null)?.message ?? message);
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
export async function testRedisConnection(url: string, allowUnauthenticated: boolean, tls: RedisTlsFiles = {}): Promise<ConnectionReport> {
  const target = parseRedisUrl(url, tls);
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
