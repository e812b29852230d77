// The preload: exposes window.regimelab (the typed workstation client over one IPC channel) and
// window.regimelabShell (what only the desktop offers: file paths of dropped files, menu
// commands), and nothing else. Bundled as one CommonJS file so it runs in the sandbox.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope, type WorkstationClient } from '../core/contract/client.ts';
import type { EventName } from '../core/contract/events.ts';
import type { NativeShellBridge, ShellCommandMessage } from '../core/contract/shell.ts';

/** Same string as main/electron/shell-commands.ts (checked by tests/unit/main/electron/preload.test.ts). */
const SHELL_COMMAND_CHANNEL = 'regimelab:shell-command';

type Listener = (payload: never) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload as never);
});

const client = {
  async call(method, input) {
    const envelope = (await ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input)) as CallEnvelope;
    if (envelope.ok) return envelope.value as never;
    throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code, details: envelope.error.details });
  },
  on(event, listener) {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  },
} satisfies WorkstationClient;

const commandListeners = new Set<(command: ShellCommandMessage) => void>();
ipcRenderer.on(SHELL_COMMAND_CHANNEL, (_event, command: ShellCommandMessage) => {
  for (const listener of commandListeners) listener(command);
});

const nativeShell = {
  platform: process.platform,
  // Only ever handed a DOM File by the renderer; contextBridge passes it through as one.
  pathForFile: (file) => webUtils.getPathForFile(file as File),
  onCommand(listener) {
    commandListeners.add(listener);
    return () => commandListeners.delete(listener);
  },
} satisfies NativeShellBridge;

contextBridge.exposeInMainWorld('regimelab', client);
contextBridge.exposeInMainWorld('regimelabShell', nativeShell);
