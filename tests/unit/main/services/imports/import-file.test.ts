// The import service end to end: real exchange files from ../shared, the real import worker, real
// SQLite. Refused, cancelled and repeated imports must leave the store exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { Workstation } from '../../../../../main/services/workstation.ts';
import { syntheticMonthlyArchives } from '../../../../../core/data/synthetic-archive.ts';
import { resampleCandles } from '../../../../../core/series/resample.ts';
import { repoRoot, sharedPath } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { logicalDump } from '../../../helpers/store-dump.ts';

const spot1m = (day: string) => sharedPath('data', 'binance', 'spot', 'daily', 'klines', 'BTCUSDT', '1m', 'lostleaf__binance_datatool', `BTCUSDT-1m-2020-01-${day}.zip`);
const spot1h = (month: string) => sharedPath('data', 'binance', 'spot', 'monthly', 'klines', 'BTCUSDT', '1h', 'intabyu__interview-at', `BTCUSDT-1h-2023-${month}.csv`);

type Outcome = { status: string; instrumentId: number; timeframe: string; merge: { added: number; replaced: number; identical: number }; materialized: string[]; report: { rows: { rejected: number }; gaps: { count: number; list: { missingBars: number }[] }; flatZeroVolume: { count: number } }; message: string };


describe('importing exchange files', () => {
  let dir: string;
  let ws: Workstation;
  const importFile = async (params: Record<string, unknown>) => {
    const { done } = ws.startJob('data.importFile', params);
    return (await done) as Outcome;
  };
  const storeFile = () => path.join(dir, 'regimelab.sqlite');
  const checkpointedBytes = () => {
    ws.store.db.pragma('wal_checkpoint(TRUNCATE)');
    return fs.readFileSync(storeFile());
  };

  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false });
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('imports a Binance daily 1m zip, materializes every coarser timeframe and records the report', async () => {
    const outcome = await importFile({ path: spot1m('01') });
    expect(outcome).toMatchObject({ status: 'imported', timeframe: '1m', merge: { added: 1440, replaced: 0, identical: 0 } });
    expect(outcome.materialized).toEqual(['5m', '15m', '1h', '4h', '1d', '1w']);
    const [btc] = await ws.call('data.listInstruments', {});
    expect(btc).toMatchObject({ symbol: 'BTCUSDT', market: 'spot', simulated: false });
    expect(Object.fromEntries(btc.timeframes.map((t) => [t.timeframe, t.bars]))).toEqual({ '1m': 1440, '5m': 288, '15m': 96, '1h': 24, '4h': 6, '1d': 1, '1w': 1 });
    const imports = await ws.call('data.listImports', {});
    expect(imports[0]).toMatchObject({ fileName: 'BTCUSDT-1m-2020-01-01.zip', bars: 1440, sha256: 'dd579c62368ded93d3f01a1904575b932279e32936e181c062763e605793c1c2' });
    const report = await ws.call('data.getImportReport', { importId: imports[0].id });
    expect(report).toMatchObject({ fileName: 'BTCUSDT-1m-2020-01-01.zip', timestampUnit: 'ms' });
  });

  it('keeps resampled bars current when the next day is appended (the daily bar equals the 1m aggregate)', async () => {
    await importFile({ path: spot1m('02') });
    const [btc] = await ws.call('data.listInstruments', {});
    const minutes = await ws.call('data.getCandles', { instrumentId: btc.id, timeframe: '1m' });
    const daily = await ws.call('data.getCandles', { instrumentId: btc.id, timeframe: '1d' });
    expect(daily.candles.time.length).toBe(2);
    const day2 = minutes.candles.high.subarray(1440);
    expect(daily.candles.high[1]).toBe(Math.max(...day2));
    expect(daily.candles.close[1]).toBe(minutes.candles.close[2879]);
    const weekly = await ws.call('data.getCandles', { instrumentId: btc.id, timeframe: '1w' });
    expect(weekly.candles.volume[0]).toBeCloseTo(minutes.candles.volume.reduce((a, b) => a + b, 0), 6);
    expect(weekly.candles.flags[0]).toBe(2); // INCOMPLETE: two days of a week
  });

  it('re-importing the same file is a no-op that says so, and leaves the store byte-for-byte unchanged', async () => {
    const before = checkpointedBytes();
    const outcome = await importFile({ path: spot1m('01') });
    expect(outcome.status).toBe('unchanged');
    expect(outcome.message).toMatch(/already imported/);
    expect(checkpointedBytes().equals(before)).toBe(true);
  });

  it('refuses a junk file with a clear error and leaves the store byte-for-byte unchanged', async () => {
    const before = checkpointedBytes();
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    await expect(importFile({ bytes: junk, fileName: 'BTCUSDT-1m-2020-01-04.csv' })).rejects.toMatchObject({ code: expect.stringMatching(/E_BAD_INPUT|E_REFUSED/) });
    await expect(importFile({ path: path.join(dir, 'missing.zip') })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(checkpointedBytes().equals(before)).toBe(true);
  });

  it('a file that conflicts with a resampled series is refused inside the transaction and nothing lands', async () => {
    const before = logicalDump(storeFile());
    await expect(importFile({ path: spot1h('01'), policy: { symbol: 'BTCUSDT' } })).rejects.toMatchObject({ code: 'E_CONFLICT' });
    expect(logicalDump(storeFile())).toBe(before);
  });

  it('merges overlapping files by the duplicate policy: the later file wins, identical bars are counted', async () => {
    const january = fs.readFileSync(spot1h('01'), 'utf8').split('\n');
    // A re-published correction: the same month with one bar's close changed.
    const corrected = january.map((line, i) => (i === 100 ? line.replace(/^([^,]+,[^,]+,[^,]+,[^,]+,)([^,]+)/, (_m, head: string, close: string) => `${head}${(Number(close) + 1).toFixed(8)}`) : line));
    const first = await importFile({ path: spot1h('01'), policy: { symbol: 'BTC1H' } });
    expect(first.merge.added).toBe(744);
    const second = await importFile({ bytes: new TextEncoder().encode(corrected.join('\n')), fileName: 'BTCUSDT-1h-2023-01.csv', policy: { symbol: 'BTC1H' } });
    expect(second.merge).toMatchObject({ added: 0, replaced: 1, identical: 743 });
    const candles = await ws.call('data.getCandles', { instrumentId: second.instrumentId, timeframe: '1h' });
    expect(candles.candles.close[99]).toBeCloseTo(Number(january[100].split(',')[4]) + 1, 6);
  });

  it('reports the 2023-03-24 trading halt: the flat bar and the missing 13:00 bar', async () => {
    const outcome = await importFile({ path: spot1h('03'), policy: { symbol: 'BTC1H' } });
    expect(outcome.report.gaps.count).toBe(1);
    expect(outcome.report.gaps.list[0].missingBars).toBe(1);
    expect(outcome.report.flatZeroVolume.count).toBe(1);
  });

  it('a cancelled import leaves the store as it was', async () => {
    const before = logicalDump(storeFile());
    const { jobId, done } = ws.startJob('data.importFile', { path: spot1m('03') });
    ws.jobs.cancel(jobId);
    await expect(done).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(logicalDump(storeFile())).toBe(before);
    expect((await importFile({ path: spot1m('03') })).status).toBe('imported');
  });
});

describe('materialized timeframes', () => {
  it('equal a resample of the whole base series, whatever order the months arrive in', async () => {
    const dir = makeTempDir();
    const ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false });
    try {
      const archives = syntheticMonthlyArchives({ symbol: 'ETHUSDT', timeframe: '1m', startMs: Date.UTC(2024, 0, 29), endMs: Date.UTC(2024, 2, 4), seed: 5 });
      for (const index of [1, 0, 2]) {
        const { done } = ws.startJob('data.importFile', { bytes: archives[index].bytes, fileName: archives[index].fileName });
        await done;
      }
      const [eth] = await ws.call('data.listInstruments', {});
      const base = ws.store.readCandles(eth.id, '1m');
      for (const tf of ['5m', '15m', '1h', '4h', '1d', '1w'] as const) {
        const stored = ws.store.readCandles(eth.id, tf);
        const expected = resampleCandles(base, '1m', tf);
        expect(stored.time, tf).toEqual(expected.time);
        for (const field of ['open', 'high', 'low', 'close', 'volume', 'trades', 'takerBuyQuote'] as const) expect(stored[field], `${tf} ${field}`).toEqual(expected[field]);
        expect(stored.flags, `${tf} flags`).toEqual(expected.flags);
      }
    } finally {
      await ws.close();
      removeDir(dir);
    }
  });
});

describe('a process killed mid-import', () => {
  it('leaves a consistent store that passes the integrity check, and the re-import succeeds', async () => {
    const dir = makeTempDir();
    try {
      const archives = syntheticMonthlyArchives({ symbol: 'BTCUSDT', startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 4, 1), seed: 3 });
      const files = archives.map((a) => {
        const file = path.join(dir, a.fileName);
        fs.writeFileSync(file, a.bytes);
        return file;
      });
      const dataDir = path.join(dir, 'data');
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'regimelab.mjs'), 'import', '--data-dir', dataDir, ...files], { stdio: 'ignore' });
      // Kill it once the first month has committed and the next one is under way.
      const storeFile = path.join(dataDir, 'regimelab.sqlite');
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 30_000;
        const poll = setInterval(() => {
          try {
            if (fs.existsSync(storeFile)) {
              const db = new Database(storeFile, { readonly: true, fileMustExist: true });
              const n = (db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'imports'").get() as { n: number }).n > 0 ? (db.prepare('SELECT COUNT(*) AS n FROM imports').get() as { n: number }).n : 0;
              db.close();
              if (n >= 1) {
                clearInterval(poll);
                child.kill('SIGKILL');
                resolve();
              }
            }
          } catch {
            // the writer holds a lock for a moment; poll again
          }
          if (Date.now() > deadline) {
            clearInterval(poll);
            reject(new Error('the import never committed a file'));
          }
        }, 5);
      });
      await new Promise((r) => child.once('exit', r));
      const ws = await Workstation.open({ appRoot: repoRoot, dataDir, mode: 'test', seedSample: false });
      try {
        expect(ws.store.integrityCheck()).toBe('ok');
        const imported = await ws.call('data.listImports', {});
        expect(imported.length).toBeGreaterThanOrEqual(1);
        expect(imported.length).toBeLessThan(files.length);
        const btc = (await ws.call('data.listInstruments', {})).find((i) => i.symbol === 'BTCUSDT')!;
        const minutes = btc.timeframes.find((t) => t.timeframe === '1m')!;
        expect(minutes.bars).toBe(imported.reduce((s, i) => s + i.bars, 0)); // whole files only, nothing half-written
        const statuses: string[] = [];
        for (const file of files) {
          const { done } = ws.startJob('data.importFile', { path: file });
          statuses.push(((await done) as Outcome).status);
        }
        expect(statuses.filter((s) => s === 'unchanged').length).toBe(imported.length);
        expect(statuses.filter((s) => s === 'imported').length).toBe(files.length - imported.length);
        expect(ws.store.countCandles(btc.id, '1m')).toBe(archives.reduce((s, a) => s + a.rows, 0));
      } finally {
        await ws.close();
      }
    } finally {
      removeDir(dir);
    }
  });
});
