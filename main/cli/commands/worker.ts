// `regimelab worker --redis URL`: a cluster worker on this machine. It connects OUT to the Redis the
// sweeps and studies are queued on (nothing listens here), runs variants and study cells with the
// same compute code as the local pool, and caches datasets by hash. --concurrency N starts N worker
// processes (compute is CPU-bound).

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { appPaths, resolveDataDir } from '../../services/paths.ts';
import { startClusterWorker } from '../../services/sweeps/cluster-worker.ts';
import { TLS_OPTIONS, TLS_USAGE, redisUrlOf, tlsFilesOf } from '../backend-options.ts';

function positiveInt(value: unknown, flag: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1, got ${String(value)}`);
  return n;
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run sweep variants and study cells for a cluster backend: pulls jobs from the Redis it is given',
  usage: `regimelab worker --redis URL [--concurrency N] [--cache-dir DIR] [--allow-unauthenticated-redis] ${TLS_USAGE} [--lock-duration-ms MS] [--stalled-interval-ms MS]   (URL also from REGIMELAB_REDIS_URL)`,
  options: {
    redis: { type: 'string' },
    concurrency: { type: 'string' },
    'cache-dir': { type: 'string' },
    'allow-unauthenticated-redis': { type: 'boolean' },
    'lock-duration-ms': { type: 'string' },
    'stalled-interval-ms': { type: 'string' },
    ...TLS_OPTIONS,
  },
  async run(values, _positionals, ctx) {
    const redisUrl = redisUrlOf(values, 'a worker');
    const tls = tlsFilesOf(values);
    const processes = positiveInt(values.concurrency, '--concurrency', 1)!;
    const cacheDir = typeof values['cache-dir'] === 'string' ? path.resolve(values['cache-dir']) : path.join(resolveDataDir(ctx.dataDir), 'cluster-cache');
    const lockDurationMs = positiveInt(values['lock-duration-ms'], '--lock-duration-ms', undefined);
    const stalledIntervalMs = positiveInt(values['stalled-interval-ms'], '--stalled-interval-ms', undefined);
    if (processes > 1) return superviseWorkers(processes, redisUrl, values, ctx);
    const worker = await startClusterWorker({
      redisUrl,
      allowUnauthenticated: values['allow-unauthenticated-redis'] === true,
      tls,
      computeWorkerEntry: appPaths(ctx.appRoot).workerEntry('compute'),
      cacheDir,
      lockDurationMs,
      stalledIntervalMs,
      log: (line) => ctx.stderr(`[worker ${process.pid}] ${line}`),
    });
    if (ctx.json) ctx.stdout(JSON.stringify({ workerId: worker.workerId, pid: process.pid, cacheDir }));
    const shutdown = async () => {
      ctx.stderr(`[worker ${process.pid}] stopping after the current variant (${worker.stats.computed} computed, ${worker.stats.skipped} skipped)`);
      await worker.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    return { stream: true };
  },
};

/** N single worker processes, each its own BullMQ worker; the URL goes by environment, not argv. */
function superviseWorkers(count: number, redisUrl: string, values: Record<string, unknown>, ctx: { stderr: (t: string) => void; dataDir: string | undefined }): { stream: true } {
  const args = [process.argv[1], 'worker', '--concurrency', '1'];
  if (ctx.dataDir) args.push('--data-dir', ctx.dataDir);
  for (const flag of ['cache-dir', 'lock-duration-ms', 'stalled-interval-ms', ...Object.keys(TLS_OPTIONS)]) if (typeof values[flag] === 'string') args.push(`--${flag}`, values[flag] as string);
  if (values['allow-unauthenticated-redis'] === true) args.push('--allow-unauthenticated-redis');
  const children: ChildProcess[] = [];
  let running = count;
  for (let k = 0; k < count; k++) {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, REGIMELAB_REDIS_URL: redisUrl } });
    child.on('exit', (code) => {
      running--;
      if (code !== 0 && code !== null) ctx.stderr(`worker process ${child.pid} exited with code ${code}`);
      if (running === 0) process.exit(0);
    });
    children.push(child);
  }
  const stop = (signal: NodeJS.Signals) => () => children.forEach((c) => c.kill(signal));
  process.once('SIGINT', stop('SIGINT'));
  process.once('SIGTERM', stop('SIGTERM'));
  return { stream: true };
}
