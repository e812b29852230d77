// The strategy's equity-independent part: for every decision bar t (a bar's close) and instrument, the
// regime it sees (gated, propagated across assets), the 4-state view, and the target exposure
// (weight × direction × leverage). Uses only rows ≤ t of every input, so it is causal by construction;
// the equity-dependent rules (circuit breaker, rebalance rule, margin cap) run in the simulators.

import { pearsonCorrelation } from '../metrics/descriptive.ts';
import { argmaxRow } from '../regimes/regime-series.ts';
import type { ResolvedRegimes } from '../regimes/resolve.ts';
import type { StrategyConfig } from './config.ts';
import type { BacktestData } from './data.ts';
import { FOUR_STATES, type FourState } from './presets.ts';
import { createGateState, stepGate } from '../regimes/gate.ts';

export const STATE_INDEX: Record<FourState, number> = { BULL: 0, NEUTRAL: 1, BEAR: 2, HIGH_VOL: 3 };

export type StrategySchedule = {
  /** Per instrument, per bar: target exposure decided at the close of bar t (NaN outside decision bars). */
  desired: Float64Array[];
  /** Per instrument, per bar: regime seen at the close of t after gate and propagation (-1: none yet). */
  regime: Int8Array[];
  /** Per instrument, per bar: index in FOUR_STATES (-1: none). */
  state: Int8Array[];
  /** Per instrument: decision bars without a regime estimate (held at warmupLeverage). */
  warmupBars: number[];
  /** Per instrument: decision bars whose HIGH_VOL was imposed by cross-asset propagation. */
  propagatedBars: number[];
  /** Per instrument: regime switches at decision bars. */
  regimeSwitches: number[];
};

/** Probability-gated regime switching: the shared gate (core/regimes/gate.ts) over bars [d0, end). */
function gatedLabels(probs: Float64Array, k: number, d0: number, end: number, gate: NonNullable<StrategyConfig['gate']> | null, out: Int8Array): void {
  const state = createGateState();
  for (let t = d0; t < end; t++) {
    const detected = argmaxRow(probs, k, t);
    out[t] = stepGate(state, detected, detected < 0 ? Number.NaN : probs[t * k + detected], t, gate);
  }
}

function simpleReturnsOf(close: Float64Array): Float64Array {
  const r = new Float64Array(close.length);
  for (let t = 1; t < close.length; t++) r[t] = close[t] / close[t - 1] - 1;
  return r;
}

/** Rolling mean and variance (ddof 1) of x over the `w` values ending at each t (NaN with fewer). */
function rollingMoments(x: Float64Array, from: number, w: number, mean: Float64Array, variance: Float64Array): void {
  let s = 0;
  let ss = 0;
  for (let t = 0; t < x.length; t++) {
    if (t >= from) {
      s += x[t];
      ss += x[t] * x[t];
    }
    if (t - w >= from) {
      s -= x[t - w];
      ss -= x[t - w] * x[t - w];
    }
    const count = Math.min(t - from + 1, w);
    if (count >= Math.min(w, 2) && count >= 2) {
      const m = s / count;
      mean[t] = m;
      variance[t] = Math.max(0, (ss - count * m * m) / (count - 1));
    } else {
      mean[t] = NaN;
      variance[t] = NaN;
    }
  }
}

/** The regimes seen at each decision bar after the gate and cross-asset propagation (steps 1–2 of the schedule). */
export type RegimeLabels = {
  /** Per instrument, per bar: regime seen at the close of t (-1: none yet). */
  regime: Int8Array[];
  /** Per instrument, per bar: 1 where the label is a propagated HIGH_VOL. */
  propagated: Uint8Array[];
  propagatedBars: number[];
};

/** What the labels depend on: a sweep's variants that agree on it share one RegimeLabels. */
export function regimeLabelsKey(config: StrategyConfig, d0: number, end: number): string {
  const hardLabels = config.sizing.kind !== 'regime-leverage' || config.sizing.mode === 'hard';
  return JSON.stringify([config.regimes, config.window, config.gate, config.crossAsset, hardLabels, d0, end]);
}

export function computeRegimeLabels(config: StrategyConfig, data: BacktestData, regimes: ResolvedRegimes[] | null, d0: number, end: number): RegimeLabels {
  const m = data.instruments.length;
  const n = data.instruments[0].candles.time.length;
  const sizing = config.sizing;
  const regime = data.instruments.map(() => new Int8Array(n).fill(-1));
  const propagated = data.instruments.map(() => new Uint8Array(n));
  const propagatedBars = new Array<number>(m).fill(0);
  const hardLabels = sizing.kind !== 'regime-leverage' || sizing.mode === 'hard';
  // 1. Base regime labels (gated or most probable).
  if (regimes) {
    for (let i = 0; i < m; i++) {
      const r = regimes[i];
      if (hardLabels) gatedLabels(r.probs, r.regimeCount, d0, end, config.gate, regime[i]);
      else for (let t = d0; t < end; t++) regime[i][t] = argmaxRow(r.probs, r.regimeCount, t);
    }
  }
  // 2. Cross-asset propagation of the top (HIGH_VOL) regime.
  if (regimes && config.crossAsset) {
    const returns = data.instruments.map((inst) => simpleReturnsOf(inst.candles.close));
    const { correlationThreshold, windowBars } = config.crossAsset;
    const base = regime.map((r) => r.slice());
    for (let t = d0; t < end; t++) {
      if (t < windowBars) continue;
      for (let i = 0; i < m; i++) {
        const top = regimes[i].regimeCount - 1;
        if (base[i][t] < 0 || base[i][t] === top) continue;
        for (let j = 0; j < m; j++) {
          if (j === i || base[j][t] !== regimes[j].regimeCount - 1) continue;
          const rho = pearsonCorrelation(returns[i].subarray(t - windowBars + 1, t + 1), returns[j].subarray(t - windowBars + 1, t + 1));
          if (rho !== null && rho > correlationThreshold) {
            regime[i][t] = top;
            propagated[i][t] = 1;
            propagatedBars[i]++;
            break;
          }
        }
      }
    }
  }
  return { regime, propagated, propagatedBars };
}

/**
 * True when the target exposure is a function of the label alone (hard regime leverage, constant,
 * buy-and-hold; no signal): desiredFromLabels then gives computeSchedule's `desired` as a lookup.
 */
export function isLabelLookup(config: StrategyConfig): boolean {
  const sizing = config.sizing;
  return config.signal === null && (sizing.kind === 'constant' || sizing.kind === 'buy-and-hold' || (sizing.kind === 'regime-leverage' && sizing.mode === 'hard'));
}

/** computeSchedule's `desired` over decision bars [d0, end) for an isLabelLookup config, written into `out`. */
export function desiredFromLabels(config: StrategyConfig, labels: RegimeLabels, usesRegimes: boolean, d0: number, end: number, out: Float64Array[]): void {
  const m = out.length;
  for (let i = 0; i < m; i++) {
    const table = labelTargetTable(config, usesRegimes, i, m);
    const regime = labels.regime[i];
    const desired = out[i];
    for (let t = d0; t < end; t++) desired[t] = table[regime[t] + 1];
  }
}

/** For an isLabelLookup config: instrument i's target exposure by label, at index label + 1 (label in [-1, 127]). */
export function labelTargetTable(config: StrategyConfig, usesRegimes: boolean, i: number, m: number): Float64Array {
  const sizing = config.sizing;
  const table = new Float64Array(129);
  const weight = config.instruments[i].weight ?? 1 / m;
  for (let label = -1; label < 128; label++) {
    let lev: number;
    if (sizing.kind === 'buy-and-hold') lev = 1;
    else if (sizing.kind === 'constant') lev = sizing.leverage;
    else if (!usesRegimes || label < 0) lev = config.warmupLeverage;
    else {
      const L = sizing.kind === 'regime-leverage' ? (sizing.leverage as number[]) : [];
      lev = L[Math.min(label, L.length - 1)];
    }
    // As computeSchedule: weight × direction (1 without a signal) × leverage.
    table[label + 1] = weight * 1 * lev;
  }
  return table;
}

export function computeSchedule(config: StrategyConfig, data: BacktestData, regimes: ResolvedRegimes[] | null, d0: number, end: number, labels?: RegimeLabels): StrategySchedule {
  const m = data.instruments.length;
  const n = data.instruments[0].candles.time.length;
  const weights = config.instruments.map((c) => c.weight ?? 1 / m);
  const sizing = config.sizing;
  const { regime, propagated, propagatedBars } = labels ?? computeRegimeLabels(config, data, regimes, d0, end);
  const state = data.instruments.map(() => new Int8Array(n).fill(-1));
  const desired = data.instruments.map(() => new Float64Array(n).fill(NaN));
  const warmupBars = new Array<number>(m).fill(0);
  const regimeSwitches = new Array<number>(m).fill(0);
  const returns = data.instruments.map((inst) => simpleReturnsOf(inst.candles.close));
  const usesRegimes = regimes !== null && sizing.kind !== 'buy-and-hold' && sizing.kind !== 'constant';

  // 3. 4-state view, Kelly estimates, signal, leverage.
  for (let i = 0; i < m; i++) {
    const close = data.instruments[i].candles.close;
    const k = regimes ? regimes[i].regimeCount : 0;
    const lookback = config.overlay.lookbackBars;
    const kellyMean = new Float64Array(n);
    const kellyVar = new Float64Array(n);
    if (sizing.kind === 'four-state' && sizing.method === 'kelly') rollingMoments(returns[i], 1, sizing.kelly.windowBars, kellyMean, kellyVar);
    // Per-state expanding moments (estimator 'state'): Σr, Σr², count of past bars by the state seen before them.
    const stateSum = new Float64Array(4);
    const stateSq = new Float64Array(4);
    const stateCount = new Float64Array(4);
    let logVolMean: Float64Array | null = null;
    let logVolVar: Float64Array | null = null;
    if (config.signal?.kind === 'momentum') {
      const lr = new Float64Array(n);
      for (let t = 1; t < n; t++) lr[t] = Math.log(close[t] / close[t - 1]);
      logVolMean = new Float64Array(n);
      logVolVar = new Float64Array(n);
      rollingMoments(lr, 1, config.signal.volatilityWindowBars, logVolMean, logVolVar);
    }
    let previousDesired = 0;
    let previousLabel = -2;
    for (let t = d0; t < end; t++) {
      const label = regime[i][t];
      if (label !== previousLabel && previousLabel !== -2 && label >= 0 && previousLabel >= 0) regimeSwitches[i]++;
      previousLabel = label;
      // 4-state: HIGH_VOL for the top regime; otherwise the momentum overlay on the calm regime(s).
      let s = -1;
      if (label >= 0) {
        if (label === k - 1) s = STATE_INDEX.HIGH_VOL;
        else if (t >= lookback) {
          const mom = close[t] / close[t - lookback] - 1;
          s = mom > config.overlay.band ? STATE_INDEX.BULL : mom < -config.overlay.band ? STATE_INDEX.BEAR : STATE_INDEX.NEUTRAL;
        } else s = STATE_INDEX.NEUTRAL;
      }
      state[i][t] = s;
      // Per-state statistics: the return of bar t belongs to the state seen at t − 1 (held over bar t).
      if (t > d0 && state[i][t - 1] >= 0) {
        const sp = state[i][t - 1];
        stateSum[sp] += returns[i][t];
        stateSq[sp] += returns[i][t] * returns[i][t];
        stateCount[sp]++;
      }
      let lev: number;
      if (sizing.kind === 'buy-and-hold') lev = 1;
      else if (sizing.kind === 'constant') lev = sizing.leverage;
      else if (!usesRegimes || label < 0) {
        lev = config.warmupLeverage;
        warmupBars[i]++;
      } else if (sizing.kind === 'regime-leverage') {
        const L = sizing.leverage as number[];
        if (sizing.mode === 'hard' || propagated[i][t]) lev = L[Math.min(label, L.length - 1)];
        else {
          lev = 0;
          const probs = (regimes as ResolvedRegimes[])[i].probs;
          for (let c = 0; c < k; c++) lev += probs[t * k + c] * L[Math.min(c, L.length - 1)];
        }
      } else {
        const name = FOUR_STATES[s];
        if (sizing.method === 'leverage') lev = sizing.stateLeverage[name];
        else {
          let mu = kellyMean[t];
          let v = kellyVar[t];
          if (sizing.kelly.estimator === 'state' && stateCount[s] >= sizing.kelly.minBars) {
            const c = stateCount[s];
            mu = stateSum[s] / c;
            v = Math.max(0, (stateSq[s] - c * mu * mu) / (c - 1));
          }
          // Continuous-time Kelly leverage μ/σ² scaled by 1/γ, clamped to [floor, cap]; no estimate → 0.
          const full = v > 0 && Number.isFinite(mu) ? mu / v : 0;
          lev = Math.min(sizing.kelly.cap[name], Math.max(sizing.kelly.floor, full / sizing.kelly.gamma[name]));
        }
      }
      let direction = 1;
      if (config.signal) {
        const sig = config.signal;
        let dir = 0;
        let confidence = 0;
        if (sig.kind === 'series') {
          const series = data.instruments[i].signal;
          dir = series ? Math.sign(series.direction[t]) : 0;
          confidence = series ? series.confidence[t] : 0;
        } else if (t >= sig.lookbackBars && logVolVar && logVolVar[t] > 0) {
          const mom = Math.log(close[t] / close[t - sig.lookbackBars]);
          dir = Math.sign(mom);
          confidence = Math.min(1, Math.abs(mom) / (Math.sqrt(logVolVar[t] * sig.lookbackBars) * sig.zScale));
        }
        const threshold = sig.baseThreshold * sig.multipliers[FOUR_STATES[s >= 0 ? s : STATE_INDEX.NEUTRAL]];
        if (!sig.allowShort && dir < 0) dir = 0;
        if (confidence > threshold) direction = dir;
        else direction = sig.belowThreshold === 'flat' ? 0 : NaN;
      }
      const target = Number.isNaN(direction) ? previousDesired : weights[i] * direction * lev;
      desired[i][t] = target;
      previousDesired = target;
    }
  }
  return { desired, regime: labels ? regime.map((r) => r.slice()) : regime, state, warmupBars, propagatedBars: [...propagatedBars], regimeSwitches };
}
