import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutDetail, buildMenuTemplate, type MenuCommand, type MenuModel } from '../../../../main/electron/menu-template.ts';

const base: MenuModel = { platform: 'linux', appName: 'RegimeLab', recentFiles: [], theme: 'system', isPackaged: true };

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return Array.isArray(item?.submenu) ? (item.submenu as MenuItemConstructorOptions[]) : [];
}
function byId(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = byId(submenu(item), id);
    if (inner) return inner;
  }
  return undefined;
}
function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('application menu template', () => {
  it('has File, Edit, View, Window, Help in order (and the app menu first on macOS)', () => {
    expect(buildMenuTemplate(base, () => {}).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    const mac = buildMenuTemplate({ ...base, platform: 'darwin' }, () => {});
    expect(mac.map((m) => m.label)).toEqual(['RegimeLab', '&File', '&Edit', '&View', '&Window', '&Help']);
    expect(submenu(mac[0]).map((i) => i.role ?? i.id ?? i.type)).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
  });

  it('File holds Import, Download, Open Recent and Export Report, each with its command', () => {
    const commands: MenuCommand[] = [];
    const template = buildMenuTemplate(base, (c) => commands.push(c));
    const file = submenu(template[0]);
    expect(file.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role)).toEqual(['Import…', 'Download…', 'Open Recent', 'Export Report…', 'quit']);
    expect(byId(template, 'import')?.accelerator).toBe('CmdOrCtrl+O');
    click(byId(template, 'import'));
    click(byId(template, 'download'));
    click(byId(template, 'export-report'));
    expect(commands).toEqual([{ id: 'import' }, { id: 'download' }, { id: 'export-report' }]);
    // macOS quits from the app menu, not from File
    expect(submenu(buildMenuTemplate({ ...base, platform: 'darwin' }, () => {})[1]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('Open Recent lists the recent files (at most 10) and clears them', () => {
    const commands: MenuCommand[] = [];
    const empty = buildMenuTemplate(base, () => {});
    expect(submenu(byId(empty, 'open-recent')).map((i) => [i.label ?? i.type, i.enabled])).toEqual([
      ['No Recent Files', false],
      ['separator', undefined],
      ['Clear Menu', false],
    ]);
    const files = Array.from({ length: 12 }, (_, i) => `/data/BTCUSDT-1h-2024-${String(i + 1).padStart(2, '0')}.csv`);
    const template = buildMenuTemplate({ ...base, recentFiles: files }, (c) => commands.push(c));
    const recent = submenu(byId(template, 'open-recent'));
    expect(recent).toHaveLength(10 + 2);
    expect(recent[0]).toMatchObject({ label: 'BTCUSDT-1h-2024-01.csv', sublabel: files[0] });
    click(recent[1]);
    click(byId(template, 'clear-recent'));
    expect(commands).toEqual([{ id: 'open-recent', path: files[1] }, { id: 'clear-recent' }]);
    expect(byId(template, 'clear-recent')?.enabled).toBe(true);
    expect(buildMenuTemplate({ ...base, recentFiles: ['C:\\data\\ETH.csv'] }, () => {}).length).toBe(5);
    expect(submenu(byId(buildMenuTemplate({ ...base, recentFiles: ['C:\\data\\ETH.csv'] }, () => {}), 'open-recent'))[0].label).toBe('ETH.csv');
  });

  it('Edit uses the native roles', () => {
    expect(submenu(buildMenuTemplate(base, () => {})[1]).map((i) => i.role ?? i.type)).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('View has zoom and a theme radio group reflecting the current theme; dev tools only unpackaged', () => {
    const commands: MenuCommand[] = [];
    const template = buildMenuTemplate({ ...base, theme: 'dark' }, (c) => commands.push(c));
    const view = submenu(template[2]);
    expect(view.slice(0, 3).map((i) => i.role)).toEqual(['resetZoom', 'zoomIn', 'zoomOut']);
    const themes = submenu(byId(template, 'theme'));
    expect(themes.map((i) => [i.id, i.type, i.checked])).toEqual([
      ['theme-system', 'radio', false],
      ['theme-light', 'radio', false],
      ['theme-dark', 'radio', true],
    ]);
    click(themes[1]);
    expect(commands).toEqual([{ id: 'theme', theme: 'light' }]);
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(submenu(buildMenuTemplate({ ...base, isPackaged: false }, () => {})[2]).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('Window is the native window menu; Help has About', () => {
    const commands: MenuCommand[] = [];
    const template = buildMenuTemplate(base, (c) => commands.push(c));
    expect(template[3].role).toBe('windowMenu');
    const help = submenu(template[4]);
    expect(help.map((i) => i.label ?? i.type)).toEqual(['Show Data Folder', 'separator', 'About RegimeLab']);
    click(help[2]);
    click(help[0]);
    expect(commands).toEqual([{ id: 'about' }, { id: 'open-data-folder' }]);
  });

  it('gives every item a unique id', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const ids: string[] = [];
      const walk = (items: MenuItemConstructorOptions[]) => items.forEach((i) => (i.id && ids.push(i.id), walk(submenu(i))));
      walk(buildMenuTemplate({ ...base, platform, recentFiles: ['/a.csv', '/b.csv'] }, () => {}));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('About names the versions of Electron, Node, ONNX Runtime and SQLite', () => {
    const text = aboutDetail({ app: '0.1.0', electron: '45.1.0', chrome: '140.0', node: '22.20.0', onnxruntime: '1.30.0', sqlite: '3.50.4' });
    expect(text.split('\n')).toEqual(['Version 0.1.0', 'Electron 45.1.0', 'Chromium 140.0', 'Node 22.20.0', 'ONNX Runtime 1.30.0', 'SQLite 3.50.4']);
    expect(aboutDetail({ app: '0.1.0' })).toContain('ONNX Runtime unknown');
    expect(aboutDetail({ app: '0.1.0', inference: 'cpu (cuda: library not found)' })).toContain('Inference: cpu (cuda: library not found)');
  });
});
