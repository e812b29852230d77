// Everything a simulator needs, resolved once into typed arrays and numbers: prices, the schedule's
// targets, per-bar funding and slippage, fee and margin rates, the rebalance and breaker rules. Both
// simulators (vector and event) read the same plan, which is what lets them agree bit for bit.

import { bucketStart, type Timeframe } from '../series/timeframe.ts';
import type { StrategyConfig } from './config.ts';
import type { BacktestData } from './data.ts';
import { fundingRatePerBar } from './funding.ts';
import { baseSlippagePerBar } from './slippage.ts';

export const REBALANCE_RULE = { 'every-bar': 0, 'on-change': 1, schedule: 2, drift: 3, never: 4 } as const;

export type SimulationPlan = {
  m: number;
  n: number;
  /** First decision bar (its close is the first decision; equity[0] = initialCash there). */
  d0: number;
  /** Last bar (inclusive). */
  end: number;
  time: Float64Array;
  open: Float64Array[];
  high: Float64Array[];
  low: Float64Array[];
  close: Float64Array[];
  volume: Float64Array[];
  desired: Float64Array[];
  fundingRate: Float64Array[];
  hasFunding: boolean;
  /** Per instrument, per decision bar: slippage fraction before volume impact. */
  baseSlippage: Float64Array[];
  impactFraction: number;
  feeRate: number;
  liquidationFeeRate: number;
  maintenanceMarginRate: number;
  maxLeverage: number;
  stopAfterLiquidation: boolean;
  rule: number;
  band: number;
  minOrderNotional: number;
  /** rule 'schedule': 1 where the decision bar is the last of its day / week. */
  scheduleBoundary: Uint8Array | null;
  /** 0 = no circuit breaker. */
  breakerMaxDrawdown: number;
  breakerCooldownBars: number;
  initialCash: number;
};

export function scheduleBoundaries(time: Float64Array, every: Timeframe): Uint8Array {
  const n = time.length;
  const out = new Uint8Array(n);
  for (let t = 0; t < n - 1; t++) out[t] = bucketStart(time[t + 1], every) !== bucketStart(time[t], every) ? 1 : 0;
  if (n) out[n - 1] = 1;
  return out;
}

/** Memo of the cost arrays (funding, slippage) by their config, shared by a sweep's variants on the same data. */
export type PlanCache = Map<string, Float64Array[]>;

function memo(cache: PlanCache | undefined, key: string, make: () => Float64Array[]): Float64Array[] {
  if (!cache) return make();
  let v = cache.get(key);
  if (!v) cache.set(key, (v = make()));
  return v;
}

export function buildPlan(config: StrategyConfig, data: BacktestData, desired: Float64Array[], d0: number, end: number, cache?: PlanCache): SimulationPlan {
  const insts = data.instruments;
  const time = insts[0].candles.time;
  const buyAndHold = config.sizing.kind === 'buy-and-hold';
  const costs = config.costs;
  // Buy-and-hold is the spot benchmark: no funding.
  const fundingRate = memo(cache, `funding ${buyAndHold} ${JSON.stringify([costs.funding, costs.fundingHoursUtc])}`, () =>
    insts.map((inst) => (buyAndHold ? new Float64Array(time.length) : fundingRatePerBar(time, data.timeframe, costs, inst.fundingRates))));
  const rule = buyAndHold ? REBALANCE_RULE.never : REBALANCE_RULE[config.rebalance.rule];
  return {
    m: insts.length,
    n: time.length,
    d0,
    end,
    time,
    open: insts.map((i) => i.candles.open),
    high: insts.map((i) => i.candles.high),
    low: insts.map((i) => i.candles.low),
    close: insts.map((i) => i.candles.close),
    volume: insts.map((i) => i.candles.volume),
    desired,
    fundingRate,
    hasFunding: !buyAndHold && costs.funding.kind !== 'none',
    baseSlippage: memo(cache, `slippage ${JSON.stringify(costs.slippage)}`, () => insts.map((i) => baseSlippagePerBar(i.candles.close, costs.slippage))),
    impactFraction: costs.slippage.model === 'volume' ? costs.slippage.impactBps / 1e4 : 0,
    feeRate: (costs.liquidity === 'taker' ? costs.takerFeeBps : costs.makerFeeBps) / 1e4,
    liquidationFeeRate: config.margin.liquidationFeeBps / 1e4,
    maintenanceMarginRate: config.margin.maintenanceMarginRate,
    maxLeverage: config.margin.maxLeverage,
    stopAfterLiquidation: config.margin.afterLiquidation === 'stop',
    rule,
    band: config.rebalance.band,
    minOrderNotional: config.rebalance.minOrderNotional,
    scheduleBoundary: rule === REBALANCE_RULE.schedule ? scheduleBoundaries(time, config.rebalance.every) : null,
    breakerMaxDrawdown: config.circuitBreaker?.maxDrawdown ?? 0,
    breakerCooldownBars: config.circuitBreaker?.cooldownBars ?? 0,
    initialCash: config.initialCash,
  };
}
