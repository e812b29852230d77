// Rerunning from the history rebuilds the job that made a run from its stored spec (as the services
// store it), and the rebuilt parameters pass that job's own schema; runs whose inputs were not kept
// are refused with a reason.
import { describe, expect, it } from 'vitest';
import { JOB_KINDS } from '../../../../core/contract/jobs.ts';
import { rerunRequest } from '../../../../core/contract/rerun.ts';

const model = { model: 'msgarch', regimes: 2, variance: 'gjr', dist: 't' };

describe('rerunRequest', () => {
  it('a regime fit becomes regimes.fit with its model and data selection', () => {
    const spec = { model, data: { instrumentId: 3, timeframe: '4h', from: null, to: 1_700_000_000_000, input: 'log returns ×100 of close' } };
    const r = rerunRequest('regime-fit', spec, 'MS-GARCH 2');
    expect(r).toEqual({ ok: true, kind: 'regimes.fit', params: { instrumentId: 3, timeframe: '4h', to: 1_700_000_000_000, model, title: 'MS-GARCH 2 (rerun)' } });
    if (r.ok) expect(JOB_KINDS['regimes.fit'].params.safeParse(r.params).success).toBe(true);
  });

  it('a backtest becomes backtest.run with its config, timeframe, market and regime runs', () => {
    const spec = { config: { instruments: [{ symbol: 'BTCUSDT' }] }, timeframe: '4h', market: 'spot', regimeRunIds: ['r1'], regimeCsv: null, instrumentIds: [1] };
    const r = rerunRequest('backtest', spec, 'Moderate');
    expect(r).toMatchObject({ ok: true, kind: 'backtest.run', params: { config: spec.config, timeframe: '4h', market: 'spot', regimeRunIds: ['r1'], title: 'Moderate (rerun)' } });
    if (r.ok) expect(JOB_KINDS['backtest.run'].params.safeParse(r.params).success).toBe(true);
  });

  it('a sweep becomes backtest.sweep with its grid and data selection (on the local backend)', () => {
    const spec = { config: { instruments: [{ symbol: 'BTCUSDT' }] }, grid: { 'sizing.leverage.0': [1, 2] }, data: { instrumentIds: [1], timeframe: '4h' } };
    const r = rerunRequest('sweep', spec, 'grid');
    expect(r).toMatchObject({ ok: true, kind: 'backtest.sweep' });
    if (r.ok) expect(JOB_KINDS['backtest.sweep'].params.safeParse(r.params).success).toBe(true);
  });

  it('a walk-forward study becomes backtest.walkForwardStudy over the same cells', () => {
    const spec = { config: { regimes: { source: 'walk-forward' } }, instrumentIds: [1, 2], timeframes: ['4h', '1d'], from: null, to: null };
    const r = rerunRequest('walk-forward', spec, 'study');
    expect(r).toMatchObject({ ok: true, kind: 'backtest.walkForwardStudy', params: { instrumentIds: [1, 2], timeframes: ['4h', '1d'], title: 'study (rerun)' } });
    if (r.ok) expect(JOB_KINDS['backtest.walkForwardStudy'].params.safeParse(r.params).success).toBe(true);
  });

  it('refuses a backtest fed by imported CSVs (only their hashes are kept) and a spec-less run, saying why', () => {
    const csv = rerunRequest('backtest', { config: {}, timeframe: '4h', regimeCsv: [{ fileName: 'p.csv', sha256: 'ab' }] }, 'x');
    expect(csv).toEqual({ ok: false, reason: expect.stringMatching(/SHA-256.*strategy editor/) });
    expect(rerunRequest('regime-fit', null, 'x')).toEqual({ ok: false, reason: expect.stringMatching(/no spec/) });
    expect(rerunRequest('regime-fit', { data: {} }, 'x').ok).toBe(false);
  });
});
