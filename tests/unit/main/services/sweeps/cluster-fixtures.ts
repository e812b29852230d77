// Real components for the cluster suites: Debian's redis-server on a random loopback port (password
// optional, TLS optional with a throwaway CA made by openssl, no persistence, killed after the
// suite), `regimelab worker` processes spawned from the built CLI as separate machines, and a small
// synthetic sweep (2,000 4h bars, 40 variants).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { parseStrategyConfig } from '../../../../../core/backtest/config.ts';
import type { BacktestData } from '../../../../../core/backtest/data.ts';
import { expandGrid, type ParameterGrid } from '../../../../../core/backtest/grid.ts';
import { resolveBacktestRegimes } from '../../../../../core/backtest/run-backtest.ts';
import { configHash } from '../../../../../main/services/runs/run-store.ts';
import type { SweepBackendContext, SweepProgress, SweepTask } from '../../../../../main/services/sweeps/sweep-backend.ts';
import { sweepDataHash, sweepIdOf } from '../../../../../main/services/sweeps/sweep-dataset.ts';
import { syntheticMarket } from '../../../core/backtest/fixtures.ts';
import { repoRoot } from '../../../helpers/paths.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';
/** The checkout (benchmarks run bundled from .tmp/, where repoRoot's relative walk does not hold). */
export const CHECKOUT = fs.existsSync(path.join(repoRoot, 'bin', 'regimelab.mjs')) ? repoRoot : process.cwd();

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type TestRedis = { port: number; url: string; password: string | null; stop(): Promise<void>; start(): Promise<void> };

/** PEM files of a throwaway TLS setup: a CA, a server certificate for 127.0.0.1 / localhost, a client certificate, all signed by the CA. */
export type TestTlsFiles = { dir: string; caFile: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };

/** Generates a self-signed CA and a server and a client certificate with openssl (RSA 2048, valid 1 day) in `dir`. */
export function makeTlsFiles(dir: string): TestTlsFiles {
  fs.mkdirSync(dir, { recursive: true });
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr || r.error?.message}`);
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '1', '-subj', '/CN=RegimeLab throwaway test CA');
  fs.writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  fs.writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [['server', 'localhost'], ['client', 'regimelab-test-client']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '1', '-extfile', f(`${name}.ext`));
  }
  return { dir, caFile: f('ca.crt'), serverCert: f('server.crt'), serverKey: f('server.key'), clientCert: f('client.crt'), clientKey: f('client.key') };
}

/**
 * redis-server bound to 127.0.0.1 on a free port; `stop`/`start` simulate an outage on the same port.
 * With `tls`, the port speaks TLS only (`--port 0 --tls-port P`; clients must present a certificate
 * signed by the CA, redis-server's default) and the URL is rediss://.
 */
export async function startRedis(password: string | null, options: { tls?: TestTlsFiles } = {}): Promise<TestRedis> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const tls = options.tls;
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.serverCert, '--tls-key-file', tls.serverKey, '--tls-ca-cert-file', tls.caFile]
    : ['--port', String(port)];
  const start = async () => {
    const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])];
    const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  };
  const stop = async () => {
    const child = proc;
    proc = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };
  await start();
  const scheme = tls ? 'rediss' : 'redis';
  const url = password ? `${scheme}://:${password}@127.0.0.1:${port}` : `${scheme}://127.0.0.1:${port}`;
  return { port, url, password, start, stop };
}

export function redisClient(r: TestRedis): Redis {
  const client = new Redis({ host: '127.0.0.1', port: r.port, ...(r.password ? { password: r.password } : {}), maxRetriesPerRequest: null, lazyConnect: false });
  client.on('error', () => {});
  return client;
}

export type WorkerProcess = { child: ChildProcess; pid: number; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> };

/** `node bin/regimelab.mjs worker --redis URL` as its own process (a separate machine), with short stalled-job timings. */
export function spawnWorker(url: string, cacheDir: string, extra: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(CHECKOUT, 'bin', 'regimelab.mjs'), 'worker', '--redis', url, '--cache-dir', cacheDir, '--lock-duration-ms', '1000', '--stalled-interval-ms', '500', ...extra], {
    cwd: CHECKOUT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not connect: ${log}`)), 20_000);
    const check = () => {
      if (log.includes('connected to')) {
        clearTimeout(timer);
        resolve({
          child,
          pid: child.pid!,
          output: () => log,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${log}`));
    });
  });
}

export const SWEEP_CONFIG = {
  instruments: [{ symbol: 'BTCUSDT' }],
  regimes: { source: 'series' },
  sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] },
  gate: {},
  costs: { funding: { kind: 'constant', ratePerEvent: 0.0001 } },
};

/** 40 variants: 5 low-vol leverages × 4 high-vol leverages × 2 fees; one invalid leverage ('two') on purpose. */
export const SWEEP_GRID: ParameterGrid = { 'sizing.leverage.0': [1, 1.25, 1.5, 2, 'two'], 'sizing.leverage.1': [0.25, 0.5, 0.75, 1], 'costs.takerFeeBps': [0, 5] };

export function sweepData(bars = 2000, seed = 7): BacktestData {
  const m = syntheticMarket(bars, seed, Date.UTC(2022, 0, 1));
  return { timeframe: '4h', instruments: [{ symbol: 'BTCUSDT', candles: m.candles, regimeSeries: m.regimes }] };
}

export function sweepTask(data = sweepData(), grid: ParameterGrid = SWEEP_GRID, config: unknown = SWEEP_CONFIG): SweepTask {
  const regimes = resolveBacktestRegimes(parseStrategyConfig(config), data);
  const cfgHash = configHash({ config, grid });
  const { dataHash } = sweepDataHash(data);
  return { sweepId: sweepIdOf(cfgHash, dataHash), configHash: cfgHash, dataHash, configInput: config, grid, data, regimes, total: expandGrid(grid).length };
}

export type TestContext = SweepBackendContext & { updates: SweepProgress[]; cancel(): void };

export function testContext(): TestContext {
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const updates: SweepProgress[] = [];
  return {
    cancelFlag,
    updates,
    signal: { cancelled: () => Atomics.load(cancelFlag, 0) !== 0 },
    progress: (p) => updates.push(p),
    cancel: () => Atomics.store(cancelFlag, 0, 1),
  };
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
