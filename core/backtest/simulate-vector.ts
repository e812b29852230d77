// The fast path: one tight loop over typed arrays, no order objects. Per bar t: funding at the open on
// the position carried in, fills of the orders decided at the close of t − 1 at open_t ± slippage,
// the intrabar liquidation check, mark to market at the close, then the decision at the close of t.
// simulate-event.ts runs the same sequence with order, fill and position objects; tests check that
// both give identical numbers on the same plan. Keep the two in step when changing either.

import { REBALANCE_RULE, type SimulationPlan } from './plan.ts';
import { fillPrice, slippageFraction } from './slippage.ts';

export type LiquidationEvent = {
  bar: number;
  time: number;
  /** Liquidation price per instrument (NaN where flat). */
  prices: number[];
  equityBefore: number;
  equityAfter: number;
  /** Loss beyond the account's equity, absorbed (as an exchange insurance fund would). */
  deficit: number;
};

export type BreakerEvent = { bar: number; time: number; kind: 'trip' | 'rearm'; equity: number; peak: number };

/** Per-bar series, index j ↔ bar d0 + j; entry 0 is the first decision bar (initial cash, flat). */
export type SimulationSeries = {
  equity: Float64Array;
  cash: Float64Array;
  /** Σ qty·close / equity (signed). */
  netExposure: Float64Array;
  /** Σ |qty·close| / equity: the leverage in force at the close. */
  grossLeverage: Float64Array;
  fees: Float64Array;
  funding: Float64Array;
  /** Cost of slippage: Σ |qty|·|fill − open|. */
  slippage: Float64Array;
  finalQty: Float64Array;
  orders: number;
  rebalances: number;
  turnoverNotional: number;
  liquidations: LiquidationEvent[];
  breakerEvents: BreakerEvent[];
  /** Bar index at which trading stopped after a liquidation (null: never). */
  stoppedAtBar: number | null;
  /** Sums accumulated in bar order by the vector kernel (equal to summing the series); absent from the event path. */
  totals?: SeriesTotals;
};

/** Σ fees, Σ funding, Σ slippage over all bars; Σ netExposure and Σ grossLeverage over the held bars (all but the last). */
export type SeriesTotals = { fees: number; funding: number; slippage: number; heldExposure: number; heldLeverage: number };

/** Reusable output buffers (a sweep runs thousands of variants without allocating per variant). */
export type SimulationWorkspace = { buffers?: Float64Array[] };

export type SimulateVectorOptions = {
  workspace?: SimulationWorkspace;
  /**
   * 'all' (default): every per-bar series. 'equity': the equity curve and the totals only; the other
   * series come back empty (what a sweep's headline row needs, without writing six unused arrays).
   */
  record?: 'all' | 'equity';
};

const SERIES_COUNT = 7;
const NO_SERIES = new Float64Array(0);

export function simulateVector(plan: SimulationPlan, options: SimulateVectorOptions = {}): SimulationSeries {
  const { m, d0, end } = plan;
  const count = end - d0 + 1;
  const arrays = options.record === 'equity' ? 1 : SERIES_COUNT;
  let buffers: Float64Array[];
  const ws = options.workspace;
  if (ws) {
    if (!ws.buffers || ws.buffers[0].length < count) ws.buffers = [];
    for (let k = ws.buffers.length; k < arrays; k++) ws.buffers.push(new Float64Array(Math.max(count, ws.buffers[0]?.length ?? 0)));
    buffers = ws.buffers.slice(0, arrays).map((b) => b.subarray(0, count));
  } else buffers = Array.from({ length: arrays }, () => new Float64Array(count));
  while (buffers.length < SERIES_COUNT) buffers.push(NO_SERIES);
  const io: KernelArrays = {
    buffers,
    q: new Float64Array(m),
    pending: new Float64Array(m),
    lastTarget: new Float64Array(m).fill(NaN),
    target: new Float64Array(m),
    liquidations: [],
    breakerEvents: [],
  };
  const st: KernelState = {
    cash: plan.initialCash, hasPending: false, first: true, peak: plan.initialCash, tripped: false, trippedAt: 0, stopped: false,
    stoppedAtBar: null, orders: 0, rebalances: 0, turnover: 0, fees: 0, funding: 0, slippage: 0, heldExposure: 0, heldLeverage: 0,
  };
  // The bar loop runs in blocks: one long call would be optimized on-stack mid-loop before V8 has seen
  // the code after it, and that code then deoptimized on every call (10x slower on 500k bars).
  const recordAll = arrays === SERIES_COUNT;
  for (let from = d0; from <= end; from += BLOCK_BARS) {
    const to = Math.min(end, from + BLOCK_BARS - 1);
    if (m === 1) runSingleBlock(plan, io, st, from, to, recordAll);
    else runBlock(plan, io, st, from, to, recordAll);
  }
  const totals: SeriesTotals = { fees: st.fees, funding: st.funding, slippage: st.slippage, heldExposure: st.heldExposure, heldLeverage: st.heldLeverage };
  return { ...seriesResult(buffers, io.q, st.orders, st.rebalances, st.turnover, io.liquidations, io.breakerEvents, st.stoppedAtBar), totals };
}

const BLOCK_BARS = 4096;

type KernelArrays = {
  buffers: Float64Array[];
  q: Float64Array;
  pending: Float64Array;
  lastTarget: Float64Array;
  target: Float64Array;
  liquidations: LiquidationEvent[];
  breakerEvents: BreakerEvent[];
};

type KernelState = {
  cash: number; hasPending: boolean; first: boolean; peak: number; tripped: boolean; trippedAt: number; stopped: boolean;
  stoppedAtBar: number | null; orders: number; rebalances: number; turnover: number;
  fees: number; funding: number; slippage: number; heldExposure: number; heldLeverage: number;
};

/** Bars [from, to] of the simulation; scalars carried between blocks in `st`. */
function runBlock(plan: SimulationPlan, io: KernelArrays, st: KernelState, from: number, to: number, recordAll: boolean): void {
  // Every plan field is read once into a local: the loop then has no property loads.
  const { m, d0, end, open, high, low, close, volume, desired, fundingRate, baseSlippage, feeRate, impactFraction, time, hasFunding } = plan;
  const { liquidationFeeRate, stopAfterLiquidation, breakerMaxDrawdown, breakerCooldownBars, maxLeverage, rule, band, minOrderNotional } = plan;
  const scheduleBoundary = plan.scheduleBoundary ?? EMPTY;
  const mmr = plan.maintenanceMarginRate;
  const breakerOn = breakerMaxDrawdown > 0;
  const { q, pending, lastTarget, target, liquidations, breakerEvents } = io;
  const [equity, cashSeries, netExposure, grossLeverage, feeSeries, fundingSeries, slipSeries] = io.buffers;
  let { cash, hasPending, first, peak, tripped, trippedAt, stopped, stoppedAtBar, orders, rebalances, turnover } = st;
  let { fees: feeTotal, funding: fundingTotal, slippage: slipTotal, heldExposure, heldLeverage } = st;

  for (let t = from; t <= to; t++) {
    const j = t - d0;
    let barFees = 0;
    let barFunding = 0;
    let barSlip = 0;
    if (t > d0) {
      // Funding on the position carried into the bar, at the open.
      if (hasFunding) {
        for (let i = 0; i < m; i++) {
          const rate = fundingRate[i][t];
          if (q[i] !== 0 && rate !== 0) {
            const f = q[i] * open[i][t] * rate;
            cash -= f;
            barFunding += f;
          }
        }
      }
      // Fills at this bar's open of the orders decided at the previous close.
      if (hasPending) {
        for (let i = 0; i < m; i++) {
          const dq = pending[i];
          if (dq === 0) continue;
          const o = open[i][t];
          const px = fillPrice(o, dq, slippageFraction(baseSlippage[i][t - 1], dq, volume[i][t - 1], impactFraction));
          const notional = Math.abs(dq) * px;
          const fee = notional * feeRate;
          cash -= dq * px + fee;
          q[i] += dq;
          barFees += fee;
          barSlip += Math.abs(dq) * Math.abs(px - o);
          turnover += notional;
          orders++;
          pending[i] = 0;
        }
        hasPending = false;
      }
      // Intrabar liquidation: equity and maintenance margin are linear along open → worst price (low
      // for longs, high for shorts); liquidate at the first point where equity < margin.
      let a = cash;
      let b = 0;
      let open0 = false;
      for (let i = 0; i < m; i++) {
        const qi = q[i];
        if (qi === 0) continue;
        open0 = true;
        const o = open[i][t];
        const w = qi > 0 ? low[i][t] : high[i][t];
        const aq = qi > 0 ? qi : -qi;
        a += qi * o - mmr * aq * o;
        b += (qi - mmr * aq) * (w - o);
      }
      if (open0 && a + b < 0) {
        const lambda = a <= 0 ? 0 : a / -b;
        let before = cash;
        const prices: number[] = [];
        for (let i = 0; i < m; i++) {
          const qi = q[i];
          if (qi === 0) {
            prices.push(NaN);
            continue;
          }
          const o = open[i][t];
          const w = qi > 0 ? low[i][t] : high[i][t];
          const p = o + lambda * (w - o);
          before += qi * p;
          const fee = Math.abs(qi) * p * (feeRate + liquidationFeeRate);
          cash += qi * p - fee;
          barFees += fee;
          turnover += Math.abs(qi) * p;
          orders++;
          q[i] = 0;
          pending[i] = 0;
          prices.push(p);
        }
        const deficit = cash < 0 ? -cash : 0;
        if (deficit > 0) cash = 0;
        liquidations.push({ bar: t, time: time[t], prices, equityBefore: before, equityAfter: cash, deficit });
        if (stopAfterLiquidation) {
          stopped = true;
          stoppedAtBar = t;
        }
      }
    }
    // Mark to market at the close.
    let e = cash;
    let net = 0;
    let gross = 0;
    for (let i = 0; i < m; i++) {
      const v = q[i] * close[i][t];
      e += v;
      net += v;
      gross += v < 0 ? -v : v;
    }
    const exposure = e > 0 ? net / e : 0;
    const leverage = e > 0 ? gross / e : 0;
    equity[j] = e;
    if (recordAll) {
      cashSeries[j] = cash;
      netExposure[j] = exposure;
      grossLeverage[j] = leverage;
      feeSeries[j] = barFees;
      fundingSeries[j] = barFunding;
      slipSeries[j] = barSlip;
    }
    feeTotal += barFees;
    fundingTotal += barFunding;
    slipTotal += barSlip;
    if (t === end) continue;
    heldExposure += exposure;
    heldLeverage += leverage;
    if (stopped) continue;

    // Decision at the close of t.
    let forced = first;
    if (breakerOn) {
      if (!tripped) {
        if (e > peak) peak = e;
        if (1 - e / peak > breakerMaxDrawdown) {
          tripped = true;
          trippedAt = t;
          forced = true;
          breakerEvents.push({ bar: t, time: time[t], kind: 'trip', equity: e, peak });
        }
      } else if (t - trippedAt >= breakerCooldownBars) {
        tripped = false;
        peak = e;
        forced = true;
        breakerEvents.push({ bar: t, time: time[t], kind: 'rearm', equity: e, peak });
      }
    }
    let grossTarget = 0;
    for (let i = 0; i < m; i++) {
      const d = tripped ? 0 : desired[i][t];
      target[i] = d;
      grossTarget += d < 0 ? -d : d;
    }
    if (grossTarget > maxLeverage) {
      const scale = maxLeverage / grossTarget;
      for (let i = 0; i < m; i++) target[i] *= scale;
    }
    let trade = forced;
    if (!trade) {
      if (rule === REBALANCE_RULE['every-bar']) trade = true;
      else if (rule === REBALANCE_RULE['on-change']) {
        for (let i = 0; i < m; i++) if (Math.abs(target[i] - lastTarget[i]) > 1e-12) trade = true;
      } else if (rule === REBALANCE_RULE.schedule) trade = scheduleBoundary[t] === 1;
      else if (rule === REBALANCE_RULE.drift) {
        for (let i = 0; i < m; i++) if (Math.abs((q[i] * close[i][t]) / e - target[i]) > band) trade = true;
      }
    }
    first = false;
    if (!trade || !(e > 0)) continue;
    let sent = false;
    for (let i = 0; i < m; i++) {
      const c = close[i][t];
      const dq = (target[i] * e) / c - q[i];
      lastTarget[i] = target[i];
      if (dq === 0 || Math.abs(dq) * c < minOrderNotional) continue;
      pending[i] = dq;
      hasPending = true;
      sent = true;
    }
    if (sent) rebalances++;
  }
  st.cash = cash;
  st.hasPending = hasPending;
  st.first = first;
  st.peak = peak;
  st.tripped = tripped;
  st.trippedAt = trippedAt;
  st.stopped = stopped;
  st.stoppedAtBar = stoppedAtBar;
  st.orders = orders;
  st.rebalances = rebalances;
  st.turnover = turnover;
  st.fees = feeTotal;
  st.funding = fundingTotal;
  st.slippage = slipTotal;
  st.heldExposure = heldExposure;
  st.heldLeverage = heldLeverage;
}

/**
 * runBlock for one instrument: the same statements with the instrument loops unrolled and every
 * per-instrument value in a local (no array-of-array loads). Keep the arithmetic, and its order,
 * identical to runBlock's: the vector == event tests compare both paths bit for bit.
 */
function runSingleBlock(plan: SimulationPlan, io: KernelArrays, st: KernelState, from: number, to: number, recordAll: boolean): void {
  const { d0, end, feeRate, impactFraction, time, hasFunding } = plan;
  const { liquidationFeeRate, stopAfterLiquidation, breakerMaxDrawdown, breakerCooldownBars, maxLeverage, rule, band, minOrderNotional } = plan;
  const open = plan.open[0];
  const high = plan.high[0];
  const low = plan.low[0];
  const close = plan.close[0];
  const volume = plan.volume[0];
  const desired = plan.desired[0];
  const fundingRate = plan.fundingRate[0];
  const baseSlippage = plan.baseSlippage[0];
  const scheduleBoundary = plan.scheduleBoundary ?? EMPTY;
  const mmr = plan.maintenanceMarginRate;
  const breakerOn = breakerMaxDrawdown > 0;
  const { liquidations, breakerEvents } = io;
  const [equity, cashSeries, netExposure, grossLeverage, feeSeries, fundingSeries, slipSeries] = io.buffers;
  let { cash, hasPending, first, peak, tripped, trippedAt, stopped, stoppedAtBar, orders, rebalances, turnover } = st;
  let { fees: feeTotal, funding: fundingTotal, slippage: slipTotal, heldExposure, heldLeverage } = st;
  const everyBar = rule === REBALANCE_RULE['every-bar'];
  const onChange = rule === REBALANCE_RULE['on-change'];
  const onSchedule = rule === REBALANCE_RULE.schedule;
  const onDrift = rule === REBALANCE_RULE.drift;
  let q = io.q[0];
  let pending = io.pending[0];
  let lastTarget = io.lastTarget[0];

  for (let t = from; t <= to; t++) {
    const j = t - d0;
    let barFees = 0;
    let barFunding = 0;
    let barSlip = 0;
    if (t > d0) {
      if (hasFunding) {
        const rate = fundingRate[t];
        if (q !== 0 && rate !== 0) {
          const f = q * open[t] * rate;
          cash -= f;
          barFunding += f;
        }
      }
      if (hasPending) {
        const dq = pending;
        if (dq !== 0) {
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
          turnover += notional;
          orders++;
          pending = 0;
        }
        hasPending = false;
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
          const before = cash + q * p;
          const fee = Math.abs(q) * p * (feeRate + liquidationFeeRate);
          cash += q * p - fee;
          barFees += fee;
          turnover += Math.abs(q) * p;
          orders++;
          q = 0;
          pending = 0;
          const deficit = cash < 0 ? -cash : 0;
          if (deficit > 0) cash = 0;
          liquidations.push({ bar: t, time: time[t], prices: [p], equityBefore: before, equityAfter: cash, deficit });
          if (stopAfterLiquidation) {
            stopped = true;
            stoppedAtBar = t;
          }
        }
      }
    }
    const v = q * close[t];
    const e = cash + v;
    const net = 0 + v;
    // |v| / e = |v / e| exactly (division rounds symmetrically), so one division gives both.
    const exposure = e > 0 ? net / e : 0;
    const leverage = exposure < 0 ? -exposure : exposure;
    equity[j] = e;
    if (recordAll) {
      cashSeries[j] = cash;
      netExposure[j] = exposure;
      grossLeverage[j] = leverage;
      feeSeries[j] = barFees;
      fundingSeries[j] = barFunding;
      slipSeries[j] = barSlip;
    }
    feeTotal += barFees;
    fundingTotal += barFunding;
    slipTotal += barSlip;
    if (t === end) continue;
    heldExposure += exposure;
    heldLeverage += leverage;
    if (stopped) continue;

    let forced = first;
    if (breakerOn) {
      if (!tripped) {
        if (e > peak) peak = e;
        if (1 - e / peak > breakerMaxDrawdown) {
          tripped = true;
          trippedAt = t;
          forced = true;
          breakerEvents.push({ bar: t, time: time[t], kind: 'trip', equity: e, peak });
        }
      } else if (t - trippedAt >= breakerCooldownBars) {
        tripped = false;
        peak = e;
        forced = true;
        breakerEvents.push({ bar: t, time: time[t], kind: 'rearm', equity: e, peak });
      }
    }
    let target = tripped ? 0 : desired[t];
    const grossTarget = 0 + (target < 0 ? -target : target);
    if (grossTarget > maxLeverage) target *= maxLeverage / grossTarget;
    let trade = forced;
    if (!trade) {
      if (everyBar) trade = true;
      else if (onChange) trade = Math.abs(target - lastTarget) > 1e-12;
      else if (onSchedule) trade = scheduleBoundary[t] === 1;
      else if (onDrift) trade = Math.abs((q * close[t]) / e - target) > band;
    }
    first = false;
    if (!trade || !(e > 0)) continue;
    const c = close[t];
    const dq = (target * e) / c - q;
    lastTarget = target;
    if (dq === 0 || Math.abs(dq) * c < minOrderNotional) continue;
    pending = dq;
    hasPending = true;
    rebalances++;
  }
  io.q[0] = q;
  io.pending[0] = pending;
  io.lastTarget[0] = lastTarget;
  st.cash = cash;
  st.hasPending = hasPending;
  st.first = first;
  st.peak = peak;
  st.tripped = tripped;
  st.trippedAt = trippedAt;
  st.stopped = stopped;
  st.stoppedAtBar = stoppedAtBar;
  st.orders = orders;
  st.rebalances = rebalances;
  st.turnover = turnover;
  st.fees = feeTotal;
  st.funding = fundingTotal;
  st.slippage = slipTotal;
  st.heldExposure = heldExposure;
  st.heldLeverage = heldLeverage;
}

const EMPTY = new Uint8Array(0);

function seriesResult(
  buffers: Float64Array[], finalQty: Float64Array, orders: number, rebalances: number, turnoverNotional: number,
  liquidations: LiquidationEvent[], breakerEvents: BreakerEvent[], stoppedAtBar: number | null,
): SimulationSeries {
  const [equity, cash, netExposure, grossLeverage, fees, funding, slippage] = buffers;
  return { equity, cash, netExposure, grossLeverage, fees, funding, slippage, finalQty, orders, rebalances, turnoverNotional, liquidations, breakerEvents, stoppedAtBar };
}
