// The rule's state bar by bar, as replay shows it: the most probable regime (raw), the probability-
// gated regime (confirmed: research/002 Example 2, threshold 0.75 held for 2 bars), the pending
// candidate and its confirmation counter, and the leverage the hard regime-leverage rule decides.
// Row t reads only probability rows ≤ t (filtered probabilities), so it is causal by construction.

import { RegimeLabError } from '../errors.ts';
import { argmaxRow } from './regime-series.ts';
import { createGateState, stepGate } from './gate.ts';

export type ReplayGate = {
  /** Switch only when a regime's filtered probability is at least this… */
  threshold: number;
  /** …for this many consecutive bars. */
  confirmBars: number;
  /** Bars a regime is held at least before the next switch (0 = none). */
  minDwellBars: number;
};

/** The research's gate (core/backtest/config.ts GateSchema defaults). */
export const DEFAULT_REPLAY_GATE: ReplayGate = { threshold: 0.75, confirmBars: 2, minDwellBars: 0 };

export type ReplayTrace = {
  /** Most probable regime per bar (-1: no estimate yet). */
  rawRegime: Int8Array;
  /** Gated regime in force after the close of bar t (-1: none yet). */
  confirmedRegime: Int8Array;
  /** Candidate regime whose probability is above the threshold and being counted (-1: none). */
  pendingRegime: Int8Array;
  /** Consecutive bars the candidate has been above the threshold (0 when none or just confirmed). */
  confirmCount: Int32Array;
  /** Leverage decided at the close of bar t: leverage[confirmed regime], warmupLeverage before the first estimate. */
  leverage: Float64Array;
  /** Bars at which the most probable regime changed (t ≥ 1, both rows estimated). */
  rawSwitches: Int32Array;
  /** Bars at which the confirmed regime changed (the first estimate is not a switch). */
  confirmedSwitches: Int32Array;
};

function checkGate(gate: ReplayGate): void {
  if (!(gate.threshold > 0 && gate.threshold <= 1)) throw new RegimeLabError('E_BAD_INPUT', `gate.threshold must lie in (0, 1], got ${gate.threshold}`);
  if (!Number.isInteger(gate.confirmBars) || gate.confirmBars < 1) throw new RegimeLabError('E_BAD_INPUT', `gate.confirmBars must be an integer ≥ 1, got ${gate.confirmBars}`);
  if (!Number.isInteger(gate.minDwellBars) || gate.minDwellBars < 0) throw new RegimeLabError('E_BAD_INPUT', `gate.minDwellBars must be an integer ≥ 0, got ${gate.minDwellBars}`);
}

/**
 * `probs` is n×K row-major filtered probabilities (NaN rows: no estimate). The gate follows
 * core/backtest/schedule.ts exactly — the first estimate is taken as it comes, then a switch needs
 * `confirmBars` consecutive bars of one regime at ≥ `threshold` and `minDwellBars` since the last
 * switch — so replay shows the decisions a gated backtest on the same series made.
 */
export function replayTrace(probs: Float64Array, regimeCount: number, gate: ReplayGate = DEFAULT_REPLAY_GATE, leverageByRegime: readonly number[] = [1.5, 0.75], warmupLeverage = 1): ReplayTrace {
  const k = regimeCount;
  if (!Number.isInteger(k) || k < 1) throw new RegimeLabError('E_BAD_INPUT', `regimeCount must be a positive integer, got ${k}`);
  if (probs.length % k !== 0) throw new RegimeLabError('E_BAD_INPUT', `probs holds ${probs.length} values, not a multiple of regimeCount ${k}`);
  if (leverageByRegime.length === 0) throw new RegimeLabError('E_BAD_INPUT', 'leverageByRegime needs at least one leverage (low-vol regime first)');
  checkGate(gate);
  const n = probs.length / k;
  const rawRegime = new Int8Array(n);
  const confirmedRegime = new Int8Array(n);
  const pendingRegime = new Int8Array(n);
  const confirmCount = new Int32Array(n);
  const leverage = new Float64Array(n);
  const rawSwitches: number[] = [];
  const confirmedSwitches: number[] = [];
  const state = createGateState();
  for (let t = 0; t < n; t++) {
    const detected = argmaxRow(probs, k, t);
    rawRegime[t] = detected;
    if (t > 0 && detected >= 0 && rawRegime[t - 1] >= 0 && detected !== rawRegime[t - 1]) rawSwitches.push(t);
    const before = state.current;
    const current = stepGate(state, detected, detected < 0 ? Number.NaN : probs[t * k + detected], t, gate);
    const pending = state.pending;
    const count = state.count;
    if (before >= 0 && current !== before) confirmedSwitches.push(t);
    confirmedRegime[t] = current;
    // A candidate equal to the regime in force is not a pending switch; the counter still runs (as the schedule's).
    pendingRegime[t] = pending;
    confirmCount[t] = count;
    leverage[t] = current < 0 ? warmupLeverage : leverageByRegime[Math.min(current, leverageByRegime.length - 1)];
  }
  return { rawRegime, confirmedRegime, pendingRegime, confirmCount, leverage, rawSwitches: Int32Array.from(rawSwitches), confirmedSwitches: Int32Array.from(confirmedSwitches) };
}
