// A bounded undo/redo history of plain values (the strategy editor's config). Edits of one field in
// quick succession — typing — coalesce into one step; a load (a preset, an example, a sweep variant)
// is always a step of its own. Undo and redo end the coalescing, so the next keystroke starts a step.

import { useCallback, useState } from 'react';

export type UndoHistory<T> = { past: T[]; present: T; future: T[]; lastKey: string | null; lastAtMs: number };

/** Steps kept behind the present; the oldest fall off. */
export const UNDO_LIMIT = 100;
/** Edits of the same field closer together than this are one step. */
export const COALESCE_MS = 1000;

export function startHistory<T>(present: T): UndoHistory<T> {
  return { past: [], present, future: [], lastKey: null, lastAtMs: 0 };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The history after `next`: coalesced into the present step when `key` repeats soon enough; `key` null is its own step. */
export function record<T>(history: UndoHistory<T>, next: T, key: string | null, nowMs: number, limit = UNDO_LIMIT, coalesceMs = COALESCE_MS): UndoHistory<T> {
  if (same(next, history.present)) return history;
  if (key !== null && key === history.lastKey && nowMs - history.lastAtMs <= coalesceMs && history.past.length > 0) {
    return { ...history, present: next, future: [], lastAtMs: nowMs };
  }
  const past = [...history.past, history.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [], lastKey: key, lastAtMs: nowMs };
}

export function undo<T>(history: UndoHistory<T>): UndoHistory<T> {
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: history.past[history.past.length - 1], future: [history.present, ...history.future], lastKey: null, lastAtMs: 0 };
}

export function redo<T>(history: UndoHistory<T>): UndoHistory<T> {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0], future: history.future.slice(1), lastKey: null, lastAtMs: 0 };
}

/** React state with that history: `edit(next, key)` for a field's edits (coalesced), `step(next)` for a load or a discrete choice. */
export function useUndoHistory<T>(initial: T | (() => T)) {
  const [history, setHistory] = useState<UndoHistory<T>>(() => startHistory(typeof initial === 'function' ? (initial as () => T)() : initial));
  const edit = useCallback((next: T, key: string) => setHistory((h) => record(h, next, key, Date.now())), []);
  const step = useCallback((next: T) => setHistory((h) => record(h, next, null, Date.now())), []);
  const undoStep = useCallback(() => setHistory(undo), []);
  const redoStep = useCallback(() => setHistory(redo), []);
  return { value: history.present, edit, step, undo: undoStep, redo: redoStep, undoSteps: history.past.length, redoSteps: history.future.length };
}
