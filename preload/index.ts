// The preload: exposes window.regimelab (the typed workstation client over one IPC channel) and
// nothing else. Bundled as one CommonJS file so it runs in the sandbox.

import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope, type WorkstationClient } from '../core/contract/client.ts';
import type { EventName } from '../core/contract/events.ts';

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

contextBridge.exposeInMainWorld('regimelab', client);
