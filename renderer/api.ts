// The renderer's one door to the workstation: Electron IPC when the preload exposed
// window.regimelab, otherwise the loopback bridge (browser mode). Nothing else talks to main.

import type { WorkstationClient } from '../core/contract/client.ts';
import { createBridgeClient } from './bridge-client.ts';

declare global {
  interface Window {
    regimelab?: WorkstationClient;
  }
}

export type Transport = 'ipc' | 'bridge';

function pick(): { client: WorkstationClient; transport: Transport } {
  if (window.regimelab) return { client: window.regimelab, transport: 'ipc' };
  return { client: createBridgeClient(), transport: 'bridge' };
}

const picked = pick();
export const api: WorkstationClient = picked.client;
export const transport: Transport = picked.transport;
