// The sweep's fast path: one instrument, targets looked up from the regime label of each bar, orders
// on a change of target, no circuit breaker — the research's leverage / gate / cost grids. It runs the
// vector kernel's bar sequence (simulate-vector.ts, runSingleBlock: same statements, same order) and
// accumulates the headline statistics' first pass as it goes (metrics/streaming.ts: same sums, same
// order), keeping only the per-bar returns for the variance's second pass. No equity curve, no
// desired-target array, no third pass: the row equals headlineOf(simulateVector(plan)) bit for bit
// (tests/unit/core/backtest/simulate-headline.test.ts). Anything else returns null and the caller
// takes the general path. Keep this in step with runSingleBlock when changing either.

import { negativePartSquared } from '../metrics/descriptive.ts';
import { finishHeadlineEquityStats } from '../metrics/streaming.ts';
import { REBALANCE_RULE, type SimulationPlan } from './plan.ts';
import { headlineFromParts, heldAverage, type HeadlineStats } from './summary.ts';

export type HeadlineKernelInput = {
  plan: SimulationPlan;
  /** The instrument's regime label at each bar's close (-1: none yet), as RegimeLabels.regime[0]. */
  regime: Int8Array;
  /** Target exposure by label + 1 (schedule.ts, labelTargetTable). */
  table: Float64Array;
  periodsPerYear: number;
  riskFree: number;
  hindsight: boolean;
  /** Reused between variants: at least end − d0 entries (grown when shorter). */
  workspace: { returns?: Float64Array };
};

export function canSimulateHeadline(plan: SimulationPlan): boolean {
  return plan.m === 1 && plan.rule === REBALANCE_RULE['on-change'] && plan.breakerMaxDrawdown === 0;
}

// The kernel's state between blocks, in a Float64Array: an object's fields would change
// representation (small integer → double) between variants, and V8 would deoptimize the kernel for
// the changed map. The loop keeps only what changes on most bars in locals; counters and totals that
// change on a fill or a liquidation are added in place (x + 0 = x, so skipping zeros is exact).
const S = {
  cash: 0, q: 1, pending: 2, lastTarget: 3, stopped: 4, funding: 5, heldExposure: 6, heldLeverage: 7,
  previous: 8, sum: 9, comp: 10, downside: 11, peak: 12, low: 13, maxDrawdown: 14,
  orders: 15, rebalances: 16, liquidations: 17, fees: 18, slippage: 19, ruined: 20, nonFinite: 21, firstEquity: 22, last: 23,
} as const;
const STATE_SIZE = 24;

const BLOCK_BARS = 4096;
const NON_FINITE = Symbol('non-finite return');

/** The headline row of the plan's run, or null when the plan is not one this path covers (or a return is not finite). */
export function simulateHeadline(input: HeadlineKernelInput): HeadlineStats | null {
  const { plan, workspace } = input;
  if (!canSimulateHeadline(plan)) return null;
  const { d0, end } = plan;
  const count = end - d0; // returns: one per bar after the first
  if (!workspace.returns || workspace.returns.length < count) workspace.returns = new Float64Array(count);
  const returns = workspace.returns;
  const st = new Float64Array(STATE_SIZE);
  st[S.lastTarget] = NaN;
  firstBar(plan, input.regime, input.table, st);
  // In blocks, as the vector kernel: a single long call would be optimized on-stack mid-loop. An
  // empty block first runs the code after the loop, so V8 has its type feedback before it optimizes
  // the loop: without it, the optimized code left the loop into an eager deopt at every block.
  runHeadlineBlock(input, st, returns, d0 + 1, d0);
  for (let from = d0 + 1; from <= end; from += BLOCK_BARS) runHeadlineBlock(input, st, returns, from, Math.min(end, from + BLOCK_BARS - 1));
  if (st[S.nonFinite] && !st[S.ruined]) return null; // the general path raises the statistics' own error
  // The final drawdown of pass 1 (streaming.ts: after the loop).
  const depth = -(st[S.low] / st[S.peak] - 1);
  const maxDrawdown = depth > st[S.maxDrawdown] ? depth : st[S.maxDrawdown];
  const n = count + 1;
  const time = plan.time.subarray(d0, end + 1);
  try {
    return headlineFromParts({
      hindsight: input.hindsight,
      first: st[S.firstEquity],
      last: st[S.last],
      ruined: st[S.ruined] === 1,
      time,
      totals: { fees: st[S.fees], funding: st[S.funding], slippage: st[S.slippage], orders: st[S.orders], rebalances: st[S.rebalances], liquidations: st[S.liquidations] },
      averageLeverage: heldAverage(undefined, st[S.heldLeverage], n),
      averageExposure: heldAverage(undefined, st[S.heldExposure], n),
      equityStats: () =>
        finishHeadlineEquityStats(
          { n, sum: st[S.sum], comp: st[S.comp], downside: st[S.downside], maxDrawdown, first: st[S.firstEquity], last: st[S.last] },
          (mean) => {
            let ss = 0;
            let c = 0;
            for (let j = 0; j < count; j++) {
              const d = returns[j] - mean;
              ss += d * d;
              c += d;
            }
            return { ss, c };
          },
          () => {
            throw NON_FINITE;
          },
          time[0],
          time[time.length - 1],
          { periodsPerYear: input.periodsPerYear, riskFree: input.riskFree },
        ),
    });
  } catch (error) {
    if (error === NON_FINITE) return null;
    throw error;
  }
}

/** Bar d0: flat, equity = the initial cash; the first decision always trades (runSingleBlock's `first`). */
function firstBar(plan: SimulationPlan, regime: Int8Array, table: Float64Array, st: Float64Array): void {
  const { d0, end, maxLeverage, minOrderNotional } = plan;
  const cash = plan.initialCash;
  const q = 0;
  const v = q * plan.close[0][d0];
  const e = cash + v;
  const net = 0 + v;
  const exposure = e > 0 ? net / e : 0;
  const leverage = exposure < 0 ? -exposure : exposure;
  st[S.cash] = cash;
  st[S.previous] = st[S.peak] = st[S.low] = st[S.firstEquity] = st[S.last] = e;
  if (!(e > 0)) st[S.ruined] = 1;
  else if (!(e < Infinity)) st[S.nonFinite] = 1;
  if (d0 === end) return;
  st[S.heldExposure] += exposure;
  st[S.heldLeverage] += leverage;
  let target = table[regime[d0] + 1];
  const grossTarget = 0 + (target < 0 ? -target : target);
  if (grossTarget > maxLeverage) target *= maxLeverage / grossTarget;
  if (!(e > 0)) return;
  const c = plan.close[0][d0];
  const dq = (target * e) / c - q;
  st[S.lastTarget] = target;
  if (dq === 0 || Math.abs(dq) * c < minOrderNotional) return;
  st[S.pending] = dq;
  st[S.rebalances]++;
}

/** Bars [from, to], from > d0: runSingleBlock's bar with rule on-change and no breaker, plus pass 1. */
function runHeadlineBlock(input: HeadlineKernelInput, st: Float64Array, returns: Float64Array, from: number, to: number): void {
  const { plan, regime, table } = input;
  const { d0, end, feeRate, impactFraction, hasFunding, liquidationFeeRate, stopAfterLiquidation, maxLeverage, minOrderNotional } = plan;
  const open = plan.open[0];
  const high = plan.high[0];
  const low = plan.low[0];
  const close = plan.close[0];
  const volume = plan.volume[0];
  const fundingRate = plan.fundingRate[0];
  const baseSlippage = plan.baseSlippage[0];
  const mmr = plan.maintenanceMarginRate;
  let cash = st[S.cash];
  let q = st[S.q];
  // pending ≠ 0 ⇔ an order waits for this bar's open (runSingleBlock's hasPending: it sets one only for dq ≠ 0).
  let pending = st[S.pending];
  let lastTarget = st[S.lastTarget];
  let stopped = st[S.stopped] === 1;
  let fundingTotal = st[S.funding];
  let heldExposure = st[S.heldExposure];
  let heldLeverage = st[S.heldLeverage];
  let previous = st[S.previous];
  let sum = st[S.sum];
  let comp = st[S.comp];
  let downside = st[S.downside];
  let peak = st[S.peak];
  let lowest = st[S.low];
  let maxDrawdown = st[S.maxDrawdown];

  for (let t = from; t <= to; t++) {
    let barFunding = 0;
    if (hasFunding) {
      const rate = fundingRate[t];
      if (q !== 0 && rate !== 0) {
        const f = q * open[t] * rate;
        cash -= f;
        barFunding += f;
      }
    }
    // Fees and slippage of this bar (a fill, a liquidation): added to the totals in place below.
    let barFees = 0;
    let barSlip = 0;
    if (pending !== 0) {
      const dq = pending;
      const o = open[t];
      const base = baseSlippage[t - 1];
      const vol = volume[t - 1];
      const fraction = impactFraction === 0 || !(vol > 0) ? base : base + impactFraction * Math.sqrt(Math.abs(dq) / vol);
      const px = dq > 0 ? o * (1 + fraction) : o * (1 - fraction);
      const notional = Math.abs(dq) * px;
      const fee = notional * feeRate;
      cash -= dq * px + fee;
      q += dq;
      barFees += fee;
      barSlip += Math.abs(dq) * Math.abs(px - o);
      st[S.orders]++;
      pending = 0;
    }
    if (q !== 0) {
      const o = open[t];
      const w = q > 0 ? low[t] : high[t];
      const aq = q > 0 ? q : -q;
      const a = cash + (q * o - mmr * aq * o);
      const b = 0 + (q - mmr * aq) * (w - o);
      if (a + b < 0) {
        const lambda = a <= 0 ? 0 : a / -b;
        const p = o + lambda * (w - o);
        const fee = Math.abs(q) * p * (feeRate + liquidationFeeRate);
        cash += q * p - fee;
        barFees += fee;
        st[S.orders]++;
        q = 0;
        pending = 0;
        if (cash < 0) cash = 0;
        st[S.liquidations]++;
        if (stopAfterLiquidation) stopped = true;
      }
    }
    if (barFees !== 0) st[S.fees] += barFees;
    if (barSlip !== 0) st[S.slippage] += barSlip;
    const v = q * close[t];
    const e = cash + v;
    const net = 0 + v;
    const exposure = e > 0 ? net / e : 0;
    const leverage = exposure < 0 ? -exposure : exposure;
    fundingTotal += barFunding;
    // Pass 1 of headlineEquityStats on this bar's equity.
    if (!(e > 0 && e < Infinity)) {
      if (!(e > 0)) st[S.ruined] = 1;
      else st[S.nonFinite] = 1;
    }
    const r = e / previous - 1;
    previous = e;
    returns[t - d0 - 1] = r;
    const s = sum + r;
    comp += Math.abs(sum) >= Math.abs(r) ? sum - s + r : r - s + sum;
    sum = s;
    downside += negativePartSquared(r - 0);
    if (e > peak) {
      const depth = -(lowest / peak - 1);
      if (depth > maxDrawdown) maxDrawdown = depth;
      peak = e;
      lowest = e;
    } else if (e < lowest) lowest = e;
    if (t === end) {
      st[S.last] = e;
      continue;
    }
    heldExposure += exposure;
    heldLeverage += leverage;
    if (stopped) continue;

    let target = table[regime[t] + 1];
    const grossTarget = 0 + (target < 0 ? -target : target);
    if (grossTarget > maxLeverage) target *= maxLeverage / grossTarget;
    if (!(Math.abs(target - lastTarget) > 1e-12) || !(e > 0)) continue;
    const c = close[t];
    const dq = (target * e) / c - q;
    lastTarget = target;
    if (dq === 0 || Math.abs(dq) * c < minOrderNotional) continue;
    pending = dq;
    st[S.rebalances]++;
  }
  st[S.cash] = cash;
  st[S.q] = q;
  st[S.pending] = pending;
  st[S.lastTarget] = lastTarget;
  st[S.stopped] = stopped ? 1 : 0;
  st[S.funding] = fundingTotal;
  st[S.heldExposure] = heldExposure;
  st[S.heldLeverage] = heldLeverage;
  st[S.previous] = previous;
  st[S.sum] = sum;
  st[S.comp] = comp;
  st[S.downside] = downside;
  st[S.peak] = peak;
  st[S.low] = lowest;
  st[S.maxDrawdown] = maxDrawdown;
}
