// The command palette (Ctrl/⌘+K or the toolbar button) and the global shortcuts it lists: fuzzy
// filtering, ↑/↓/Enter/Esc, commands that cannot run now shown with the reason, and every command
// doing what its button does — views, timeframes, bands, hindsight, replay, fit, download, run, export.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, artifactsDir } from './fixtures.ts';

const palette = (page: Page) => page.getByTestId('command-palette');
const items = (page: Page) => page.getByTestId('palette-item');

async function runCommand(page: Page, query: string, expectedAction: string) {
  await page.keyboard.press('Control+K');
  await expect(palette(page)).toBeVisible();
  await page.getByTestId('palette-input').fill(query);
  await expect(items(page).first()).toHaveAttribute('data-action', expectedAction);
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
}

test('the palette filters commands fuzzily, is keyboard driven and runs what the buttons run', async ({ workstation }) => {
  const { page } = workstation;
  fs.mkdirSync(artifactsDir, { recursive: true });
  const chart = page.getByTestId('candle-chart');
  await expect(chart).toHaveAttribute('data-timeframe', '1h');

  // Opened from the toolbar: every command is listed, with its shortcut.
  await page.getByTestId('palette-button').click();
  await expect(palette(page)).toBeVisible();
  await expect(page.getByTestId('palette-input')).toBeFocused();
  const all = await items(page).evaluateAll((els) => els.map((el) => ({ action: el.getAttribute('data-action'), text: el.textContent })));
  for (const id of ['view-chart', 'view-multi', 'view-data', 'view-backtest', 'view-runs', 'timeframe-4h', 'toggle-bands', 'toggle-hindsight', 'enter-replay', 'open-download', 'export-report', 'fit-regimes', 'run-backtest']) {
    expect(all.map((a) => a.action)).toContain(id);
  }
  expect(all.find((a) => a.action === 'view-runs')!.text).toContain('5');
  expect(all.find((a) => a.action === 'open-download')!.text).toContain('Ctrl+Shift+D');
  expect(all.find((a) => a.action === 'run-backtest')!.text).toContain('Ctrl+Enter');
  // Without a regime fit, hindsight cannot be switched: listed, dimmed, with the reason.
  await expect(page.locator('[data-action=toggle-hindsight]')).toHaveAttribute('aria-disabled', 'true');
  await expect(page.locator('[data-action=toggle-hindsight]')).toContainText('no regime fit selected');
  await page.screenshot({ path: path.join(artifactsDir, `palette-open-${workstation.target}.png`) });

  // Fuzzy: "tf 4" finds "Timeframe: 4h", with the matched letters marked; Enter runs it.
  await page.getByTestId('palette-input').fill('tf 4');
  await expect(items(page).first()).toHaveAttribute('data-action', 'timeframe-4h');
  await expect(items(page).first().locator('mark')).toHaveText(['T', 'f', '4']);
  await page.screenshot({ path: path.join(artifactsDir, `palette-filtered-${workstation.target}.png`) });
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  await expect(chart).toHaveAttribute('data-timeframe', '4h');
  await expect(page.getByTestId('timeframe-4h')).toHaveClass(/active/);

  // ↓/↑ move the selection (wrapping); Enter runs the selected row.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('view');
  await expect(items(page).first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = items(page).nth(2);
  await expect(third).toHaveAttribute('aria-selected', 'true');
  const thirdAction = (await third.getAttribute('data-action'))!;
  await page.keyboard.press('ArrowUp');
  await expect(items(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(thirdAction)).toHaveAttribute('aria-selected', 'true');

  // Esc closes without running anything; Ctrl+K toggles.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('runs');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(page.getByTestId(thirdAction)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Control+K');
  await expect(palette(page)).toBeVisible();
  await page.keyboard.press('Control+K');
  await expect(palette(page)).toHaveCount(0);

  // No match says so.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('qqqzzz');
  await expect(items(page)).toHaveCount(0);
  await expect(palette(page)).toContainText('No command matches');
  await page.keyboard.press('Escape');

  // Global shortcuts, as listed: digits switch views, ] and [ step the timeframe.
  await page.keyboard.press('1');
  await expect(page.getByTestId('view-chart')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('BracketRight');
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await page.keyboard.press('BracketLeft');
  await expect(chart).toHaveAttribute('data-timeframe', '4h');
  await page.keyboard.press('5');
  await expect(page.getByTestId('view-runs')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('1');
  // A shortcut typed into a field is text, not a command.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('');
  await page.getByTestId('palette-input').press('4');
  await expect(page.getByTestId('palette-input')).toHaveValue('4');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('view-chart')).toHaveAttribute('aria-selected', 'true');
});

test('fit, bands, hindsight, replay, download, run and export from the palette and their shortcuts', async ({ workstation }) => {
  const { page, callApi } = workstation;
  fs.mkdirSync(artifactsDir, { recursive: true });
  const chart = page.getByTestId('candle-chart');
  await page.getByTestId('timeframe-1d').click();
  await expect(chart).toHaveAttribute('data-timeframe', '1d');

  // Fit regimes (Shift+F): the regime panel's Fit, with its progress and the bands it draws.
  await page.keyboard.press('Shift+F');
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });
  await expect(chart).not.toHaveAttribute('data-regime-run', '');
  await expect(chart).toHaveAttribute('data-bands', 'on');
  const fits = (await callApi('runs.list', { kind: 'regime-fit' })) as { id: string }[];
  expect(fits).toHaveLength(1);

  // Bands off and on: B and the palette, the toolbar button follows.
  await page.keyboard.press('b');
  await expect(chart).toHaveAttribute('data-bands', 'off');
  await expect(page.getByTestId('toggle-bands')).toHaveAttribute('aria-pressed', 'false');
  await runCommand(page, 'show bands', 'toggle-bands');
  await expect(chart).toHaveAttribute('data-bands', 'on');

  // Hindsight: the same switch as the regime panel's checkbox.
  await runCommand(page, 'hindsight', 'toggle-hindsight');
  await expect(chart).toHaveAttribute('data-hindsight', 'true');
  await expect(page.getByTestId('hindsight-toggle')).toBeChecked();
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(artifactsDir, `palette-hindsight-${workstation.target}.png`) });
  await page.keyboard.press('h');
  await expect(chart).toHaveAttribute('data-hindsight', 'false');

  // Replay (R): the Replay button's pick-a-bar mode; Esc cancels it.
  await page.keyboard.press('r');
  await expect(page.getByTestId('replay-hint')).toBeVisible();
  await expect(chart).toHaveAttribute('data-replay', 'picking');
  await page.keyboard.press('Escape');
  await expect(chart).toHaveAttribute('data-replay', 'off');
  await runCommand(page, 'replay', 'enter-replay');
  await page.getByTestId('replay-start-visible').click();
  await expect(chart).toHaveAttribute('data-replay', 'on');
  await page.keyboard.press('Escape');
  await expect(chart).toHaveAttribute('data-replay', 'off');

  // Download…: the Data view with its download dialog open.
  await runCommand(page, 'download', 'open-download');
  await expect(page.getByTestId('view-data')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('download-dialog')).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, `palette-download-${workstation.target}.png`) });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('download-dialog')).toBeHidden();
  // Opening the Data view again later does not reopen it.
  await page.keyboard.press('1');
  await page.keyboard.press('3');
  await expect(page.getByTestId('download-dialog')).toBeHidden();

  // Export with no backtest yet, and Run without a regime fit chosen: each says what is missing.
  await runCommand(page, 'export', 'export-report');
  await expect(page.getByTestId('backtest-view')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('there is no backtest run yet');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('alert')).toContainText('choose the regime fit the run uses');

  // With the fit chosen, Ctrl+Enter runs the backtest and Ctrl+E exports its report.
  await page.getByTestId('instruments-field').fill('SIM-BTCUSD');
  await page.getByTestId('preview-run').selectOption({ index: 1 });
  await expect(page.getByTestId('leverage-preview')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('preview-run').blur();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('comparison-table')).toBeVisible({ timeout: 60_000 });
  expect((await callApi('runs.list', { kind: 'backtest' })) as unknown[]).toHaveLength(1);
  if (workstation.target === 'browser') {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.keyboard.press('Control+E')]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
  }
  await page.screenshot({ path: path.join(artifactsDir, `palette-backtest-${workstation.target}.png`) });
});
