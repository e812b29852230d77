// The sweep's fused fast path (simulate-headline.ts) gives exactly the headline of the vector kernel
// plus headlineStats on the same plan — bit for bit — on what it covers: on-change orders, one
// instrument, label-lookup targets, with fees, funding, every slippage model, the leverage cap, a
// minimum order size, liquidations (stop or continue), shorts and a ruined account; and declines
// (null) what it does not cover, so the caller takes the general path.
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../../../core/backtest/config.ts';
import { headlineOf, periodsPerYearOf, prepareRun, resolveBacktestRegimes } from '../../../../core/backtest/run-backtest.ts';
import { computeRegimeLabels, labelTargetTable } from '../../../../core/backtest/schedule.ts';
import { cannotLiquidate, quietStretches, simulateHeadline, type HeadlineWorkspace } from '../../../../core/backtest/simulate-headline.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { simulateVector } from '../../../../core/backtest/simulate-vector.ts';
import type { HeadlineStats } from '../../../../core/backtest/summary.ts';
import { dataOf, HEADLINE_CASES, syntheticMarket } from './fixtures.ts';

const market = syntheticMarket(3000, 31);
const data = dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]);

function both(input: Record<string, unknown>, workspace: HeadlineWorkspace = {}): { fast: HeadlineStats | null; general: HeadlineStats } {
  const config = parseStrategyConfig({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, benchmarks: false, ...input });
  const regimes = resolveBacktestRegimes(config, data);
  const { plan, window } = prepareRun(config, data, regimes);
  const time = data.instruments[0].candles.time.subarray(window.d0, window.endIndex + 1);
  const ppy = periodsPerYearOf(config, data);
  const general = headlineOf(simulateVector(plan, { record: 'equity' }), time, ppy, config.stats.riskFree, false);
  const labels = computeRegimeLabels(config, data, regimes, window.d0, window.endIndex);
  const fast = simulateHeadline({ plan, regime: labels.regime[0], table: labelTargetTable(config, regimes !== null, 0, 1), periodsPerYear: ppy, riskFree: config.stats.riskFree, hindsight: false, workspace });
  return { fast, general };
}

/** Equal field by field with Object.is (so 0 and −0, NaN and NaN are told apart as the kernel would). */
function expectIdentical(fast: HeadlineStats | null, general: HeadlineStats, label: string): void {
  expect(fast, label).not.toBeNull();
  for (const key of Object.keys(general) as (keyof HeadlineStats)[]) {
    expect(Object.is(fast![key], general[key]), `${label}: ${key} ${String(fast![key])} vs ${String(general[key])}`).toBe(true);
  }
}

describe('simulateHeadline == headlineOf(simulateVector(plan))', () => {
  const cases = HEADLINE_CASES;
  for (const [label, input] of cases) {
    it(label, () => {
      const { fast, general } = both(input);
      expectIdentical(fast, general, label);
    });
  }

  it('covers liquidations and the ruined account for real (the cases above are not vacuous)', () => {
    expect(both(cases[6][1]).general.liquidations).toBeGreaterThan(0);
    expect(both(cases[7][1]).general.liquidations).toBe(1);
    const ruin = both({ sizing: { kind: 'regime-leverage', leverage: [19, 19] }, margin: { maxLeverage: 20, maintenanceMarginRate: 0, afterLiquidation: 'continue' } });
    expectIdentical(ruin.fast, ruin.general, 'ruin');
  });

  it('declines what it does not cover: other rebalance rules, a circuit breaker', () => {
    expect(both({ sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, rebalance: { rule: 'every-bar' } }).fast).toBeNull();
    expect(both({ sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, rebalance: { rule: 'drift', band: 0.05 } }).fast).toBeNull();
    expect(both({ sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, circuitBreaker: { maxDrawdown: 0.2, cooldownBars: 10 } }).fast).toBeNull();
  });
});

describe('quiet stretches (the fast path\'s shortcut through bars where only marking to market happens)', () => {
  const config = parseStrategyConfig({ instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, benchmarks: false, sizing: { kind: 'regime-leverage', preset: 'moderate' }, costs: { funding: { kind: 'constant', ratePerEvent: 0.0001 } } });
  const regimes = resolveBacktestRegimes(config, data);
  const { plan, window } = prepareRun(config, data, regimes);
  const labels = computeRegimeLabels(config, data, regimes, window.d0, window.endIndex);
  const quiet = quietStretches(plan, labels.regime[0]);

  it('stretches and the packed other bars partition (d0, end], and the rows hold the columns', () => {
    const seen = new Uint8Array(plan.end + 1);
    let inStretches = 0;
    for (let k = 0; k < quiet.count; k++) {
      for (let t = quiet.first[k]; t <= quiet.last[k]; t++) seen[t]++;
      inStretches += quiet.last[k] - quiet.first[k] + 1;
      // No decision at any bar of a stretch, none on the bar before it to fill in it, and not the last bar.
      for (let t = quiet.first[k] - 1; t <= quiet.last[k]; t++) expect(labels.regime[0][t]).toBe(labels.regime[0][t - 1]);
      expect(quiet.last[k]).toBeLessThan(plan.end);
    }
    for (let i = 0; i < quiet.otherBars.length; i++) {
      const t = quiet.otherBars[i];
      seen[t]++;
      const row = quiet.rows.subarray(i * 8, i * 8 + 8);
      expect([...row]).toEqual([plan.open[0][t], plan.high[0][t], plan.low[0][t], plan.close[0][t], plan.fundingRate[0][t], labels.regime[0][t], plan.volume[0][t - 1], plan.baseSlippage[0][t - 1]]);
    }
    for (let t = plan.d0 + 1; t <= plan.end; t++) expect(seen[t], `bar ${t}`).toBe(1);
    expect(inStretches / (plan.end - plan.d0)).toBeGreaterThan(0.5); // the shortcut is the common case here
  });

  it('a stretch proved safe never meets the kernel\'s liquidation test, cash drifting with funding', () => {
    const rng = createRng(5);
    const mmr = plan.maintenanceMarginRate;
    let proved = 0;
    let refused = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const k = Math.floor(rng.uniform() * quiet.count);
      const price = plan.open[0][quiet.first[k]];
      // Leverage between −40x and 40x of an equity of 1, some right at the margin.
      const q = ((rng.uniform() * 2 - 1) * 40) / price;
      const cash = 1 - q * price;
      if (!cannotLiquidate(quiet, k, q, cash, mmr)) {
        refused++;
        continue;
      }
      proved++;
      let c = cash;
      for (let t = quiet.first[k]; t <= quiet.last[k]; t++) {
        const rate = plan.fundingRate[0][t];
        if (q !== 0 && rate !== 0) c -= q * plan.open[0][t] * rate;
        // The kernel's test, verbatim (simulate-headline.ts, runHeadlineBlock).
        const o = plan.open[0][t];
        const w = q > 0 ? plan.low[0][t] : plan.high[0][t];
        const aq = q > 0 ? q : -q;
        const a = c + (q * o - mmr * aq * o);
        const b = 0 + (q - mmr * aq) * (w - o);
        expect(a + b < 0, `stretch ${k}, bar ${t}, q ${q}`).toBe(false);
      }
    }
    expect(proved).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('one workspace reused across variants and across labels gives each variant its own exact row', () => {
    const workspace: HeadlineWorkspace = {};
    const inputs = [
      { sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, costs: { funding: { kind: 'constant', ratePerEvent: 0.0001 } } },
      { sizing: { kind: 'regime-leverage', leverage: [2, 0.5] }, costs: { takerFeeBps: 7, funding: { kind: 'constant', ratePerEvent: 0.0001 } } },
      { sizing: { kind: 'regime-leverage', leverage: [1.5, 0.75] }, gate: { threshold: 0.9, confirmBars: 3 } },
      { sizing: { kind: 'regime-leverage', leverage: [15, 8] }, margin: { maxLeverage: 20, maintenanceMarginRate: 0.03, afterLiquidation: 'continue' } },
    ];
    for (const input of [...inputs, ...inputs]) {
      const { fast, general } = both(input, workspace);
      expectIdentical(fast, general, JSON.stringify(input));
    }
  });
});
