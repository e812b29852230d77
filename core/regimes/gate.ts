// The probability gate as one state machine, shared by the backtest schedule and the replay trace
// (research/002 Example 2, plus an optional minimum dwell): the first estimate is taken as it comes;
// after that a switch needs `confirmBars` consecutive bars whose most probable regime is the same
// one at probability ≥ `threshold`, and `minDwellBars` since the last switch.

export type GateParams = { threshold: number; confirmBars: number; minDwellBars: number };

export type GateState = {
  /** Regime in force (−1 before the first estimate). */
  current: number;
  /** Candidate regime being confirmed (−1: none). */
  pending: number;
  /** Consecutive qualifying bars of the candidate. */
  count: number;
  lastSwitch: number;
};

export function createGateState(): GateState {
  return { current: -1, pending: -1, count: 0, lastSwitch: -Infinity };
}

/**
 * One bar: `detected` is the most probable regime at bar t (−1: no estimate, the state holds) and
 * `probability` its filtered probability. Without a gate the label follows `detected`.
 * Returns the regime in force after bar t.
 */
export function stepGate(state: GateState, detected: number, probability: number, t: number, gate: GateParams | null): number {
  if (detected < 0) return state.current;
  if (state.current < 0 || !gate) {
    if (detected !== state.current) state.lastSwitch = t;
    state.current = detected;
    return state.current;
  }
  if (probability < gate.threshold) {
    state.pending = -1;
    state.count = 0;
    return state.current;
  }
  if (detected === state.pending) state.count++;
  else {
    state.pending = detected;
    state.count = 1;
  }
  if (state.count >= gate.confirmBars && t - state.lastSwitch >= gate.minDwellBars) {
    if (detected !== state.current) state.lastSwitch = t;
    state.current = detected;
    state.pending = -1;
    state.count = 0;
  }
  return state.current;
}
