// renderBacktestReport through the real report worker (out/workers/report.mjs, built by
// scripts/build.mjs): the HTML that comes back is byte-identical to rendering in this thread.
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportModel, renderReportHtml } from '../../../../../core/report/index.ts';
import { appPaths } from '../../../../../main/services/paths.ts';
import { createReportPool, renderBacktestReport } from '../../../../../main/services/reports/index.ts';
import { readReportAssets } from '../../../../../workers/report-assets.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { btcExperiment } from '../../../core/report/btc-fixture.ts';

const pool = createReportPool(appPaths(repoRoot));
afterAll(() => pool.close());

describe('renderBacktestReport', () => {
  it('renders in the report worker, byte-identical to an in-thread render', async () => {
    const { input } = await btcExperiment(2000, { bootstrapReplications: 50, varRefitEveryBars: 2000 });
    const rendered = await renderBacktestReport(pool, input);
    expect(rendered.sections).toEqual(['run-card', 'headline', 'equity', 'regimes', 'risk', 'distribution', 'periods', 'trades', 'comparison', 'conventions']);
    expect(rendered.html).toBe(renderReportHtml(buildReportModel(input), readReportAssets()));
    expect(rendered.bytes).toBe(Buffer.byteLength(rendered.html));
    expect(pool.spawned).toBe(1);
  }, 60_000);

  it('refuses an empty report with E_BAD_INPUT', async () => {
    const metadata = { runTime: 0, appVersion: '0.1.0', dataHash: '', data: { description: '', timeframe: '1h', bars: 0, firstTime: null, lastTime: null } };
    await expect(renderBacktestReport(pool, { runs: [], metadata })).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
  });
});
