// The `backtest.walkForwardStudy` job through the service object and the CLI, on real Binance
// candles in a real store: one 'walk-forward' run with a row per (instrument, timeframe) cell and
// the same record on the local pool and on a cluster worker; cancel (local or cluster) leaves the
// store exactly as it was; bad params are refused naming the field; `regimelab study --json`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResult } from '../../../../../core/contract/jobs.ts';
import type { Workstation } from '../../../../../main/services/workstation.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { logicalDump } from '../../../helpers/store-dump.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { spawnWorker, startRedis, type TestRedis, type WorkerProcess } from '../sweeps/cluster-fixtures.ts';
import { RANGE, openStudyWorkstation, studyConfig } from './study-fixtures.ts';

type StudyResult = JobResult<'backtest.walkForwardStudy'>;

describe('backtest.walkForwardStudy job (service object, CLI)', () => {
  let dir: string;
  let ws: Workstation;
  let ids: { BTCUSDT: number; ETHUSDT: number; SOLUSDT: number };
  let redis: TestRedis;
  let worker: WorkerProcess;

  beforeAll(async () => {
    dir = makeTempDir();
    [{ ws, ids }, redis] = await Promise.all([openStudyWorkstation(dir), startRedis('study-job-pass')]);
    worker = await spawnWorker(redis.url, path.join(dir, 'worker-cache'));
  });
  afterAll(async () => {
    await worker?.stop();
    await ws?.close();
    await redis?.stop();
    removeDir(dir);
  });

  const params = (config: unknown, backend: unknown, symbols: (keyof typeof ids)[] = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) => ({
    config,
    instrumentIds: symbols.map((s) => ids[s]),
    timeframes: ['4h', '1d'],
    ...RANGE,
    backend,
  });
  const study = async (config: unknown, backend: unknown) => (await ws.startJob('backtest.walkForwardStudy', params(config, backend)).done) as StudyResult;

  it('saves one walk-forward run with a row per cell, the same record on the local pool and the cluster', async () => {
    const config = studyConfig('wf-job');
    const local = await study(config, { kind: 'local' });
    const cluster = await study(config, { kind: 'cluster', redisUrl: redis.url });
    expect(local.total).toBe(6);
    expect(cluster.rows).toEqual(local.rows);
    expect(local.execution).toMatchObject({ backend: 'local', computed: 6 });
    expect(cluster.execution).toMatchObject({ backend: 'cluster', computed: 6, reused: 0, workers: 1 });
    const [a, b] = await Promise.all([ws.call('runs.get', { runId: local.runId }), ws.call('runs.get', { runId: cluster.runId })]);
    expect(a.kind).toBe('walk-forward');
    for (const field of ['spec', 'dataHash', 'configHash', 'summary', 'result', 'title', 'fromTime', 'toTime', 'hindsight', 'timeframe', 'instrumentId'] as const) expect(b[field]).toEqual(a[field]);
    expect(JSON.stringify(b.spec)).not.toContain('redis'); // the backend (and its password) is not part of the record
    expect(a.hindsight).toBe(false);
    expect(a.timeframe).toBeNull(); // several timeframes
    expect(a.fromTime).toBe(Date.UTC(2023, 0, 1, 4)); // the first 4h decision bar is 00:00, the first traded bar 04:00
    const result = a.result as { rows: StudyResult['rows']; total: number };
    expect(result.rows).toEqual(local.rows);
    expect(result.rows.map((r) => `${r.symbol} ${r.timeframe}`)).toEqual(['BTCUSDT 4h', 'BTCUSDT 1d', 'ETHUSDT 4h', 'ETHUSDT 1d', 'SOLUSDT 4h', 'SOLUSDT 1d']);
    const sharpes = local.rows.map((r) => r.headline!.sharpe as number);
    const best = sharpes.indexOf(Math.max(...sharpes));
    expect(a.summary).toMatchObject({
      cells: 6,
      ok: 6,
      errors: 0,
      hindsight: false,
      refits: local.rows.reduce((s, r) => s + r.refits, 0),
      symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
      timeframes: ['4h', '1d'],
      bestBySharpe: { index: best, symbol: local.rows[best].symbol, timeframe: local.rows[best].timeframe, sharpe: Math.max(...sharpes) },
      beatBuyAndHold: local.rows.filter((r) => (r.headline!.totalReturn as number) > r.buyAndHold!.totalReturn!).length,
    });
    expect((await ws.call('runs.list', { kind: 'walk-forward' })).map((r) => r.id).sort()).toEqual([local.runId, cluster.runId].sort());
  });

  it('cancel leaves no run, on the local pool and on the cluster', async () => {
    const before = logicalDump(ws.store.path);
    for (const [name, backend] of [['wf-cancel-local', { kind: 'local' }], ['wf-cancel-cluster', { kind: 'cluster', redisUrl: redis.url }]] as const) {
      const { jobId, done } = ws.startJob('backtest.walkForwardStudy', params(studyConfig(name, 60), backend));
      // Cancel once the first cell is done (the others are running or queued).
      const off = ws.on('job.progress', (p) => {
        if (p.jobId === jobId && /^[1-5]\/6 cells/.test(p.message)) ws.jobs.cancel(jobId);
      });
      await expect(done.finally(off)).rejects.toMatchObject({ code: 'E_CANCELLED' });
      expect(ws.jobs.info(jobId).state).toBe('cancelled');
    }
    expect(logicalDump(ws.store.path)).toBe(before);
  });

  it('refuses params that cannot make a walk-forward study, naming the field', async () => {
    const start = (p: unknown) => ws.startJob('backtest.walkForwardStudy', p);
    const hindsight = { ...studyConfig('x'), regimes: { source: 'hindsight' } };
    await expect(start(params(hindsight, { kind: 'local' })).done).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/config\.regimes\.source is 'hindsight'; a walk-forward study needs regimes\.source 'walk-forward'/) });
    const twoInstruments = { ...studyConfig('x'), instruments: [{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }] };
    await expect(start(params(twoInstruments, { kind: 'local' })).done).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/config\.instruments lists 2 instruments; a walk-forward study runs one instrument per cell/) });
    expect(() => start({ ...params(studyConfig('x'), { kind: 'local' }), timeframes: ['4h', '4h'] })).toThrow(/timeframes: lists a timeframe twice/);
    expect(() => start({ ...params(studyConfig('x'), { kind: 'local' }), instrumentIds: [] })).toThrow(/instrumentIds/);
    await expect(start({ ...params(studyConfig('x'), { kind: 'local' }), timeframes: ['1h'] }).done).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringMatching(/BTCUSDT has no 1h candles \(stored: 4h, 1d, 1w\)/) });
    expect(() => start(params(studyConfig('x'), { kind: 'cluster', redisUrl: redis.url, tls: { certFile: '/x.pem' } }))).toThrow(/certFile and keyFile go together/);
  });

  it('`regimelab study --json` gives the same rows on --backend local and --backend cluster', () => {
    fs.writeFileSync(path.join(dir, 'study.json'), JSON.stringify(studyConfig('wf-cli')));
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'regimelab.mjs'), 'study', '--data-dir', dir, '--config', path.join(dir, 'study.json'), '--symbols', 'BTCUSDT,SOLUSDT', '--timeframes', '4h,1d', '--from', '2023-01-01', '--to', '2024-01-01', ...args], {
        encoding: 'utf8',
        env: { ...process.env, REGIMELAB_REDIS_URL: redis.url },
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const local = JSON.parse(cli('--json')) as StudyResult;
    const cluster = JSON.parse(cli('--backend', 'cluster', '--json')) as StudyResult;
    expect(local.total).toBe(4);
    expect(cluster.rows).toEqual(local.rows);
    expect(cluster.execution.computed).toBe(4);
    const text = cli('--backend', 'cluster'); // every cell is reused by its (config hash, data hash)
    expect(text).toMatch(/walk-forward study of 4 cells \(BTCUSDT, SOLUSDT × 4h, 1d\) \(cluster: 0 computed, 4 reused, 1 workers\)/);
    expect(text).toMatch(/SOLUSDT\s+1d\s+366\s+2023-01-02 → 2024-01-01\s+2\s/);
    const refused = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'regimelab.mjs'), 'study', '--data-dir', dir, '--config', path.join(dir, 'study.json'), '--symbols', 'BTCUSDT', '--timeframes', '4h,2h'], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--timeframes: "2h" is not one of 1m, 5m, 15m, 1h, 4h, 1d, 1w/);
  });
});
