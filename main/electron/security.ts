// The shell's security decisions as pure functions (unit-tested without Electron): which frames
// may call the API, which navigations and external links are allowed.

export const APP_SCHEME = 'app';
export const APP_HOST = 'regimelab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only the app's own top-level frame, loaded from app://regimelab, may use the IPC channel. */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined): boolean {
  if (!frame || !frame.isMainFrame) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The window never navigates away from the app. */
export function isAllowedNavigation(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

const EXTERNAL_ALLOW_LIST = ['github.com', 'www.binance.com', 'data.binance.vision', 'tradingview.github.io'];

/** External links open in the system browser only over https and to allow-listed hosts. */
export function isAllowedExternalLink(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' && EXTERNAL_ALLOW_LIST.includes(url.hostname) && url.username === '' && url.password === '';
  } catch {
    return false;
  }
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
  const decoded = decodeURIComponent(url.pathname);
  const parts = decoded.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p.includes('\\') || p.includes('\0'))) return null;
  const relative = parts.length === 0 ? 'index.html' : parts.join(sep);
  return `${rendererDir}${sep}${relative}`;
}

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
