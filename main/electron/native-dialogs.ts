// The NativeDialogs capability of the Workstation, implemented with Electron's dialog module and
// parented to the focused RegimeLab window. Injected by the shell; services stay Electron-free.

import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { NativeDialogs } from '../services/workstation.ts';
import { IMPORTABLE_EXTENSIONS } from './launch-options.ts';

export const IMPORT_FILTERS = [
  { name: 'Exchange candles', extensions: IMPORTABLE_EXTENSIONS.map((ext) => ext.slice(1)) },
  { name: 'All files', extensions: ['*'] },
];

export function electronDialogs(): NativeDialogs {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;
  return {
    async showOpenDialog(input) {
      const options: OpenDialogOptions = {
        title: input.title,
        filters: input.filters ?? IMPORT_FILTERS,
        properties: input.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return { canceled: result.canceled, paths: result.canceled ? [] : result.filePaths };
    },
    async showSaveDialog(input) {
      const options: SaveDialogOptions = { title: input.title, defaultPath: input.defaultName, filters: input.filters, properties: ['createDirectory', 'showOverwriteConfirmation'] };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return { canceled: result.canceled, path: result.canceled || !result.filePath ? null : result.filePath };
    },
  };
}
