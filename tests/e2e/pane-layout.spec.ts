// Pane sizes: dragging a separator between the chart's panes (candles, volume, probability,
// leverage) changes their stretch factors, the workspace remembers them (workspace.set paneStretch)
// and a reload restores the same heights; the palette resets them; bad stored sizes are refused.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, artifactsDir } from './fixtures.ts';

type PaneLayout = { kind: string; stretch: number; heightPx: number }[];

async function paneLayout(page: Page): Promise<PaneLayout> {
  return JSON.parse((await page.getByTestId('candle-chart').getAttribute('data-pane-layout')) || '[]') as PaneLayout;
}

/** The separators' drag handles (lightweight-charts draws a 9 px row-resize strip on each). */
async function separators(page: Page): Promise<{ x: number; y: number }[]> {
  return page.locator('[data-testid=candle-chart] div[style*="row-resize"][style*="absolute"]').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + Math.min(200, r.width / 2), y: r.top + r.height / 2 };
    }),
  );
}

async function drag(page: Page, from: { x: number; y: number }, dy: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + dy / 2, { steps: 4 });
  await page.mouse.move(from.x, from.y + dy, { steps: 4 });
  await page.mouse.up();
}

test('dragged pane sizes are remembered across a reload and reset from the palette', async ({ workstation }) => {
  const { page, callApi } = workstation;
  fs.mkdirSync(artifactsDir, { recursive: true });
  const chart = page.getByTestId('candle-chart');
  await page.getByTestId('timeframe-1d').click();
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => (await paneLayout(page)).map((p) => p.kind)).toEqual(['candles', 'volume', 'probability', 'leverage']);
  const before = await paneLayout(page);
  expect(before.map((p) => p.stretch)).toEqual([6, 1.1, 1.3, 1]);
  await page.screenshot({ path: path.join(artifactsDir, `panes-default-${workstation.target}.png`) });

  // Candles/volume separator up 120 px, probability/leverage separator up 40 px.
  const handles = await separators(page);
  expect(handles).toHaveLength(3);
  await drag(page, handles[0], -120);
  await expect.poll(async () => (await paneLayout(page))[1].heightPx).toBeGreaterThan(before[1].heightPx + 100);
  await drag(page, (await separators(page))[2], -40);
  await expect.poll(async () => (await paneLayout(page))[3].heightPx).toBeGreaterThan(before[3].heightPx + 30);
  const dragged = await paneLayout(page);
  expect(dragged[0].heightPx).toBeLessThan(before[0].heightPx - 100);
  // A drag moves stretch between the two panes it divides: their sum stays.
  expect(dragged[0].stretch + dragged[1].stretch).toBeCloseTo(6 + 1.1, 2);
  expect(dragged[2].stretch + dragged[3].stretch).toBeCloseTo(1.3 + 1, 2);

  // Remembered, per pane kind, in the workspace.
  await expect
    .poll(async () => Object.keys(((await callApi('workspace.get', {})) as { paneStretch?: Record<string, number> }).paneStretch ?? {}).sort())
    .toEqual(['candles', 'leverage', 'probability', 'volume']);
  const stored = ((await callApi('workspace.get', {})) as { paneStretch: Record<string, number> }).paneStretch;
  for (const pane of dragged) expect(stored[pane.kind]).toBeCloseTo(pane.stretch, 2);
  await page.screenshot({ path: path.join(artifactsDir, `panes-dragged-${workstation.target}.png`) });

  // A reload restores the same heights (the same chart size, the same factors).
  await page.reload();
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await expect.poll(async () => (await paneLayout(page)).map((p) => p.kind)).toEqual(['candles', 'volume', 'probability', 'leverage']);
  await expect
    .poll(async () => (await paneLayout(page)).map((p, i) => Math.abs(p.heightPx - dragged[i].heightPx) <= 2))
    .toEqual([true, true, true, true]);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(artifactsDir, `panes-restored-${workstation.target}.png`) });

  // The palette resets them to the defaults, and the workspace forgets them.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('reset pane');
  await expect(page.getByTestId('palette-item').first()).toHaveAttribute('data-action', 'reset-panes');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await paneLayout(page)).map((p) => p.stretch)).toEqual([6, 1.1, 1.3, 1]);
  await expect.poll(async () => ((await callApi('workspace.get', {})) as { paneStretch?: object }).paneStretch).toEqual({});
});

test('pane sizes out of bounds or for unknown panes are refused', async ({ workstation }) => {
  const { page, callApi } = workstation;
  // Once the page has saved its own workspace, nothing else writes it while this test does.
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-timeframe', '1h');
  await expect.poll(async () => ((await callApi('workspace.get', {})) as { view?: string }).view).toBe('chart');
  await callApi('workspace.set', { paneStretch: { candles: 4, volume: 2 } });
  await expect(callApi('workspace.set', { paneStretch: { candles: 0 } })).rejects.toThrow(/E_BAD_INPUT.*paneStretch/);
  await expect(callApi('workspace.set', { paneStretch: { candles: 1e6 } })).rejects.toThrow(/E_BAD_INPUT/);
  await expect(callApi('workspace.set', { paneStretch: { orderbook: 2 } })).rejects.toThrow(/E_BAD_INPUT/);
  expect(((await callApi('workspace.get', {})) as { paneStretch: object }).paneStretch).toEqual({ candles: 4, volume: 2 });
});
