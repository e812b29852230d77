// The browser-mode transport: calls as binary POSTs to the loopback bridge, events over its
// WebSocket, typed arrays as raw bytes both ways. The token comes from the page URL.

import { decodeMessage, encodeMessage } from '../core/contract/wire.ts';
import type { CallEnvelope, EventListener, WorkstationClient } from '../core/contract/client.ts';
import type { EventName } from '../core/contract/events.ts';

const TOKEN_KEY = 'regimelab.token';
const WIRE = 'application/x-regimelab-wire';

export function bridgeToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (!stored) throw new Error('No access token: open the URL printed by `npm start` (it ends with ?token=…).');
  return stored;
}

export function createBridgeClient(): WorkstationClient & { connected(): boolean } {
  const token = bridgeToken();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let open = false;

  const connect = () => {
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/events?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      open = true;
    };
    socket.onmessage = (message: MessageEvent<ArrayBuffer>) => {
      const { event, payload } = decodeMessage(new Uint8Array(message.data)) as { event: EventName; payload: unknown };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    socket.onclose = () => {
      open = false;
      setTimeout(connect, 1000); // the server may be restarting; events resume when it is back
    };
  };
  connect();

  return {
    connected: () => open,
    async call(method, input) {
      const response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': WIRE },
        body: encodeMessage(input ?? {}) as BodyInit,
      });
      if (!response.headers.get('Content-Type')?.startsWith(WIRE)) {
        throw Object.assign(new Error(`${method}: ${response.status} ${(await response.text()).trim()}`), { code: 'E_UNAUTHORIZED' });
      }
      const envelope = decodeMessage(new Uint8Array(await response.arrayBuffer())) as CallEnvelope;
      if (envelope.ok) return envelope.value as never;
      throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    },
    on<E extends EventName>(event: E, listener: EventListener<E>) {
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
  };
}
