import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { filesFromArgv, parseLaunchOptions, shouldReloadAfterCrash } from '../../../../main/electron/launch-options.ts';
import { addRecentFile, readRecentFiles, writeRecentFiles } from '../../../../main/electron/recent-files.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

describe('launch options', () => {
  it('reads the data directory and the services host from flags, then the environment', () => {
    expect(parseLaunchOptions(['electron', '.'], {})).toEqual({ dataDir: null, services: 'in-process' });
    expect(parseLaunchOptions(['electron', '.', '--data-dir=/tmp/x', '--services=utility'], { REGIMELAB_DATA_DIR: '/tmp/y' })).toEqual({ dataDir: path.resolve('/tmp/x'), services: 'utility' });
    expect(parseLaunchOptions(['electron'], { REGIMELAB_DATA_DIR: '/tmp/y', REGIMELAB_SERVICES: 'utility' })).toEqual({ dataDir: path.resolve('/tmp/y'), services: 'utility' });
    expect(() => parseLaunchOptions(['electron', '--services=docker'], {})).toThrow(/in-process.*utility/);
  });

  it('picks importable files from a (second) launch, skipping flags and the app folder', () => {
    const argv = ['/opt/RegimeLab/regimelab', '/repo', '--data-dir=/tmp/x', 'BTCUSDT-1h-2024-01.csv', '/data/ETH.zip', 'notes.pdf', '--inspect', 'BTCUSDT-1h-2024-01.csv', 'x.PARQUET'];
    expect(filesFromArgv(argv, '/home/q', '/repo')).toEqual([path.resolve('/home/q/BTCUSDT-1h-2024-01.csv'), path.resolve('/data/ETH.zip'), path.resolve('/home/q/x.PARQUET')]);
    expect(filesFromArgv(['/opt/RegimeLab/regimelab'], '/home/q')).toEqual([]);
  });

  it('reloads a crashed renderer unless it crashed more than 3 times in a minute', () => {
    expect(shouldReloadAfterCrash([1000], 1000)).toBe(true);
    expect(shouldReloadAfterCrash([1000, 2000, 3000], 3000)).toBe(true);
    expect(shouldReloadAfterCrash([1000, 2000, 3000, 4000], 4000)).toBe(false);
    expect(shouldReloadAfterCrash([1000, 2000, 3000, 70_000], 70_000)).toBe(true); // the old ones aged out
  });
});

describe('recent files', () => {
  it('keeps the most recent first, without duplicates, at most 10', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = addRecentFile(list, `/f${i}.csv`);
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('/f11.csv');
    list = addRecentFile(list, '/f5.csv');
    expect(list.slice(0, 2)).toEqual(['/f5.csv', '/f11.csv']);
    expect(list.filter((f) => f === '/f5.csv')).toHaveLength(1);
  });

  it('persists as JSON and drops anything that is not an absolute path', () => {
    const dir = makeTempDir();
    try {
      expect(readRecentFiles(dir)).toEqual([]);
      writeRecentFiles(dir, ['/a.csv', '/b.csv']);
      expect(readRecentFiles(dir)).toEqual(['/a.csv', '/b.csv']);
      writeRecentFiles(dir, ['relative.csv', 42, '/c.csv'] as unknown as string[]);
      expect(readRecentFiles(dir)).toEqual(['/c.csv']);
    } finally {
      removeDir(dir);
    }
  });
});
