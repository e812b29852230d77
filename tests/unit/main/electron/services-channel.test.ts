// The services-host transport end to end: the host entry (bundled as the app bundles it, npm
// packages external) runs as a real Node child process over an IPC channel with structured
// clone, standing in for the Electron utility process; the shell side is RemoteServices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { childProcessChannel, parseHostMessage, parseShellMessage, RelayServices, RemoteServices, type ServicesEndpoint } from '../../../../main/electron/services-channel.ts';
import type { EventName } from '../../../../core/contract/events.ts';
import { RegimeLabError } from '../../../../core/errors.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

async function bundleHostEntry(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'services-host.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'main/electron/services-host-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    nodePaths: [path.join(repoRoot, 'node_modules')],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('services host over a child-process channel', () => {
  let dataDir: string;
  let entry: string;
  let child: ChildProcess;
  let remote: RemoteServices;
  const dialogInputs: unknown[] = [];

  beforeAll(async () => {
    dataDir = makeTempDir();
    // Bundled inside the repository so the external packages resolve from its node_modules.
    entry = await bundleHostEntry(path.join(repoRoot, '.tmp', `services-host-${process.pid}`));
    child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: repoRoot });
    const capabilities = {
      showOpenDialog: async (input: unknown) => {
        dialogInputs.push(input);
        return { canceled: false, paths: ['/data/BTCUSDT-1h-2024-01.csv'] };
      },
    };
    remote = await RemoteServices.start(childProcessChannel(child), { appRoot: repoRoot, dataDir, mode: 'test', seedSample: false, computeWorkers: 1, nativeDialogs: true }, capabilities);
    child.once('exit', (code) => remote.exited(`exit ${code}`));
  });
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeDir(dataDir);
    removeDir(path.dirname(entry));
  });

  it('answers contract calls from the other process', async () => {
    const info = await remote.call('system.info', {});
    expect(info).toMatchObject({ app: 'RegimeLab', mode: 'test', dataDir });
    expect(child.pid).not.toBe(process.pid);
    expect(await remote.call('data.listInstruments', {})).toEqual([]);
  });

  it('carries validation errors back with their code', async () => {
    const error = await remote.call('data.getCandles', { instrumentId: 'x' as unknown as number, timeframe: '1h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegimeLabError);
    expect((error as RegimeLabError).code).toBe('E_BAD_INPUT');
    expect((error as RegimeLabError).message).toMatch(/instrumentId/);
    const refused = await remote.call('system.showSaveDialog', {}).catch((e: unknown) => e);
    expect((refused as RegimeLabError).code).toBe('E_REFUSED'); // the shell offered no save dialog
  });

  it('asks the shell for native dialogs (capability requests travel the other way)', async () => {
    expect(await remote.call('system.showOpenDialog', { title: 'Import' })).toEqual({ canceled: false, paths: ['/data/BTCUSDT-1h-2024-01.csv'] });
    expect(dialogInputs).toEqual([{ title: 'Import', multiple: false }]);
  });

  it('forwards job events and typed arrays intact (structured clone)', async () => {
    const seen: EventName[] = [];
    const relay = new RelayServices(remote as ServicesEndpoint);
    const done = new Promise<void>((resolve) => relay.onAny((event, payload) => {
      seen.push(event);
      if (event === 'job.done' && (payload as { kind: string }).kind === 'data.seedSample') resolve();
    }));
    await relay.call('jobs.start', { kind: 'data.seedSample', params: { years: 1 } });
    await done;
    expect(seen).toContain('job.progress');
    expect(seen).toContain('data.changed');
    const [sample] = await remote.call('data.listInstruments', {});
    const series = await remote.call('data.getCandles', { instrumentId: sample.id, timeframe: '1d' });
    expect(series.candles.close).toBeInstanceOf(Float64Array);
    expect(series.candles.close.length).toBe(365);
  });

  it('rejects calls in flight when the host dies, and fails fast afterwards', async () => {
    const inFlight = remote.call('jobs.list', {});
    child.kill('SIGKILL');
    await waitForExit(child);
    const settled = await Promise.allSettled([inFlight]);
    // The call may have been answered before the kill landed; if not it must reject, not hang.
    if (settled[0].status === 'rejected') expect((settled[0].reason as RegimeLabError).code).toBe('E_INTERNAL');
    await expect(remote.call('system.info', {})).rejects.toMatchObject({ code: 'E_INTERNAL' });
  });

  it('shuts the host down cleanly on request', async () => {
    const dir = makeTempDir();
    const second = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: repoRoot });
    try {
      const services = await RemoteServices.start(childProcessChannel(second), { appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false, computeWorkers: 1, nativeDialogs: false });
      expect((await services.call('system.info', {})).dataDir).toBe(dir);
      await services.close();
      expect(await waitForExit(second)).toBe(0);
    } finally {
      if (second.exitCode === null) second.kill('SIGKILL');
      removeDir(dir);
    }
  });

  it('reports a host that cannot open its store', async () => {
    const second = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'], cwd: repoRoot });
    try {
      await expect(RemoteServices.start(childProcessChannel(second), { appRoot: '/nonexistent', dataDir: makeTempDir(), mode: 'test', nativeDialogs: false })).rejects.toBeInstanceOf(RegimeLabError);
    } finally {
      second.kill('SIGKILL');
    }
  });
});

describe('services channel message checks', () => {
  it('accepts only well-formed messages in each direction', () => {
    expect(parseShellMessage({ type: 'call', id: 1, method: 'system.info', input: {} })).not.toBeNull();
    expect(parseShellMessage({ type: 'call', id: 'x', method: 'system.info' })).toBeNull();
    expect(parseShellMessage({ type: 'eval', code: 'process.exit()' })).toBeNull();
    expect(parseShellMessage(null)).toBeNull();
    expect(parseHostMessage({ type: 'event', name: 'job.done', payload: {} })).not.toBeNull();
    expect(parseHostMessage({ type: 'event', name: 'shell.openExternal', payload: {} })).toBeNull();
    expect(parseHostMessage({ type: 'capability', id: 1, name: 'openExternal', input: {} })).toBeNull();
    expect(parseHostMessage({ type: 'result', id: 1, envelope: { ok: false, error: { code: 'E_BAD_INPUT' } } })).toBeNull();
  });
});
