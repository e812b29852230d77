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
};

/** Reusable output buffers (a sweep runs thousands of variants without allocating per variant). */
export type SimulationWorkspace = { buffers?: Float64Array[] };

const SERIES_COUNT = 7;

export function simulateVector(plan: SimulationPlan, options: { workspace?: SimulationWorkspace } = {}): SimulationSeries {
  const { m, d0, end } = plan;
  const count = end - d0 + 1;
  let buffers: Float64Array[];
  const ws = options.workspace;
  if (ws) {
    if (!ws.buffers || ws.buffers[0].length < count) ws.buffers = Array.from({ length: SERIES_COUNT }, () => new Float64Array(count));
    buffers = ws.buffers.map((b) => b.subarray(0, count));
  } else buffers = Array.from({ length: SERIES_COUNT }, () => new Float64Array(count));
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
    stoppedAtBar: null, orders: 0, rebalances: 0, turnover: 0,
  };
  // The bar loop runs in blocks: one long call would be optimized on-stack mid-loop before V8 has seen
  // the code after it, and that code then deoptimized on every call (10x slower on 500k bars).
  for (let from = d0; from <= end; from += BLOCK_BARS) runBlock(plan, io, st, from, Math.min(end, from + BLOCK_BARS - 1));
  return seriesResult(buffers, io.q, st.orders, st.rebalances, st.turnover, io.liquidations, io.breakerEvents, st.stoppedAtBar);
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
};

/** Bars [from, to] of the simulation; scalars carried between blocks in `st`. */
function runBlock(plan: SimulationPlan, io: KernelArrays, st: KernelState, from: number, to: number): void {
  // Every plan field is read once into a local: the loop then has no property loads.
  const { m, d0, end, open, high, low, close, volume, desired, fundingRate, baseSlippage, feeRate, impactFraction, time, hasFunding } = plan;
  const { liquidationFeeRate, stopAfterLiquidation, breakerMaxDrawdown, breakerCooldownBars, maxLeverage, rule, band, minOrderNotional } = plan;
  const scheduleBoundary = plan.scheduleBoundary ?? EMPTY;
  const mmr = plan.maintenanceMarginRate;
  const breakerOn = breakerMaxDrawdown > 0;
  const { q, pending, lastTarget, target, liquidations, breakerEvents } = io;
  const [equity, cashSeries, netExposure, grossLeverage, feeSeries, fundingSeries, slipSeries] = io.buffers;
  let { cash, hasPending, first, peak, tripped, trippedAt, stopped, stoppedAtBar, orders, rebalances, turnover } = st;

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
    equity[j] = e;
    cashSeries[j] = cash;
    netExposure[j] = e > 0 ? net / e : 0;
    grossLeverage[j] = e > 0 ? gross / e : 0;
    feeSeries[j] = barFees;
    fundingSeries[j] = barFunding;
    slipSeries[j] = barSlip;
    if (t === end || stopped) continue;

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
}

const EMPTY = new Uint8Array(0);

function seriesResult(
  buffers: Float64Array[], finalQty: Float64Array, orders: number, rebalances: number, turnoverNotional: number,
  liquidations: LiquidationEvent[], breakerEvents: BreakerEvent[], stoppedAtBar: number | null,
): SimulationSeries {
  const [equity, cash, netExposure, grossLeverage, fees, funding, slippage] = buffers;
  return { equity, cash, netExposure, grossLeverage, fees, funding, slippage, finalQty, orders, rebalances, turnoverNotional, liquidations, breakerEvents, stoppedAtBar };
}
