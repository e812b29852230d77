// The pure parts of the sweep backends: Redis URL parsing and redaction, job ids and slices, the
// dataset's content hash (and its refusal of corrupted bytes), and one variant by index equal to the
// row core runSweep gives for the whole grid.
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../../../../core/backtest/sweep.ts';
import { parseRedisUrl, redactUrl } from '../../../../../main/services/sweeps/redis-connection.ts';
import { sliceRanges } from '../../../../../main/services/sweeps/local-backend.ts';
import { variantJobId } from '../../../../../main/services/sweeps/cluster-keys.ts';
import { decodeSweepData, encodeManifest, decodeManifest, sweepDataHash } from '../../../../../main/services/sweeps/sweep-dataset.ts';
import { prepareSweep, runVariant } from '../../../../../main/services/sweeps/run-variant.ts';
import { normalizeRows } from '../../../../../main/services/sweeps/sweep-backend.ts';
import { sweepData, sweepTask } from './cluster-fixtures.ts';

describe('sweep backend pieces', () => {
  it('parses redis:// and rediss:// URLs with passwords and ACL users, and never prints the password', () => {
    expect(parseRedisUrl('rediss://alice:p%40ss@redis.example.net:6380/2')).toMatchObject({ host: 'redis.example.net', port: 6380, db: 2, username: 'alice', password: 'p@ss', tls: true, redacted: 'rediss://alice:***@redis.example.net:6380/2' });
    expect(parseRedisUrl('redis://:hunter2@127.0.0.1')).toMatchObject({ port: 6379, db: 0, username: undefined, password: 'hunter2', tls: false, redacted: 'redis://:***@127.0.0.1' });
    expect(redactUrl('redis://token@h:1')).toBe('redis://***@h:1');
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('redis://:pw@127.0.0.1/x')).toThrow(/database 'x'/);
  });

  it('keys variant jobs by sweep and index (no ":" — BullMQ forbids it) and slices contiguously', () => {
    expect(variantJobId('ab12', 7)).toBe('ab12-7');
    expect(sliceRanges(10, 3)).toEqual([{ from: 0, to: 3 }, { from: 3, to: 6 }, { from: 6, to: 10 }]);
    expect(sliceRanges(1, 4)).toEqual([{ from: 0, to: 1 }]);
  });

  it('hashes the dataset by its bytes, round-trips it, and refuses bytes that do not match the hash', () => {
    const data = sweepData(300);
    const { dataHash, bytes } = sweepDataHash(data);
    expect(sweepDataHash(sweepData(300)).dataHash).toBe(dataHash);
    expect(sweepDataHash(sweepData(300, 8)).dataHash).not.toBe(dataHash);
    expect(decodeSweepData(bytes, dataHash).instruments[0].candles.close).toEqual(data.instruments[0].candles.close);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 1] ^= 1;
    expect(() => decodeSweepData(corrupted, dataHash)).toThrow(/refusing corrupted data/);
  });

  it('runs one variant by index exactly as the whole-grid sweep does (shipped regimes reused)', () => {
    const task = sweepTask(sweepData(600));
    const manifest = decodeManifest(encodeManifest({ kind: 'sweep', sweepId: task.sweepId, configHash: task.configHash, dataHash: task.dataHash, configInput: task.configInput, grid: task.grid, regimes: task.regimes, total: task.total }));
    if (manifest.kind !== 'sweep') throw new Error('the manifest came back as a study');
    const prepared = prepareSweep(manifest, task.data);
    const whole = normalizeRows(runSweep(task.configInput, task.grid, task.data, { regimes: task.regimes }).rows);
    const oneByOne = normalizeRows(Array.from({ length: task.total }, (_, i) => runVariant(prepared, task.total - 1 - i)));
    expect(oneByOne).toEqual(whole);
    expect(() => runVariant(prepared, task.total)).toThrow(/outside the sweep/);
  });
});
