// The remembered workspace lives in the store: fields merge, survive a restart, bad input is refused
// with the field named, and a stored value this version cannot read counts as nothing remembered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../main/services/workstation.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

describe('workspace.get / workspace.set', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeDir(dir));
  const open = () => Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false });

  it('merges fields and keeps them across a restart', async () => {
    let ws = await open();
    expect(await ws.call('workspace.get', {})).toEqual({});
    await ws.call('workspace.set', { view: 'backtest', timeframe: '4h' });
    expect(await ws.call('workspace.set', { showRegimes: false, regimeRunId: null })).toEqual({ view: 'backtest', timeframe: '4h', showRegimes: false, regimeRunId: null });
    await ws.close();
    ws = await open();
    expect(await ws.call('workspace.get', {})).toEqual({ view: 'backtest', timeframe: '4h', showRegimes: false, regimeRunId: null });
    await ws.close();
  });

  it('refuses a bad field by name and leaves the remembered state as it was', async () => {
    const ws = await open();
    await ws.call('workspace.set', { view: 'runs' });
    await expect(ws.call('workspace.set', { view: 'nowhere' as 'runs' })).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/view/) });
    await expect(ws.call('workspace.set', { timeframe: '7m' as '1h' })).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
    expect(await ws.call('workspace.get', {})).toEqual({ view: 'runs' });
    await ws.close();
  });

  it('keeps pane sizes, the band toggle and the multi-asset stack, within bounds', async () => {
    const ws = await open();
    const state = { showBands: false, paneStretch: { candles: 4.43, volume: 2.67, probability: 0.78 }, multiAsset: { instrumentIds: [3, 1, 2], timeframe: '1d' as const }, view: 'multi' as const };
    expect(await ws.call('workspace.set', state)).toEqual(state);
    // A new pane map replaces the old one; {} forgets every size.
    expect((await ws.call('workspace.set', { paneStretch: { equity: 2 } })).paneStretch).toEqual({ equity: 2 });
    expect((await ws.call('workspace.set', { paneStretch: {} })).paneStretch).toEqual({});
    for (const bad of [{ paneStretch: { candles: 0 } }, { paneStretch: { candles: 101 } }, { paneStretch: { candles: Number.NaN } }, { paneStretch: { orderbook: 1 } }, { multiAsset: { instrumentIds: [], timeframe: '1d' } }, { multiAsset: { instrumentIds: [1, 2, 3, 4], timeframe: '1d' } }]) {
      await expect(ws.call('workspace.set', bad as never)).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
    }
    expect(await ws.call('workspace.get', {})).toEqual({ ...state, paneStretch: {} });
    await ws.close();
  });

  it('loads a state stored by an older version (without the newer fields)', async () => {
    const ws = await open();
    const older = { view: 'chart', instrumentId: 1, timeframe: '4h', regimeRunId: 'run-1', showRegimes: false };
    ws.store.setSetting('workspace', JSON.stringify(older));
    expect(await ws.call('workspace.get', {})).toEqual(older);
    expect(await ws.call('workspace.set', { paneStretch: { candles: 5 } })).toEqual({ ...older, paneStretch: { candles: 5 } });
    await ws.close();
  });

  it('treats a stored value it cannot read as nothing remembered', async () => {
    const ws = await open();
    ws.store.setSetting('workspace', '{"view": 42');
    expect(await ws.call('workspace.get', {})).toEqual({});
    ws.store.setSetting('workspace', JSON.stringify({ view: 'chart', panes: 'from a newer version' }));
    expect(await ws.call('workspace.get', {})).toEqual({});
    expect(await ws.call('workspace.set', { view: 'data' })).toEqual({ view: 'data' });
    await ws.close();
  });
});
