// The cluster backend over rediss:// for real: a throwaway CA and server/client certificates made by
// openssl, Debian's redis-server listening on TLS only (`--port 0 --tls-port`, requirepass, client
// certificates required as by its default), a `regimelab worker` given the CA and client cert by
// flag, and a small sweep whose rows equal the local pool's. Without the CA or the client
// certificate the connection is refused with a clear message. Skipped, with the reason, if this
// redis-server was built without TLS.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../../../main/services/workers/worker-pool.ts';
import type { ComputeApi } from '../../../../../workers/compute-api.ts';
import { LocalBackend } from '../../../../../main/services/sweeps/local-backend.ts';
import { ClusterBackend } from '../../../../../main/services/sweeps/cluster-backend.ts';
import { parseRedisUrl, testRedisConnection } from '../../../../../main/services/sweeps/redis-connection.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { makeTlsFiles, spawnWorker, startRedis, sweepTask, testContext, type TestRedis, type TestTlsFiles, type WorkerProcess } from './cluster-fixtures.ts';

const PASSWORD = 'tls-test-pass';

describe('cluster backend over rediss:// (real TLS redis-server, throwaway CA)', () => {
  let dir: string;
  let certs: TestTlsFiles;
  let redis: TestRedis | null = null;
  /** Why the suite is skipped: this redis-server cannot serve TLS. */
  let tlsUnavailable: string | null = null;
  let pool: WorkerPool<ComputeApi>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    certs = makeTlsFiles(path.join(dir, 'tls'));
    try {
      redis = await startRedis(PASSWORD, { tls: certs });
    } catch (error) {
      const message = (error as Error).message;
      // A redis-server built without TLS rejects the tls-* directives at startup.
      if (/tls/i.test(message) && /Bad directive|not supported|not compiled|unknown/i.test(message)) tlsUnavailable = `this redis-server has no TLS support (${message.split('\n').find((l) => /tls/i.test(l))?.trim() ?? message})`;
      else throw error;
    }
    pool = new WorkerPool<ComputeApi>(path.join(repoRoot, 'out', 'workers', 'compute.mjs'), 2, 'compute');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await pool?.close();
    await redis?.stop();
    removeDir(dir);
  });

  const clientTls = () => ({ caFile: certs.caFile, certFile: certs.clientCert, keyFile: certs.clientKey });

  it('runs a sweep on a worker over TLS with the same rows as the local pool', async (ctx) => {
    if (tlsUnavailable) ctx.skip(tlsUnavailable);
    const url = redis!.url;
    expect(url).toMatch(/^rediss:\/\/:tls-test-pass@127\.0\.0\.1:\d+$/);
    const worker = await spawnWorker(url, path.join(dir, 'worker-cache'), ['--tls-ca', certs.caFile, '--tls-cert', certs.clientCert, '--tls-key', certs.clientKey]);
    workers.push(worker);
    expect(worker.output()).toMatch(/connected to rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(TLS\)/);
    const task = sweepTask();
    const progress = testContext();
    const cluster = await new ClusterBackend({ redisUrl: url, tls: clientTls() }).runSweep(task, progress);
    const local = await new LocalBackend(pool, 2).runSweep(task, testContext());
    expect(cluster.rows).toEqual(local.rows);
    expect(cluster.execution).toMatchObject({ backend: 'cluster', computed: task.total, reused: 0, workers: 1 });
    const report = await testRedisConnection(url, false, clientTls());
    expect(report).toMatchObject({ ok: true, tls: true, authenticated: true, allowed: true, workers: 1 });
    expect(report.message).toMatch(/over TLS/);
    expect(report.message).not.toContain(PASSWORD);
  });

  it('refuses clearly without the private CA, without a client certificate, and over plain redis://', async (ctx) => {
    if (tlsUnavailable) ctx.skip(tlsUnavailable);
    const url = redis!.url;
    // The system CAs do not know the throwaway CA: the certificate chain is refused.
    const noCa = await testRedisConnection(url, false, { certFile: certs.clientCert, keyFile: certs.clientKey });
    expect(noCa).toMatchObject({ ok: false, tls: true });
    expect(noCa.message).toMatch(/self[- ]signed certificate.*pass the CA that signed it \(tls\.caFile, --tls-ca CA\.pem\)/i);
    await expect(new ClusterBackend({ redisUrl: url, tls: { certFile: certs.clientCert, keyFile: certs.clientKey } }).runSweep(sweepTask(), testContext())).rejects.toMatchObject({ code: 'E_REFUSED', message: expect.stringMatching(/cannot reach Redis at rediss:\/\/:\*\*\*@/) });
    // The server requires a client certificate (tls-auth-clients yes): the CA alone is not enough.
    const noClientCert = await testRedisConnection(url, false, { caFile: certs.caFile });
    expect(noClientCert.ok).toBe(false);
    // The server's "certificate required" alert, or (TLS 1.3, timing) only the reset that follows it.
    expect(noClientCert.message).toMatch(/(certificate required|ECONNRESET|closed).*client certificate.*pass tls\.certFile and tls\.keyFile \(--tls-cert, --tls-key\)/);
    // Plain TCP to the TLS port: the server drops it, and the message suggests rediss://.
    const plain = await testRedisConnection(url.replace(/^rediss:/, 'redis:'), false);
    expect(plain).toMatchObject({ ok: false, tls: false });
    expect(plain.message).toMatch(/use rediss:\/\//);
    for (const report of [noCa, noClientCert, plain]) expect(report.message).not.toContain(PASSWORD);
    // Option mistakes are named before any connection.
    expect(() => parseRedisUrl(url.replace(/^rediss:/, 'redis:'), { caFile: certs.caFile })).toThrow(/tls.caFile is given but the redis URL is not rediss:\/\//);
    expect(() => parseRedisUrl(url, { caFile: path.join(dir, 'missing.pem') })).toThrow(/tls.caFile .*missing.pem: no such file/);
    expect(() => parseRedisUrl(url, { certFile: certs.clientCert })).toThrow(/certFile and tls.keyFile .* go together/);
  });
});
