// The IPC transport against a real Workstation (SQLite in a temp dir, real workers), with a fake
// ipcMain and fake sender frames standing in for Electron.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation, type NativeDialogs } from '../../../../main/services/workstation.ts';
import { registerIpc, type IpcCallEvent } from '../../../../main/electron/ipc.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope } from '../../../../core/contract/client.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

type Handler = (event: IpcCallEvent, ...args: unknown[]) => Promise<CallEnvelope>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

function fakeWindow(id: number) {
  const sent: unknown[][] = [];
  let destroyed = false;
  return { id, sent, destroy: () => (destroyed = true), isDestroyed: () => destroyed, send: (channel: string, ...args: unknown[]) => void sent.push([channel, ...args]) };
}

const appFrame = (url = 'app://regimelab/index.html'): IpcCallEvent => ({ senderFrame: { url, parent: null }, sender: { id: 1 } });

describe('IPC transport (fake ipcMain, real Workstation)', () => {
  let dir: string;
  let ws: Workstation;
  let ipc: ReturnType<typeof fakeIpcMain>;
  let unregister: () => void;
  const windowA = fakeWindow(1);
  const windowGone = fakeWindow(2);
  const observed: string[] = [];
  let invoke: (event: IpcCallEvent, ...args: unknown[]) => Promise<CallEnvelope>;

  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false, computeWorkers: 1 });
    ipc = fakeIpcMain();
    windowGone.destroy();
    unregister = registerIpc(ipc, ws, () => [windowA, windowGone], { isKnownSender: (id) => id === 1, observe: (call) => observed.push(call.method) });
    invoke = (event, ...args) => ipc.handlers.get(IPC_CALL_CHANNEL)!(event, ...args);
  });
  afterAll(async () => {
    unregister();
    await ws.close();
    removeDir(dir);
  });

  it('registers exactly one handler: the contract call channel', () => {
    expect([...ipc.handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
  });

  it('answers a well-formed call from the app frame', async () => {
    const envelope = await invoke(appFrame(), 'system.info', {});
    expect(envelope.ok).toBe(true);
    if (envelope.ok) expect(envelope.value).toMatchObject({ app: 'RegimeLab', mode: 'test', dataDir: dir });
    expect(observed).toContain('system.info');
  });

  it('rejects sub-frames, other origins, unknown senders and frames that are gone', async () => {
    const hostile: IpcCallEvent[] = [
      { senderFrame: { url: 'app://regimelab/index.html', parent: { url: 'app://regimelab/index.html' } }, sender: { id: 1 } },
      appFrame('https://evil.example/'),
      appFrame('app://regimelab.evil.example/'),
      appFrame('file:///tmp/index.html'),
      appFrame('about:blank'),
      { senderFrame: null, sender: { id: 1 } },
      { senderFrame: { url: 'app://regimelab/index.html', parent: null }, sender: { id: 99 } },
    ];
    for (const event of hostile) {
      const envelope = await invoke(event, 'system.info', {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'E_UNAUTHORIZED' } });
    }
  });

  it('rejects unknown methods, including prototype names', async () => {
    for (const method of ['system.exec', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 42, null, { toString: () => 'system.info' }]) {
      const envelope = await invoke(appFrame(), method, {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    }
  });

  it('rejects the wrong number of arguments and inputs that are not objects', async () => {
    expect(await invoke(appFrame(), 'system.info')).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    expect(await invoke(appFrame(), 'system.info', {}, 'extra')).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    for (const input of [null, 'rm -rf /', 7, [], [1, 2]]) {
      expect(await invoke(appFrame(), 'data.listInstruments', input)).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    }
  });

  it('validates every argument against the contract and names the fields', async () => {
    const wrongTypes = await invoke(appFrame(), 'data.getCandles', { instrumentId: '1; DROP TABLE candles', timeframe: 7 });
    expect(wrongTypes.ok).toBe(false);
    if (!wrongTypes.ok) {
      expect(wrongTypes.error.code).toBe('E_BAD_INPUT');
      expect(wrongTypes.error.message).toMatch(/instrumentId/);
      expect(wrongTypes.error.message).toMatch(/timeframe/);
    }
    expect(await invoke(appFrame(), 'data.listInstruments', { extra: true })).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    expect(await invoke(appFrame(), 'jobs.start', { kind: 'system.shell', params: {} })).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    expect(await invoke(appFrame(), 'jobs.start', { kind: 'data.importFile', params: { path: 3 } })).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    expect(await invoke(appFrame(), 'system.showOpenDialog', { filters: [{ name: 'x', extensions: ['../../etc'] }] })).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
  });

  it('refuses native dialogs when no shell injected them (browser, CLI, tests)', async () => {
    const open = await invoke(appFrame(), 'system.showOpenDialog', {});
    expect(open).toMatchObject({ ok: false, error: { code: 'E_REFUSED' } });
    if (!open.ok) expect(open.error.message).toMatch(/file input/);
    const save = await invoke(appFrame(), 'system.showSaveDialog', { defaultName: 'report.html' });
    expect(save).toMatchObject({ ok: false, error: { code: 'E_REFUSED' } });
    if (!save.ok) expect(save.error.message).toMatch(/download/);
  });

  it('forwards service events to live windows only', async () => {
    const { jobId } = await ws.call('jobs.start', { kind: 'data.seedSample', params: { years: 1 } });
    await new Promise<void>((resolve) => {
      const off = ws.on('job.done', (payload) => {
        if (payload.jobId === jobId) {
          off();
          resolve();
        }
      });
    });
    const done = windowA.sent.find(([channel, name, payload]) => channel === IPC_EVENT_CHANNEL && name === 'job.done' && (payload as { jobId: string }).jobId === jobId);
    expect(done).toBeDefined();
    expect(windowA.sent.some(([, name]) => name === 'data.changed')).toBe(true);
    expect(windowGone.sent).toHaveLength(0);
  });
});

describe('native dialogs injected by the shell', () => {
  it('answers system.showOpenDialog / showSaveDialog through the capability with parsed input', async () => {
    const dir = makeTempDir();
    const seen: unknown[] = [];
    const nativeDialogs: NativeDialogs = {
      showOpenDialog: async (input) => {
        seen.push(input);
        return { canceled: false, paths: ['/data/BTCUSDT-1h-2024-01.csv'] };
      },
      showSaveDialog: async (input) => {
        seen.push(input);
        return { canceled: true, path: null };
      },
    };
    const ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false, computeWorkers: 1, nativeDialogs });
    try {
      expect(await ws.call('system.showOpenDialog', { title: 'Import' })).toEqual({ canceled: false, paths: ['/data/BTCUSDT-1h-2024-01.csv'] });
      expect(await ws.call('system.showSaveDialog', { defaultName: 'report.html' })).toEqual({ canceled: true, path: null });
      expect(seen).toEqual([{ title: 'Import', multiple: false }, { defaultName: 'report.html' }]);
    } finally {
      await ws.close();
      removeDir(dir);
    }
  });
});
