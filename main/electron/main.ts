// Electron main process: one sandboxed window loading the renderer from app://regimelab, the
// services in this process (workers for compute), and the IPC transport on a single channel.

import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workstation } from '../services/workstation.ts';
import { findAppRoot } from '../services/paths.ts';
import { registerIpc } from './ipc.ts';
import { APP_CSP, APP_SCHEME, isAllowedExternalLink, isAllowedNavigation, resolveAppPath, APP_ORIGIN } from './security.ts';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const appRoot = findAppRoot(__dirname);
const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
if (dataDirFlag ?? process.env.REGIMELAB_DATA_DIR) app.setPath('userData', path.resolve(dataDirFlag ?? process.env.REGIMELAB_DATA_DIR!));

let workstation: Workstation | null = null;

async function createWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'RegimeLab',
    webPreferences: {
      preload: path.join(appRoot, 'out', 'preload', 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('render-process-gone', () => {
    if (!window.isDestroyed()) window.reload();
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const rendererDir = path.join(appRoot, 'out', 'renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(request.url, rendererDir, path.sep);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', APP_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
  workstation = await Workstation.open({
    appRoot,
    dataDir: app.getPath('userData'),
    mode: 'electron',
    versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
  });
  registerIpc(ipcMain, workstation, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
}).catch((error: unknown) => {
  console.error('RegimeLab failed to start:', error);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void workstation?.close();
});
