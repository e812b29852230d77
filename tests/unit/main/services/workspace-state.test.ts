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
