// `regimelab download` as users run it: the real bin in a child process against the loopback
// archive server, on its own data directory. Refusals exit non-zero with one clear line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';
import { ArchiveServer, realDailyZip } from './archive-server.ts';

const bin = path.join(repoRoot, 'bin', 'regimelab.mjs');

/** Runs the CLI without blocking this process's event loop (the archive server lives here). */
function regimelab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, REGIMELAB_BINANCE_BASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('regimelab download', () => {
  let server: ArchiveServer;
  let dir: string;
  beforeAll(async () => {
    server = await new ArchiveServer().start();
    for (const d of ['01', '02'] as const) server.put(realDailyZip(d).path, realDailyZip(d).bytes, realDailyZip(d).checksum);
    server.put(realDailyZip('03').path, realDailyZip('03').bytes, realDailyZip('01').checksum); // a wrong CHECKSUM
    dir = makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    removeDir(dir);
  });

  it('downloads, verifies and imports the archives for a range (--json report), then the bars are in the store', async () => {
    const run = await regimelab(['download', 'btcusdt', '1m', '2020-01-01', '2020-01-02', '--base-url', server.baseUrl, '--concurrency', '2', '--json', '--data-dir', dir]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { imported: number; failed: number; symbol: string; files: { status: string; sha256: string }[] };
    expect(report).toMatchObject({ symbol: 'BTCUSDT', imported: 2, failed: 0 });
    expect(report.files.map((f) => f.sha256)).toEqual([realDailyZip('01').checksum, realDailyZip('02').checksum]);
    const sql = await regimelab(['sql', '--json', '--data-dir', dir, "SELECT COUNT(*) AS n FROM candles WHERE symbol = 'BTCUSDT' AND timeframe = '1m'"]);
    expect(JSON.parse(sql.stdout)).toEqual([{ n: 2880 }]);
  });

  it('exits 1 naming the refused archive (checksum mismatch), and 1 with E_NOT_FOUND when nothing exists', async () => {
    const refused = await regimelab(['download', 'BTCUSDT', '1m', '2020-01-03', '2020-01-03', '--base-url', server.baseUrl, '--retries', '0', '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/failed\s+BTCUSDT-1m-2020-01-03\.zip: refused after 1 attempt: checksum mismatch/);
    expect(refused.stderr).toMatch(/regimelab download: 1 of 1 archives refused.*\[E_REFUSED\]/);
    const none = await regimelab(['download', 'BTCUSDT', '1h', '2020-01-01', '2020-01-01', '--base-url', server.baseUrl, '--json', '--data-dir', dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no archive exists at http:\/\/127\.0\.0\.1:\d+ for that range \(1 file answered HTTP 404\).*\[E_NOT_FOUND\]/);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
  });

  it('refuses bad arguments before touching the network', async () => {
    const usage = await regimelab(['download', 'BTCUSDT', '1m', '2020-01-01', '--data-dir', dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/expected SYMBOL INTERVAL FROM TO, got 3 arguments/);
    const market = await regimelab(['download', 'BTCUSDT', '1m', '2020-01-01', '2020-01-02', '--market', 'margin', '--base-url', server.baseUrl, '--data-dir', dir]);
    expect(market.code).toBe(1);
    expect(market.stderr).toMatch(/market/);
    const before = server.log.length;
    const date = await regimelab(['download', 'BTCUSDT', '1m', '2020-02-30', '2020-03-01', '--base-url', server.baseUrl, '--data-dir', dir]);
    expect(date.code).toBe(1);
    expect(date.stderr).toMatch(/from: 2020-02-30 is not a calendar date \[E_BAD_INPUT\]/);
    expect(server.log.length).toBe(before);
  });
});
