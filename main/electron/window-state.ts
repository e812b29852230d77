// Window state remembered between runs: a pure merge of what was saved with the displays that
// exist now (a saved position on a monitor that is gone must not open the window off-screen),
// and its persistence as window-state.json in the data directory.

import fs from 'node:fs';
import path from 'node:path';

export type Rect = { x: number; y: number; width: number; height: number };
export type WindowState = { bounds: Rect; maximized: boolean; fullScreen: boolean; zoomFactor: number };

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
const ZOOM_RANGE = { min: 0.5, max: 3 } as const;

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** A default size centred on the primary work area (the first display given). */
export function defaultWindowState(workAreas: readonly Rect[], preferred = { width: 1440, height: 900 }): WindowState {
  const area = workAreas[0] ?? { x: 0, y: 0, width: preferred.width, height: preferred.height };
  const width = Math.min(preferred.width, area.width);
  const height = Math.min(preferred.height, area.height);
  return {
    bounds: { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height },
    maximized: false,
    fullScreen: false,
    zoomFactor: 1,
  };
}

/**
 * Merges a saved state (any JSON, possibly corrupt or from another machine) with the current
 * displays' work areas. The saved bounds are kept when at least a quarter of the window (and its
 * title bar) lands on one display; otherwise the window moves onto the display it overlaps most,
 * or the primary one, clamped to fit. Sizes are clamped to the minimum and to the display.
 */
export function mergeWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const fallback = defaultWindowState(workAreas);
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as Partial<Record<keyof WindowState, unknown>>;
  const b = (typeof s.bounds === 'object' && s.bounds !== null ? s.bounds : {}) as Partial<Record<keyof Rect, unknown>>;
  const zoomFactor = finite(s.zoomFactor) ? Math.min(ZOOM_RANGE.max, Math.max(ZOOM_RANGE.min, s.zoomFactor)) : 1;
  const state = { maximized: s.maximized === true, fullScreen: s.fullScreen === true, zoomFactor };
  if (!finite(b.x) || !finite(b.y) || !finite(b.width) || !finite(b.height) || b.width <= 0 || b.height <= 0) {
    return { ...fallback, ...state };
  }
  const wanted: Rect = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
  if (workAreas.length === 0) {
    return { bounds: { ...wanted, width: Math.max(MIN_WINDOW_SIZE.width, wanted.width), height: Math.max(MIN_WINDOW_SIZE.height, wanted.height) }, ...state };
  }
  let best = workAreas[0];
  let bestArea = -1;
  for (const area of workAreas) {
    const overlap = overlapArea(wanted, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  const width = Math.min(best.width, Math.max(MIN_WINDOW_SIZE.width, wanted.width));
  const height = Math.min(best.height, Math.max(MIN_WINDOW_SIZE.height, wanted.height));
  const titleBar: Rect = { x: wanted.x, y: wanted.y, width: wanted.width, height: Math.min(40, wanted.height) };
  const visibleEnough = bestArea >= 0.25 * wanted.width * wanted.height && overlapArea(titleBar, best) > 0;
  const x = visibleEnough ? Math.min(Math.max(wanted.x, best.x), best.x + best.width - width) : best.x + Math.round((best.width - width) / 2);
  const y = visibleEnough ? Math.min(Math.max(wanted.y, best.y), best.y + best.height - height) : best.y + Math.round((best.height - height) / 2);
  return { bounds: { x, y, width, height }, ...state };
}

export function readWindowState(dataDir: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8')) as unknown;
  } catch {
    return null; // first run, or a corrupt file: the defaults apply
  }
}

/** Writes atomically (temp file + rename) so a crash mid-write leaves the previous state. */
export function writeWindowState(dataDir: string, state: WindowState): void {
  const file = path.join(dataDir, WINDOW_STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(temp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(temp, file);
}
