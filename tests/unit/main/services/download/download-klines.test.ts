// The archive downloader end to end against a loopback stand-in for data.binance.vision: real
// Binance zips and CHECKSUMs from ../shared (and monthly zips built from real 1h rows), the real
// import worker, real SQLite. Every fault must end in a complete, verified store or an unchanged one.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Workstation } from '../../../../../main/services/workstation.ts';
import type { JobResult } from '../../../../../core/contract/jobs.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { ArchiveServer, daily1hZips, klineZip, monthly1hZip, realDailyZip, sha256 } from './archive-server.ts';
import { logicalDump } from '../../../helpers/store-dump.ts';

type Result = JobResult<'data.download'>;
const FAST = { retries: 2, retryDelayMs: 10, timeoutMs: 2000 };
const JAN_1_TO_3 = { symbol: 'BTCUSDT', interval: '1m', from: '2020-01-01', to: '2020-01-03' };
const day = (d: '01' | '02' | '03') => realDailyZip(d);


describe('downloading Binance archives', () => {
  let server: ArchiveServer;
  let dir: string;
  let ws: Workstation;
  const cacheFile = (archivePath: string) => path.join(dir, 'downloads', 'binance', ...archivePath.split('/'));
  const download = (params: Record<string, unknown>) => ws.startJob('data.download', { baseUrl: server.baseUrl, ...FAST, ...params }).done as Promise<Result>;
  const bars = async (timeframe: string) => {
    const [btc] = await ws.call('data.listInstruments', {});
    return btc?.timeframes.find((t) => t.timeframe === timeframe)?.bars ?? 0;
  };
  const importedSha = () => (ws.store.db.prepare('SELECT sha256 FROM imports ORDER BY first_time').all() as { sha256: string }[]).map((r) => r.sha256);

  beforeAll(async () => {
    server = await new ArchiveServer().start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    server.files.clear();
    server.faults.clear();
    server.log.length = 0;
    server.maxInFlight = 0;
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false, computeWorkers: 1 });
  });
  afterEach(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('downloads the real daily 1m zips, verifies them against their real CHECKSUMs, imports each; a re-run is a no-op from the cache', async () => {
    for (const d of ['01', '02', '03'] as const) server.put(day(d).path, day(d).bytes, day(d).checksum);
    // One file paced over ~250 ms, so byte progress is reported while it is still arriving (progress
    // events are throttled to one per 50 ms; an instant loopback download could finish between two).
    server.fault(day('02').path, { kind: 'slow', chunkBytes: Math.ceil(day('02').bytes.length / 5), everyMs: 50 });
    const progress: string[] = [];
    const off = ws.on('job.progress', (p) => progress.push(p.message));
    const first = await download({ ...JAN_1_TO_3, concurrency: 2 });
    off();
    expect(first).toMatchObject({ planned: 3, downloaded: 3, verified: 3, imported: 3, skipped: 0, missing: 0, failed: 0, fromDay: '2020-01-01', toDay: '2020-01-03' });
    expect(first.bytes).toBe(day('01').bytes.length + day('02').bytes.length + day('03').bytes.length);
    expect(first.files.map((f) => f.sha256)).toEqual([day('01').checksum, day('02').checksum, day('03').checksum]);
    expect(await bars('1m')).toBe(3 * 1440);
    expect(await bars('1d')).toBe(3);
    expect(importedSha()).toEqual([day('01').checksum, day('02').checksum, day('03').checksum]);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(progress.some((m) => /downloading: \d of 3 files, [\d.]+ of [\d.]+\+ MB/.test(m)), progress.join('\n')).toBe(true);
    expect(progress.some((m) => /^importing [1-3] of 3/.test(m)), progress.join('\n')).toBe(true);
    expect(fs.existsSync(cacheFile(day('02').path))).toBe(true);

    const before = logicalDump(path.join(dir, 'regimelab.sqlite'));
    const zipGets = server.requests('.zip').length;
    const again = await download(JAN_1_TO_3);
    expect(again).toMatchObject({ downloaded: 0, verified: 3, imported: 0, skipped: 3, bytes: 0 });
    expect(again.files.every((f) => f.source === 'cache' && f.status === 'unchanged')).toBe(true);
    expect(server.requests('.zip').length).toBe(zipGets); // only the CHECKSUMs were fetched again
    expect(logicalDump(path.join(dir, 'regimelab.sqlite'))).toBe(before);
  });

  it('reports a 404 month: falls back to its daily archives, and reports a month with none as missing', async () => {
    for (const m of ['01', '03'] as const) server.put(monthly1hZip(m).path, monthly1hZip(m).bytes);
    for (const d of daily1hZips('02')) server.put(d.path, d.bytes);
    const result = await download({ symbol: 'BTCUSDT', interval: '1h', from: '2023-01', to: '2023-04' });
    expect(result).toMatchObject({ imported: 2 + 28, missing: 1, failed: 0 });
    expect(result.notes).toContain('2023-02: no monthly archive (HTTP 404); used its 28 daily archives instead');
    const april = result.files.find((f) => f.label === '2023-04')!;
    expect(april).toMatchObject({ status: 'missing', period: 'monthly' });
    expect(april.message).toMatch(/BTCUSDT-1h-2023-04\.zip: not in the archive \(HTTP 404\), and none of its 30 daily archives either/);
    // Jan 744 + Feb 28 × 24 + Mar 743 (the real March file lacks one hour).
    expect(await bars('1h')).toBe(744 + 672 + 743);
    expect(await bars('1d')).toBe(31 + 28 + 31);
  });

  it('refuses a corrupt zip (its CHECKSUM matches, a CRC does not) after retrying, and imports the rest', async () => {
    for (const d of ['01', '03'] as const) server.put(day(d).path, day(d).bytes, day(d).checksum);
    const corrupt = day('02').bytes.slice();
    for (let p = 2000; p < 2016; p++) corrupt[p] ^= 0xff; // inside the deflate stream; the zip directory is intact
    server.put(day('02').path, corrupt); // published corrupt: the CHECKSUM is of these bytes
    const result = await download(JAN_1_TO_3);
    const bad = result.files.find((f) => f.label === '2020-01-02')!;
    expect(bad).toMatchObject({ status: 'failed', attempts: FAST.retries + 1 });
    expect(bad.message).toMatch(/BTCUSDT-1m-2020-01-02\.zip: refused after 3 attempts: corrupt zip: .*(corrupt|CRC-32)/);
    expect(server.requests(day('02').path)).toHaveLength(3);
    expect(result).toMatchObject({ imported: 2, failed: 1 });
    expect(await bars('1m')).toBe(2 * 1440);
    expect(importedSha()).toEqual([day('01').checksum, day('03').checksum]);
    expect(fs.existsSync(cacheFile(day('02').path))).toBe(false);
    expect(fs.existsSync(cacheFile(day('02').path) + '.part')).toBe(false);
  });

  it('retries a checksum mismatch (a bad transfer recovers; a wrong CHECKSUM is refused naming both hashes)', async () => {
    for (const d of ['01', '02'] as const) server.put(day(d).path, day(d).bytes, day(d).checksum);
    const flipped = day('01').bytes.slice();
    flipped[100] ^= 0x01;
    server.fault(day('01').path, { kind: 'body', bytes: flipped }); // first transfer damaged, second fine
    server.put(day('03').path, day('03').bytes, day('01').checksum); // the published CHECKSUM is wrong
    const result = await download(JAN_1_TO_3);
    expect(result.files.map((f) => [f.label, f.status, f.attempts])).toEqual([
      ['2020-01-01', 'imported', 2],
      ['2020-01-02', 'imported', 1],
      ['2020-01-03', 'failed', 3],
    ]);
    expect(result.files[2].message).toBe(
      `BTCUSDT-1m-2020-01-03.zip: refused after 3 attempts: checksum mismatch: BTCUSDT-1m-2020-01-03.zip.CHECKSUM says SHA-256 ${day('01').checksum}, the ${day('03').bytes.length} bytes received hash to ${day('03').checksum}`,
    );
    expect(await bars('1m')).toBe(2 * 1440);
    expect(importedSha()).toEqual([day('01').checksum, day('02').checksum]);
  });

  it('resumes a dropped connection with a Range request from the bytes already on disk', async () => {
    server.put(day('01').path, day('01').bytes, day('01').checksum);
    server.fault(day('01').path, { kind: 'drop', afterBytes: 30_000 });
    const result = await download({ ...JAN_1_TO_3, to: '2020-01-01' });
    expect(result.files[0]).toMatchObject({ status: 'imported', resumes: 1, attempts: 2, sha256: day('01').checksum });
    const gets = server.requests(day('01').path);
    expect(gets).toHaveLength(2);
    expect(gets[0].range).toBeUndefined();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(gets[1].range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(30_000);
    expect(result.bytes).toBeLessThan(day('01').bytes.length + 30_000);
    expect(await bars('1m')).toBe(1440);
  });

  it('abandons a server that stops answering after the timeout, backs off, and takes a slow but steady one', async () => {
    server.put(day('01').path, day('01').bytes, day('01').checksum);
    server.fault(day('01').path, { kind: 'hang' }, { kind: 'slow', chunkBytes: 16 * 1024, everyMs: 40 });
    const started = Date.now();
    const result = await download({ ...JAN_1_TO_3, to: '2020-01-01', timeoutMs: 300, retryDelayMs: 50 });
    const elapsed = Date.now() - started;
    expect(result.files[0]).toMatchObject({ status: 'imported', attempts: 2, resumes: 0 });
    expect(elapsed).toBeGreaterThanOrEqual(300 + 25); // the timeout plus at least half the first backoff
    expect(await bars('1m')).toBe(1440);
    // A server that never answers at all is refused once the retries are spent, with the reason.
    server.fault(day('02').path, { kind: 'hang' }, { kind: 'hang' });
    server.put(day('02').path, day('02').bytes, day('02').checksum);
    const hung = await download({ ...JAN_1_TO_3, from: '2020-01-02', to: '2020-01-02', timeoutMs: 150, retries: 1 });
    expect(hung.files[0].message).toMatch(/refused after 2 attempts: no data from 127\.0\.0\.1:\d+ for 150 ms \(timed out\)/);
    expect(await bars('1m')).toBe(1440);
  });

  it('cancel while downloading leaves the store unchanged and the partial file in the cache; the next run resumes it', async () => {
    for (const d of ['01', '02', '03'] as const) server.put(day(d).path, day(d).bytes, day(d).checksum);
    server.fault(day('01').path, { kind: 'slow', chunkBytes: 2048, everyMs: 25 });
    const before = logicalDump(path.join(dir, 'regimelab.sqlite'));
    const { jobId, done } = ws.startJob('data.download', { baseUrl: server.baseUrl, ...FAST, ...JAN_1_TO_3, concurrency: 1 });
    const part = cacheFile(day('01').path) + '.part';
    while (!(fs.existsSync(part) && fs.statSync(part).size >= 8192)) await new Promise((r) => setTimeout(r, 20));
    ws.jobs.cancel(jobId);
    await expect(done).rejects.toMatchObject({ code: 'E_CANCELLED', message: expect.stringMatching(/nothing was imported/) });
    expect(ws.jobs.info(jobId).state).toBe('cancelled');
    expect(logicalDump(path.join(dir, 'regimelab.sqlite'))).toBe(before);
    const kept = fs.statSync(part).size;
    expect(kept).toBeGreaterThanOrEqual(8192);

    const result = await download(JAN_1_TO_3);
    expect(result.imported).toBe(3);
    expect(server.requests(day('01').path).at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(await bars('1m')).toBe(3 * 1440);
    expect(sha256(fs.readFileSync(cacheFile(day('01').path)))).toBe(day('01').checksum);
  });

  it('cancel while importing rolls back the file in flight; the store holds only whole archives', async () => {
    for (const d of ['01', '02', '03'] as const) server.put(day(d).path, day(d).bytes, day(d).checksum);
    const { jobId, done } = ws.startJob('data.download', { baseUrl: server.baseUrl, ...FAST, ...JAN_1_TO_3 });
    const off = ws.on('job.progress', (p) => {
      if (p.jobId === jobId && /^importing \d of 3/.test(p.message)) ws.jobs.cancel(jobId);
    });
    await expect(done).rejects.toMatchObject({ code: 'E_CANCELLED', message: expect.stringMatching(/while importing BTCUSDT-1m-2020-01-0\d\.zip; that file was rolled back/) });
    off();
    const imported = importedSha();
    expect(imported.length).toBeLessThan(3);
    expect(await bars('1m')).toBe(imported.length * 1440);
  });

  it('a verified archive the importer refuses is reported with the importer\'s reason; the store keeps only the good files', async () => {
    server.put(day('01').path, day('01').bytes, day('01').checksum);
    const junk = klineZip('BTCUSDT-1m-2020-01-02.zip', ['<html>maintenance</html>', 'come back later']);
    server.put(day('02').path, junk);
    const result = await download({ ...JAN_1_TO_3, to: '2020-01-02' });
    expect(result).toMatchObject({ verified: 2, imported: 1, failed: 1 });
    expect(result.files[1].message).toMatch(/^BTCUSDT-1m-2020-01-02\.zip: verified, but the importer refused it: /);
    expect(await bars('1m')).toBe(1440);
    expect(importedSha()).toEqual([day('01').checksum]);
  });

  it('a range with no archive at all is an error that says so, and changes nothing', async () => {
    const before = logicalDump(path.join(dir, 'regimelab.sqlite'));
    await expect(download({ ...JAN_1_TO_3, symbol: 'BTCUSTD' })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      message: expect.stringMatching(/BTCUSTD spot 1m 2020-01-01 → 2020-01-03: no archive exists at http:\/\/127\.0\.0\.1:\d+ for that range \(3 files answered HTTP 404\)/),
    });
    expect(logicalDump(path.join(dir, 'regimelab.sqlite'))).toBe(before);
    expect(() => ws.startJob('data.download', { ...JAN_1_TO_3, market: 'options' })).toThrow(/market/);
  });

  it('takes the base URL from the setting when the job names none', async () => {
    server.put(day('03').path, day('03').bytes, day('03').checksum);
    ws.store.setSetting('download.binance.baseUrl', `${server.baseUrl}/`);
    const result = (await ws.startJob('data.download', { ...FAST, ...JAN_1_TO_3, from: '2020-01-03' }).done) as Result;
    expect(result).toMatchObject({ baseUrl: server.baseUrl, imported: 1 });
  });
});
