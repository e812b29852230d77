// The compute worker's interface as main sees it through comlink. Types only: main/services
// imports this file for the shape, and spawns workers/compute.ts (built to out/workers/compute.mjs).

import type { SampleSpec } from '../core/sample/simulated-btc.ts';
import type { Candles } from '../core/series/candles.ts';

export type ProgressCallback = (fraction: number, message?: string) => void;

export type SeedSampleResult = {
  base: Candles;
  resampled: { '4h': Candles; '1d': Candles; '1w': Candles };
  states: Uint8Array;
  model: unknown;
  spec: SampleSpec;
};

export type ComputeApi = {
  /** Round trip for health checks and tests: returns the sum and the same array doubled (transferred back). */
  echo(values: Float64Array, onProgress: ProgressCallback): Promise<{ sum: number; doubled: Float64Array; threadId: number }>;
  seedSample(spec: SampleSpec, cancelFlag: Int32Array, onProgress: ProgressCallback): Promise<SeedSampleResult>;
  /** Deliberately kills the worker thread (tests of crash handling). */
  crash(): Promise<void>;
};
