// The `backtest.sweep` job through the service object and the CLI: stored candles in, one 'sweep'
// run out, the same run record (spec, data hash, summary, rows) on the local pool and on cluster
// workers; `cluster.testConnection` reports the live worker count; `regimelab sweep` prints JSON.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../../main/services/workstation.ts';
import { SAMPLE_SYMBOL } from '../../../../../core/sample/simulated-btc.ts';
import type { JobResult } from '../../../../../core/contract/jobs.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { spawnWorker, startRedis, type TestRedis, type WorkerProcess } from './cluster-fixtures.ts';

const CONFIG = { instruments: [{ symbol: SAMPLE_SYMBOL }], regimes: { source: 'none' }, sizing: { kind: 'constant', leverage: 1 }, costs: { takerFeeBps: 5 } };
const GRID = { 'sizing.leverage': [0.5, 1, 1.5, 2, 3], 'costs.takerFeeBps': [0, 2.5, 5, 10] };

describe('backtest.sweep job (service object, CLI)', () => {
  let dir: string;
  let ws: Workstation;
  let redis: TestRedis;
  let worker: WorkerProcess;
  let instrumentId: number;

  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false });
    ({ instrumentId } = (await ws.startJob('data.seedSample', { years: 1 }).done) as { instrumentId: number });
    redis = await startRedis('job-test-pass');
    worker = await spawnWorker(redis.url, path.join(dir, 'worker-cache'));
  });
  afterAll(async () => {
    await worker?.stop();
    await ws?.close();
    await redis?.stop();
    removeDir(dir);
  });

  const sweep = async (backend: unknown) => (await ws.startJob('backtest.sweep', { config: CONFIG, grid: GRID, data: { instrumentIds: [instrumentId], timeframe: '4h' }, backend }).done) as JobResult<'backtest.sweep'>;

  it('saves the same run record whichever backend ran the variants', async () => {
    const local = await sweep({ kind: 'local' });
    const cluster = await sweep({ kind: 'cluster', redisUrl: redis.url });
    expect(local.total).toBe(20);
    expect(cluster.rows).toEqual(local.rows);
    expect(local.execution.backend).toBe('local');
    expect(cluster.execution).toMatchObject({ backend: 'cluster', computed: 20, workers: 1 });
    const [a, b] = await Promise.all([ws.call('runs.get', { runId: local.runId }), ws.call('runs.get', { runId: cluster.runId })]);
    expect(a.kind).toBe('sweep');
    for (const field of ['spec', 'dataHash', 'configHash', 'summary', 'result', 'title', 'fromTime', 'toTime', 'hindsight'] as const) expect(b[field]).toEqual(a[field]);
    expect(JSON.stringify(b.spec)).not.toContain('redis'); // the backend (and its password) is not part of the record
    const summary = a.summary as { variants: number; ok: number; bestBySharpe: { index: number; sharpe: number } };
    expect(summary).toMatchObject({ variants: 20, ok: 20 });
    const sharpes = local.rows.map((r) => r.headline!.sharpe as number);
    expect(summary.bestBySharpe).toMatchObject({ index: sharpes.indexOf(Math.max(...sharpes)), sharpe: Math.max(...sharpes) });
    // Costs charged per variant follow the grid: at every leverage, 10 bps costs more than 0 bps.
    const fees = (lev: number, fee: number) => local.rows.find((r) => r.variant['sizing.leverage'] === lev && r.variant['costs.takerFeeBps'] === fee)!.headline!.fees as number;
    for (const lev of GRID['sizing.leverage']) expect(fees(lev, 10)).toBeGreaterThan(fees(lev, 0));
  });

  it('refuses an unauthenticated Redis in job params unless allowUnauthenticated is set, and tests connections', async () => {
    const open = await startRedis(null);
    try {
      await expect(sweep({ kind: 'cluster', redisUrl: open.url })).rejects.toMatchObject({ code: 'E_REFUSED' });
      expect(await ws.call('cluster.testConnection', { redisUrl: open.url })).toMatchObject({ ok: false, authenticated: false, allowed: false });
    } finally {
      await open.stop();
    }
    const report = await ws.call('cluster.testConnection', { redisUrl: redis.url });
    expect(report).toMatchObject({ ok: true, authenticated: true, tls: false, workers: 1 });
    expect(report.message).not.toContain('job-test-pass');
    expect(() => ws.startJob('backtest.sweep', { config: CONFIG, grid: GRID, data: { instrumentIds: [instrumentId], timeframe: '4h' }, backend: { kind: 'cluster', redisUrl: 'http://x' } })).toThrow(/redis:\/\//);
  });

  it('`regimelab sweep --json` gives the same rows on --backend local and --backend cluster', () => {
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(CONFIG));
    fs.writeFileSync(path.join(dir, 'grid.json'), JSON.stringify(GRID));
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'regimelab.mjs'), 'sweep', '--data-dir', dir, '--config', path.join(dir, 'config.json'), '--grid', path.join(dir, 'grid.json'), '--timeframe', '4h', '--json', ...args], {
        encoding: 'utf8',
        env: { ...process.env, REGIMELAB_REDIS_URL: redis.url },
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as JobResult<'backtest.sweep'>;
    };
    const local = cli('--backend', 'local');
    const cluster = cli('--backend', 'cluster');
    expect(local.total).toBe(20);
    expect(cluster.rows).toEqual(local.rows);
    expect(cluster.execution.reused).toBe(20); // the same sweep already ran on this Redis above
  });
});
