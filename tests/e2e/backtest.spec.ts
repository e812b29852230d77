// The strategy editor: validation beside the fields, the leverage preview on a saved regime fit,
// a run, the runs list and the comparison — against the simulated sample (labelled simulated).
import path from 'node:path';
import fs from 'node:fs';
import { test, expect, artifactsDir } from './fixtures.ts';

test('edits a strategy, previews its leverage, runs it and compares runs', async ({ workstation }) => {
  const { page, callApi } = workstation;
  await page.getByTestId('timeframe-1d').click();
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('view-backtest').click();
  await page.getByTestId('instruments-field').fill('SIM-BTCUSD');
  await page.getByTestId('preset-picker').selectOption('custom');
  await page.getByTestId('leverage-field').fill('1.5, x');
  await expect(page.getByTestId('issue-sizing.leverage')).toBeVisible();
  await page.getByTestId('leverage-field').fill('1.5, 0.75');
  await expect(page.getByTestId('config-issues')).toHaveCount(0);

  const previewRun = page.getByTestId('preview-run');
  await previewRun.selectOption({ index: 1 });
  await expect(page.getByTestId('leverage-preview')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('gate-toggle').check();

  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('comparison-table')).toBeVisible({ timeout: 60_000 });
  const runs = (await callApi('runs.list', { kind: 'backtest' })) as { id: string; summary: { sharpe: number | null; notes: string[] } }[];
  expect(runs).toHaveLength(1);
  expect(runs[0].summary.notes.join(' ')).toMatch(/simulated data/);
  await expect(page.getByTestId('backtest-runs').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('equity-overlay')).toBeVisible();
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `backtest-editor-${workstation.target}.png`), fullPage: true });

  if (workstation.target === 'browser') {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByTestId('export-report').click()]);
    const file = path.join(artifactsDir, 'exported-report.html');
    await download.saveAs(file);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<!doctype html>'.slice(0, 9));
    expect(html).toMatch(/SIMULATED/);
    expect(html.length).toBeGreaterThan(100_000);

    // The in-app viewer: the same report as its own page, under the report's own policy.
    const [viewer] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('view-report').click()]);
    const errors: string[] = [];
    viewer.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await viewer.waitForLoadState('load');
    await expect(viewer.locator('h2').first()).toBeVisible();
    await viewer.waitForTimeout(500);
    expect(errors).toEqual([]);
    await viewer.screenshot({ path: path.join(artifactsDir, 'report-viewer-browser.png') });
    await viewer.close();
  }
});

test('sweeps two gate parameters on the local backend and shows the heatmap', async ({ workstation }) => {
  const { page, callApi } = workstation;
  await page.getByTestId('timeframe-1d').click();
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('view-backtest').click();
  await page.getByTestId('instruments-field').fill('SIM-BTCUSD');
  await page.getByTestId('preview-run').selectOption({ index: 1 });
  await page.getByTestId('gate-toggle').check();
  await page.getByTestId('sweep-x-values').fill('0.6, 0.75, 0.9');
  await page.getByTestId('run-sweep').click();
  const heatmap = page.getByTestId('sweep-heatmap');
  await expect(heatmap).toBeVisible({ timeout: 90_000 });
  await expect(heatmap.locator('tbody tr')).toHaveCount(5);
  await expect(heatmap.locator('tbody td')).toHaveCount(15);
  const sweeps = (await callApi('runs.list', { kind: 'sweep' })) as { id: string }[];
  expect(sweeps).toHaveLength(1);
  await page.getByTestId('sweep-panel').screenshot({ path: path.join(artifactsDir, `sweep-heatmap-${workstation.target}.png`) });
});

