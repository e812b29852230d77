// One-shot requests across components: the command palette, a global shortcut or the desktop menu
// asks a view to do what its own button does (open the download dialog, export a report, fit, run,
// replay, undo). The app bumps a counter per kind; the view carries the request out once it is
// mounted and ready, and a view mounted again later never repeats a request it already carried out.

import { useEffect, useRef } from 'react';

export type UiRequestKind = 'open-download' | 'export-report' | 'fit-regimes' | 'run-backtest' | 'enter-replay' | 'undo-strategy' | 'redo-strategy';
export type UiRequests = Record<UiRequestKind, number>;

export const NO_REQUESTS: UiRequests = { 'open-download': 0, 'export-report': 0, 'fit-regimes': 0, 'run-backtest': 0, 'enter-replay': 0, 'undo-strategy': 0, 'redo-strategy': 0 };

/** The last request of each kind carried out (module state: it outlives the component that did it). */
const handled = new Map<UiRequestKind, number>();

/** Runs `handler` once for each bump of `request`, as soon as `ready` is true. */
export function useUiRequest(kind: UiRequestKind, request: number | undefined, handler: () => void, ready = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!ready || request === undefined || request <= (handled.get(kind) ?? 0)) return;
    handled.set(kind, request);
    latest.current();
  }, [kind, request, ready]);
}
