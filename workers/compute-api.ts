// The compute worker's interface as main sees it through comlink. Types only: main/services
// imports this file for the shape, and spawns workers/compute.ts (built to out/workers/compute.mjs).

import type { SampleSpec } from '../core/sample/simulated-btc.ts';
import type { RegimeModelSpec } from '../core/contract/regimes.ts';
import type { RegimeFit } from '../core/models/regime-model.ts';
import type { BacktestData, BacktestResult, ParameterGrid, SweepResult } from '../core/backtest/index.ts';
import type { ResolvedRegimes } from '../core/regimes/resolve.ts';
import type { Candles } from '../core/series/candles.ts';
import type { ExploreReport } from '../core/metrics/explore.ts';

export type ProgressCallback = (fraction: number, message?: string) => void;

export type SeedSampleResult = {
  base: Candles;
  resampled: { '4h': Candles; '1d': Candles; '1w': Candles };
  states: Uint8Array;
  model: unknown;
  spec: SampleSpec;
};

/** One instrument's closes for `explore` (times in UTC ms, bar open times, strictly increasing). */
export type ExploreSeries = { name: string; time: Float64Array; close: Float64Array };

export type ExploreRequest = {
  primary: ExploreSeries;
  others: ExploreSeries[];
  /** The simulated regime path (1 = high volatility) when the instrument is simulated; else the mask is a realized-vol threshold. */
  truth: { time: Float64Array; states: Uint8Array } | null;
  /** Trailing window of the realized-vol mask, in bars. */
  rvWindowBars: number;
};

export type ExploreComputed = {
  report: ExploreReport;
  highVolMask: { source: 'simulation truth' | 'realized volatility'; description: string; highVolShare: number };
  alignment: { symbols: string[]; commonReturns: number; description: string } | null;
};

export type ComputeApi = {
  /** Round trip for health checks and tests: returns the sum and the same array doubled (transferred back). */
  echo(values: Float64Array, onProgress: ProgressCallback): Promise<{ sum: number; doubled: Float64Array; threadId: number }>;
  seedSample(spec: SampleSpec, cancelFlag: Int32Array, onProgress: ProgressCallback): Promise<SeedSampleResult>;
  /** The exploration report of `primary`'s log returns, with cross-asset correlations against `others`. */
  explore(request: ExploreRequest, onProgress: ProgressCallback): Promise<ExploreComputed>;
  /** Fits a regime model (core/models/regime-model.ts) to a return series; series come back transferred. */
  fitRegime(spec: RegimeModelSpec, returns: Float64Array, cancelFlag: Int32Array, onProgress: ProgressCallback): Promise<RegimeFit>;
  /** Runs one backtest (core/backtest runBacktest) on candles transferred in; bulk series come back transferred. */
  runBacktest(configInput: unknown, data: BacktestData, cancelFlag: Int32Array, onProgress: ProgressCallback): Promise<BacktestResult>;
  /** The regime fits of a sweep's base config on its data (core resolveBacktestRegimes): once per sweep. */
  resolveSweepRegimes(configInput: unknown, data: BacktestData, cancelFlag: Int32Array, onProgress: ProgressCallback): Promise<ResolvedRegimes[] | null>;
  /** Variants [from, to) of a sweep (core runSweep) with the regimes resolved once; progress as (done, total) of the slice. */
  runSweepSlice(
    configInput: unknown,
    grid: ParameterGrid,
    data: BacktestData,
    regimes: ResolvedRegimes[] | null,
    from: number,
    to: number,
    cancelFlag: Int32Array,
    onProgress: (done: number, total: number) => void,
  ): Promise<SweepResult>;
  /** Deliberately kills the worker thread (tests of crash handling). */
  crash(): Promise<void>;
};
