// The application menu as data: a pure function of the platform, the recent files and the theme,
// so its structure is unit-tested without Electron. Clicks go to one command callback that the
// shell (shell.ts) routes to dialogs, jobs or the renderer.

import type { MenuItemConstructorOptions } from 'electron';

export type Theme = 'system' | 'light' | 'dark';

export type MenuCommand =
  | { id: 'import' }
  | { id: 'download' }
  | { id: 'open-recent'; path: string }
  | { id: 'clear-recent' }
  | { id: 'export-report' }
  | { id: 'theme'; theme: Theme }
  | { id: 'about' }
  | { id: 'open-data-folder' };

export type MenuModel = {
  platform: NodeJS.Platform;
  appName: string;
  recentFiles: readonly string[];
  theme: Theme;
  /** Developer tools appear in View only in unpackaged (development) builds. */
  isPackaged: boolean;
};

const MAX_RECENT_IN_MENU = 10;

function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

export function buildMenuTemplate(model: MenuModel, run: (command: MenuCommand) => void): MenuItemConstructorOptions[] {
  const mac = model.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = model.recentFiles.slice(0, MAX_RECENT_IN_MENU).map((file, index) => ({
    id: `recent-${index}`,
    label: baseName(file),
    sublabel: file,
    toolTip: file,
    click: () => run({ id: 'open-recent', path: file }),
  }));
  const openRecent: MenuItemConstructorOptions = {
    id: 'open-recent',
    label: 'Open Recent',
    submenu: [
      ...(recent.length > 0 ? recent : [{ id: 'recent-none', label: 'No Recent Files', enabled: false }]),
      { type: 'separator' },
      { id: 'clear-recent', label: 'Clear Menu', enabled: recent.length > 0, click: () => run({ id: 'clear-recent' }) },
    ],
  };

  const about: MenuItemConstructorOptions = { id: 'about', label: `About ${model.appName}`, click: () => run({ id: 'about' }) };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: model.appName,
          submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    id: 'file',
    label: '&File',
    submenu: [
      { id: 'import', label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => run({ id: 'import' }) },
      { id: 'download', label: 'Download…', accelerator: 'CmdOrCtrl+Shift+D', click: () => run({ id: 'download' }) },
      openRecent,
      { type: 'separator' },
      { id: 'export-report', label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => run({ id: 'export-report' }) },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    id: 'edit',
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };

  const themes: { theme: Theme; label: string }[] = [
    { theme: 'system', label: 'Follow System' },
    { theme: 'light', label: 'Light' },
    { theme: 'dark', label: 'Dark' },
  ];
  const view: MenuItemConstructorOptions = {
    id: 'view',
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      {
        id: 'theme',
        label: 'Theme',
        submenu: themes.map(({ theme, label }) => ({ id: `theme-${theme}`, label, type: 'radio', checked: model.theme === theme, click: () => run({ id: 'theme', theme }) })),
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(model.isPackaged ? [] : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
    ],
  };

  const window: MenuItemConstructorOptions = {
    id: 'window',
    role: 'windowMenu',
    label: '&Window',
  };

  const help: MenuItemConstructorOptions = {
    id: 'help',
    role: 'help',
    label: '&Help',
    submenu: [{ id: 'help-data-folder', label: 'Show Data Folder', click: () => run({ id: 'open-data-folder' }) }, { type: 'separator' }, { ...about, id: 'help-about' }],
  };

  return [...appMenu, file, edit, view, window, help];
}

/** The About box text: the versions a bug report needs. */
export function aboutDetail(versions: { app: string; electron?: string; chrome?: string; node?: string; onnxruntime?: string; sqlite?: string; inference?: string }): string {
  return [
    `Version ${versions.app}`,
    `Electron ${versions.electron ?? 'unknown'}`,
    `Chromium ${versions.chrome ?? 'unknown'}`,
    `Node ${versions.node ?? 'unknown'}`,
    `ONNX Runtime ${versions.onnxruntime ?? 'unknown'}`,
    `SQLite ${versions.sqlite ?? 'unknown'}`,
    ...(versions.inference ? [`Inference: ${versions.inference}`] : []),
  ].join('\n');
}
