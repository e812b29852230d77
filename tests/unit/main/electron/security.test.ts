import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_RESPONSE_HEADERS,
  APP_SCHEME_PRIVILEGES,
  hardenedWebPreferences,
  isAllowedAppRequestMethod,
  isAllowedExternalLink,
  isAllowedNavigation,
  isPermissionGranted,
  isTrustedSender,
  resolveAppPath,
} from '../../../../main/electron/security.ts';

describe('Electron security predicates', () => {
  it('trusts only the app origin in the top-level frame', () => {
    expect(isTrustedSender({ url: 'app://regimelab/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://regimelab/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://regimelab/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://regimelab.evil/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://regimelab:8080/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://user@regimelab/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'about:blank', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: '', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('never navigates away from the app', () => {
    expect(isAllowedNavigation('app://regimelab/other.html')).toBe(true);
    expect(isAllowedNavigation('app://regimelab/index.html#/runs')).toBe(true);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:3000/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
    expect(isAllowedNavigation('data:text/html,<script>alert(1)</script>')).toBe(false);
    expect(isAllowedNavigation('app://other/index.html')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
  });

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalLink('https://github.com/tradingview/lightweight-charts')).toBe(true);
    expect(isAllowedExternalLink('https://data.binance.vision/?prefix=data/spot/')).toBe(true);
    expect(isAllowedExternalLink('http://github.com')).toBe(false);
    expect(isAllowedExternalLink('https://github.com.evil.example')).toBe(false);
    expect(isAllowedExternalLink('https://evil.example/github.com')).toBe(false);
    expect(isAllowedExternalLink('https://github.com:8443/')).toBe(false);
    expect(isAllowedExternalLink('https://user:pw@github.com')).toBe(false);
    expect(isAllowedExternalLink('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalLink('smb://server/share')).toBe(false);
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionGranted(permission)).toBe(false);
    }
  });

  it('maps app:// paths into the renderer folder and refuses escapes', () => {
    expect(resolveAppPath('app://regimelab/', '/r')).toBe('/r/index.html');
    expect(resolveAppPath('app://regimelab/assets/x.js', '/r')).toBe('/r/assets/x.js');
    expect(resolveAppPath('app://regimelab/%2e%2e/secret', '/r')).toBe('/r/secret'); // the URL parser resolves dot segments first
    expect(resolveAppPath('app://regimelab/..%2f..%2fetc%2fpasswd', '/r')).toBeNull();
    expect(resolveAppPath('app://regimelab/a%5cb', '/r')).toBeNull();
    expect(resolveAppPath('app://regimelab/a%00b', '/r')).toBeNull();
    expect(resolveAppPath('app://regimelab/C:%2fWindows', '/r')).toBeNull();
    expect(resolveAppPath('app://regimelab/%E0%A4%A', '/r')).toBeNull();
    expect(resolveAppPath('app://other/x', '/r')).toBeNull();
    expect(resolveAppPath('https://regimelab/x', '/r')).toBeNull();
    expect(resolveAppPath('app://regimelab/assets/x.js', 'C:\\r', '\\')).toBe('C:\\r\\assets\\x.js');
  });

  it('serves app:// as static files only', () => {
    expect(isAllowedAppRequestMethod('GET')).toBe(true);
    expect(isAllowedAppRequestMethod('HEAD')).toBe(true);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'get']) expect(isAllowedAppRequestMethod(method)).toBe(false);
  });

  it('has a CSP with no remote origin, no eval, no frames, no plugins', () => {
    const directives = new Map(APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(APP_CSP).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:|\*/);
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(APP_CSP);
    expect(APP_RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(Object.keys(APP_RESPONSE_HEADERS).some((h) => h.toLowerCase().startsWith('access-control-'))).toBe(false);
  });

  it('registers app:// as standard and secure without bypassing CSP or enabling CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, corsEnabled: false });
  });

  it('hardens every window: sandbox, isolation, no Node, web security, no webview', () => {
    const prefs = hardenedWebPreferences('/app/out/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});
