// The Electron shell: the hardened window loading app://regimelab, the session's security
// handlers, the application menu, native integration (dialogs, recent documents, dock/taskbar
// progress, power-save blocking, single instance, window state, crash recovery) and the services,
// in this process (default) or in a utility process (--services=utility).

import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, powerSaveBlocker, protocol, screen, session, shell, utilityProcess, type WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { EventName } from '../../core/contract/events.ts';
import { Workstation } from '../services/workstation.ts';
import { findAppRoot } from '../services/paths.ts';
import { registerIpc, type ValidatedCall } from './ipc.ts';
import { buildMenuTemplate, aboutDetail, type MenuCommand, type Theme } from './menu-template.ts';
import { electronDialogs } from './native-dialogs.ts';
import { applyJobEvent, IDLE, shouldPreventSuspension, taskbarProgress, type JobActivity } from './job-activity.ts';
import { filesFromArgv, parseLaunchOptions, SERVICES_HOST_FLAG, shouldReloadAfterCrash } from './launch-options.ts';
import { addRecentFile, readRecentFiles, writeRecentFiles } from './recent-files.ts';
import { mergeWindowState, MIN_WINDOW_SIZE, readWindowState, writeWindowState, type WindowState } from './window-state.ts';
import { RelayServices, RemoteServices, utilityProcessChannel, type ServicesEndpoint } from './services-channel.ts';
import { SHELL_COMMAND_CHANNEL, type ShellCommand } from './shell-commands.ts';
import {
  APP_ORIGIN,
  APP_RESPONSE_HEADERS,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  hardenedWebPreferences,
  isAllowedAppRequestMethod,
  isAllowedExternalLink,
  isAllowedNavigation,
  isPermissionGranted,
  resolveAppPath,
} from './security.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

type ThemePreference = { theme: Theme };

function readOnnxRuntimeVersion(appRoot: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(appRoot, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function startShell(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
  app.enableSandbox();

  const launch = parseLaunchOptions(process.argv, process.env);
  if (launch.dataDir) app.setPath('userData', launch.dataDir);
  const appRoot = findAppRoot(__dirname);
  const dataDir = app.getPath('userData');

  // One instance per data directory (the lock lives in userData): a second launch hands its
  // files to the first and quits.
  if (!app.requestSingleInstanceLock({ files: filesFromArgv(process.argv, process.cwd(), appRoot) })) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  let services: RelayServices | null = null;
  let closeServices: () => Promise<void> = async () => {};
  let activity: JobActivity = IDLE;
  let blockerId: number | null = null;
  let recentFiles = readRecentFiles(dataDir);
  const crashTimes: number[] = [];
  const importPaths = new Map<string, string>(); // jobId → file, for recent documents
  const pendingFiles: string[] = [];
  const themeFile = path.join(dataDir, 'theme.json');
  let theme: Theme = 'system';
  try {
    const saved = (JSON.parse(fs.readFileSync(themeFile, 'utf8')) as Partial<ThemePreference>).theme;
    if (saved === 'light' || saved === 'dark' || saved === 'system') theme = saved;
  } catch {
    // first run
  }

  const windows = () => BrowserWindow.getAllWindows().map((w) => w.webContents);
  const sendCommand = (command: ShellCommand) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(SHELL_COMMAND_CHANNEL, command);
  };

  // ---- every webContents: no navigation away, no new windows, no <webview> ----------------------
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  // ---- services -------------------------------------------------------------------------------
  const versions = { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', onnxruntime: readOnnxRuntimeVersion(appRoot) };

  async function startInProcess(): Promise<ServicesEndpoint> {
    const workstation = await Workstation.open({ appRoot, dataDir, mode: 'electron', versions, nativeDialogs: electronDialogs() });
    closeServices = () => workstation.close();
    return workstation;
  }

  async function startUtilityHost(): Promise<RemoteServices> {
    const child = utilityProcess.fork(__filename, [SERVICES_HOST_FLAG], { serviceName: 'RegimeLab services', stdio: 'inherit' });
    const dialogs = electronDialogs();
    const remote = RemoteServices.start(utilityProcessChannel(child), { appRoot, dataDir, mode: 'electron', versions, nativeDialogs: true }, dialogs);
    let shuttingDown = false;
    child.once('exit', (code) => {
      void remote.then((r) => r.exited(`the services process exited with code ${code}`)).catch(() => {});
      if (shuttingDown) return;
      // A native crash ends the services process, not the window: start a new one and reload.
      crashTimes.push(Date.now());
      if (!shouldReloadAfterCrash(crashTimes, Date.now())) {
        dialog.showErrorBox('RegimeLab', `The services process keeps crashing (exit code ${code}). Quit and check the data directory:\n${dataDir}`);
        return;
      }
      activity = IDLE;
      updateJobIndicators();
      void startUtilityHost().then((next) => {
        services?.replace(next);
        sendCommand({ id: 'services-restarted', reason: `exit code ${code}` });
        mainWindow?.reload();
      }, (error: unknown) => dialog.showErrorBox('RegimeLab', `The services process could not be restarted: ${(error as Error).message}`));
    });
    const started = await remote;
    closeServices = async () => {
      shuttingDown = true;
      await started.close();
    };
    return started;
  }

  // ---- long jobs: dock/taskbar progress and no suspension while they run -----------------------
  function updateJobIndicators(): void {
    const progress = taskbarProgress(activity);
    for (const window of BrowserWindow.getAllWindows()) window.setProgressBar(progress);
    if (shouldPreventSuspension(activity) && blockerId === null) blockerId = powerSaveBlocker.start('prevent-app-suspension');
    if (!shouldPreventSuspension(activity) && blockerId !== null) {
      powerSaveBlocker.stop(blockerId);
      blockerId = null;
    }
  }

  function onServiceEvent(event: EventName, payload: unknown): void {
    activity = applyJobEvent(activity, event, payload);
    updateJobIndicators();
    if (event === 'job.done') {
      const jobId = (payload as { jobId: string }).jobId;
      const file = importPaths.get(jobId);
      if (file) rememberRecent(file);
    }
    if (event === 'job.done' || event === 'job.error') importPaths.delete((payload as { jobId: string }).jobId);
  }

  function rememberRecent(file: string): void {
    recentFiles = addRecentFile(recentFiles, file);
    writeRecentFiles(dataDir, recentFiles);
    app.addRecentDocument(file);
    rebuildMenu();
  }

  async function importFiles(files: readonly string[]): Promise<void> {
    if (!services) {
      pendingFiles.push(...files);
      return;
    }
    for (const file of files) {
      try {
        const { jobId } = await services.call('jobs.start', { kind: 'data.importFile', params: { path: file } });
        importPaths.set(jobId, file);
      } catch (error) {
        dialog.showErrorBox('Import failed', `${file}\n\n${(error as Error).message}`);
      }
    }
  }

  function observeCall(call: ValidatedCall, result: { ok: boolean; value?: unknown }): void {
    // Imports the renderer starts by path (drag and drop, the open dialog) become recent documents.
    if (call.method !== 'jobs.start' || !result.ok) return;
    const input = call.input as { kind?: unknown; params?: { path?: unknown } };
    const jobId = (result.value as { jobId?: unknown }).jobId;
    if (input.kind === 'data.importFile' && typeof input.params?.path === 'string' && typeof jobId === 'string') importPaths.set(jobId, input.params.path);
  }

  // ---- menu ------------------------------------------------------------------------------------
  async function runMenuCommand(command: MenuCommand): Promise<void> {
    switch (command.id) {
      case 'import': {
        const chosen = await electronDialogs().showOpenDialog({ title: 'Import candles', multiple: true });
        if (!chosen.canceled) await importFiles(chosen.paths);
        return;
      }
      case 'open-recent':
        await importFiles([command.path]);
        return;
      case 'clear-recent':
        recentFiles = [];
        writeRecentFiles(dataDir, recentFiles);
        app.clearRecentDocuments();
        rebuildMenu();
        return;
      case 'download':
      case 'export-report':
        sendCommand({ id: command.id });
        return;
      case 'theme':
        theme = command.theme;
        nativeTheme.themeSource = theme; // the renderer's prefers-color-scheme follows
        fs.writeFileSync(themeFile, JSON.stringify({ theme } satisfies ThemePreference) + '\n');
        sendCommand({ id: 'theme', theme });
        rebuildMenu();
        return;
      case 'about': {
        // Probing starts the inference pool if no model ran yet, so About shows the provider and why others were not used.
        const info = services ? await services.call('system.info', { probeInference: true }) : null;
        const detail = aboutDetail({ app: app.getVersion(), ...versions, node: info?.versions.node ?? process.versions.node, sqlite: info?.versions.sqlite, inference: info?.inference.message });
        const options = { type: 'info' as const, title: `About ${app.getName()}`, message: app.getName(), detail, buttons: ['OK'] };
        if (mainWindow) await dialog.showMessageBox(mainWindow, options);
        else await dialog.showMessageBox(options);
        return;
      }
      case 'open-data-folder':
        await shell.openPath(dataDir);
        return;
    }
  }

  function rebuildMenu(): void {
    const template = buildMenuTemplate({ platform: process.platform, appName: app.getName(), recentFiles, theme, isPackaged: app.isPackaged }, (command) => {
      void runMenuCommand(command).catch((error: unknown) => dialog.showErrorBox('RegimeLab', (error as Error).message));
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  // ---- the window ------------------------------------------------------------------------------
  function currentWindowState(window: BrowserWindow): WindowState {
    return { bounds: window.getNormalBounds(), maximized: window.isMaximized(), fullScreen: window.isFullScreen(), zoomFactor: window.webContents.getZoomFactor() };
  }

  async function createWindow(): Promise<BrowserWindow> {
    const primary = screen.getPrimaryDisplay().workArea;
    const others = screen.getAllDisplays().map((d) => d.workArea).filter((a) => a.x !== primary.x || a.y !== primary.y);
    const state = mergeWindowState(readWindowState(dataDir), [primary, ...others]);
    const window = new BrowserWindow({
      ...state.bounds,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      show: false,
      title: 'RegimeLab',
      webPreferences: hardenedWebPreferences(path.join(appRoot, 'out', 'preload', 'preload.cjs')),
    });
    if (state.maximized) window.maximize();
    if (state.fullScreen) window.setFullScreen(true);
    window.webContents.on('did-finish-load', () => window.webContents.setZoomFactor(state.zoomFactor));

    let saveTimer: NodeJS.Timeout | null = null;
    const saveSoon = () => {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(() => !window.isDestroyed() && writeWindowState(dataDir, currentWindowState(window)), 500);
    };
    window.on('resize', saveSoon);
    window.on('move', saveSoon);
    window.on('close', () => {
      if (saveTimer) clearTimeout(saveTimer);
      writeWindowState(dataDir, currentWindowState(window));
    });

    // Crash recovery: the renderer is reloaded (jobs keep running in main and report on reload),
    // unless it keeps crashing.
    window.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit' || window.isDestroyed()) return;
      crashTimes.push(Date.now());
      if (shouldReloadAfterCrash(crashTimes, Date.now())) window.reload();
      else dialog.showErrorBox('RegimeLab', `The window crashed repeatedly (${details.reason}). Your jobs and data are safe; restart RegimeLab.`);
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
    await window.loadURL(`${APP_ORIGIN}/index.html`);
    return window;
  }

  function focusMainWindow(): void {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusMainWindow();
    void importFiles(filesFromArgv(argv, workingDirectory, appRoot));
  });
  // macOS: files dropped on the Dock icon or opened from Finder (also before ready).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void importFiles([file]);
  });

  app.whenReady().then(async () => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
    ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
    ses.setDevicePermissionHandler(() => false);
    // Nothing the renderer loads comes from the network: the UI is app:// and data goes through IPC.
    ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => callback({ cancel: details.webContentsId !== undefined }));

    const rendererDir = path.join(appRoot, 'out', 'renderer');
    protocol.handle(APP_SCHEME, async (request) => {
      if (!isAllowedAppRequestMethod(request.method)) return new Response('method not allowed', { status: 405, headers: { ...APP_RESPONSE_HEADERS } });
      const file = resolveAppPath(request.url, rendererDir, path.sep);
      if (!file) return new Response('not found', { status: 404, headers: { ...APP_RESPONSE_HEADERS } });
      try {
        const body = await fs.promises.readFile(file);
        return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' } });
      } catch {
        return new Response('not found', { status: 404, headers: { ...APP_RESPONSE_HEADERS } });
      }
    });

    nativeTheme.themeSource = theme;
    services = new RelayServices(launch.services === 'utility' ? await startUtilityHost() : await startInProcess());
    services.onAny(onServiceEvent);
    registerIpc(ipcMain, services, windows, {
      isKnownSender: (id) => BrowserWindow.getAllWindows().some((w) => w.webContents.id === id),
      observe: observeCall,
    });
    rebuildMenu();
    await createWindow();
    await importFiles([...filesFromArgv(process.argv, process.cwd(), appRoot), ...pendingFiles.splice(0)]);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  }).catch((error: unknown) => {
    console.error('RegimeLab failed to start:', error);
    dialog.showErrorBox('RegimeLab failed to start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the services (cancel jobs, close SQLite, stop workers) before the process exits.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    if (blockerId !== null) powerSaveBlocker.stop(blockerId);
    void closeServices()
      .catch((error: unknown) => console.error('closing the services failed:', error))
      .finally(() => app.quit());
  });
}
