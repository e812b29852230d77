// The `regimelab` command as users run it: the real bin in a child process, on its own data dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const bin = path.join(repoRoot, 'bin', 'regimelab.mjs');
function regimelab(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('regimelab CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => removeDir(dir));

  it('info --json lists the simulated sample instrument with its bar counts', () => {
    const { code, stdout } = regimelab(['info', '--json', '--data-dir', dir]);
    expect(code).toBe(0);
    const info = JSON.parse(stdout) as { storePath: string; instruments: { symbol: string; simulated: boolean; timeframes: { timeframe: string; bars: number }[] }[] };
    expect(info.storePath).toBe(path.join(dir, 'regimelab.sqlite'));
    expect(info.instruments[0]).toMatchObject({ symbol: 'SIM-BTCUSD', simulated: true });
    expect(info.instruments[0].timeframes.find((t) => t.timeframe === '1h')?.bars).toBe(43_800);
  });

  it('info as text labels the simulated data', () => {
    const { code, stdout } = regimelab(['info', '--data-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/SIM-BTCUSD .*SIMULATED/);
    expect(stdout).toMatch(/1h\s+43800 bars/);
  });

  it('honours REGIMELAB_DATA_DIR', () => {
    const other = makeTempDir();
    try {
      const { stdout } = regimelab(['info', '--json'], { REGIMELAB_DATA_DIR: other });
      expect((JSON.parse(stdout) as { dataDir: string }).dataDir).toBe(other);
    } finally {
      removeDir(other);
    }
  });

  it('sql reads plain rows through the candles view and refuses writes', () => {
    const ok = regimelab(['sql', '--json', '--data-dir', dir, "SELECT timeframe, COUNT(*) AS n FROM candles WHERE symbol = 'SIM-BTCUSD' GROUP BY timeframe ORDER BY n"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([
      { timeframe: '1w', n: 262 },
      { timeframe: '1d', n: 1825 },
      { timeframe: '4h', n: 10950 },
      { timeframe: '1h', n: 43800 },
    ]);
    const refused = regimelab(['sql', '--data-dir', dir, 'DELETE FROM instruments']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/read-only|readonly/i);
  });

  it('fails clearly: unknown command (2), unknown option (2), bad option value (1, with --json error)', () => {
    const unknown = regimelab(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const option = regimelab(['info', '--nope', '--data-dir', dir]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/--nope/);
    const port = regimelab(['serve', '--port', 'abc', '--json', '--data-dir', dir]);
    expect(port.code).toBe(1);
    expect(JSON.parse(port.stdout)).toMatchObject({ error: { code: 'E_BAD_INPUT', message: expect.stringMatching(/--port/) } });
  });
});
