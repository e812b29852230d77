// The IPC transport: one channel for calls, one for events. Main accepts a call only from the app's
// own top-level frame and validates the method name and arguments against the contract.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallEnvelope } from '../../core/contract/client.ts';
import { isMethodName } from '../../core/contract/methods.ts';
import { RegimeLabError, serializeError } from '../../core/errors.ts';
import type { Workstation } from '../services/workstation.ts';
import { isTrustedSender } from './security.ts';

export async function handleIpcCall(workstation: Workstation, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, method: unknown, input: unknown): Promise<CallEnvelope> {
  try {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null);
    if (!trusted) throw new RegimeLabError('E_UNAUTHORIZED', 'IPC call from a frame that is not the app itself');
    if (!isMethodName(method)) throw new RegimeLabError('E_NOT_FOUND', `unknown method ${JSON.stringify(method)}`);
    return { ok: true, value: await workstation.call(method, input as never) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, workstation: Workstation, windows: () => WebContents[]): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, input: unknown) => handleIpcCall(workstation, event, method, input));
  const unsubscribe = workstation.onAny((name, payload) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
