// The backtest report on the research's BTC 4h experiment (real Binance data): ten sections in
// order, byte-identical HTML for the same input, every number shown equal to the value the
// core/metrics function returns, escaping of user text, embedded tables that decode to the engine's
// NautilusTrader-column reports, and the size bound of a 4-year hourly backtest.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, decodeEmbeddedTable, formatValue, renderReportHtml, reportConfigHash, type DataTable, type ReportModel } from '../../../../core/report/index.ts';
import { bootstrapPerformance, crossWalk, deflatedSharpeRatio, probabilisticSharpeRatio, timingTest, varBacktest, varHits, modelVarSeries, varTable, simpleReturns } from '../../../../core/metrics/index.ts';
import { rollingGarchForecast } from '../../../../core/models/garch/rolling-forecast.ts';
import { ORDER_COLUMNS, ACCOUNT_COLUMNS } from '../../../../core/backtest/reports.ts';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { simulateSample } from '../../../../core/sample/simulated-btc.ts';
import { escapeHtml, scriptJson } from '../../../../core/report/html.ts';
import { readReportAssets } from '../../../../workers/report-assets.ts';
import { btcExperiment, metricsOf, tileOf, type BtcExperiment } from './btc-fixture.ts';

let btc: BtcExperiment;
let model: ReportModel;
let html: string;
const assets = readReportAssets();

beforeAll(async () => {
  btc = await btcExperiment();
  model = buildReportModel(btc.input);
  html = renderReportHtml(model, assets);
}, 60_000);

function block<T>(kind: string, id: string): T {
  const all = model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'columns' ? b.blocks : [b])));
  const found = all.find((b) => b.kind === kind && b.id === id);
  if (!found) throw new Error(`${kind} ${id} not in the model`);
  return found as T;
}

describe('report model and HTML', () => {
  it('has the ten sections in the issue order, each in the HTML once', () => {
    const ids = ['run-card', 'headline', 'equity', 'regimes', 'risk', 'distribution', 'periods', 'trades', 'comparison', 'conventions'];
    expect(model.sections.map((s) => s.id)).toEqual(ids);
    expect(model.sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let last = -1;
    for (const id of ids) {
      const at = html.indexOf(`<section class="report-section" id="s-${id}"`);
      expect(at).toBeGreaterThan(last);
      last = at;
    }
  });

  it('is deterministic: the same input renders byte-identical HTML', () => {
    expect(renderReportHtml(buildReportModel(btc.input), assets)).toBe(html);
  });

  it('shows headline tiles equal to the metrics functions, formatted with the fixed formats', () => {
    const { stats, headline } = btc.result;
    const returns = simpleReturns(btc.result.equity);
    const expected: Record<string, number | null> = {
      totalReturn: stats.totalReturn,
      cagr: stats.cagr,
      volatility: stats.annualizedVolatility,
      sharpe: stats.sharpe,
      sortino: stats.sortino,
      calmar: stats.calmar,
      maxDrawdown: stats.maxDrawdown,
      maxDrawdownDuration: stats.maxDrawdownDurationMs,
      psr: probabilisticSharpeRatio(returns).psr,
      dsr: deflatedSharpeRatio(returns, { numTrials: 1, trialSharpeVariance: 0 }).dsr,
      averageLeverage: headline.averageLeverage,
      turnover: stats.exposure!.turnoverPerYear,
      costDrag: stats.costDrag!.totalPctPerYear,
    };
    const tiles = block<{ tiles: { key: string; format: Parameters<typeof formatValue>[1] }[] }>('tiles', 'tile').tiles;
    for (const [key, value] of Object.entries(expected)) {
      const tile = tileOf(html, key);
      expect(Number(tile.value), key).toBe(value);
      expect(tile.text, key).toBe(formatValue(value, tiles.find((t) => t.key === key)!.format));
    }
    const ci = bootstrapPerformance(returns, { periodsPerYear: btc.result.periodsPerYear, replications: 100, seed: 1 }).sharpe;
    const sharpe = tileOf(html, 'sharpe');
    expect(Number(sharpe.lower)).toBe(ci.lower);
    expect(Number(sharpe.upper)).toBe(ci.upper);
    expect(ci.estimate).toBe(stats.sharpe);
  });

  it('shows the regime table, attribution, timing test, drawdowns and cross-walk as the metrics return them', () => {
    const m = metricsOf(html);
    btc.result.regimeTable.forEach((row, i) => {
      for (const key of ['bars', 'timeShare', 'logReturnContribution', 'annualizedReturn', 'annualizedVolatility', 'sharpe', 'maxDrawdown', 'averageLeverage', 'turnover', 'costs'] as const) {
        expect(m.get(`regime-table[${i}].${key}`)?.value, `${i}.${key}`).toBe(String(row[key]));
      }
    });
    const a = btc.result.attribution!;
    expect(Number(m.get('attribution[0].leverageEffect')!.value)).toBe(a.leverageEffect);
    expect(Number(m.get('attribution[0].baseReturn')!.value)).toBe(a.baseReturn);
    const n = btc.result.equity.length;
    const close = btc.input.runs[0].underlyingClose!;
    const t = timingTest(btc.result.netExposure.slice(0, n - 1), Float64Array.from({ length: n - 1 }, (_, j) => close[j + 1] / close[j] - 1), { periodsPerYear: btc.result.periodsPerYear, replications: 100, seed: 1 });
    expect(Number(m.get('timing[0].estimate')!.value)).toBe(t.annualizedTimingReturn.estimate);
    expect(Number(m.get('timing[1].lower')!.value)).toBe(t.sharpeDifference.lower);
    btc.result.stats.worstDrawdowns.forEach((d, i) => expect(Number(m.get(`drawdowns[${i}].depth`)!.value)).toBe(d.depth));
    crossWalk(btc.result.equity, btc.result.time, btc.result.trades).forEach((row, i) => {
      expect(m.get(`cross-walk[${i}].statistic`)!.text).toBe(row.statistic);
      expect(m.get(`cross-walk[${i}].regimelab`)!.value).toBe(row.regimelab === null ? '' : String(row.regimelab));
      expect(m.get(`cross-walk[${i}].nautilusTrader`)!.value).toBe(row.nautilusTrader === null ? '' : String(row.nautilusTrader));
    });
  });

  it('shows the VaR table and the rolling-VaR backtest of varTable / modelVarSeries / varHits / varBacktest', () => {
    const m = metricsOf(html);
    const returns = simpleReturns(btc.result.equity);
    const table = varTable(returns);
    expect(Number(m.get('var-table[0].var')!.value)).toBe(table.historical[0].var);
    expect(Number(m.get('var-table[3].es')!.value)).toBe(table.normal[1].es);
    const start = Math.min(1000, Math.floor(returns.length / 2));
    const f = rollingGarchForecast(Float64Array.from(returns, (r) => 100 * r), { variance: 'garch', dist: 'norm', mean: false }, { window: start, refitEvery: 1000 });
    const sigma = Float64Array.from({ length: returns.length - start }, (_, i) => f.sigmaNext[start + i - 1] / 100);
    const hits = varHits(returns.slice(start), modelVarSeries({ sigma }, 0.99).var);
    const b = varBacktest(hits, 0.99);
    expect(Number(m.get('var-backtest[0].x')!.value)).toBe(b.x);
    expect(Number(m.get('var-backtest[0].kupiecP')!.value)).toBe(b.kupiec.pValue);
    expect(Number(m.get('var-backtest[0].ccLr')!.value)).toBe(b.conditionalCoverage.lr);
    expect(m.get('var-backtest[0].zone')!.text).toBe(b.trafficLight.zone);
  });

  it('embeds the orders and account reports at full resolution with NautilusTrader columns', () => {
    const orders = block<DataTable>('data-table', 'orders');
    expect(orders.columns).toEqual([...ORDER_COLUMNS]);
    const rows = decodeEmbeddedTable(orders);
    const reports = btc.result.reports!;
    expect(rows.length).toBe(reports.orders.length);
    expect(rows[0]).toEqual(ORDER_COLUMNS.map((c) => reports.orders[0][c]));
    expect(rows[rows.length - 1]).toEqual(ORDER_COLUMNS.map((c) => reports.orders[reports.orders.length - 1][c]));
    const account = decodeEmbeddedTable(block<DataTable>('data-table', 'account'));
    expect(account.length).toBe(reports.account.length);
    expect(account[5]).toEqual(ACCOUNT_COLUMNS.map((c) => reports.account[5][c]));
  });

  it('prints the run card with the config hash, data hash and the import summary', () => {
    const m = metricsOf(html);
    expect(m.get('run-card.run.configHash')!.text).toBe(reportConfigHash(btc.result.config));
    expect(m.get('run-card.run.dataHash')!.text).toBe('f'.repeat(64));
    expect(m.get('run-card.data.bars')!.value).toBe(String(btc.candles.time.length));
    expect(m.get('run-card.run.runTime')!.text).toBe('2025-08-01 12:00');
    expect(html).toContain('TradingView Lightweight Charts™ v5.2.1');
    expect(html).toContain('https://www.tradingview.com/');
    expect(html).toContain("default-src 'none'");
  });
});

describe('report escaping and validation', () => {
  it('escapes user text everywhere and never lets a script tag out of the data', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(scriptJson({ s: '</script><!-- \u2028' })).not.toMatch(/<\/script|<!--|\u2028/);
    const evil = '<script>alert("x")</script>';
    const result = { ...btc.result, name: evil, config: { ...btc.result.config, name: evil, description: `${evil} & more` } };
    const out = renderReportHtml(buildReportModel({ ...btc.input, runs: [{ ...btc.input.runs[0], result }], metadata: { ...btc.input.metadata, title: evil } }), assets);
    expect(out).not.toContain(evil);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Only two executable scripts: the charting library and the report script (data travel in typed script elements).
    expect(out.match(/<script>/g)?.length).toBe(2);
  });

  it('refuses assets that are not the charting library and its licence', () => {
    expect(() => renderReportHtml(model, { chartLibrary: 'x', chartLibraryLicense: assets.chartLibraryLicense })).toThrow(/standalone build/);
    expect(() => renderReportHtml(model, { chartLibrary: assets.chartLibrary, chartLibraryLicense: 'MIT' })).toThrow(/Apache/);
    expect(() => buildReportModel({ runs: [], metadata: btc.input.metadata })).toThrow(/at least one/);
  });
});

describe('comparison report and size', () => {
  it('compares several runs side by side with the differences of their statistics', () => {
    const flat = runBacktest({ ...btc.result.config, name: 'flat', sizing: { kind: 'regime-leverage', preset: 'flat' } }, { timeframe: '4h', instruments: [{ symbol: 'BTCUSDT', candles: btc.candles }] }, { regimes: btc.regimes });
    const input = { ...btc.input, runs: [btc.input.runs[0], { result: flat, label: 'Flat 1.0x' }] };
    const out = renderReportHtml(buildReportModel(input), assets);
    const m = metricsOf(out);
    expect(Number(m.get('variants[3].v0')!.value)).toBe(btc.result.stats.sharpe);
    expect(Number(m.get('variants[3].v1')!.value)).toBe(flat.stats.sharpe);
    expect(Number(m.get('variants[3].d1')!.value)).toBe(flat.stats.sharpe! - btc.result.stats.sharpe!);
    expect(m.get('significance[0].variant')!.text).toBe('Flat 1.0x');
    expect(out).toContain('id="chart-variants"');
  });

  it('keeps a 4-year hourly backtest report under 5 MB', () => {
    const sample = simulateSample({ seed: 7, startMs: Date.UTC(2021, 0, 1), bars: 4 * 8760, startPrice: 30_000 });
    const result = runBacktest({ name: 'hourly', instruments: [{ symbol: 'SIM' }], sizing: { kind: 'constant', leverage: 1.5 }, rebalance: { rule: 'drift', band: 0.05 } }, { timeframe: '1h', instruments: [{ symbol: 'SIM', candles: sample.candles }] });
    expect(result.equity.length).toBe(4 * 8760);
    const out = renderReportHtml(
      buildReportModel({ runs: [{ result, underlyingClose: sample.candles.close }], metadata: { ...btc.input.metadata, data: { ...btc.input.metadata.data, timeframe: '1h', bars: 4 * 8760 } }, options: { bootstrapReplications: 50, varRefitEveryBars: 5000 } }),
      assets,
    );
    const bytes = new TextEncoder().encode(out).length;
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    console.log(`4-year hourly report: ${(bytes / 1e6).toFixed(2)} MB, ${result.reports!.orders.length} orders, ${result.reports!.account.length} account rows`);
  }, 40_000);
});
