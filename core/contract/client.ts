// The shape every transport presents to its caller: the renderer's `window.regimelab` (IPC), the
// bridge client (browser mode) and the direct client (CLI, tests) all satisfy WorkstationClient.

import type { EventName, EventPayload } from './events.ts';
import type { MethodInput, MethodName, MethodOutput } from './methods.ts';

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export type WorkstationClient = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
};

/** The single IPC channel of the Electron transport. */
export const IPC_CALL_CHANNEL = 'regimelab:call';
export const IPC_EVENT_CHANNEL = 'regimelab:event';

/** The envelope every call returns over IPC and the bridge: a value or a serialized error. */
export type CallEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };
