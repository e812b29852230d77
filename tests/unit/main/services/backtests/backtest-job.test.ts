// Backtests through the services: the job runs in the compute worker, the run is saved with its
// hashes and series, regime sources (a saved fit, an imported CSV, walk-forward, hindsight) are
// labelled honestly, and the deflated Sharpe counts the backtests made on the same data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../../main/services/workstation.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';

type Summary = Record<string, unknown> & { sharpe: number | null; trials: number; dsr: number | null; notes: string[]; averageLeverage: number; hindsight: boolean };

describe('backtest.run', () => {
  let dir: string;
  let ws: Workstation;
  const base = { name: 'test', instruments: [{ symbol: 'SIM-BTCUSD' }], sizing: { kind: 'regime-leverage', preset: 'moderate' }, costs: { takerFeeBps: 5 } };
  const run = async (params: Record<string, unknown>) => (await ws.startJob('backtest.run', { timeframe: '1d', ...params }).done) as { runId: string; summary: Summary };

  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('runs on a saved regime fit, saves the run with its series, and labels the in-sample source', async () => {
    const fit = (await ws.startJob('regimes.fit', { instrumentId: 1, timeframe: '1d', model: { model: 'msgarch', variance: 'gjr', dist: 't', regimes: 2 } }).done) as { runId: string };
    const { runId, summary } = await run({ config: { ...base, regimes: { source: 'series' } }, regimeRunIds: [fit.runId] });
    const saved = await ws.call('runs.get', { runId, series: ['time', 'equity', 'grossLeverage', 'regimeSeen.SIM-BTCUSD'] });
    expect(saved.kind).toBe('backtest');
    expect(saved.hindsight).toBe(false);
    expect(saved.series.equity.length).toBe(saved.series.time.length);
    expect(saved.series['regimeSeen.SIM-BTCUSD']).toBeInstanceOf(Int8Array);
    expect(summary.notes.join(' ')).toMatch(/in-sample/);
    expect(summary.notes.join(' ')).toMatch(/simulated data/);
    expect(summary.trials).toBe(1);
    expect(saved.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses an imported probability CSV (here: the simulator’s true regimes) and counts trials on the same data', async () => {
    const truth = await ws.call('data.getTrueRegimes', { instrumentId: 1, timeframe: '1h' });
    const lines = ['time,p_calm,p_turbulent'];
    for (let i = 0; i < truth.time.length; i++) lines.push(`${truth.time[i]},${truth.states[i] === 0 ? 1 : 0},${truth.states[i] === 1 ? 1 : 0}`);
    const { summary } = await run({ config: { ...base, regimes: { source: 'series' } }, regimeCsv: [{ fileName: 'truth.csv', text: lines.join('\n'), timeframe: '1h' }] });
    expect(summary.notes.join(' ')).toMatch(/imported from truth\.csv/);
    expect(summary.trials).toBe(2);
    expect(summary.averageLeverage).toBeGreaterThan(0.7);
  });

  it('marks a hindsight (smoothed) backtest as such everywhere', async () => {
    const { runId, summary } = await run({ config: { ...base, regimes: { source: 'hindsight', model: { variance: 'gjrGARCH', distribution: 'std', regimeCount: 2 } } } });
    expect(summary.hindsight).toBe(true);
    const listed = (await ws.call('runs.list', { kind: 'backtest' })).find((r) => r.id === runId)!;
    expect(listed.hindsight).toBe(true);
    expect(listed.title).toMatch(/HINDSIGHT/);
  });

  it('refuses configs naming the field, unknown instruments, and a regime run of another kind', async () => {
    await expect(run({ config: { ...base, sizing: { kind: 'regime-leverage', leverage: [1.5, 'x'] } } })).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/sizing/) });
    await expect(run({ config: { ...base, regimes: { source: 'series' }, instruments: [{ symbol: 'NOPE' }] } })).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringMatching(/NOPE/) });
    const [backtest] = await ws.call('runs.list', { kind: 'backtest' });
    await expect(run({ config: { ...base, regimes: { source: 'series' } }, regimeRunIds: [backtest.id] })).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/not a regime fit/) });
    const check = await ws.call('backtest.validate', { config: { ...base, gate: { threshold: 2 } } });
    expect(check.ok).toBe(false);
    expect(check.issues[0].path).toMatch(/^gate\.threshold/);
  });

  it('previews the leverage schedule on a regime fit without saving anything', async () => {
    const [fit] = await ws.call('runs.list', { kind: 'regime-fit' });
    const before = (await ws.call('runs.list', {})).length;
    const preview = await ws.call('backtest.preview', { config: base, timeframe: '1d', regimeRunId: fit.id });
    expect(preview.leverage.length).toBe(preview.time.length);
    expect(new Set(Array.from(preview.regime)).size).toBeGreaterThan(1);
    expect((await ws.call('runs.list', {})).length).toBe(before);
    const examples = await ws.call('backtest.examples', {});
    expect(examples.map((e) => e.file)).toContain('moderate.json');
  });

  it("renders a saved run's report (nested series restored) and a comparison of two runs", async () => {
    const runs = (await ws.call('runs.list', { kind: 'backtest' })).filter((r) => !r.hindsight);
    const full = await ws.call('runs.get', { runId: runs[0].id });
    const benchmarks = (full.result as { benchmarks: { equity: Float64Array }[] }).benchmarks;
    expect(benchmarks[0].equity).toBeInstanceOf(Float64Array);
    expect(full.seriesNames.some((n) => n.startsWith('@'))).toBe(false);
    const one = await ws.call('reports.render', { runIds: [runs[0].id] });
    expect(one.html).toContain(runs[0].id);
    expect(one.html).toMatch(/SIMULATED/);
    const sharpe = runs[0].summary.sharpe as number;
    expect(one.html).toContain(`data-value="${sharpe}"`);
    const two = await ws.call('reports.render', { runIds: [runs[0].id, runs[1].id] });
    expect(two.title).toBe('Comparison of 2 runs');
    await expect(ws.call('reports.export', { runIds: [runs[0].id], path: '/tmp/x.html' })).rejects.toMatchObject({ code: 'E_REFUSED' });
  });
});
