// Fitting a regime model from the regime panel: bands and the probability pane appear from the
// filtered (causal) probabilities; the hindsight toggle switches to smoothed ones with a watermark.
import path from 'node:path';
import fs from 'node:fs';
import { test, expect, artifactsDir, canvasColourCount } from './fixtures.ts';

test('fits a 2-regime MS-GARCH and shows its bands, probabilities and hindsight view', async ({ workstation }) => {
  const { page, callApi } = workstation;
  await page.getByTestId('timeframe-1d').click();
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-timeframe', '1d');
  await expect(page.getByTestId('regime-state')).toHaveText('Regimes: not yet computed');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });
  const chart = page.getByTestId('candle-chart');
  await expect(chart).not.toHaveAttribute('data-regime-run', '');
  const runId = await chart.getAttribute('data-regime-run');
  const overlay = (await callApi('regimes.getOverlay', { runId, hindsight: false })) as { spells: { startTime: Float64Array }; hindsight: boolean };
  expect(overlay.hindsight).toBe(false);
  await expect(chart).toHaveAttribute('data-spells', String(overlay.spells.startTime.length));
  await expect(chart).toHaveAttribute('data-hindsight', 'false');
  await expect(page.getByTestId('regime-state')).toContainText('filtered (causal)');
  const run = (await callApi('runs.get', { runId })) as { summary: { transitionMatrix: number[][]; loglik: number } };
  for (const row of run.summary.transitionMatrix) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  await expect(page.getByTestId('transition-matrix')).toBeVisible();
  // An estimate resting on its bound 0 reads as such, not as a subnormal number.
  await expect(page.getByTestId('fit-params')).not.toContainText(/e-3[0-2]\d/);
  await page.waitForTimeout(300);
  expect(await canvasColourCount(page, '[data-testid=candle-chart]')).toBeGreaterThan(20);
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `regimes-filtered-${workstation.target}.png`) });

  await page.getByTestId('hindsight-toggle').check();
  await expect(chart).toHaveAttribute('data-hindsight', 'true');
  await expect(page.getByTestId('regime-state')).toContainText('HINDSIGHT');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifactsDir, `regimes-hindsight-${workstation.target}.png`) });

  // Rerun it from the history: the same model on the same data makes a second run with the same config hash.
  await page.getByTestId('view-runs').click();
  await page.locator(`[data-testid=run-row][data-run-id="${runId}"]`).click();
  await page.getByTestId('run-rerun').click();
  await expect(page.getByTestId('run-rerun-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  const runs = (await callApi('runs.list', { kind: 'regime-fit' })) as { id: string; title: string; configHash: string; dataHash: string }[];
  expect(runs).toHaveLength(2);
  const [again, original] = runs;
  expect(original.id).toBe(runId);
  expect(again.title).toMatch(/\(rerun\)$/);
  expect([again.configHash, again.dataHash]).toEqual([original.configHash, original.dataHash]);
});
