// The desktop shell's extras (core/contract/shell.ts), null in browser mode.

import type { NativeShellBridge } from '../core/contract/shell.ts';

declare global {
  interface Window {
    regimelabShell?: NativeShellBridge;
  }
}

export const shell: NativeShellBridge | null = window.regimelabShell ?? null;
