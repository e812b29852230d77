// The WebAssembly headline kernel (headline-wasm.ts) gives, for each of its two lanes, exactly the row
// of the JS kernel (simulateHeadline) on the same input — bit for bit — whether the lanes hold the
// same variant or two variants on the same labels and columns that differ in leverage, fees, slippage
// impact, margin and liquidation rules; including liquidations, a ruined account and stretches proved
// quiet for one lane and not the other. It refuses inputs that do not share labels and columns.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStrategyConfig, type StrategyConfig } from '../../../../core/backtest/config.ts';
import type { BacktestData } from '../../../../core/backtest/data.ts';
import { loadHeadlineWasm, type HeadlineWasm } from '../../../../core/backtest/headline-wasm.ts';
import { buildPlan, type PlanCache } from '../../../../core/backtest/plan.ts';
import { backtestWindow, periodsPerYearOf, resolveBacktestRegimes } from '../../../../core/backtest/run-backtest.ts';
import { computeRegimeLabels, labelTargetTable, type RegimeLabels } from '../../../../core/backtest/schedule.ts';
import { runSweep } from '../../../../core/backtest/sweep.ts';
import { simulateHeadline, type HeadlineKernelInput, type HeadlineWorkspace } from '../../../../core/backtest/simulate-headline.ts';
import type { HeadlineStats } from '../../../../core/backtest/summary.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { dataOf, HEADLINE_CASES, syntheticMarket } from './fixtures.ts';

const market = syntheticMarket(3000, 31);
const data = dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]);

let wasm: HeadlineWasm;
beforeAll(async () => {
  wasm = await loadHeadlineWasm();
});

/** Inputs sharing labels, cost columns and workspace (as a sweep's variants do), one per config override. */
function inputsOf(base: Record<string, unknown>, overrides: Record<string, unknown>[], on: BacktestData = data): HeadlineKernelInput[] {
  const planCache: PlanCache = new Map();
  const workspace: HeadlineWorkspace = {};
  let labels: RegimeLabels | null = null;
  return overrides.map((override) => {
    const config: StrategyConfig = parseStrategyConfig({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, benchmarks: false, ...base, ...override });
    const regimes = resolveBacktestRegimes(config, on);
    const window = backtestWindow(config, on);
    labels ??= computeRegimeLabels(config, on, regimes, window.d0, window.endIndex);
    const plan = buildPlan(config, on, [new Float64Array(0)], window.d0, window.endIndex, planCache);
    return { plan, regime: labels.regime[0], table: labelTargetTable(config, regimes !== null, 0, 1), periodsPerYear: periodsPerYearOf(config, on), riskFree: config.stats.riskFree, hindsight: false, workspace };
  });
}

/** Equal field by field with Object.is (0 and −0, NaN and NaN told apart). */
function expectIdentical(got: HeadlineStats | null, want: HeadlineStats | null, label: string): void {
  if (want === null) {
    expect(got, label).toBeNull();
    return;
  }
  expect(got, label).not.toBeNull();
  for (const key of Object.keys(want) as (keyof HeadlineStats)[]) expect(Object.is(got![key], want[key]), `${label}: ${key} ${String(got![key])} vs ${String(want[key])}`).toBe(true);
}

/** Both lanes of a pair against the JS kernel on a fresh workspace each. */
function checkPair(a: HeadlineKernelInput, b: HeadlineKernelInput, label: string): [HeadlineStats | null, HeadlineStats | null] {
  const got = wasm.pair(a, b);
  expectIdentical(got[0], simulateHeadline({ ...a, workspace: {} }), `${label} (lane 0)`);
  expectIdentical(got[1], simulateHeadline({ ...b, workspace: {} }), `${label} (lane 1)`);
  return got;
}

const funding = { funding: { kind: 'constant', ratePerEvent: 0.0001 } };

describe('HeadlineWasm.pair == simulateHeadline, lane by lane', () => {
  const ruin: Record<string, unknown> = { sizing: { kind: 'regime-leverage', leverage: [19, 19] }, margin: { maxLeverage: 20, maintenanceMarginRate: 0, afterLiquidation: 'continue' } };
  const cases: [string, Record<string, unknown>][] = [...HEADLINE_CASES, ['a ruined account', ruin]];
  for (const [label, input] of cases) {
    it(`${label}: the same variant in both lanes`, () => {
      const [a] = inputsOf(input, [{}]);
      const [x, y] = checkPair(a, a, label);
      expectIdentical(x, y, `${label}: lanes agree`);
    });
  }

  it('the cases reach liquidations and ruin for real', () => {
    const [liquidating] = inputsOf(cases[6][1], [{}]);
    expect(wasm.pair(liquidating, liquidating)[0]!.liquidations).toBeGreaterThan(0);
    const [ruined] = inputsOf(ruin, [{}]);
    expect(wasm.pair(ruined, ruined)[0]!.totalReturn).toBe(-1);
  });

  it('two variants of a leverage × fee grid, and a quiet stretch proved for one lane only', () => {
    // 12x next to 1.5x: stretches where the 12x lane could be liquidated go through the general bar for both.
    const [calm, wild] = inputsOf({ gate: {}, costs: funding, margin: { maxLeverage: 20, maintenanceMarginRate: 0.05, afterLiquidation: 'continue' } }, [
      { sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, costs: { ...funding, takerFeeBps: 4 } },
      { sizing: { kind: 'regime-leverage', leverage: [12, 9] }, costs: { ...funding, takerFeeBps: 0 } },
    ]);
    const [, w] = checkPair(calm, wild, 'calm + wild');
    checkPair(wild, calm, 'wild + calm');
    expect(w!.liquidations).toBeGreaterThan(0);
  });

  it('200 random pairs of leverages (shorts included), fees, impact, margin rates and rules agree bit for bit', () => {
    const rng = createRng(7);
    const u = () => rng.uniform();
    let liquidated = 0;
    const pick = <T,>(xs: T[]): T => xs[Math.floor(u() * xs.length)];
    for (let trial = 0; trial < 40; trial++) {
      const base = {
        gate: pick([{}, { threshold: 0.75, confirmBars: 2 }, { threshold: 0.6, confirmBars: 1, minDwellBars: 6 }]),
        costs: { ...pick([{}, funding, { funding: { kind: 'constant', ratePerEvent: -0.0002 } }]), slippage: pick([{ bps: 1 }, { model: 'volume', bps: 1, impactBps: 40 }]) },
      };
      const variant = () => ({
        sizing: { kind: 'regime-leverage', leverage: [+(u() * 8 - 2).toFixed(2), +(u() * 6 - 3).toFixed(2)] },
        costs: { ...base.costs, takerFeeBps: Math.floor(u() * 10) },
        margin: { maxLeverage: pick([3, 10, 20]), maintenanceMarginRate: pick([0.005, 0.05, 0.2]), liquidationFeeBps: pick([0, 30]), afterLiquidation: pick(['stop', 'continue']) },
        rebalance: { rule: 'on-change', minOrderNotional: pick([0, 0, 200]) },
      });
      const inputs = inputsOf(base, Array.from({ length: 10 }, variant));
      for (let i = 0; i < inputs.length; i += 2) {
        for (const row of checkPair(inputs[i], inputs[i + 1], `trial ${trial} pair ${i / 2}`)) if (row && row.liquidations > 0) liquidated++;
      }
    }
    expect(liquidated).toBeGreaterThan(20);
  });

  it('refuses inputs on other labels or columns, and a pair of one variant equals that variant alone', () => {
    const [a] = inputsOf({ sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] } }, [{}]);
    const [b] = inputsOf({ sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] } }, [{}]);
    expect(() => wasm.pair(a, b)).toThrow(/do not share labels/);
    const other = syntheticMarket(3000, 32);
    const [c] = inputsOf({ sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] } }, [{}], dataOf([{ symbol: 'X', candles: other.candles, regimeSeries: other.regimes }]));
    checkPair(c, c, 'another market (laid out again)');
    checkPair(a, a, 'back to the first market');
  });
});

describe('runSweep with the WebAssembly kernel', () => {
  it('gives the rows of the JS kernel, in index order, with progress per row, on a grid mixing paired, lone, general-path and invalid variants', () => {
    const base = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, benchmarks: false, sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, costs: funding };
    // every-bar variants take the general path between fast ones; a negative fee is invalid; the gate changes the labels (no pair across it).
    const grid = {
      'gate.threshold': [0.6, 0.8],
      'rebalance.rule': ['on-change', 'every-bar', 'on-change'],
      'sizing.leverage.0': [1, 1.5, 2.5],
      'costs.takerFeeBps': [0, 4, -1],
    };
    const progress: number[] = [];
    const withWasm = runSweep(base, grid, data, { headlineWasm: wasm, onProgress: (done) => progress.push(done) });
    const withJs = runSweep(base, grid, data);
    expect(withWasm.rows.map((r) => r.index)).toEqual(withJs.rows.map((_, i) => i));
    expect(JSON.stringify(withWasm.rows)).toBe(JSON.stringify(withJs.rows));
    expect(progress).toEqual(withJs.rows.map((_, i) => i + 1));
    expect(withWasm.rows.filter((r) => r.error).length).toBe(18);
    const slice = runSweep(base, grid, data, { headlineWasm: wasm, from: 5, to: 12 });
    expect(JSON.stringify(slice.rows)).toBe(JSON.stringify(withJs.rows.slice(5, 12)));
  });
});
