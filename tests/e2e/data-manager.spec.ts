// Importing a real exchange file through the data manager: the report and the quality bar show
// what the importer found (the 2023-03-24 spot trading halt), and the chart shows the new series.
import path from 'node:path';
import fs from 'node:fs';
import { test, expect, artifactsDir } from './fixtures.ts';

const shared = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared');
const march = path.join(shared, 'data/binance/spot/monthly/klines/BTCUSDT/1h/intabyu__interview-at/BTCUSDT-1h-2023-03.csv');

test('imports a real file, shows its report and quality, and charts it', async ({ workstation }) => {
  test.skip(workstation.target === 'electron', 'file inputs are the browser-mode path; Electron uses native dialogs');
  const { page, callApi } = workstation;
  await page.getByTestId('view-data').click();
  await page.getByTestId('import-input').setInputFiles(march);
  await expect(page.getByTestId('import-message-ok')).toContainText('743 bars into BTCUSDT 1h');
  await expect(page.getByTestId('report-rows')).toHaveText('743 read · 743 accepted · 0 rejected');
  await expect(page.getByTestId('report-gaps')).toContainText('1 gaps, 1 missing bars');
  const instruments = (await callApi('data.listInstruments', {})) as { id: number; symbol: string; timeframes: { timeframe: string; bars: number }[] }[];
  const btc = instruments.find((i) => i.symbol === 'BTCUSDT')!;
  expect(btc.timeframes.map((t) => t.timeframe)).toEqual(['1h', '4h', '1d', '1w']);
  const quality = (await callApi('data.getQuality', { instrumentId: btc.id, timeframe: '1h' })) as { quality: number; presentBars: number; expectedBars: number }[];
  expect(quality).toHaveLength(1);
  expect(quality[0]).toMatchObject({ presentBars: 743, expectedBars: 744 });
  await expect(page.locator('[data-testid=quality-bar] .q-cell').first()).toHaveAttribute('data-quality', (743 / 744).toFixed(4));
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'data-manager-browser.png') });

  await page.getByTestId('view-chart').click();
  await page.getByTestId('instrument-picker').selectOption(String(btc.id));
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-bars', '743');
  await expect(page.getByTestId('simulated-badge')).toHaveCount(0);
});

test('a refused file says why and changes nothing', async ({ workstation }) => {
  test.skip(workstation.target === 'electron', 'file inputs are the browser-mode path');
  const { page, callApi } = workstation;
  const before = await callApi('data.listInstruments', {});
  await page.getByTestId('view-data').click();
  await page.getByTestId('import-input').setInputFiles({ name: 'BTCUSDT-1h-2023-04.csv', mimeType: 'text/csv', buffer: Buffer.from('this,is,not\na,kline,file\n') });
  await expect(page.getByTestId('import-message-error')).toContainText('BTCUSDT-1h-2023-04.csv');
  expect(await callApi('data.listInstruments', {})).toEqual(before);
});
