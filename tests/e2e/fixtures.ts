// Shared end-to-end fixtures: each test gets its own data directory and a running workstation —
// browser mode (the real `regimelab serve` process, driven in Chromium) or Electron (through
// `_electron.launch`, when ELECTRON_EXEC_PATH names a binary). `callApi` goes through the same
// transport the page uses, so assertions compare the screen with the API's own data.
import { test as base, expect, _electron, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, encodeMessage } from '../../core/contract/wire.ts';
import type { CallEnvelope } from '../../core/contract/client.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifactsDir = path.join(repoRoot, 'test-results', 'artifacts');

type CallApi = (method: string, input?: unknown) => Promise<unknown>;

export type Workstation = { page: Page; callApi: CallApi; dataDir: string; target: 'browser' | 'electron'; url?: string; token?: string; electronApp?: ElectronApplication };

export async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; origin: string; token: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'out', 'node', 'cli.mjs'), 'serve', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const info = await new Promise<{ url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const url = new URL(info.url);
  return { child, url: info.url, origin: url.origin, token: url.searchParams.get('token')! };
}

export async function bridgeCall(origin: string, token: string, method: string, input: unknown = {}): Promise<unknown> {
  const response = await fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-regimelab-wire' },
    body: encodeMessage(input) as BodyInit,
  });
  const envelope = decodeMessage(new Uint8Array(await response.arrayBuffer())) as CallEnvelope;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

export const test = base.extend<{ workstation: Workstation }>({
  workstation: async ({ browser }, use, testInfo) => {
    const target = testInfo.project.metadata.target as 'browser' | 'electron';
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regimelab-e2e-'));
    if (target === 'electron') {
      const executablePath = process.env.ELECTRON_EXEC_PATH;
      testInfo.skip(!executablePath || !fs.existsSync(executablePath), 'ELECTRON_EXEC_PATH does not name an Electron binary (none can be downloaded here)');
      const app = await _electron.launch({ executablePath: executablePath!, args: [repoRoot, `--data-dir=${dataDir}`] });
      const page = await app.firstWindow();
      const callApi: CallApi = (method, input = {}) =>
        page.evaluate(([m, i]) => (window as unknown as { regimelab: { call(m: string, i: unknown): Promise<unknown> } }).regimelab.call(m as string, i), [method, input] as const);
      await use({ page, callApi, dataDir, target, electronApp: app });
      await app.close();
    } else {
      const server = await startServer(dataDir);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await use({ page, callApi: (m, i) => bridgeCall(server.origin, server.token, m, i), dataDir, target, url: server.url, token: server.token });
      await context.close();
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Distinct colours in the chart's canvases: a blank (single-colour) chart has 1. */
export async function canvasColourCount(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const colours = new Set<number>();
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>(`${sel} canvas`))) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) continue;
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return colours.size;
  }, selector);
}

/** The crosshair legend's values, as the data attributes fillLegend writes (the numbers it formats); equity only with a backtest. */
export async function readLegend(page: Page) {
  const value = async (testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));
  const equity = page.getByTestId('legend-equity');
  return {
    time: Number(await page.getByTestId('chart-legend').getAttribute('data-time')),
    prob: await value('legend-prob'),
    regime: await value('legend-regime'),
    count: await value('legend-count'),
    leverage: await value('legend-leverage'),
    equity: (await equity.count()) > 0 ? await value('legend-equity') : null,
  };
}
