// The backtest report of the research's BTC 4h experiment on real Binance data, opened in Chromium
// with every network request refused: the only request is the file itself, no console error, every
// section rendered (screenshots in test-results/artifacts/report-*.png), dark and light themes, print
// emulation, and the embedded tables sortable, filterable and downloadable as the engine's CSV.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCandleFile } from '../../core/data/parse-candle-file.ts';
import { parseStrategyConfig } from '../../core/backtest/config.ts';
import { resolveBacktestRegimes, runBacktest, type BacktestResult } from '../../core/backtest/run-backtest.ts';
import { ORDER_COLUMNS, reportToCsv } from '../../core/backtest/reports.ts';
import { buildReportModel, renderReportHtml } from '../../core/report/index.ts';
import { readReportAssets } from '../../workers/report-assets.ts';
import { artifactsDir, repoRoot } from './fixtures.ts';

const SECTIONS = ['run-card', 'headline', 'equity', 'regimes', 'risk', 'distribution', 'periods', 'trades', 'comparison', 'conventions'];
const BTC_4H = path.resolve(repoRoot, '..', 'shared', 'data', 'binance', 'exports', 'yanniedog__binance-historical-OHLCV-data', 'BTCUSDT_4h.csv');

let reportFile = '';
let result: BacktestResult;

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from the pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.metadata.target !== 'browser', 'the report is a file: one browser project is enough');
  const bytes = fs.readFileSync(BTC_4H);
  const parsed = await parseCandleFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'BTCUSDT_4h.csv', {});
  const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, 'resources', 'strategies', 'moderate.json'), 'utf8')) as { regimes: Record<string, unknown> };
  raw.regimes.refitEveryBars = 1000; // the research refits every 180 bars; 1,000 keeps the spec fast
  const config = parseStrategyConfig(raw);
  const data = { timeframe: '4h' as const, instruments: [{ symbol: 'BTCUSDT', candles: parsed.candles }] };
  const regimes = resolveBacktestRegimes(config, data);
  result = runBacktest(config, data, { regimes });
  const c = parsed.candles;
  const model = buildReportModel({
    runs: [{ result, regimes, underlyingClose: c.close.slice(result.window.decisionIndex, result.window.endIndex + 1) }],
    metadata: {
      runTime: Date.UTC(2025, 7, 1, 12),
      appVersion: '0.1.0',
      dataHash: 'real-data',
      data: { description: 'Binance BTCUSDT 4h (yanniedog export)', files: ['BTCUSDT_4h.csv'], timeframe: '4h', bars: c.time.length, firstTime: c.time[0], lastTime: c.time[c.time.length - 1], gaps: parsed.report.gaps.count, missingBars: parsed.report.gaps.missingBars },
    },
    options: { bootstrapReplications: 200, varRefitEveryBars: 1000 },
  });
  fs.mkdirSync(artifactsDir, { recursive: true });
  reportFile = path.join(artifactsDir, 'report-btc-4h.html');
  fs.writeFileSync(reportFile, renderReportHtml(model, readReportAssets()));
  console.log(`report: ${reportFile} ${(fs.statSync(reportFile).size / 1e6).toFixed(2)} MB`);
});

async function openOffline(page: Page): Promise<{ requests: string[]; errors: string[] }> {
  const url = pathToFileURL(reportFile).href;
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, null, { timeout: 20_000 });
  return { requests, errors };
}

test('the BTC 4h report opens offline, renders every section and works in both themes and in print', async ({ page }) => {
  test.setTimeout(60_000);
  await page.emulateMedia({ colorScheme: 'light' });
  const { requests, errors } = await openOffline(page);
  for (const id of SECTIONS) {
    const section = page.locator(`#s-${id}`);
    await expect(section).toBeVisible();
    await section.screenshot({ path: path.join(artifactsDir, `report-${id}.png`) });
  }
  // Every time-series chart drew its canvases.
  const charts = await page.locator('.chart').count();
  expect(charts).toBeGreaterThanOrEqual(7);
  for (let i = 0; i < charts; i++) expect(await page.locator('.chart').nth(i).locator('canvas').count()).toBeGreaterThan(0);
  expect(await page.locator('#s-headline .tile').count()).toBe(13);

  // Dark theme: the system preference, then the toggle forcing light again.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(246, 247, 249)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(15, 18, 22)');
  await page.locator('#s-equity').screenshot({ path: path.join(artifactsDir, 'report-dark-equity.png') });
  await page.locator('#s-headline').screenshot({ path: path.join(artifactsDir, 'report-dark-headline.png') });
  await page.locator('#theme-toggle').click(); // auto → light
  expect(await background()).toBe('rgb(246, 247, 249)');
  await page.locator('#theme-toggle').click(); // light → dark
  expect(await background()).toBe('rgb(15, 18, 22)');
  await page.locator('#theme-toggle').click(); // back to auto

  // Print: light colours, a page break before each section, controls hidden; a PDF for the artifacts.
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  expect(await background()).toBe('rgb(255, 255, 255)');
  expect(await page.locator('#s-risk').evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
  await expect(page.locator('header nav')).toBeHidden();
  await page.locator('#s-headline').screenshot({ path: path.join(artifactsDir, 'report-print-headline.png') });
  const pdf = await page.pdf({ path: path.join(artifactsDir, 'report-print.pdf'), format: 'A4', printBackground: true });
  expect(pdf.length).toBeGreaterThan(100_000);
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });

  expect(requests).toEqual([pathToFileURL(reportFile).href]);
  expect(errors).toEqual([]);
});

test('embedded tables sort, filter and download the engine\'s CSV from the file itself', async ({ page }) => {
  const { requests, errors } = await openOffline(page);
  const orders = page.locator('[data-table-id="orders"]');
  await expect(orders.locator('.dt-count')).toHaveText(`rows 1–50 of ${result.reports!.orders.length}`);
  // Sort by quantity, descending on the second click.
  const qtyIndex = ORDER_COLUMNS.indexOf('quantity');
  await orders.locator('th').nth(qtyIndex).click();
  await orders.locator('th').nth(qtyIndex).click();
  const largest = Math.max(...result.reports!.orders.map((o) => o.quantity as number));
  await expect(orders.locator('tbody tr').first().locator('td').nth(qtyIndex)).toHaveText(String(largest));
  // Filter on the side.
  await orders.locator('input[type=search]').fill('SELL');
  const sells = result.reports!.orders.filter((o) => Object.values(o).some((v) => String(v).toLowerCase().includes('sell'))).length;
  await expect(orders.locator('.dt-count')).toContainText(`of ${sells} (filtered from ${result.reports!.orders.length})`);
  await orders.locator('input[type=search]').fill('');
  await orders.locator('th').nth(0).click(); // any order: the CSV below is of the unsorted rows
  // The CSV built in the page equals core/backtest's reportToCsv of the same rows.
  const csv = await page.evaluate(() => (window as unknown as { __reportCsv(id: string): string | null }).__reportCsv('orders'));
  expect(csv).toBe(reportToCsv(result.reports!.orders, ORDER_COLUMNS));
  const [download] = await Promise.all([page.waitForEvent('download'), orders.locator('.dt-csv').click()]);
  expect(download.suggestedFilename()).toBe('moderate-orders.csv');
  const saved = fs.readFileSync(await download.path(), 'utf8');
  expect(saved.split('\n')[0]).toBe(ORDER_COLUMNS.join(','));
  expect(saved.split('\n').length - 2).toBe(result.reports!.orders.length);
  await orders.screenshot({ path: path.join(artifactsDir, 'report-orders-table.png') });
  expect(requests.filter((u) => !u.startsWith('blob:'))).toEqual([pathToFileURL(reportFile).href]);
  expect(errors).toEqual([]);
});
