// The workstation opens on the simulated sample, draws its candles, and switches timeframe.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, canvasColourCount, artifactsDir } from './fixtures.ts';

type Instrument = { id: number; symbol: string; simulated: boolean; timeframes: { timeframe: string; bars: number; lastTime: number }[] };
type Series = { candles: { time: Float64Array; close: Float64Array } };

test('opens on the simulated sample with its candles drawn', async ({ workstation }) => {
  const { page, callApi } = workstation;
  const instruments = (await callApi('data.listInstruments', {})) as Instrument[];
  const sample = instruments.find((i) => i.simulated)!;
  expect(sample.symbol).toBe('SIM-BTCUSD');
  const hourly = sample.timeframes.find((t) => t.timeframe === '1h')!;

  const chart = page.getByTestId('candle-chart');
  await expect(chart).toHaveAttribute('data-bars', String(hourly.bars));
  await expect(chart).toHaveAttribute('data-timeframe', '1h');
  const series = (await callApi('data.getCandles', { instrumentId: sample.id, timeframe: '1h' })) as Series;
  const n = series.candles.time.length;
  expect(n).toBe(hourly.bars);
  await expect(chart).toHaveAttribute('data-last-time', String(series.candles.time[n - 1]));
  await expect(chart).toHaveAttribute('data-last-close', String(series.candles.close[n - 1]));

  await expect(page.getByTestId('simulated-badge')).toBeVisible();
  await expect(page.getByTestId('regime-state')).toHaveText('Regimes: not yet computed');
  await expect(page.getByTestId('status-series')).toContainText('43,800 bars');
  await page.waitForTimeout(300); // one paint after the data arrived
  expect(await canvasColourCount(page, '[data-testid=candle-chart]')).toBeGreaterThan(20);

  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `workspace-${workstation.target}.png`) });
});

test('switching timeframe loads the resampled candles', async ({ workstation }) => {
  const { page, callApi } = workstation;
  const instruments = (await callApi('data.listInstruments', {})) as Instrument[];
  const daily = instruments[0].timeframes.find((t) => t.timeframe === '1d')!;
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-timeframe', '1h');
  await page.getByTestId('timeframe-1d').click();
  const chart = page.getByTestId('candle-chart');
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await expect(chart).toHaveAttribute('data-bars', String(daily.bars));
  await expect(chart).toHaveAttribute('data-last-time', String(daily.lastTime));
  await page.getByTestId('timeframe-1w').click();
  await expect(chart).toHaveAttribute('data-timeframe', '1w');
  await page.waitForTimeout(300);
  expect(await canvasColourCount(page, '[data-testid=candle-chart]')).toBeGreaterThan(10);
  await page.screenshot({ path: path.join(artifactsDir, `workspace-weekly-${workstation.target}.png`) });
});

test('the workspace is remembered across a reload: timeframe, band toggle and open view', async ({ workstation }) => {
  const { page, callApi } = workstation;
  const chart = page.getByTestId('candle-chart');
  await expect(chart).toHaveAttribute('data-timeframe', '1h');
  await page.getByTestId('timeframe-4h').click();
  await expect(chart).toHaveAttribute('data-timeframe', '4h');
  await page.getByTestId('toggle-regimes').click();
  await page.getByTestId('toggle-bands').click();
  await page.getByTestId('view-runs').click();
  await expect.poll(async () => (await callApi('workspace.get', {})) as Record<string, unknown>).toMatchObject({ view: 'runs', timeframe: '4h', showRegimes: false, showBands: false });

  await page.reload();
  await expect(page.getByTestId('view-runs')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('view-chart').click();
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-timeframe', '4h');
  await expect(page.getByTestId('toggle-regimes')).not.toHaveClass(/active/);
  await expect(page.getByTestId('toggle-bands')).toHaveAttribute('aria-pressed', 'false');
});

test('a remembered workspace this version cannot use is ignored, not an error', async ({ workstation }) => {
  const { page, callApi } = workstation;
  await expect(callApi('workspace.set', { view: 'nowhere' })).rejects.toThrow(/E_BAD_INPUT/);
  await callApi('workspace.set', { instrumentId: 9999, timeframe: '1d', regimeRunId: 'no-such-run' });
  await page.reload();
  await expect(page.getByTestId('candle-chart')).toHaveAttribute('data-timeframe', '1h');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
