// Regime-stratified performance: per regime time share, spells, return contribution, annualized
// return/vol/Sharpe, drawdown of the regime-only chained equity, leverage, turnover and costs;
// leverage attribution (base return, leverage effect, costs); the timing test against constant
// average leverage with a paired stationary block-bootstrap interval; and the whipsaw share.
// Alignment: regimes[t], exposure[t], costs[t] and assetReturns[t] all belong to return bar t
// (exposure held over the bar, decided from information up to its start).
import { isZeroSpread, mean, standardDeviation } from './descriptive.ts';
import { bootstrapStatistics, type BootstrapInterval, type BootstrapOptions } from './bootstrap.ts';
import { maxDrawdown } from './drawdown.ts';
import { sharpeRatio } from './returns-risk.ts';
import { assertFiniteSeries, assertPositiveInteger, badInput } from './validate.ts';

export type RegimeStatsInput = {
  /** Strategy net simple returns per bar. */
  returns: Float64Array;
  /** Regime label of each bar (integers). */
  regimes: ArrayLike<number>;
  /** Exposure (position value / equity) held over each bar. */
  exposure?: Float64Array;
  /** Costs per bar as a fraction of equity (positive = paid). */
  costs?: Float64Array;
  /** The traded instrument's simple returns per bar (for attribution and the timing test). */
  assetReturns?: Float64Array;
};

export type RegimeRow = {
  regime: number;
  bars: number;
  timeShare: number;
  spells: number;
  meanSpellLengthBars: number;
  /** Σ ln(1 + r) over the regime's bars: contributions of all regimes add up to the total log return. */
  logReturnContribution: number;
  annualizedReturn: number | null;
  annualizedVolatility: number | null;
  sharpe: number | null;
  /** Max drawdown depth of the equity chained over this regime's bars only. */
  maxDrawdown: number;
  averageLeverage: number | null;
  /** Σ |e_t − e_{t−1}| over the regime's bars. */
  turnover: number | null;
  /** Σ costs over the regime's bars (fraction of equity). */
  costs: number | null;
  attribution: LeverageAttribution | null;
};

export type LeverageAttribution = {
  /** Σ a_t: what holding the instrument at leverage 1 earned (simple-return sum). */
  baseReturn: number;
  /** Σ (e_t − 1)·a_t: what the chosen leverage added or removed. */
  leverageEffect: number;
  /** −Σ c_t. */
  costs: number;
  /** Σ r_t − (base + leverage + costs): slippage of the return model (0 when r = e·a − c exactly). */
  residual: number;
};

function checkAligned(input: RegimeStatsInput): void {
  const n = input.returns.length;
  assertFiniteSeries('returns', input.returns);
  if (input.regimes.length !== n) badInput('regimes', `length ${input.regimes.length} differs from returns length ${n}`);
  for (const key of ['exposure', 'costs', 'assetReturns'] as const) {
    const s = input[key];
    if (!s) continue;
    assertFiniteSeries(key, s);
    if (s.length !== n) badInput(key, `length ${s.length} differs from returns length ${n}`);
  }
}

function attribution(input: RegimeStatsInput, include: (t: number) => boolean): LeverageAttribution | null {
  const { returns, exposure, costs, assetReturns } = input;
  if (!exposure || !assetReturns) return null;
  let base = 0;
  let lev = 0;
  let cost = 0;
  let total = 0;
  for (let t = 0; t < returns.length; t++) {
    if (!include(t)) continue;
    base += assetReturns[t];
    lev += (exposure[t] - 1) * assetReturns[t];
    cost -= costs ? costs[t] : 0;
    total += returns[t];
  }
  return { baseReturn: base, leverageEffect: lev, costs: cost, residual: total - (base + lev + cost) };
}

/** Per-regime table, sorted by label. periodsPerYear (default 365) annualizes the per-bar moments. */
export function regimeStats(input: RegimeStatsInput, { periodsPerYear = 365 }: { periodsPerYear?: number } = {}): RegimeRow[] {
  checkAligned(input);
  const { returns, regimes, exposure, costs } = input;
  const n = returns.length;
  const labels = [...new Set(Array.from(regimes))].sort((a, b) => a - b);
  return labels.map((regime) => {
    const idx: number[] = [];
    let spells = 0;
    for (let t = 0; t < n; t++) {
      if (regimes[t] !== regime) continue;
      idx.push(t);
      if (t === 0 || regimes[t - 1] !== regime) spells++;
    }
    const r = Float64Array.from(idx, (t) => returns[t]);
    let logSum = 0;
    for (const v of r) logSum += Math.log1p(v);
    const equity = new Float64Array(r.length + 1);
    equity[0] = 1;
    for (let i = 0; i < r.length; i++) equity[i + 1] = equity[i] * (1 + r[i]);
    const sd = r.length >= 2 ? standardDeviation(r, 1) : null;
    let turnover: number | null = null;
    if (exposure) {
      turnover = 0;
      for (const t of idx) turnover += Math.abs(exposure[t] - (t > 0 ? exposure[t - 1] : 0));
    }
    return {
      regime,
      bars: idx.length,
      timeShare: n ? idx.length / n : 0,
      spells,
      meanSpellLengthBars: spells ? idx.length / spells : 0,
      logReturnContribution: logSum,
      annualizedReturn: r.length ? Math.expm1((logSum / r.length) * periodsPerYear) : null,
      annualizedVolatility: sd === null ? null : sd * Math.sqrt(periodsPerYear),
      sharpe: r.length >= 2 && sd !== null && !isZeroSpread(sd, mean(r)) ? sharpeRatio(r, { periodsPerYear }) : null,
      maxDrawdown: maxDrawdown(equity).depth,
      averageLeverage: exposure ? mean(Float64Array.from(idx, (t) => Math.abs(exposure[t]))) : null,
      turnover,
      costs: costs ? idx.reduce((s, t) => s + costs[t], 0) : null,
      attribution: attribution(input, (t) => regimes[t] === regime),
    };
  });
}

/** Leverage attribution over all bars. */
export function leverageAttribution(input: RegimeStatsInput): LeverageAttribution | null {
  checkAligned(input);
  return attribution(input, () => true);
}

export type TimingTest = {
  /** Mean signed exposure ē, the constant-leverage benchmark. */
  constantLeverage: number;
  /** Annualized mean of (e_t − ē)·a_t, gross of costs: what timing the leverage earned. */
  annualizedTimingReturn: BootstrapInterval;
  /** Sharpe(e·a) − Sharpe(ē·a), both gross of costs, annualized. */
  sharpeDifference: BootstrapInterval;
};

/**
 * Does varying leverage by regime beat holding the average leverage all the time? Paired
 * bootstrap: exposure and asset returns are resampled with the same block indices, and ē is
 * recomputed inside each resample (defaults: stationary, mean block ⌈n^(1/3)⌉, 1,000 reps, seed 1).
 */
export function timingTest(
  exposure: Float64Array,
  assetReturns: Float64Array,
  { periodsPerYear = 365, ...options }: BootstrapOptions & { periodsPerYear?: number } = {},
): TimingTest {
  assertFiniteSeries('exposure', exposure);
  assertFiniteSeries('assetReturns', assetReturns);
  if (exposure.length !== assetReturns.length) badInput('assetReturns', `length ${assetReturns.length} differs from exposure length ${exposure.length}`);
  const timing = ([e, a]: Float64Array[]): number => {
    const eBar = mean(e);
    let s = 0;
    for (let t = 0; t < e.length; t++) s += (e[t] - eBar) * a[t];
    return (s / e.length) * periodsPerYear;
  };
  const sharpeDiff = ([e, a]: Float64Array[]): number | null => {
    const eBar = mean(e);
    const timed = sharpeRatio(Float64Array.from(e, (v, t) => v * a[t]), { periodsPerYear });
    const constant = sharpeRatio(Float64Array.from(a, (v) => eBar * v), { periodsPerYear });
    return timed === null || constant === null ? null : timed - constant;
  };
  const r = bootstrapStatistics([exposure, assetReturns], { timing, sharpeDiff }, options);
  return { constantLeverage: mean(exposure), annualizedTimingReturn: r.timing, sharpeDifference: r.sharpeDiff };
}

export type Whipsaw = { switches: number; evaluated: number; reversed: number; share: number | null; withinBars: number };

/**
 * Share of regime switches reversed within k bars: a switch at t from A to B is reversed when the
 * label returns to A at some bar in (t, t + k]. Switches with fewer than k bars after them are censored
 * (not evaluated).
 */
export function whipsawShare(regimes: ArrayLike<number>, withinBars: number): Whipsaw {
  assertPositiveInteger('withinBars', withinBars);
  let switches = 0;
  let evaluated = 0;
  let reversed = 0;
  for (let t = 1; t < regimes.length; t++) {
    if (regimes[t] === regimes[t - 1]) continue;
    switches++;
    if (t + withinBars > regimes.length - 1) continue;
    evaluated++;
    for (let s = t + 1; s <= t + withinBars; s++) {
      if (regimes[s] === regimes[t - 1]) {
        reversed++;
        break;
      }
    }
  }
  return { switches, evaluated, reversed, share: evaluated ? reversed / evaluated : null, withinBars };
}
