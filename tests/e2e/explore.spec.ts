// The Explore panel of the data manager on the simulated sample: the numbers on screen are the
// API's own (`data.explore` through the same transport), and the ACF charts show the noise band.
import path from 'node:path';
import fs from 'node:fs';
import { test, expect, artifactsDir } from './fixtures.ts';

type Explore = { report: { moments: { n: number; excessKurtosis: number }; studentT: { df: number }; acfSquaredReturns: { significantLags: number[] } }; highVolMask: { source: string } };

test('explores the simulated sample: moments, tails, ARCH, ACF bars', async ({ workstation }) => {
  const { page, callApi } = workstation;
  await page.getByTestId('view-data').click();
  await page.getByTestId('instrument-table').getByText('SIM-BTCUSD').click();
  const panel = page.getByTestId('explore-panel');
  await expect(panel.getByTestId('explore-timeframe')).toHaveValue('1d');
  await panel.getByTestId('explore-run').click();
  await expect(panel.getByTestId('explore-result')).toBeVisible();

  const instruments = (await callApi('data.listInstruments', {})) as { id: number; symbol: string }[];
  const sim = instruments.find((i) => i.symbol === 'SIM-BTCUSD')!;
  const expected = (await callApi('data.explore', { instrumentId: sim.id, timeframe: '1d' })) as Explore;
  await expect(panel.getByTestId('explore-n')).toHaveText(String(expected.report.moments.n));
  await expect(panel.getByTestId('explore-kurtosis')).toHaveText(String(Number(expected.report.moments.excessKurtosis.toPrecision(4))));
  await expect(panel.getByTestId('explore-t-df')).toHaveText(String(Number(expected.report.studentT.df.toPrecision(4))));
  await expect(panel.getByTestId('explore-var-ratio')).not.toHaveText('—');
  await expect(panel.getByTestId('explore-mask')).toContainText('simulation truth');
  await expect(panel.getByTestId('acf-squared')).toHaveAttribute('data-significant', expected.report.acfSquaredReturns.significantLags.join(','));
  await expect(panel.locator('[data-testid=acf-returns] rect')).toHaveCount(20);
  await panel.scrollIntoViewIfNeeded();
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'explore-browser.png'), fullPage: true });
});
