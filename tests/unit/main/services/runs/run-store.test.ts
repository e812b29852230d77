import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../../main/services/workstation.ts';
import { candleDataHash, configHash, saveRun } from '../../../../../main/services/runs/run-store.ts';
import { canonicalJson } from '../../../../../core/hash/canonical-json.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';

describe('run history', () => {
  let dir: string;
  let ws: Workstation;
  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  const newRun = (title: string, spec: unknown) => ({
    kind: 'regime-fit' as const,
    title,
    instrumentId: 1,
    timeframe: '1h',
    fromTime: 0,
    toTime: 10,
    spec,
    dataHash: 'd'.repeat(64),
    summary: { loglik: -1.5 },
    result: { params: { a: 1 } },
    hindsight: false,
    appVersion: '0.1.0',
    durationMs: 12.4,
    series: { filtered: Float64Array.from([0.1, 0.9]), states: Uint8Array.from([0, 1]) },
  });

  it('hashes configs canonically: field order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
    expect(configHash({ a: 1, b: 2 })).toBe(configHash({ b: 2, a: 1 }));
    expect(configHash({ a: 1, b: 2 })).not.toBe(configHash({ a: 1, b: 3 }));
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });

  it('stores a run whole with its series, and finds it by title, tag, id and hash', async () => {
    const id = saveRun(ws.store, newRun('MS-GARCH 2-regime gjr-t', { model: 'msgarch', k: 2 }));
    const run = await ws.call('runs.get', { runId: id, series: 'all' });
    expect(run).toMatchObject({ kind: 'regime-fit', title: 'MS-GARCH 2-regime gjr-t', summary: { loglik: -1.5 }, result: { params: { a: 1 } }, hindsight: false, durationMs: 12 });
    expect(run.series.filtered).toEqual(Float64Array.from([0.1, 0.9]));
    expect(run.series.states).toEqual(Uint8Array.from([0, 1]));
    expect(run.seriesNames).toEqual(['filtered', 'states']);
    const none = await ws.call('runs.get', { runId: id });
    expect(none.series).toEqual({});
    await expect(ws.call('runs.get', { runId: id, series: ['smoothed'] })).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringMatching(/has no series smoothed/) });

    await ws.call('runs.update', { runId: id, notes: 'weekly detection', tags: ['btc', 'research', 'btc'] });
    expect((await ws.call('runs.list', { tag: 'research' })).map((r) => r.id)).toEqual([id]);
    expect((await ws.call('runs.list', { search: 'weekly' }))[0].tags).toEqual(['btc', 'research']);
    expect((await ws.call('runs.list', { search: run.configHash })).map((r) => r.id)).toEqual([id]);
    expect(await ws.call('runs.list', { search: '100%_' })).toEqual([]);
  });

  it('deletes a run with its series; unknown runs are E_NOT_FOUND', async () => {
    const id = saveRun(ws.store, newRun('to delete', { x: 1 }));
    await ws.call('runs.delete', { runId: id });
    await expect(ws.call('runs.get', { runId: id })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(ws.store.db.prepare('SELECT COUNT(*) AS n FROM run_series WHERE run_id = ?').get(id)).toEqual({ n: 0 });
    await expect(ws.call('runs.delete', { runId: id })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('a data hash changes with any price and not with the volume-derived extras', async () => {
    const [sample] = await ws.call('data.listInstruments', {});
    const { candles } = await ws.call('data.getCandles', { instrumentId: sample.id, timeframe: '1d' });
    const original = candleDataHash(candles);
    candles.trades[0] += 1;
    expect(candleDataHash(candles)).toBe(original);
    candles.close[5] += 0.01;
    expect(candleDataHash(candles)).not.toBe(original);
  });
});
