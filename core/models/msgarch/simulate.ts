// Simulation from a Markov-switching GARCH in the Haas–Mittnik–Paolella form, with R MSGARCH's
// parameter names: every regime's variance recursion runs on the observed returns at every step
// (Haas et al. 2004), h_k,t = alpha0_k + (alpha1_k + alpha2_k·1[r_{t-1} < 0])·r_{t-1}² + beta_k·h_k,t-1,
// and r_t = sqrt(h_{s_t,t})·z_t with z_t unit-variance Student-t (or normal).

import type { Rng } from '../../random/rng.ts';
import { stationaryDistribution } from '../markov/transition.ts';

export type MsGarchRegimeParams = {
  alpha0: number;
  alpha1: number;
  /** GJR leverage term; 0 for sGARCH. */
  alpha2: number;
  beta: number;
  /** Student-t degrees of freedom (> 2); omit for normal innovations. */
  nu?: number;
};

export type MsGarchSimulationSpec = {
  regimes: MsGarchRegimeParams[];
  /** Row-stochastic: transition[i][j] = Pr(s_t = j | s_{t-1} = i) (rows = from, as MSGARCH). */
  transition: number[][];
};

export type MsGarchSimulation = {
  returns: Float64Array;
  /** Regime index per step, 0-based in the order of `spec.regimes`. */
  states: Uint8Array;
  /** Conditional variance of the regime in force at each step. */
  variance: Float64Array;
};

/** Unconditional variance of one regime's recursion (symmetric innovations: E 1[z<0] = 1/2). */
export function regimeUnconditionalVariance(p: MsGarchRegimeParams): number {
  const persistence = p.alpha1 + p.alpha2 / 2 + p.beta;
  if (!(persistence < 1)) throw new RangeError(`regime is not covariance-stationary (persistence ${persistence})`);
  return p.alpha0 / (1 - persistence);
}

/** Stationary distribution of a row-stochastic matrix given as rows (MSGARCH's solve, in markov/transition.ts). */
export function stationaryOf(transition: number[][]): number[] {
  const k = transition.length;
  return k === 1 ? [1] : Array.from(stationaryDistribution(Float64Array.from(transition.flat()), k));
}

export function simulateMsGarch(spec: MsGarchSimulationSpec, length: number, rng: Rng): MsGarchSimulation {
  const k = spec.regimes.length;
  validateTransition(spec.transition, k);
  const returns = new Float64Array(length);
  const states = new Uint8Array(length);
  const variance = new Float64Array(length);
  const h = spec.regimes.map(regimeUnconditionalVariance);
  const scale = spec.regimes.map((p) => (p.nu === undefined ? 1 : Math.sqrt((p.nu - 2) / p.nu)));
  const pi = stationaryOf(spec.transition);
  let state = drawIndex(pi, rng.uniform());
  let previousReturn = 0;
  for (let t = 0; t < length; t++) {
    if (t > 0) {
      state = drawIndex(spec.transition[state], rng.uniform());
      const r2 = previousReturn * previousReturn;
      const negative = previousReturn < 0 ? 1 : 0;
      for (let j = 0; j < k; j++) {
        const p = spec.regimes[j];
        h[j] = p.alpha0 + (p.alpha1 + p.alpha2 * negative) * r2 + p.beta * h[j];
      }
    }
    const p = spec.regimes[state];
    const z = p.nu === undefined ? rng.normal() : rng.studentT(p.nu) * scale[state];
    const r = Math.sqrt(h[state]) * z;
    returns[t] = r;
    states[t] = state;
    variance[t] = h[state];
    previousReturn = r;
  }
  return { returns, states, variance };
}

function drawIndex(probabilities: readonly number[], u: number): number {
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i];
    if (u < cumulative) return i;
  }
  return probabilities.length - 1;
}

function validateTransition(transition: number[][], k: number): void {
  if (transition.length !== k) throw new RangeError(`transition matrix has ${transition.length} rows, expected ${k}`);
  transition.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`transition row ${i} has ${row.length} columns, expected ${k}`);
    const sum = row.reduce((a, b) => a + b, 0);
    if (row.some((p) => !(p >= 0)) || Math.abs(sum - 1) > 1e-9) {
      throw new RangeError(`transition row ${i} is not a probability vector (sum ${sum})`);
    }
  });
}
