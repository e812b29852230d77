// The IPC transport: one channel for calls (renderer → main), one for events (main → renderer).
// Main accepts a call only from the app's own top-level frame, with exactly (method, input), and
// validates the method name and the input against the contract before anything reaches a service.

import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope } from '../../core/contract/client.ts';
import type { MethodInput, MethodName } from '../../core/contract/methods.ts';
import { assertMethodName, parseMethodInput } from '../../core/contract/validate.ts';
import type { EventName } from '../../core/contract/events.ts';
import { RegimeLabError, serializeError } from '../../core/errors.ts';
import { isTrustedSender } from './security.ts';
import type { ServicesEndpoint } from './services-channel.ts';

/** The parts of an invoke event the checks read (a fake in tests, IpcMainInvokeEvent in the app). */
export type IpcCallEvent = {
  senderFrame: { url: string; parent: unknown } | null;
  sender?: { id: number };
};

export type ValidatedCall = { method: MethodName; input: unknown };

/** Sender and argument checks, throwing the error the renderer gets back. */
export function validateIpcCall(event: IpcCallEvent, args: readonly unknown[], isKnownSender: (id: number) => boolean = () => true): ValidatedCall {
  const frame = event.senderFrame;
  const trusted = isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null);
  if (!trusted || (event.sender !== undefined && !isKnownSender(event.sender.id))) {
    throw new RegimeLabError('E_UNAUTHORIZED', 'IPC call from a frame that is not the app itself');
  }
  if (args.length !== 2) throw new RegimeLabError('E_BAD_INPUT', `an IPC call carries (method, input), got ${args.length} argument(s)`);
  const method = assertMethodName(args[0]);
  const raw = args[1];
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new RegimeLabError('E_BAD_INPUT', `${method}: the input must be an object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`);
  }
  parseMethodInput(method, raw); // throws E_BAD_INPUT naming every offending field
  return { method, input: raw ?? {} };
}

/** The part of ipcMain the transport uses (Electron's ipcMain, or a fake in tests). */
export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcCallEvent, ...args: unknown[]) => Promise<CallEnvelope>): void;
  removeHandler(channel: string): void;
};

export type IpcCallObserver = (call: ValidatedCall, result: CallEnvelope) => void;

export async function handleIpcCall(
  services: ServicesEndpoint,
  event: IpcCallEvent,
  args: readonly unknown[],
  options: { isKnownSender?: (id: number) => boolean; observe?: IpcCallObserver } = {},
): Promise<CallEnvelope> {
  let call: ValidatedCall | null = null;
  let envelope: CallEnvelope;
  try {
    call = validateIpcCall(event, args, options.isKnownSender);
    envelope = { ok: true, value: await services.call(call.method, call.input as MethodInput<typeof call.method>) };
  } catch (error) {
    envelope = { ok: false, error: serializeError(error) };
  }
  if (call) options.observe?.(call, envelope);
  return envelope;
}

export type EventTarget = { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };

/** Registers the one call handler and forwards every service event to the app's windows. */
export function registerIpc(
  ipcMain: IpcMainLike,
  services: ServicesEndpoint,
  windows: () => EventTarget[],
  options: { isKnownSender?: (id: number) => boolean; observe?: IpcCallObserver } = {},
): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event, ...args) => handleIpcCall(services, event, args, options));
  const unsubscribe = services.onAny((name: EventName, payload: unknown) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
