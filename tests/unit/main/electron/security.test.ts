import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink, isAllowedNavigation, isTrustedSender, resolveAppPath } from '../../../../main/electron/security.ts';

describe('Electron security predicates', () => {
  it('trusts only the app origin in the top-level frame', () => {
    expect(isTrustedSender({ url: 'app://regimelab/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://regimelab/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://regimelab/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('never navigates away from the app', () => {
    expect(isAllowedNavigation('app://regimelab/other.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalLink('https://github.com/tradingview/lightweight-charts')).toBe(true);
    expect(isAllowedExternalLink('http://github.com')).toBe(false);
    expect(isAllowedExternalLink('https://github.com.evil.example')).toBe(false);
    expect(isAllowedExternalLink('https://user:pw@github.com')).toBe(false);
    expect(isAllowedExternalLink('file:///etc/passwd')).toBe(false);
  });

  it('maps app:// paths into the renderer folder and refuses escapes', () => {
    expect(resolveAppPath('app://regimelab/', '/r')).toBe('/r/index.html');
    expect(resolveAppPath('app://regimelab/assets/x.js', '/r')).toBe('/r/assets/x.js');
    expect(resolveAppPath('app://regimelab/%2e%2e/secret', '/r')).toBe('/r/secret'); // the URL parser resolves dot segments first
    expect(resolveAppPath('app://regimelab/..%2f..%2fetc%2fpasswd', '/r')).toBeNull();
    expect(resolveAppPath('app://regimelab/a%5cb', '/r')).toBeNull();
    expect(resolveAppPath('app://other/x', '/r')).toBeNull();
  });
});
