// The trader's whole journey on real Binance data (issue 9's end-to-end list): import five real monthly
// BTCUSDT 1h archives through the data manager, fit a 2-regime MS-GARCH on the 4h bars they resample to,
// see its bands, run a gated 1.5x-calm / flat-turbulent backtest on that fit, reopen it on the chart from the run
// history, replay it — a date, steps forward and back, the next trade, the next switch — checking at each
// stop that the legend shows the API's causal series at the cursor bar (filtered probability, confirmed
// regime and counter from the replay trace with the backtest's own gate and leverages; the backtest's
// equity and leverage in force from the stored run); then export the run's report and read it. A screenshot of each state is an artifact.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, artifactsDir, readLegend, repoRoot } from './fixtures.ts';

const MONTHS = ['01', '02', '03', '04', '05'];
const FILES = MONTHS.map((m) => path.resolve(repoRoot, '..', 'shared', 'data', 'binance', 'spot', 'monthly', 'klines', 'BTCUSDT', '1h', 'intabyu__interview-at', `BTCUSDT-1h-2023-${m}.csv`));
const GATE = { threshold: 0.75, confirmBars: 2 };
const LEVERAGE = [1.5, 0]; // flat while turbulent: round-trip trades to jump between

type Trace = { time: Float64Array; probHigh: Float64Array; confirmedRegime: Int8Array; confirmCount: Int32Array; confirmedSwitches: Int32Array };
type BacktestRecord = {
  id: string;
  result: { trades: { entryTime: number; exitTime: number }[] };
  series: { time: Float64Array; equity: Float64Array; grossLeverage: Float64Array };
};

test('imports real BTCUSDT files, fits regimes, backtests, replays the run with the legend matching the API, and exports its report', async ({ workstation }) => {
  test.skip(workstation.target === 'electron', 'file inputs and downloads are the browser-mode path; Electron uses native dialogs');
  test.setTimeout(180_000);
  const { page, callApi } = workstation;
  fs.mkdirSync(artifactsDir, { recursive: true });
  const shot = (name: string) => page.screenshot({ path: path.join(artifactsDir, `journey-${name}-${workstation.target}.png`) });
  const chart = page.getByTestId('candle-chart');

  // 1. Import: one message per file, each into BTCUSDT 1h.
  await page.getByTestId('view-data').click();
  await page.getByTestId('import-input').setInputFiles(FILES);
  await expect(page.getByTestId('import-message-ok')).toHaveCount(FILES.length, { timeout: 60_000 });
  for (const message of await page.getByTestId('import-message-ok').all()) await expect(message).toContainText('into BTCUSDT 1h');
  const instruments = (await callApi('data.listInstruments', {})) as { id: number; symbol: string; timeframes: { timeframe: string; bars: number; firstTime: number | null; lastTime: number | null }[] }[];
  const btc = instruments.find((i) => i.symbol === 'BTCUSDT')!;
  const h4 = btc.timeframes.find((t) => t.timeframe === '4h')!;
  expect(h4.firstTime).toBe(Date.UTC(2023, 0, 1));
  expect(h4.lastTime).toBe(Date.UTC(2023, 4, 31, 20));
  await shot('1-imported');

  // 2. Fit on 4h and see the bands.
  await page.getByTestId('view-chart').click();
  await page.getByTestId('instrument-picker').selectOption(String(btc.id));
  await page.getByTestId('timeframe-4h').click();
  await expect(chart).toHaveAttribute('data-timeframe', '4h');
  await expect(chart).toHaveAttribute('data-bars', String(h4.bars));
  await expect(page.getByTestId('simulated-badge')).toHaveCount(0);
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-details')).toBeVisible({ timeout: 90_000 });
  await expect(chart).not.toHaveAttribute('data-regime-run', '');
  await expect(chart).toHaveAttribute('data-bands', 'on');
  const regimeRunId = (await chart.getAttribute('data-regime-run'))!;
  expect(Number(await chart.getAttribute('data-spells'))).toBeGreaterThan(1);
  await page.waitForTimeout(200);
  await shot('2-fitted');

  // 3. A gated 1.5x/0.75x backtest on that fit.
  await page.getByTestId('view-backtest').click();
  await page.getByTestId('instruments-field').fill('BTCUSDT');
  await page.getByTestId('preset-picker').selectOption('custom');
  await page.getByTestId('leverage-field').fill(LEVERAGE.join(', '));
  // The default name only repeated the preset, so it follows the sizing (the report is titled by it).
  await expect(page.locator('.editor .field').filter({ hasText: 'Name' }).locator('input')).toHaveValue('custom');
  await page.getByTestId('preview-run').selectOption(regimeRunId);
  await page.getByTestId('gate-toggle').check();
  await expect(page.getByTestId('config-issues')).toHaveCount(0);
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('comparison-table')).toBeVisible({ timeout: 90_000 });
  const [summary] = (await callApi('runs.list', { kind: 'backtest' })) as { id: string; summary: { notes: string[] } }[];
  expect(summary.summary.notes.join(' ')).not.toMatch(/simulated data/);
  const backtest = (await callApi('runs.get', { runId: summary.id, series: ['time', 'equity', 'grossLeverage'] })) as BacktestRecord;
  expect(backtest.result.trades.length).toBeGreaterThan(0);
  await shot('3-backtest');

  // 4. Reopen the run on the chart from the history: equity and leverage panes, the legend's equity.
  await page.getByTestId('view-runs').click();
  await page.locator(`[data-testid=run-row][data-run-id="${summary.id}"]`).click();
  await page.getByTestId('run-open-chart').click();
  await expect(chart).toHaveAttribute('data-backtest-run', summary.id);
  await expect(chart).toHaveAttribute('data-regime-run', regimeRunId);
  await expect(page.getByTestId('legend-equity')).toBeVisible();

  // 5. Replay from a date.
  const trace = (await callApi('regimes.getReplayTrace', { runId: regimeRunId, gate: GATE, leverage: LEVERAGE })) as Trace;
  const equityAt = new Map(Array.from(backtest.series.time, (t, k) => [t, k]));
  const expectLegendAt = async (i: number) => {
    const t = trace.time[i];
    await expect(chart).toHaveAttribute('data-cursor-time', String(t));
    await expect(page.getByTestId('chart-legend')).toHaveAttribute('data-time', String(t));
    const legend = await readLegend(page);
    expect(legend.prob).toBe(trace.probHigh[i]);
    expect(legend.regime).toBe(trace.confirmedRegime[i]);
    expect(legend.count).toBe(trace.confirmCount[i]);
    const k = equityAt.get(t);
    expect(k, `the backtest has a row at the cursor bar ${new Date(t).toISOString()}`).toBeDefined();
    expect(legend.equity).toBe(backtest.series.equity[k!]);
    expect(legend.leverage).toBe(backtest.series.grossLeverage[k!]);
    await expect(page.getByTestId('replay-status')).toContainText(`P(high vol) ${trace.probHigh[i].toFixed(3)} (filtered)`);
  };
  await page.getByTestId('replay-button').click();
  await page.getByTestId('replay-start-visible').click();
  await expect(chart).toHaveAttribute('data-replay', 'on');
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y - 60); // off the chart: the legend follows the cursor bar
  const start = trace.time.findIndex((t) => t === Date.UTC(2023, 2, 10)); // 10 March 2023, the SVB week
  expect(start).toBeGreaterThan(0);
  await page.getByTestId('replay-date').fill('2023-03-10');
  await page.getByTestId('replay-go').click();
  await page.getByTestId('replay-status').click(); // focus off the form: keys go to the replay
  await expectLegendAt(start);
  await page.waitForTimeout(150);
  await shot('4-replay-start');
  for (let s = 0; s < 3; s++) await page.keyboard.press('ArrowRight');
  await expectLegendAt(start + 3);
  await page.keyboard.press('ArrowLeft');
  await expectLegendAt(start + 2);

  // The next trade: the cursor lands on the first entry or exit after it.
  const tradeTimes = backtest.result.trades.flatMap((tr) => [tr.entryTime, tr.exitTime]).sort((a, b) => a - b);
  const nextTrade = tradeTimes.find((t) => t > trace.time[start + 2]);
  expect(nextTrade, 'a trade after the start').toBeDefined();
  await page.getByTestId('replay-next-trade').click();
  await expectLegendAt(trace.time.findLastIndex((t) => t <= nextTrade!));
  await page.waitForTimeout(150);
  await shot('5-next-trade');
  // The next confirmed switch: the gated regime changes there and the counter restarts.
  const cursor = trace.time.indexOf(Number(await chart.getAttribute('data-cursor-time')));
  const nextSwitch = Array.from(trace.confirmedSwitches).find((i) => i > cursor);
  expect(nextSwitch, 'a confirmed switch after the trade').toBeDefined();
  await page.getByTestId('replay-next-switch').click();
  await expectLegendAt(nextSwitch!);
  expect(trace.confirmedRegime[nextSwitch!]).not.toBe(trace.confirmedRegime[nextSwitch! - 1]);
  await page.waitForTimeout(150);
  await shot('6-next-switch');
  await page.keyboard.press('Escape');
  await expect(chart).toHaveAttribute('data-replay', 'off');

  // 6. The run's report, exported as one offline HTML file.
  await page.getByTestId('view-backtest').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByTestId('export-report').click()]);
  const file = path.join(artifactsDir, 'journey-report.html');
  await download.saveAs(file);
  const html = fs.readFileSync(file, 'utf8');
  expect(html.slice(0, 15).toLowerCase()).toBe('<!doctype html>');
  expect(html).toContain('BTCUSDT');
  expect(html).toContain(summary.id);
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  expect(html).not.toMatch(/SIMULATED DATA/);
  // The data card reads the stored 4h series: the 2023-03-24 halt's missing hour leaves one 4h bar incomplete, no 4h gap.
  expect(html).toContain('data-metric="run-card.data.incomplete" data-value="1"');
  expect(html).toContain('data-metric="run-card.data.gaps" data-value="0"');
  const report = await page.context().newPage();
  await report.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await report.goto(`file://${file}`);
  await expect(report.locator('h2').first()).toBeVisible();
  await report.screenshot({ path: path.join(artifactsDir, `journey-7-report-${workstation.target}.png`) });
  await report.close();
});
