// The one entry point services, workers and the CLI call: runBacktest(config, data) → BacktestResult,
// a plain serializable value (typed arrays + rows). Resolves the regimes (unless prepared ones are
// passed), builds the schedule and the plan, runs the event or vector simulator, computes the
// headline statistics with core/metrics, and runs the benchmarks every run carries.

import { RegimeLabError, type CancelSignal } from '../errors.ts';
import { computeEquityStats, type EquityStats } from '../metrics/equity-stats.ts';
import { leverageAttribution, regimeStats, type LeverageAttribution, type RegimeRow } from '../metrics/regime-stats.ts';
import { tradeStats, type TradeStats } from '../metrics/trades.ts';
import type { Trade } from '../metrics/types.ts';
import { resolveRegimes, type ResolvedRegimes } from '../regimes/resolve.ts';
import { barsPerYear } from '../series/timeframe.ts';
import { parseStrategyConfig, type StrategyConfig } from './config.ts';
import { validateBacktestData, windowIndex, type BacktestData } from './data.ts';
import { buildPlan, type PlanCache, type SimulationPlan } from './plan.ts';
import type { BacktestReports } from './reports.ts';
import { computeRegimeLabels, computeSchedule, desiredFromLabels, type StrategySchedule } from './schedule.ts';
import { simulateEvent } from './simulate-event.ts';
import { simulateVector, type BreakerEvent, type LiquidationEvent, type SimulationSeries } from './simulate-vector.ts';
import { headlineStats, sumOf, type HeadlineStats } from './summary.ts';

export type BenchmarkResult = { name: 'buy-and-hold' | 'constant-1x' | 'constant-average-leverage'; leverage: number; headline: HeadlineStats; equity: Float64Array };

export type BacktestResult = {
  /** True when any regime input used information after its bar (smoothed / full-sample fit). */
  hindsight: boolean;
  name: string;
  config: StrategyConfig;
  path: 'event' | 'vector';
  symbols: string[];
  window: { decisionIndex: number; startIndex: number; endIndex: number; startTime: number; endTime: number };
  periodsPerYear: number;
  /** Bar open times of the recorded bars: the first decision bar, then every traded bar. */
  time: Float64Array;
  equity: Float64Array;
  cash: Float64Array;
  netExposure: Float64Array;
  grossLeverage: Float64Array;
  fees: Float64Array;
  funding: Float64Array;
  slippage: Float64Array;
  /** Per instrument, aligned with `time`: the regime seen at each close (-1: none), the 4-state index, the target exposure. */
  regimeSeen: Int8Array[];
  stateSeen: Int8Array[];
  targetExposure: Float64Array[];
  headline: HeadlineStats;
  stats: EquityStats;
  /** Per regime of instrument 0 (single instrument) or of the portfolio's highest regime (several). */
  regimeTable: RegimeRow[];
  attribution: LeverageAttribution | null;
  trades: Trade[];
  tradeStats: TradeStats;
  reports: BacktestReports | null;
  liquidations: LiquidationEvent[];
  breakerEvents: BreakerEvent[];
  benchmarks: BenchmarkResult[];
  counts: { warmupBars: number[]; propagatedBars: number[]; regimeSwitches: number[]; stoppedAtBar: number | null };
  regimeSources: { symbol: string; source: string; hindsight: boolean; detectionTimeframe: string; refits: number }[];
};

export type RunOptions = {
  /** Regimes resolved beforehand (resolveBacktestRegimes); skips the fits. */
  regimes?: ResolvedRegimes[] | null;
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
  /**
   * Compute the full statistics table, the regime table, the attribution and the benchmarks on first
   * read instead of up front (each field is then a plain data property; structured clone and JSON read
   * it like any other). For callers that show the headline first (runs list, a fast single run).
   */
  lazy?: boolean;
};

/** Defines `key` on `target` as computed on first read, then a plain enumerable data property. */
function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

export type BacktestWindow = { startIndex: number; endIndex: number; d0: number };

export function backtestWindow(config: StrategyConfig, data: BacktestData): BacktestWindow {
  const time = data.instruments[0].candles.time;
  const startIndex = Math.max(1, windowIndex(time, config.window.start, 'start', 'window.start'));
  const endIndex = windowIndex(time, config.window.end, 'end', 'window.end');
  if (!(endIndex > startIndex - 1) || startIndex >= time.length) {
    throw new RegimeLabError('E_BAD_INPUT', `window selects no bars to trade (start index ${startIndex}, end index ${endIndex} of ${time.length} bars)`);
  }
  return { startIndex, endIndex, d0: startIndex - 1 };
}

/** Checks that the config's instruments match the data's, in order. */
function checkInstruments(config: StrategyConfig, data: BacktestData): void {
  if (config.instruments.length !== data.instruments.length) {
    throw new RegimeLabError('E_BAD_INPUT', `config.instruments lists ${config.instruments.length} instruments, data has ${data.instruments.length}`);
  }
  config.instruments.forEach((c, i) => {
    if (c.symbol !== data.instruments[i].symbol) throw new RegimeLabError('E_BAD_INPUT', `instruments[${i}].symbol is ${c.symbol}, data.instruments[${i}] is ${data.instruments[i].symbol}`);
  });
}

/** The regime fits of a config on its data (the slow part), for reuse across runs and sweep variants. */
export function resolveBacktestRegimes(config: StrategyConfig, data: BacktestData, options: RunOptions = {}): ResolvedRegimes[] | null {
  const w = backtestWindow(config, data);
  return resolveRegimes(config.regimes, { timeframe: data.timeframe, instruments: data.instruments, startIndex: w.startIndex, endIndex: w.endIndex }, options);
}

/** Everything up to the simulator: shared by runBacktest and the sweep. */
export function prepareRun(config: StrategyConfig, data: BacktestData, regimes: ResolvedRegimes[] | null, cache?: PlanCache): { plan: SimulationPlan; schedule: StrategySchedule; window: BacktestWindow } {
  const window = backtestWindow(config, data);
  const schedule = computeSchedule(config, data, regimes, window.d0, window.endIndex);
  const plan = buildPlan(config, data, schedule.desired, window.d0, window.endIndex, cache);
  return { plan, schedule, window };
}

export function periodsPerYearOf(config: StrategyConfig, data: BacktestData): number {
  return config.stats.periodsPerYear ?? barsPerYear(data.timeframe);
}

export function headlineOf(series: SimulationSeries, time: Float64Array, periodsPerYear: number, riskFree: number, hindsight: boolean): HeadlineStats {
  // With the vector kernel's totals (the same sums in the same order) the per-bar arrays are not re-read.
  const totals = series.totals;
  return headlineStats({
    equity: series.equity,
    time,
    periodsPerYear,
    riskFree,
    hindsight,
    grossLeverage: series.grossLeverage.length ? series.grossLeverage : undefined,
    netExposure: series.netExposure.length ? series.netExposure : undefined,
    heldSums: totals ? { grossLeverage: totals.heldLeverage, netExposure: totals.heldExposure } : undefined,
    totals: {
      fees: totals ? totals.fees : sumOf(series.fees),
      funding: totals ? totals.funding : sumOf(series.funding),
      slippage: totals ? totals.slippage : sumOf(series.slippage),
      orders: series.orders,
      rebalances: series.rebalances,
      liquidations: series.liquidations.length,
    },
  });
}

/** Benchmarks of every run: buy-and-hold, constant 1x, constant leverage = the strategy's average. */
export function runBenchmarks(config: StrategyConfig, data: BacktestData, averageExposure: number, hindsight: boolean): BenchmarkResult[] {
  const periodsPerYear = periodsPerYearOf(config, data);
  // Constant-leverage benchmarks hold their leverage: a strategy rebalancing 'on-change' would let it
  // drift, so they rebalance on a drift band instead (the strategy's band).
  const rebalance = config.rebalance.rule === 'on-change' ? { ...config.rebalance, rule: 'drift' as const } : config.rebalance;
  const base: StrategyConfig = { ...config, regimes: { source: 'none' }, gate: null, signal: null, crossAsset: null, circuitBreaker: null, rebalance, benchmarks: false };
  const variants: { name: BenchmarkResult['name']; leverage: number; config: StrategyConfig }[] = [
    { name: 'buy-and-hold', leverage: 1, config: { ...base, sizing: { kind: 'buy-and-hold' } } },
    { name: 'constant-1x', leverage: 1, config: { ...base, sizing: { kind: 'constant', leverage: 1 } } },
    { name: 'constant-average-leverage', leverage: averageExposure, config: { ...base, sizing: { kind: 'constant', leverage: averageExposure } } },
  ];
  const window = backtestWindow(base, data);
  const labels = computeRegimeLabels(base, data, null, window.d0, window.endIndex);
  return variants.map((v) => {
    // Constant and buy-and-hold targets are a lookup (no schedule arrays); only the equity curve is kept.
    const desired = data.instruments.map((inst) => new Float64Array(inst.candles.time.length));
    desiredFromLabels(v.config, labels, false, window.d0, window.endIndex, desired);
    const series = simulateVector(buildPlan(v.config, data, desired, window.d0, window.endIndex), { record: 'equity' });
    const time = data.instruments[0].candles.time.subarray(window.d0, window.endIndex + 1);
    return { name: v.name, leverage: v.leverage, headline: headlineOf(series, time, periodsPerYear, config.stats.riskFree, v.name === 'constant-average-leverage' && hindsight), equity: series.equity };
  });
}

export function runBacktest(configInput: unknown, data: BacktestData, options: RunOptions = {}): BacktestResult {
  const config = parseStrategyConfig(configInput);
  validateBacktestData(data);
  checkInstruments(config, data);
  const regimes = options.regimes !== undefined ? options.regimes : resolveBacktestRegimes(config, data, options);
  const hindsight = regimes?.some((r) => r.hindsight) ?? false;
  const { plan, schedule, window } = prepareRun(config, data, regimes);
  const symbols = data.instruments.map((i) => i.symbol);
  let series: SimulationSeries;
  let reports: BacktestReports | null = null;
  let trades: Trade[] = [];
  if (config.execution.path === 'event') {
    const ev = simulateEvent(plan, { symbols, strategyId: `${config.name}-000` });
    series = ev.series;
    reports = ev.reports;
    trades = ev.trades;
  } else series = simulateVector(plan);
  const fullTime = data.instruments[0].candles.time;
  const time = fullTime.slice(window.d0, window.endIndex + 1);
  const periodsPerYear = periodsPerYearOf(config, data);
  const headline = headlineOf(series, time, periodsPerYear, config.stats.riskFree, hindsight);
  const slice = <T extends Int8Array | Float64Array>(x: T): T => x.slice(window.d0, window.endIndex + 1) as T;
  const regimeSeen = schedule.regime.map(slice);
  const stateSeen = schedule.state.map(slice);
  const targetExposure = schedule.desired.map(slice);
  const n = series.equity.length;
  const statsOk = !headline.ruined;
  const stats = (): EquityStats => {
    if (!statsOk) return computeEquityStats(Float64Array.of(series.equity[0]), time.subarray(0, 1), { periodsPerYear });
    return computeEquityStats(series.equity, time, { periodsPerYear, riskFree: config.stats.riskFree, exposure: series.netExposure, regimes: portfolioRegimeOf(regimeSeen, n), costs: { fees: series.fees, funding: series.funding, slippage: series.slippage } });
  };
  let regimeInput: RegimeInput | null = null;
  const regimeInputOf = (): RegimeInput => (regimeInput ??= heldRegimeInput(series, portfolioRegimeOf(regimeSeen, n), data.instruments.length === 1 ? plan.close[0].subarray(window.d0, window.endIndex + 1) : undefined));
  const regimeTable = (): RegimeRow[] => (statsOk && n > 1 ? regimeStats(regimeInputOf(), { periodsPerYear }) : []);
  const attribution = (): LeverageAttribution | null => (statsOk && n > 1 ? leverageAttribution(regimeInputOf()) : null);
  const benchmarks = (): BenchmarkResult[] => (config.benchmarks ? runBenchmarks(config, data, headline.averageExposure, hindsight) : []);
  const result: BacktestResult = {
    hindsight,
    name: config.name,
    config,
    path: config.execution.path,
    symbols,
    window: { decisionIndex: window.d0, startIndex: window.startIndex, endIndex: window.endIndex, startTime: fullTime[window.startIndex], endTime: fullTime[window.endIndex] },
    periodsPerYear,
    time,
    equity: series.equity,
    cash: series.cash,
    netExposure: series.netExposure,
    grossLeverage: series.grossLeverage,
    fees: series.fees,
    funding: series.funding,
    slippage: series.slippage,
    regimeSeen,
    stateSeen,
    targetExposure,
    headline,
    // Lazy: a placeholder, replaced by defineLazy below before the result is returned.
    stats: options.lazy ? (null as unknown as EquityStats) : stats(),
    regimeTable: options.lazy ? [] : regimeTable(),
    attribution: options.lazy ? null : attribution(),
    trades,
    tradeStats: tradeStats(trades),
    reports,
    liquidations: series.liquidations,
    breakerEvents: series.breakerEvents,
    benchmarks: options.lazy ? [] : benchmarks(),
    counts: { warmupBars: schedule.warmupBars, propagatedBars: schedule.propagatedBars, regimeSwitches: schedule.regimeSwitches, stoppedAtBar: series.stoppedAtBar },
    regimeSources: (regimes ?? []).map((r) => ({ symbol: r.symbol, source: r.source, hindsight: r.hindsight, detectionTimeframe: r.detectionTimeframe, refits: r.refits?.length ?? 0 })),
  };
  if (options.lazy) {
    defineLazy(result, 'stats', stats);
    defineLazy(result, 'regimeTable', regimeTable);
    defineLazy(result, 'attribution', attribution);
    defineLazy(result, 'benchmarks', benchmarks);
  }
  return result;
}

type RegimeInput = Parameters<typeof regimeStats>[0];

/** Per recorded bar, the highest regime any instrument sees (single instrument: its own). */
function portfolioRegimeOf(regimeSeen: Int8Array[], n: number): Int8Array {
  if (regimeSeen.length === 1) return regimeSeen[0].slice(0, n);
  const out = new Int8Array(n);
  for (let j = 0; j < n; j++) {
    let top = -Infinity;
    for (const r of regimeSeen) if (r[j] > top) top = r[j];
    out[j] = top;
  }
  return out;
}

/** Metrics alignment: return bar j (j ≥ 1) is held with the exposure and regime of close j − 1. */
function heldRegimeInput(series: SimulationSeries, portfolioRegime: Int8Array, close: Float64Array | undefined): RegimeInput {
  const held = series.equity.length - 1;
  const { equity, fees, funding, slippage } = series;
  const regimes = new Int32Array(held);
  const returns = new Float64Array(held);
  const costs = new Float64Array(held);
  const assetReturns = close ? new Float64Array(held) : undefined;
  for (let j = 0; j < held; j++) {
    regimes[j] = portfolioRegime[j];
    returns[j] = equity[j + 1] / equity[j] - 1;
    costs[j] = (fees[j + 1] + funding[j + 1] + slippage[j + 1]) / equity[j];
    if (assetReturns && close) assetReturns[j] = close[j + 1] / close[j] - 1;
  }
  return { returns, regimes, exposure: series.netExposure.slice(0, held), costs, assetReturns };
}
