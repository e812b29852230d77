// Seeded block bootstraps (determinism, block structure, coverage on a known case) and the
// regime-stratified statistics (accounting identities, closed-form spells, whipsaw).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../core/random/rng.ts';
import { bootstrapPerformance, movingBlockBootstrapIndices, stationaryBootstrapIndices } from '../../../../core/metrics/bootstrap.ts';
import { leverageAttribution, regimeStats, timingTest, whipsawShare } from '../../../../core/metrics/regime-stats.ts';
import { sharpeRatio, simpleReturns } from '../../../../core/metrics/returns-risk.ts';
import { close, inputs } from './reference.ts';

describe('bootstrap', () => {
  it('moving-block samples are runs of consecutive indices of length L', () => {
    const idx = movingBlockBootstrapIndices(103, 10, createRng(7));
    expect(idx.length).toBe(103);
    for (let b = 0; b < 10; b++) for (let j = 1; j < 10; j++) expect(idx[b * 10 + j]).toBe(idx[b * 10] + j);
    for (const i of idx) expect(i >= 0 && i < 103).toBe(true);
  });

  it('stationary samples have mean block length ≈ L', () => {
    const idx = stationaryBootstrapIndices(200_000, 20, createRng(3));
    let breaks = 0;
    for (let i = 1; i < idx.length; i++) if (idx[i] !== (idx[i - 1] + 1) % idx.length) breaks++;
    expect(idx.length / (breaks + 1)).toBeGreaterThan(19);
    expect(idx.length / (breaks + 1)).toBeLessThan(21);
  });

  it('intervals are seeded, contain the estimate, and Sharpe CI width ≈ 2·1.96·√(365/n) for iid data', () => {
    const r = simpleReturns(inputs.equity);
    const a = bootstrapPerformance(r, { replications: 400, seed: 11, method: 'moving-block', block: 5 });
    const b = bootstrapPerformance(r, { replications: 400, seed: 11, method: 'moving-block', block: 5 });
    expect(a).toEqual(b);
    close(a.sharpe.estimate, sharpeRatio(r) as number, { rel: 1e-15 });
    for (const k of ['sharpe', 'cagr', 'maxDrawdown'] as const) {
      expect(a[k].lower!).toBeLessThan(a[k].estimate!);
      expect(a[k].upper!).toBeGreaterThan(a[k].estimate!);
    }
    const width = a.sharpe.upper! - a.sharpe.lower!;
    const asymptotic = 2 * 1.96 * Math.sqrt(365 / r.length);
    expect(width / asymptotic).toBeGreaterThan(0.8);
    expect(width / asymptotic).toBeLessThan(1.25);
  });
});

describe('regime-stratified statistics', () => {
  const regimes = Int32Array.from([0, 0, 1, 1, 1, 0, 1, 1, 0, 0]);
  const asset = Float64Array.from([0.01, -0.02, 0.03, 0.01, -0.01, 0.02, -0.03, 0.02, 0.01, 0.0]);
  const exposure = Float64Array.from(regimes, (g) => (g === 1 ? 2 : 0.5));
  const costs = Float64Array.from(regimes, (_g, t) => (t % 3 === 0 ? 0.001 : 0));
  const returns = Float64Array.from(asset, (a, t) => exposure[t] * a - costs[t]);

  it('spells, time shares and log-return contributions add up', () => {
    const rows = regimeStats({ returns, regimes, exposure, costs, assetReturns: asset });
    expect(rows.map((r) => [r.regime, r.bars, r.spells])).toEqual([[0, 5, 3], [1, 5, 2]]);
    expect(rows[1].meanSpellLengthBars).toBe(2.5);
    expect(rows[0].timeShare + rows[1].timeShare).toBe(1);
    const total = returns.reduce((s, r) => s + Math.log1p(r), 0);
    close(rows[0].logReturnContribution + rows[1].logReturnContribution, total, { rel: 1e-13 });
    expect(rows[1].averageLeverage).toBe(2);
    expect(rows[0].attribution?.residual).toBeCloseTo(0, 15);
  });

  it('leverage attribution is an identity when r = e·a − c', () => {
    const at = leverageAttribution({ returns, regimes, exposure, costs, assetReturns: asset });
    const sum = returns.reduce((s, r) => s + r, 0);
    close(at!.baseReturn + at!.leverageEffect + at!.costs, sum, { rel: 1e-13 });
    expect(Math.abs(at!.residual)).toBeLessThan(1e-16);
    close(at!.costs, -0.004, { rel: 1e-13 });
  });

  it('the timing test is ~0 for constant leverage and positive when leverage anticipates returns', () => {
    const rng = createRng(5);
    const n = 2000;
    const a = Float64Array.from({ length: n }, () => 0.01 * rng.normal());
    const constant = timingTest(new Float64Array(n).fill(1.5), a, { replications: 200 });
    expect(constant.annualizedTimingReturn.estimate).toBeCloseTo(0, 12);
    const clairvoyant = Float64Array.from(a, (v) => (v > 0 ? 2 : 0.5));
    const t = timingTest(clairvoyant, a, { replications: 200, seed: 9 });
    expect(t.annualizedTimingReturn.lower!).toBeGreaterThan(0);
    expect(t.constantLeverage).toBeCloseTo(1.25, 1);
  });

  it('whipsaw share: reversals within k bars, censored at the end', () => {
    // switches at t = 2 (0→1, back to 0 at 5: within 3), 5 (1→0, back to 1 at 6: within 3), 6 (0→1, back at 8: within 3), 8 (1→0, censored for k = 3)
    const w = whipsawShare(regimes, 3);
    expect(w).toMatchObject({ switches: 4, evaluated: 3, reversed: 3, share: 1 });
    expect(whipsawShare(regimes, 1)).toMatchObject({ evaluated: 4, reversed: 1 });
    expect(() => regimeStats({ returns, regimes: [0, 1] })).toThrow(/regimes: length/);
  });
});
