import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { defaultWindowState, mergeWindowState, MIN_WINDOW_SIZE, readWindowState, WINDOW_STATE_FILE, writeWindowState } from '../../../../main/electron/window-state.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  const dir = makeTempDir();
  afterAll(() => removeDir(dir));

  it('defaults to 1440×900 centred on the primary display, or the display size if smaller', () => {
    expect(defaultWindowState([laptop])).toEqual({ bounds: { x: 240, y: 75, width: 1440, height: 900 }, maximized: false, fullScreen: false, zoomFactor: 1 });
    expect(defaultWindowState([{ x: 0, y: 0, width: 1280, height: 720 }]).bounds).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  });

  it('keeps saved bounds that are on a display, with maximized, full screen and zoom', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true, fullScreen: false, zoomFactor: 1.25 };
    expect(mergeWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('moves a window whose monitor is gone back onto the primary display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: false, fullScreen: false, zoomFactor: 1 };
    expect(mergeWindowState(saved, [laptop]).bounds).toEqual({ x: 160, y: 25, width: 1600, height: 1000 });
  });

  it('pulls a mostly visible window fully inside its display, and shrinks one larger than it', () => {
    expect(mergeWindowState({ bounds: { x: -100, y: 50, width: 1500, height: 900 } }, [laptop]).bounds).toEqual({ x: 0, y: 50, width: 1500, height: 900 });
    expect(mergeWindowState({ bounds: { x: 0, y: 0, width: 4000, height: 3000 } }, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1050 });
  });

  it('re-centres a window whose title bar is off-screen (it could not be dragged back)', () => {
    const state = mergeWindowState({ bounds: { x: 200, y: -500, width: 1200, height: 1400 } }, [laptop]);
    expect(state.bounds.y).toBeGreaterThanOrEqual(0);
    expect(state.bounds.height).toBe(1050);
  });

  it('enforces the minimum size and the zoom range', () => {
    const state = mergeWindowState({ bounds: { x: 10, y: 10, width: 200, height: 100 }, zoomFactor: 40 }, [laptop]);
    expect(state.bounds).toEqual({ x: 10, y: 10, width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
    expect(state.zoomFactor).toBe(3);
    expect(mergeWindowState({ zoomFactor: 0.01 }, [laptop]).zoomFactor).toBe(0.5);
  });

  it('ignores corrupt or hostile saved state', () => {
    const fallback = defaultWindowState([laptop]);
    for (const saved of [null, 'x', 42, [], { bounds: { x: 'a', y: 0, width: 10, height: 10 } }, { bounds: { x: 0, y: 0, width: -5, height: 10 } }, { bounds: { x: NaN, y: 0, width: 1, height: 1 } }]) {
      expect(mergeWindowState(saved, [laptop]).bounds).toEqual(fallback.bounds);
    }
    expect(mergeWindowState({ maximized: 'yes', fullScreen: 1 }, [laptop])).toMatchObject({ maximized: false, fullScreen: false });
  });

  it('round-trips through window-state.json and survives a corrupt file', () => {
    expect(readWindowState(dir)).toBeNull();
    const state = { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: false, fullScreen: true, zoomFactor: 0.9 };
    writeWindowState(dir, state);
    expect(mergeWindowState(readWindowState(dir), [laptop])).toEqual(state);
    expect(fs.readdirSync(dir)).toEqual([WINDOW_STATE_FILE]); // no temp file left behind
    fs.writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"bounds": ');
    expect(readWindowState(dir)).toBeNull();
  });
});
