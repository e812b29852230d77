// The strategy config: presets, validation messages naming the field, the 0.75 / 2-bar gate, gradient
// sizing, 4-state Kelly, cross-asset propagation, adaptive signal thresholds, grids and sweeps.
import { describe, expect, it } from 'vitest';
import { checkStrategyConfig, parseStrategyConfig } from '../../../../core/backtest/config.ts';
import { applyVariant, expandGrid } from '../../../../core/backtest/grid.ts';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { runSweep } from '../../../../core/backtest/sweep.ts';
import type { RegimeSeries } from '../../../../core/regimes/regime-series.ts';
import { candlesFrom, dataOf, syntheticMarket } from './fixtures.ts';

const flatRows = (n: number) => Array.from({ length: n }, () => [100, 100, 100, 100] as const);

function seriesFromHighProbs(pHigh: number[], time: Float64Array): RegimeSeries {
  return { time, timeframe: '4h', regimeCount: 2, probs: Float64Array.from(pHigh.flatMap((p) => [1 - p, p])), hindsight: false, source: 'test' };
}

describe('config schema and presets', () => {
  it('resolves the research presets to explicit leverages', () => {
    const lev = (preset: string) => {
      const c = parseStrategyConfig({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset } });
      return c.sizing.kind === 'regime-leverage' ? c.sizing.leverage : c.sizing.kind;
    };
    expect(lev('moderate')).toEqual([1.5, 0.75]);
    expect(lev('aggressive')).toEqual([2, 1]);
    expect(lev('conservative')).toEqual([1, 0.5]);
    expect(lev('academic')).toEqual([1.3, 0.8]);
    expect(lev('inverted')).toEqual([0.8, 1.3]);
    expect(lev('flat')).toEqual([1, 1]);
    expect(lev('buy-and-hold')).toBe('buy-and-hold');
  });

  it('names the field in every validation message', () => {
    const r = checkStrategyConfig({ instruments: [{ symbol: 'X' }], regimes: { source: 'walk-forward' }, gate: { threshold: 1.5 }, sizing: { kind: 'regime-leverage', leverage: [1, 2, 3] }, costs: { takerFeeBps: -1 } });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.issues.map((i) => i.path);
    expect(paths).toContain('gate.threshold');
    expect(paths).toContain('costs.takerFeeBps');
    const r2 = checkStrategyConfig({ instruments: [{ symbol: 'X' }], regimes: { source: 'walk-forward' }, sizing: { kind: 'regime-leverage', leverage: [1, 2, 3] } });
    expect(r2.ok ? [] : r2.issues).toEqual([{ path: 'sizing.leverage', message: 'has 3 entries; the regime model has 2 regimes' }]);
    expect(() => parseStrategyConfig({ instruments: [], sizing: { kind: 'constant' } })).toThrow(/instruments/);
    const r3 = checkStrategyConfig({ instruments: [{ symbol: 'X' }], sizing: { kind: 'regime-leverage', preset: 'moderate' } });
    expect(r3.ok ? [] : r3.issues.map((i) => i.path)).toEqual(['regimes.source']);
  });
});

describe('regime rules', () => {
  const n = 12;
  const candles = candlesFrom(flatRows(n));
  const run = (pHigh: number[], extra: Record<string, unknown>) =>
    runBacktest({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, costs: { takerFeeBps: 0, slippage: { bps: 0 } }, benchmarks: false, ...extra }, dataOf([{ symbol: 'X', candles, regimeSeries: seriesFromHighProbs(pHigh, candles.time) }]));

  it('0.75 / 2-bar gate: a single spike or a 0.7 run does not switch; two bars ≥ 0.75 do', () => {
    const p = [0.1, 0.9, 0.1, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.1, 0.1, 0.1];
    const gated = run(p, { gate: {} });
    // Decision bars are 0..n-2 (d0 = 0); regime switches to high at the second 0.8 (bar 7).
    expect(Array.from(gated.regimeSeen[0])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, -1]);
    expect(Array.from(gated.targetExposure[0].subarray(0, 11))).toEqual([1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 0.75, 0.75, 0.75, 1.5]);
    // The switch back needs Pr(low) ≥ 0.75 for two bars: bars 9 and 10 → low at 10.
    const ungated = run(p, {});
    expect(Array.from(ungated.regimeSeen[0].subarray(0, 11))).toEqual([0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0]);
    const dwell = run(p, { gate: { minDwellBars: 20 } });
    expect(Array.from(dwell.regimeSeen[0].subarray(0, 11))).toEqual(new Array(11).fill(0));
  });

  it('gradient sizing: leverage = Σ Pr(k) · leverage_k', () => {
    const p = [0.1, 0.5, 0.9, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2];
    const r = run(p, { sizing: { kind: 'regime-leverage', preset: 'moderate', mode: 'gradient' } });
    expect(r.targetExposure[0][1]).toBeCloseTo(0.5 * 1.5 + 0.5 * 0.75, 12);
    expect(r.targetExposure[0][2]).toBeCloseTo(0.1 * 1.5 + 0.9 * 0.75, 12);
  });
});

describe('4-state, Kelly, propagation, signal thresholds', () => {
  const market = syntheticMarket(1500, 5);
  const data = dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]);

  it('HIGH_VOL for the high-vol regime; BULL/NEUTRAL/BEAR from the momentum overlay; Kelly leverage within caps', () => {
    const r = runBacktest({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'four-state' }, benchmarks: false }, data);
    const close = market.candles.close;
    for (let j = 50; j < r.equity.length - 1; j++) {
      const t = r.window.decisionIndex + j;
      const state = r.stateSeen[0][j];
      const cap = [1.5, 1.0, 0.5, 0.25][state];
      if (r.regimeSeen[0][j] === 1) expect(state).toBe(3);
      else {
        const mom = close[t] / close[t - 42] - 1;
        expect(state).toBe(mom > 0.02 ? 0 : mom < -0.02 ? 2 : 1);
      }
      expect(r.targetExposure[0][j]).toBeGreaterThanOrEqual(0);
      expect(r.targetExposure[0][j]).toBeLessThanOrEqual(cap);
    }
  });

  it('cross-asset: HIGH_VOL is imposed on a calm asset whose 30-bar correlation with a HIGH_VOL one exceeds 0.90', () => {
    // B is A's returns plus tiny noise (correlation ≈ 1); A is high-vol from bar 40, B always calm.
    const a = syntheticMarket(80, 9).candles;
    const b = candlesFrom(Array.from({ length: 80 }, (_, t) => {
      const c = a.close[t] * (1 + 1e-5 * Math.sin(t));
      return [c, c, c, c] as const;
    }), a.time[0]);
    const pa = seriesFromHighProbs(Array.from({ length: 80 }, (_, t) => (t >= 40 ? 0.95 : 0.05)), a.time);
    const pb = seriesFromHighProbs(new Array(80).fill(0.05), a.time);
    const d = dataOf([{ symbol: 'A', candles: a, regimeSeries: pa }, { symbol: 'B', candles: b, regimeSeries: pb }]);
    const cfg = { instruments: [{ symbol: 'A', weight: 0.5 }, { symbol: 'B', weight: 0.5 }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, crossAsset: {}, benchmarks: false };
    const r = runBacktest(cfg, d);
    expect(r.regimeSeen[1][45]).toBe(1);
    expect(r.regimeSeen[1][30]).toBe(0);
    expect(r.targetExposure[1][45]).toBe(0.5 * 0.75);
    const off = runBacktest({ ...cfg, crossAsset: null }, d);
    expect(off.regimeSeen[1][45]).toBe(0);
  });

  it('signal thresholds scale with the 4-state regime (BULL 0.85 … HIGH_VOL 1.5)', () => {
    const time = market.candles.time;
    const direction = new Float64Array(time.length).fill(1);
    const confidence = new Float64Array(time.length).fill(0.6);
    const d = dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes, signal: { direction, confidence } }]);
    const r = runBacktest({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'four-state', method: 'leverage' }, signal: { kind: 'series', baseThreshold: 0.5 }, benchmarks: false }, d);
    // 0.6 > 0.5 × 0.85 (BULL) and > 0.5 × 1.0 (NEUTRAL), but not > 0.5 × 1.3 (BEAR) or 0.5 × 1.5 (HIGH_VOL).
    const expected = [1.5, 1.0, 0, 0];
    for (let j = 50; j < r.equity.length - 1; j++) expect(r.targetExposure[0][j]).toBe(expected[r.stateSeen[0][j]]);
  });
});

describe('grids and sweeps', () => {
  it('expands dot paths in key order and applies them to copies', () => {
    const variants = expandGrid({ 'sizing.leverage.0': [1.3, 1.5], 'gate.threshold': [0.6, 0.75, 0.9] });
    expect(variants).toHaveLength(6);
    expect(variants[1]).toEqual({ 'sizing.leverage.0': 1.3, 'gate.threshold': 0.75 });
    const base = { sizing: { kind: 'regime-leverage', leverage: [1, 1] } };
    expect(applyVariant(base, variants[5])).toEqual({ sizing: { kind: 'regime-leverage', leverage: [1.5, 1] }, gate: { threshold: 0.9 } });
    expect(base.sizing.leverage).toEqual([1, 1]);
    expect(() => expandGrid({ 'a b': [1] })).toThrow(/dot path/);
  });

  it('a sweep row equals the full run of its variant; invalid variants report the field', () => {
    const market = syntheticMarket(2000, 3);
    const data = dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]);
    const config = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, gate: {}, costs: { funding: { kind: 'constant' } } };
    const grid = { 'sizing.leverage.1': [0.5, 0.75], 'costs.takerFeeBps': [0, 5, -1] };
    const progress: number[] = [];
    const sweep = runSweep(config, grid, data, { onProgress: (done) => progress.push(done) });
    expect(sweep.rows).toHaveLength(6);
    expect(sweep.rows[2].error).toMatch(/costs.takerFeeBps/);
    const full = runBacktest(applyVariant(config, sweep.rows[4].variant), data);
    expect(sweep.rows[4].headline).toEqual(full.headline);
    const slice = runSweep(config, grid, data, { from: 3, to: 5 });
    expect(slice.rows.map((r) => r.index)).toEqual([3, 4]);
    expect(slice.rows[1].headline).toEqual(sweep.rows[4].headline);
    expect(() => runSweep(config, grid, data, { signal: { cancelled: () => true } })).toThrow(/cancelled/);
  });
});
