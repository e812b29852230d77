// The sweep's fast path: one instrument, targets looked up from the regime label of each bar, orders
// on a change of target, no circuit breaker — the research's leverage / gate / cost grids. It runs the
// vector kernel's bar sequence (simulate-vector.ts, runSingleBlock: same statements, same order) and
// accumulates the headline statistics' first pass as it goes (metrics/streaming.ts: same sums, same
// order), keeping only the per-bar returns for the variance's second pass. No equity curve, no
// desired-target array, no third pass: the row equals headlineOf(simulateVector(plan)) bit for bit
// (tests/unit/core/backtest/simulate-headline.test.ts). Anything else returns null and the caller
// takes the general path. Keep this in step with runSingleBlock when changing either.
// Most bars do nothing but mark to market: no fill pending, no label change, no liquidation possible.
// Those quiet stretches are found once per labels and prices (shared by the sweep's variants) and run
// through a short loop after an O(1) proof per stretch and variant that the liquidation test cannot
// fire; the other bars read their inputs from packed rows. Both keep the general bar's arithmetic.
// headline-kernel.wat.ts is the same kernel in WebAssembly, two variants at a time (what sweeps run
// when given one): change the three together.

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
  /** Reused between variants: the returns buffer (at least end − d0 entries) and the quiet stretches of the last labels and prices. */
  workspace: HeadlineWorkspace;
};

export type HeadlineWorkspace = { returns?: Float64Array; stretches?: QuietStretches };

/**
 * Stretches of bars where, for every variant on these labels and prices, nothing but the marking to
 * market can happen: the label is the one of the bar before (so no decision), the bar is neither the
 * one after a label change (the fill) nor the last. Per stretch, what a variant needs to prove in
 * O(1) that no liquidation can occur in it: the lowest low, the highest high and open, and the
 * funding charged per unit held, split by sign of the rate. Shared by every variant of a sweep that
 * has the same labels and funding (leverages, fees and slippage differ per variant, not these).
 */
export type QuietStretches = {
  /** What they were found on (the cache key: the same arrays, by identity). */
  regime: Int8Array;
  plan: Pick<SimulationPlan, 'open' | 'high' | 'low' | 'close' | 'volume' | 'fundingRate' | 'baseSlippage' | 'd0' | 'end'>;
  count: number;
  /** First and last bar (inclusive) of each stretch, in bar order. */
  first: Int32Array;
  last: Int32Array;
  lowMin: Float64Array;
  highMax: Float64Array;
  openMax: Float64Array;
  /** Σ max(rate, 0) · open and Σ max(−rate, 0) · open over the stretch. */
  fundingUp: Float64Array;
  fundingDown: Float64Array;
  /**
   * The other bars of (d0, end] in order, and what the general bar reads there packed in one 64-byte
   * row each (ROW fields): scattered among the stretches, read from the plan's columns they cost a
   * cache miss per column and bar (≈ half the kernel's time); packed, one sequential line.
   */
  otherBars: Int32Array;
  rows: Float64Array;
};

/** Fields of a packed row: the bar's open, high, low, close, funding rate and label, the previous bar's volume and base slippage. */
const ROW = { open: 0, high: 1, low: 2, close: 3, rate: 4, label: 5, volumePrev: 6, slippagePrev: 7 } as const;
const ROW_SIZE = 8;

/** Stretches shorter than this run through the general bar (the proof costs more than it saves). */
const MIN_STRETCH = 4;

export function quietStretches(plan: SimulationPlan, regime: Int8Array): QuietStretches {
  const { d0, end } = plan;
  const open = plan.open[0];
  const high = plan.high[0];
  const low = plan.low[0];
  const fundingRate = plan.fundingRate[0];
  const firsts: number[] = [];
  const lasts: number[] = [];
  // Bar t is quiet when regime[t] = regime[t − 1] = regime[t − 2] (no decision at t, none at t − 1 to fill at t), d0 + 1 < t < end.
  let t = d0 + 2;
  while (t < end) {
    if (regime[t] !== regime[t - 1] || regime[t - 1] !== regime[t - 2]) {
      t++;
      continue;
    }
    const start = t;
    while (t + 1 < end && regime[t + 1] === regime[t]) t++;
    if (t - start + 1 >= MIN_STRETCH) {
      firsts.push(start);
      lasts.push(t);
    }
    t++;
  }
  const count = firsts.length;
  let inStretches = 0;
  for (let k = 0; k < count; k++) inStretches += lasts[k] - firsts[k] + 1;
  const volume = plan.volume[0];
  const baseSlippage = plan.baseSlippage[0];
  const otherBars = new Int32Array(end - d0 - inStretches);
  const rows = new Float64Array(otherBars.length * ROW_SIZE);
  for (let b = d0 + 1, k = 0, i = 0; b <= end; b++) {
    if (k < count && b === firsts[k]) {
      b = lasts[k++];
      continue;
    }
    otherBars[i] = b;
    const row = i++ * ROW_SIZE;
    rows[row + ROW.open] = open[b];
    rows[row + ROW.high] = high[b];
    rows[row + ROW.low] = low[b];
    rows[row + ROW.close] = plan.close[0][b];
    rows[row + ROW.rate] = fundingRate[b];
    rows[row + ROW.label] = regime[b];
    rows[row + ROW.volumePrev] = volume[b - 1];
    rows[row + ROW.slippagePrev] = baseSlippage[b - 1];
  }
  const out: QuietStretches = {
    regime,
    plan: { open: plan.open, high: plan.high, low: plan.low, close: plan.close, volume: plan.volume, fundingRate: plan.fundingRate, baseSlippage: plan.baseSlippage, d0, end },
    count,
    first: Int32Array.from(firsts), last: Int32Array.from(lasts),
    lowMin: new Float64Array(count), highMax: new Float64Array(count), openMax: new Float64Array(count),
    fundingUp: new Float64Array(count), fundingDown: new Float64Array(count),
    otherBars, rows,
  };
  for (let k = 0; k < count; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    let om = -Infinity;
    let up = 0;
    let down = 0;
    let unknown = false;
    for (let b = out.first[k]; b <= out.last[k]; b++) {
      if (Number.isNaN(low[b] + high[b] + open[b] + fundingRate[b])) unknown = true;
      if (low[b] < lo) lo = low[b];
      if (high[b] > hi) hi = high[b];
      if (open[b] > om) om = open[b];
      const rate = fundingRate[b];
      if (rate > 0) up += rate * open[b];
      else if (rate < 0) down -= rate * open[b];
    }
    // A NaN price or rate: the stretch is never proved safe (every comparison with NaN is false).
    out.lowMin[k] = unknown ? NaN : lo;
    out.highMax[k] = hi;
    out.openMax[k] = om;
    out.fundingUp[k] = up;
    out.fundingDown[k] = down;
  }
  return out;
}

/** The workspace's stretches when they were found on these very labels and plan columns, else new ones. */
export function stretchesFor(plan: SimulationPlan, regime: Int8Array, workspace: HeadlineWorkspace): QuietStretches {
  const s = workspace.stretches;
  const same =
    s && s.regime === regime && s.plan.open[0] === plan.open[0] && s.plan.high[0] === plan.high[0] && s.plan.low[0] === plan.low[0] && s.plan.close[0] === plan.close[0] &&
    s.plan.volume[0] === plan.volume[0] && s.plan.fundingRate[0] === plan.fundingRate[0] && s.plan.baseSlippage[0] === plan.baseSlippage[0] && s.plan.d0 === plan.d0 && s.plan.end === plan.end;
  return same ? s : (workspace.stretches = quietStretches(plan, regime));
}

/**
 * Relative margin of the no-liquidation proof: the kernel's own test rounds a few times at most (a
 * relative error near 1e-15 of the magnitudes involved); a stretch within 1e-9 of them takes the general bar.
 */
const PROOF_MARGIN = 1e-9;

export function canSimulateHeadline(plan: SimulationPlan): boolean {
  return plan.m === 1 && plan.rule === REBALANCE_RULE['on-change'] && plan.breakerMaxDrawdown === 0;
}

// The kernel's state between blocks, in a Float64Array: an object's fields would change
// representation (small integer → double) between variants, and V8 would deoptimize the kernel for
// the changed map. The loop keeps only what changes on most bars in locals; counters and totals that
// change on a fill or a liquidation are added in place (x + 0 = x, so skipping zeros is exact).
export const S = {
  cash: 0, q: 1, pending: 2, lastTarget: 3, stopped: 4, funding: 5, heldExposure: 6, heldLeverage: 7,
  previous: 8, sum: 9, comp: 10, downside: 11, peak: 12, low: 13, maxDrawdown: 14,
  orders: 15, rebalances: 16, liquidations: 17, fees: 18, slippage: 19, ruined: 20, nonFinite: 21, firstEquity: 22, last: 23, stretch: 24, other: 25,
} as const;
export const STATE_SIZE = 26;

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
  const st = startHeadline(input);
  const stretches = stretchesFor(plan, input.regime, workspace);
  // In blocks, as the vector kernel: a single long call would be optimized on-stack mid-loop. An
  // empty block first runs the code after the loop, so V8 has its type feedback before it optimizes
  // the loop: without it, the optimized code left the loop into an eager deopt at every block.
  runHeadlineBlock(input, st, returns, stretches, d0 + 1, d0);
  // A block returns the bar after its last one: a quiet stretch may carry it past the block's end.
  for (let from = d0 + 1; from <= end; ) from = runHeadlineBlock(input, st, returns, stretches, from, Math.min(end, from + BLOCK_BARS - 1));
  return finishHeadline(input, st, (mean) => {
    let ss = 0;
    let c = 0;
    for (let j = 0; j < count; j++) {
      const d = returns[j] - mean;
      ss += d * d;
      c += d;
    }
    return { ss, c };
  });
}

/** The kernel's state after bar d0 (fields S), before any block. */
export function startHeadline(input: HeadlineKernelInput): Float64Array {
  const st = new Float64Array(STATE_SIZE);
  st[S.lastTarget] = NaN;
  firstBar(input.plan, input.regime, input.table, st);
  return st;
}

/**
 * The headline row from the state after bar end (fields S) and pass 2 of the returns' variance
 * (`deviations(mean)`: Σ d², Σ d of the returns minus the mean, in bar order); null for a non-finite return.
 */
export function finishHeadline(input: HeadlineKernelInput, st: Float64Array, deviations: (mean: number) => { ss: number; c: number }): HeadlineStats | null {
  const { plan } = input;
  const { d0, end } = plan;
  const count = end - d0;
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
          deviations,
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
  const target = cappedTarget(table, regime[d0], maxLeverage);
  if (!(e > 0)) return;
  const c = plan.close[0][d0];
  const dq = (target * e) / c - q;
  st[S.lastTarget] = target;
  if (dq === 0 || Math.abs(dq) * c < minOrderNotional) return;
  st[S.pending] = dq;
  st[S.rebalances]++;
}

/**
 * Bars [from, to], from > d0: runSingleBlock's bar with rule on-change and no breaker, plus pass 1.
 * A quiet stretch starting at a bar runs as a shorter loop with the same statements minus those that
 * cannot act there (no fill pending, no decision, no liquidation: proved for the whole stretch first),
 * so every number is the one the full bar gives. Returns the next bar to run.
 */
function runHeadlineBlock(input: HeadlineKernelInput, st: Float64Array, returns: Float64Array, quiet: QuietStretches, from: number, to: number): number {
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
  let k = st[S.stretch] | 0;
  let g = st[S.other] | 0;
  const { first: stretchFirst, last: stretchLast, count: stretches, otherBars, rows } = quiet;

  let t = from;
  for (; t <= to; t++) {
    while (k < stretches && stretchFirst[k] < t) k++;
    if (k < stretches && stretchFirst[k] === t && pending === 0 && cannotLiquidate(quiet, k, q, cash, mmr) && targetHeld(table, regime[t], maxLeverage, lastTarget)) {
      // The quiet stretch, in its own small function (fewer live values than this loop: ≈ 2x faster per bar).
      st[S.cash] = cash;
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
      t = runQuietStretch(st, returns, q, hasFunding, open, close, fundingRate, t - d0 - 1, t, stretchLast[k]);
      cash = st[S.cash];
      fundingTotal = st[S.funding];
      heldExposure = st[S.heldExposure];
      heldLeverage = st[S.heldLeverage];
      previous = st[S.previous];
      sum = st[S.sum];
      comp = st[S.comp];
      downside = st[S.downside];
      peak = st[S.peak];
      lowest = st[S.low];
      maxDrawdown = st[S.maxDrawdown];
      k++;
      t--; // runQuietStretch returned the bar after the stretch; the for loop's t++ moves there
      continue;
    }
    // This bar's inputs: its packed row, or (a stretch not proved quiet for this variant) the columns.
    let o: number, hi: number, lo: number, cl: number, rate: number, label: number, volumePrev: number, slippagePrev: number;
    if (g < otherBars.length && otherBars[g] === t) {
      const row = g++ * ROW_SIZE;
      o = rows[row + ROW.open];
      hi = rows[row + ROW.high];
      lo = rows[row + ROW.low];
      cl = rows[row + ROW.close];
      rate = rows[row + ROW.rate];
      label = rows[row + ROW.label];
      volumePrev = rows[row + ROW.volumePrev];
      slippagePrev = rows[row + ROW.slippagePrev];
    } else {
      o = open[t];
      hi = high[t];
      lo = low[t];
      cl = close[t];
      rate = fundingRate[t];
      label = regime[t];
      volumePrev = volume[t - 1];
      slippagePrev = baseSlippage[t - 1];
    }
    let barFunding = 0;
    if (hasFunding) {
      if (q !== 0 && rate !== 0) {
        const f = q * o * rate;
        cash -= f;
        barFunding += f;
      }
    }
    // Fees and slippage of this bar (a fill, a liquidation): added to the totals in place below.
    let barFees = 0;
    let barSlip = 0;
    if (pending !== 0) {
      const dq = pending;
      const base = slippagePrev;
      const vol = volumePrev;
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
      const w = q > 0 ? lo : hi;
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
    const v = q * cl;
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

    const target = cappedTarget(table, label, maxLeverage);
    if (!(Math.abs(target - lastTarget) > 1e-12) || !(e > 0)) continue;
    const c = cl;
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
  st[S.stretch] = k;
  st[S.other] = g;
  return t;
}

/**
 * Bars [t0, last] of a quiet stretch (returns last + 1), with the state in `st`: the general bar's
 * funding, marking to market and pass 1 in the same order, without the fill, liquidation and
 * decision, which cannot act here. `j` is the returns index of bar t0.
 */
function runQuietStretch(st: Float64Array, returns: Float64Array, q: number, hasFunding: boolean, open: Float64Array, close: Float64Array, fundingRate: Float64Array, j: number, t0: number, last: number): number {
  let cash = st[S.cash];
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
  let flags = 0;
  for (let t = t0; t <= last; t++, j++) {
    if (hasFunding) {
      const rate = fundingRate[t];
      if (q !== 0 && rate !== 0) {
        const f = q * open[t] * rate;
        cash -= f;
        fundingTotal += f;
      }
    }
    const v = q * close[t];
    const e = cash + v;
    const net = 0 + v;
    const exposure = e > 0 ? net / e : 0;
    const leverage = exposure < 0 ? -exposure : exposure;
    if (!(e > 0 && e < Infinity)) flags |= e > 0 ? 2 : 1;
    const r = e / previous - 1;
    previous = e;
    returns[j] = r;
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
    heldExposure += exposure;
    heldLeverage += leverage;
  }
  if (flags & 1) st[S.ruined] = 1;
  if (flags & 2) st[S.nonFinite] = 1;
  st[S.cash] = cash;
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
  return last + 1;
}

/**
 * True when no bar of stretch k can liquidate the position (q, cash): the kernel's test a + b < 0 is
 * cash + q·(1 − mmr)·low for a long, cash + q·(1 + mmr)·high for a short, in exact arithmetic; with
 * the worst price of the stretch and cash after the most funding it could pay, it stays above a
 * margin far wider than the test's rounding. (For q = 0 the kernel does not test.)
 */
export function cannotLiquidate(quiet: QuietStretches, k: number, q: number, cash: number, mmr: number): boolean {
  if (q === 0) return true;
  if (!(mmr < 1)) return false;
  const scale = Math.abs(cash) + Math.abs(q) * (quiet.openMax[k] * (2 + mmr) + quiet.highMax[k]);
  if (q > 0) {
    const worstCash = cash - q * quiet.fundingUp[k] * (1 + PROOF_MARGIN);
    return worstCash + q * (1 - mmr) * quiet.lowMin[k] > PROOF_MARGIN * scale;
  }
  const worstCash = cash + q * quiet.fundingDown[k] * (1 + PROOF_MARGIN);
  return worstCash + q * (1 + mmr) * quiet.highMax[k] > PROOF_MARGIN * scale;
}

/** True when the target of this label is the last decided one: the on-change rule then places nothing. */
function targetHeld(table: Float64Array, label: number, maxLeverage: number, lastTarget: number): boolean {
  return !(Math.abs(cappedTarget(table, label, maxLeverage) - lastTarget) > 1e-12);
}

/** The target exposure of a label, scaled down to the leverage cap (runSingleBlock's statements, in its order). */
function cappedTarget(table: Float64Array, label: number, maxLeverage: number): number {
  const target = table[label + 1];
  const grossTarget = 0 + (target < 0 ? -target : target);
  return grossTarget > maxLeverage ? target * (maxLeverage / grossTarget) : target;
}
