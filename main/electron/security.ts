// The shell's security decisions as pure functions (unit-tested without Electron): which frames
// may call the API, which navigations and external links are allowed, which permissions are
// granted (none), how app:// requests map to files, and the hardened window preferences.

export const APP_SCHEME = 'app';
export const APP_HOST = 'regimelab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** app:// is a standard, secure scheme with fetch; it does not bypass CSP and has no CORS. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false, stream: true } as const;

function isAppOrigin(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export type SenderFrame = { url: string; isMainFrame: boolean };

/** Only the app's own top-level frame, loaded from app://regimelab, may use the IPC channel. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.isMainFrame !== true || typeof frame.url !== 'string') return false;
  return isAppOrigin(frame.url);
}

/** The window (and any frame in it) never navigates away from the app. */
export function isAllowedNavigation(target: string): boolean {
  return isAppOrigin(target);
}

/** Hosts the UI may link to: docs, the exchanges' data pages, and the chart library's attribution. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['github.com', 'www.binance.com', 'data.binance.vision', 'tradingview.github.io', 'www.tradingview.com'];

/** External links open in the system browser only over https and to allow-listed hosts. */
export function isAllowedExternalLink(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' && EXTERNAL_ALLOW_LIST.includes(url.hostname) && url.port === '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Every permission request and check is denied: the workstation needs no camera, microphone,
 * notifications, geolocation, clipboard-read, HID, serial or USB. Clipboard writes from the
 * Edit menu go through Electron's roles, which need no web permission.
 */
export function isPermissionGranted(permission: string): boolean {
  void permission;
  return false;
}

/** app:// serves static files only. */
export function isAllowedAppRequestMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Maps an app:// request path to a file inside the renderer folder, or null if it escapes it. */
export function resolveAppPath(requestUrl: string, rendererDir: string, sep = '/'): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  const parts = decoded.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p.includes('\\') || p.includes('\0') || p.includes(':'))) return null;
  const relative = parts.length === 0 ? 'index.html' : parts.join(sep);
  return `${rendererDir}${sep}${relative}`;
}

/** The Content-Security-Policy header on every app:// response: nothing remote, no eval. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every app:// response. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The hardened webPreferences of every RegimeLab window. */
export function hardenedWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}
