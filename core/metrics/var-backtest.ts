// VaR backtests on a hit sequence (1 = the loss exceeded VaR): Kupiec proportion of failures,
// Christoffersen independence, conditional coverage, Basel traffic light, overall and per regime.
// Conventions as ../shared/data/reference/expected_json_README.md: 0·ln 0 = 0; LR clamped at 0;
// LR_cc = LR_POF (all T) + LR_ind (T − 1 transitions), the textbook form; the transitions-only
// form of Christoffersen (1998) is reported beside it. p is the tail probability (0.01 for 99 % VaR).
import { binomialPmfAll, chiSquareSf } from '../distributions/cdf.ts';
import { assertProbability, badInput } from './validate.ts';

/** n·ln(q) with the convention 0·ln(anything) = 0. */
function nLog(n: number, q: number): number {
  return n === 0 ? 0 : n * Math.log(q);
}

export type KupiecResult = { T: number; x: number; p: number; phat: number; lr: number; pValue: number; rejectAt5pct: boolean };

/** Kupiec (1995) POF likelihood ratio, computed as 2[x ln(p̂/p) + (T−x) ln((1−p̂)/(1−p))] to avoid cancellation. */
export function kupiecPof(T: number, x: number, p: number): KupiecResult {
  if (!Number.isInteger(T) || T < 1) badInput('T', `must be a positive integer, got ${T}`, T);
  if (!Number.isInteger(x) || x < 0 || x > T) badInput('x', `must be an integer in [0, T = ${T}], got ${x}`, x);
  assertProbability('p', p);
  const phat = x / T;
  let lr: number;
  if (x === 0) lr = -2 * T * Math.log1p(-p);
  else if (x === T) lr = -2 * T * Math.log(p);
  else lr = 2 * (x * Math.log(phat / p) + (T - x) * (Math.log1p(-phat) - Math.log1p(-p)));
  lr = Math.max(0, lr);
  const pValue = chiSquareSf(lr, 1);
  return { T, x, p, phat, lr, pValue, rejectAt5pct: pValue < 0.05 };
}

export type TransitionCounts = { n00: number; n01: number; n10: number; n11: number };

export function transitionCounts(hits: ArrayLike<number>, include?: ArrayLike<number>): TransitionCounts {
  const c = { n00: 0, n01: 0, n10: 0, n11: 0 };
  for (let t = 1; t < hits.length; t++) {
    if (include && !(include[t] && include[t - 1])) continue;
    const key = `n${hits[t - 1]}${hits[t]}` as keyof TransitionCounts;
    c[key]++;
  }
  return c;
}

export type ChristoffersenResult = TransitionCounts & {
  pi: number | null;
  /** null when undefined (0/0); such a term never enters the likelihood. */
  pi01: number | null;
  pi11: number | null;
  lr: number;
  pValue: number;
};

/** Christoffersen (1998) independence LR from the transition counts; 0 (p = 1) with no hits or all hits. */
export function christoffersenFromCounts(counts: TransitionCounts): ChristoffersenResult {
  const { n00, n01, n10, n11 } = counts;
  const transitions = n00 + n01 + n10 + n11;
  const pi = transitions > 0 ? (n01 + n11) / transitions : null;
  const pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : null;
  const pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : null;
  let lr = 0;
  if (pi !== null && pi > 0 && pi < 1) {
    const restricted = nLog(n00 + n10, 1 - pi) + nLog(n01 + n11, pi);
    const markov =
      nLog(n00, 1 - (pi01 ?? 0)) + nLog(n01, pi01 ?? 1) + nLog(n10, 1 - (pi11 ?? 0)) + nLog(n11, pi11 ?? 1);
    lr = Math.max(0, -2 * restricted + 2 * markov);
  }
  return { ...counts, pi, pi01, pi11, lr, pValue: chiSquareSf(lr, 1) };
}

function assertHits(hits: ArrayLike<number>): void {
  for (let i = 0; i < hits.length; i++) {
    if (hits[i] !== 0 && hits[i] !== 1) badInput('hits', `element ${i} is ${hits[i]}; hits must be 0 or 1`, hits[i]);
  }
}

export function christoffersenIndependence(hits: ArrayLike<number>): ChristoffersenResult {
  assertHits(hits);
  return christoffersenFromCounts(transitionCounts(hits));
}

export type ConditionalCoverageResult = {
  /** LR_POF (all T) + LR_ind (T − 1 transitions), χ²(2): the form this tool reports. */
  lr: number;
  pValue: number;
  /** Christoffersen (1998) exact form on the T − 1 transitions only, χ²(2). */
  lrTransitionsOnly: number;
  pValueTransitionsOnly: number;
};

export function conditionalCoverageFrom(kupiec: KupiecResult, ind: ChristoffersenResult, p: number): ConditionalCoverageResult {
  const lr = kupiec.lr + ind.lr;
  const { n00, n01, n10, n11 } = ind;
  const markov =
    nLog(n00, 1 - (ind.pi01 ?? 0)) + nLog(n01, ind.pi01 ?? 1) + nLog(n10, 1 - (ind.pi11 ?? 0)) + nLog(n11, ind.pi11 ?? 1);
  const nullModel = nLog(n00 + n10, 1 - p) + nLog(n01 + n11, p);
  const lrTransitionsOnly = Math.max(0, -2 * nullModel + 2 * markov);
  return { lr, pValue: chiSquareSf(lr, 2), lrTransitionsOnly, pValueTransitionsOnly: chiSquareSf(lrTransitionsOnly, 2) };
}

export type TrafficLightZone = 'green' | 'yellow' | 'red';

export type TrafficLightResult = {
  T: number;
  x: number;
  p: number;
  pmf: number;
  /** P(X ≤ x), X ~ Bin(T, p). */
  cdfLeX: number;
  /** P(X ≥ x). */
  sfGeX: number;
  zone: TrafficLightZone;
  /** Basel (1996) add-on to the multiplier 3; defined only for the supervisory T = 250, p = 0.01 (else null). */
  plusFactor: number | null;
};

// Basel Committee (1996), "Supervisory framework for the use of backtesting", Table 2.
const BASEL_YELLOW_PLUS = [0.4, 0.5, 0.65, 0.75, 0.85];

/** Basel traffic light: green if P(X ≤ x) < 0.95, yellow if < 0.9999, red otherwise. */
export function baselTrafficLight(T: number, x: number, p = 0.01): TrafficLightResult {
  if (!Number.isInteger(T) || T < 1) badInput('T', `must be a positive integer, got ${T}`, T);
  if (!Number.isInteger(x) || x < 0 || x > T) badInput('x', `must be an integer in [0, T = ${T}], got ${x}`, x);
  assertProbability('p', p);
  const pmf = binomialPmfAll(T, p);
  let cdf = 0;
  for (let k = 0; k <= x; k++) cdf += pmf[k];
  let sf = 0;
  for (let k = T; k >= x; k--) sf += pmf[k];
  cdf = Math.min(1, cdf);
  sf = Math.min(1, sf);
  const zone: TrafficLightZone = cdf < 0.95 ? 'green' : cdf < 0.9999 ? 'yellow' : 'red';
  let plusFactor: number | null = null;
  if (T === 250 && p === 0.01) plusFactor = zone === 'green' ? 0 : zone === 'red' ? 1 : BASEL_YELLOW_PLUS[x - 5];
  return { T, x, p, pmf: pmf[x], cdfLeX: cdf, sfGeX: sf, zone, plusFactor };
}

export type VarBacktestResult = {
  level: number;
  p: number;
  T: number;
  x: number;
  kupiec: KupiecResult;
  christoffersen: ChristoffersenResult;
  conditionalCoverage: ConditionalCoverageResult;
  trafficLight: TrafficLightResult;
  conventions: { hit: string; conditionalCoverage: string; zeroLogZero: string };
};

/** Tail probability from a confidence level, rounded to 12 decimals so 1 − 0.99 is exactly 0.01. */
export function tailProbability(level: number): number {
  assertProbability('level', level);
  return Math.round((1 - level) * 1e12) / 1e12;
}

function backtestCore(hits: ArrayLike<number>, level: number, include?: ArrayLike<number>): VarBacktestResult {
  const p = tailProbability(level);
  let T = 0;
  let x = 0;
  for (let i = 0; i < hits.length; i++) {
    if (include && !include[i]) continue;
    T++;
    x += hits[i];
  }
  if (T === 0) badInput('hits', 'needs at least one observation');
  const kupiec = kupiecPof(T, x, p);
  const christoffersen = christoffersenFromCounts(transitionCounts(hits, include));
  return {
    level,
    p,
    T,
    x,
    kupiec,
    christoffersen,
    conditionalCoverage: conditionalCoverageFrom(kupiec, christoffersen, p),
    trafficLight: baselTrafficLight(T, x, p),
    conventions: {
      hit: 'I_t = 1 when the loss exceeds VaR; p = 1 − level',
      conditionalCoverage: 'LR_cc = LR_POF (all T) + LR_ind (T − 1 transitions), chi2(2); transitions-only form also given',
      zeroLogZero: '0 · ln 0 = 0; undefined pi01/pi11 reported as null',
    },
  };
}

/** Kupiec, Christoffersen, conditional coverage and the traffic light for a hit sequence at a VaR level (0.99 = 99 % VaR). */
export function varBacktest(hits: ArrayLike<number>, level: number): VarBacktestResult {
  assertHits(hits);
  return backtestCore(hits, level);
}

/**
 * The same backtests within each regime: POF over the regime's bars; independence over the
 * transitions whose two bars both belong to the regime.
 */
export function varBacktestByRegime(hits: ArrayLike<number>, regimes: ArrayLike<number>, level: number): Record<string, VarBacktestResult> {
  assertHits(hits);
  if (regimes.length !== hits.length) badInput('regimes', `length ${regimes.length} differs from hits length ${hits.length}`);
  const labels = [...new Set(Array.from(regimes))].sort((a, b) => a - b);
  const out: Record<string, VarBacktestResult> = {};
  for (const label of labels) {
    const include = Uint8Array.from(regimes, (r) => (r === label ? 1 : 0));
    out[String(label)] = backtestCore(hits, level, include);
  }
  return out;
}
