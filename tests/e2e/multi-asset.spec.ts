// The multi-asset view on real Binance daily candles (BTC, ETH, SOL from the yanniedog exports,
// imported by path through the API): three stacked charts with one time span and one crosshair,
// regime bands where a fit exists (BTC, ETH) and a pointer to fit one where not (SOL), remembered
// across a reload. See ../shared/data/binance/SOURCES.md for the files.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, artifactsDir } from './fixtures.ts';

const shared = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared');
const dailyFile = (symbol: string) => path.join(shared, `data/binance/exports/yanniedog__binance-historical-OHLCV-data/${symbol}_1d.csv`);
const DAY_MS = 86_400_000;

type CallApi = (method: string, input?: unknown) => Promise<unknown>;
type Instrument = { id: number; symbol: string; timeframes: { timeframe: string; bars: number; firstTime: number; lastTime: number }[] };

async function finishJob(callApi: CallApi, kind: string, params: unknown): Promise<void> {
  const { jobId } = (await callApi('jobs.start', { kind, params })) as { jobId: string };
  await expect
    .poll(async () => ((await callApi('jobs.get', { jobId })) as { state: string }).state, { timeout: 60_000 })
    .toBe('done');
}

const slot = (page: Page, i: number) => page.getByTestId(`multi-slot-${i}`);
const slotChart = (page: Page, i: number) => slot(page, i).getByTestId('candle-chart');

async function visibleSpan(chart: Locator): Promise<{ from: number; to: number }> {
  return { from: Number(await chart.getAttribute('data-visible-from')), to: Number(await chart.getAttribute('data-visible-to')) };
}

/** Every chart shows the span of chart 0, to within one bar (a failure prints the spans seen). */
async function expectSpansSynced(page: Page) {
  await expect
    .poll(async () => {
      const spans = await Promise.all([0, 1, 2].map((i) => visibleSpan(slotChart(page, i))));
      const buckets = await Promise.all([0, 1, 2].map(async (i) => Number(await slotChart(page, i).getAttribute('data-bucket-ms'))));
      const tolerance = Math.max(...buckets);
      const synced = spans.every((s) => s.from > 0 && Math.abs(s.from - spans[0].from) <= tolerance && Math.abs(s.to - spans[0].to) <= tolerance);
      return synced || JSON.stringify(spans.map((s) => [new Date(s.from).toISOString(), new Date(s.to).toISOString()]));
    })
    .toBe(true);
}

test('stacks BTC, ETH and SOL with synced span and crosshair, bands where fitted, remembered', async ({ workstation }) => {
  const { page, callApi } = workstation;
  fs.mkdirSync(artifactsDir, { recursive: true });
  for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) await finishJob(callApi, 'data.importFile', { path: dailyFile(symbol) });
  const instruments = (await callApi('data.listInstruments', {})) as Instrument[];
  const bySymbol = (s: string) => instruments.find((i) => i.symbol === s)!;
  const model = { model: 'msgarch', variance: 'gjr', dist: 't', regimes: 2 };
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) await finishJob(callApi, 'regimes.fit', { instrumentId: bySymbol(symbol).id, timeframe: '1d', model });

  await page.getByTestId('view-multi').click();
  const view = page.getByTestId('multi-asset');
  await expect(view).toHaveAttribute('data-instruments', 'BTCUSDT,ETHUSDT,SOLUSDT');
  await expect(view).toHaveAttribute('data-timeframe', '1d');
  for (const [i, symbol] of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].entries()) {
    await expect(slotChart(page, i)).toHaveAttribute('data-instrument', symbol);
    await expect(slotChart(page, i)).toHaveAttribute('data-bars', String(bySymbol(symbol).timeframes.find((t) => t.timeframe === '1d')!.bars));
  }
  // Bands and the filtered probability where a fit exists; SOL says how to get one.
  await expect(slotChart(page, 0)).not.toHaveAttribute('data-regime-run', '');
  await expect(slotChart(page, 0)).toHaveAttribute('data-bands', 'on');
  await expect(slotChart(page, 1)).toHaveAttribute('data-bands', 'on');
  await expect(slotChart(page, 2)).toHaveAttribute('data-bands', 'off');
  await expect(page.getByTestId('multi-no-fit-2')).toContainText('no regime fit for SOLUSDT 1d');
  expect(Number(await slotChart(page, 0).getAttribute('data-spells'))).toBeGreaterThan(2);
  await expect(slot(page, 0).getByTestId('legend-prob')).toBeVisible();
  await expect(slot(page, 2).getByTestId('legend-prob')).toHaveCount(0);

  // The stack opens on the span all three cover: SOL's listing (2020-08-11) to the last day.
  await expectSpansSynced(page);
  const sol = bySymbol('SOLUSDT').timeframes.find((t) => t.timeframe === '1d')!;
  const opened = await visibleSpan(slotChart(page, 0));
  expect(Math.abs(opened.from - sol.firstTime)).toBeLessThanOrEqual(3 * DAY_MS);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifactsDir, `multi-asset-${workstation.target}.png`) });

  // Zooming one chart zooms all three (by time: SOL's bars are not BTC's).
  const box = (await slotChart(page, 1).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
  for (let k = 0; k < 6; k++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(60);
  }
  await expect.poll(async () => (await visibleSpan(slotChart(page, 1))).to - (await visibleSpan(slotChart(page, 1))).from, { timeout: 10_000 }).toBeLessThan(opened.to - opened.from - 100 * DAY_MS);
  await expectSpansSynced(page);

  // The crosshair on ETH puts the other two on the bar containing that time.
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35);
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.35);
  const leader = slot(page, 1).getByTestId('chart-legend');
  await expect(leader).toHaveAttribute('data-hovered', 'true');
  const hoveredTime = Number(await leader.getAttribute('data-time'));
  for (const i of [0, 2]) {
    const legend = slot(page, i).getByTestId('chart-legend');
    await expect(legend).toHaveAttribute('data-hovered', 'true');
    const time = Number(await legend.getAttribute('data-time'));
    const bucket = Number(await slotChart(page, i).getAttribute('data-bucket-ms'));
    expect(time).toBeLessThanOrEqual(hoveredTime);
    expect(hoveredTime).toBeLessThan(time + bucket);
  }
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(artifactsDir, `multi-asset-crosshair-${workstation.target}.png`) });
  // Leaving the chart clears the crosshair everywhere.
  await page.mouse.move(box.x + box.width * 0.4, 5);
  for (const i of [0, 1, 2]) await expect(slot(page, i).getByTestId('chart-legend')).toHaveAttribute('data-hovered', 'false');

  // A fit for SOL (from the chart view, as the hint says) gives it bands here too.
  await page.getByTestId('multi-no-fit-2').getByRole('button').click();
  await expect(page.getByTestId('view-chart')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-instrument', 'SOLUSDT');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('view-multi').click();
  await expect(slotChart(page, 2)).toHaveAttribute('data-bands', 'on');

  // Remembered: drop ETH, reload, the stack is BTC and SOL on 1d.
  await page.getByTestId('multi-remove-1').click();
  await expect(view).toHaveAttribute('data-instruments', 'BTCUSDT,SOLUSDT');
  await expect
    .poll(async () => ((await callApi('workspace.get', {})) as { multiAsset?: { instrumentIds: number[] } }).multiAsset?.instrumentIds)
    .toEqual([bySymbol('BTCUSDT').id, bySymbol('SOLUSDT').id]);
  await page.reload();
  await expect(page.getByTestId('view-multi')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('multi-asset')).toHaveAttribute('data-instruments', 'BTCUSDT,SOLUSDT');
  await expect(slotChart(page, 1)).toHaveAttribute('data-bands', 'on');
});
