// Replay as the model saw it: fit regimes on the sample, enter replay (which turns the hindsight view
// off), jump to a date, step forward and back, jump between confirmed switches, and check the legend
// against the API's causal series at every stop; Esc exits. Screenshots of each state are artifacts.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, artifactsDir, readLegend } from './fixtures.ts';

type Trace = { time: Float64Array; probHigh: Float64Array; confirmedRegime: Int8Array; confirmCount: Int32Array; leverage: Float64Array; confirmedSwitches: Int32Array };
type Overlay = { time: Float64Array; probHigh: Float64Array; hindsight: boolean };

/** The legend at the cursor equals the causal series of the API at that bar (row i of the run). */
async function expectLegendMatches(page: Page, trace: Trace, overlay: Overlay, i: number) {
  const chart = page.getByTestId('candle-chart');
  await expect(chart).toHaveAttribute('data-cursor-time', String(trace.time[i]));
  await expect(page.getByTestId('chart-legend')).toHaveAttribute('data-time', String(trace.time[i]));
  const legend = await readLegend(page);
  expect(legend.prob).toBe(overlay.probHigh[i]);
  expect(legend.prob).toBe(trace.probHigh[i]);
  expect(legend.regime).toBe(trace.confirmedRegime[i]);
  expect(legend.count).toBe(trace.confirmCount[i]);
  expect(legend.leverage).toBe(trace.leverage[i]);
  await expect(page.getByTestId('replay-status')).toContainText(`P(high vol) ${trace.probHigh[i].toFixed(3)} (filtered)`);
}

test('replays fitted regimes bar by bar with the legend matching the causal series', async ({ workstation }) => {
  const { page, callApi } = workstation;
  const shot = (name: string) => page.screenshot({ path: path.join(artifactsDir, `replay-${name}-${workstation.target}.png`) });
  fs.mkdirSync(artifactsDir, { recursive: true });
  const chart = page.getByTestId('candle-chart');
  await page.getByTestId('timeframe-1d').click();
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });
  await expect(chart).not.toHaveAttribute('data-regime-run', '');
  const runId = (await chart.getAttribute('data-regime-run'))!;
  const overlay = (await callApi('regimes.getOverlay', { runId, hindsight: false })) as Overlay;
  const trace = (await callApi('regimes.getReplayTrace', { runId })) as Trace;
  expect(Array.from(trace.probHigh)).toEqual(Array.from(overlay.probHigh));
  await expect(page.getByTestId('legend-prob')).toBeVisible();
  await page.waitForTimeout(200);
  await shot('0-fitted');

  // Hindsight on, then replay: replay turns it off and says so.
  await page.getByTestId('hindsight-toggle').check();
  await expect(chart).toHaveAttribute('data-hindsight', 'true');
  await page.getByTestId('replay-button').click();
  await expect(page.getByTestId('replay-hint')).toBeVisible();
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.3);
  await expect(chart).toHaveAttribute('data-replay', 'on');
  await expect(page.getByTestId('chart-message')).toContainText('Hindsight view turned off');
  await expect(page.getByTestId('hindsight-toggle')).not.toBeChecked();
  await expect(chart).toHaveAttribute('data-hindsight', 'false');
  await page.mouse.move(box.x + box.width * 0.5, box.y - 60); // off the chart: the legend follows the cursor bar

  // A date: the cursor is that bar, and nothing after it is on the chart.
  const start = 600;
  await page.getByTestId('replay-date').fill(new Date(trace.time[start]).toISOString().slice(0, 10));
  await page.getByTestId('replay-go').click();
  await page.getByTestId('replay-status').click(); // focus off the form: keys go to the replay
  await expectLegendMatches(page, trace, overlay, start);
  const shownAtStart = Number(await chart.getAttribute('data-shown-bars'));
  await page.waitForTimeout(150);
  await shot('1-start');

  for (let s = 0; s < 3; s++) await page.keyboard.press('ArrowRight');
  await expectLegendMatches(page, trace, overlay, start + 3);
  await expect(chart).toHaveAttribute('data-shown-bars', String(shownAtStart + 3));
  await page.waitForTimeout(150);
  await shot('2-forward');
  await page.keyboard.press('ArrowLeft');
  await expectLegendMatches(page, trace, overlay, start + 2);
  await expect(chart).toHaveAttribute('data-shown-bars', String(shownAtStart + 2));

  // Next confirmed switch: the gated regime changes at that bar.
  const switches = Array.from(trace.confirmedSwitches);
  const next = switches.find((i) => i > start + 2)!;
  expect(next).toBeDefined();
  await page.keyboard.press('Shift+ArrowRight');
  await expectLegendMatches(page, trace, overlay, next);
  expect(trace.confirmedRegime[next]).not.toBe(trace.confirmedRegime[next - 1]);
  expect(trace.confirmCount[next]).toBe(0);
  await page.waitForTimeout(150);
  await shot('3-next-switch');
  await page.keyboard.press('Shift+ArrowLeft');
  const previous = [...switches].reverse().find((i) => i < next);
  if (previous !== undefined) await expectLegendMatches(page, trace, overlay, previous);

  // Play advances the cursor; Space pauses.
  const before = Number(await chart.getAttribute('data-cursor-time'));
  await page.keyboard.press('Space');
  await expect(page.getByTestId('replay-play')).toHaveText(/pause/);
  await expect.poll(async () => Number(await chart.getAttribute('data-cursor-time')), { timeout: 5000 }).toBeGreaterThan(before);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('replay-play')).toHaveText(/play/);

  await page.keyboard.press('Escape');
  await expect(chart).toHaveAttribute('data-replay', 'off');
  await expect(page.getByTestId('replay-bar')).toHaveCount(0);
  await page.waitForTimeout(200);
  await shot('4-exited');
});
