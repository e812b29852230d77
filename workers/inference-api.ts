// The inference worker's comlink API (types only): forecasts, chart classification with or without
// test-time training, raw graph runs for golden checks, graph inspection for the registry, and the
// GARCH baseline of the evaluation. Typed arrays cross the thread boundary as transfers.
import type { Candles } from '../core/series/candles.ts';
import type { ModelManifest } from '../core/ml/manifest.ts';
import type { GraphTensorInfo } from '../core/ml/graph-check.ts';
import type { TttOptions } from '../core/ml/ttt.ts';

export type TensorFeed = { data: Float32Array; dims: number[] };

export type ProviderAttempt = { provider: string; ok: boolean; reason?: string };
/** The execution provider chosen when the worker started, and why the others were not. */
export type BackendReport = { provider: string; attempts: ProviderAttempt[]; supported: string[]; threadsPerSession: 1 };

/** A registered model as the worker needs it: the folder holding its files and its parsed manifest. */
export type ModelHandle = { dir: string; manifest: ModelManifest };

export type ForecastResult = {
  /** Panel rows (0 … candles.length) that got a forecast, ascending. */
  rows: Int32Array;
  /** Prediction time of each row (UTC ms: the open of the bar whose next-h-bar volatility is forecast). */
  time: Float64Array;
  /** Per-bar volatility forecast of the next horizonBars bars (scale · exp(log_rv)). */
  forecast: Float64Array;
};

export type ClassifyResult = {
  /** The prediction bars (image = the window of bars before each), as given. */
  ends: Int32Array;
  probHigh: Float64Array;
  /** TTT steps actually run per sample and the time spent on each (0 without TTT). */
  steps: Float64Array;
  ms: Float64Array;
};

export type CancelFlag = Int32Array;
export type ProgressCallback = (fraction: number, message: string) => void | Promise<void>;

export interface InferenceApi {
  /** Chooses the execution provider (probing with `probeGraph`) and reports it; idempotent. */
  backend(probeGraph: string, preferred?: string[]): Promise<BackendReport>;
  /** Loads a graph (checking its SHA-256 when given) and reports its declared inputs and outputs. */
  inspectGraph(path: string, sha256?: string): Promise<{ inputs: GraphTensorInfo[]; outputs: GraphTensorInfo[] }>;
  runGraph(path: string, feeds: Record<string, TensorFeed>, sha256?: string): Promise<Record<string, TensorFeed>>;
  forecast(
    model: ModelHandle,
    candles: Candles,
    range: { fromRow: number; toRow: number },
    options: { permute?: { features: string[]; seed: number } },
    cancel: CancelFlag,
    onProgress: ProgressCallback,
  ): Promise<ForecastResult>;
  classify(
    model: ModelHandle,
    candles: Candles,
    ends: Int32Array,
    ttt: (TttOptions & { contextKey: string }) | null,
    cancel: CancelFlag,
    onProgress: ProgressCallback,
  ): Promise<ClassifyResult>;
  /** GARCH(1,1)-t h-bar volatility forecast per panel row (core/ml/garch-baseline.ts). */
  garchBaseline(close: Float64Array, options: { horizon: number; window: number; refitEvery: number }, cancel: CancelFlag): Promise<Float64Array>;
  /** Forgets the online-TTT state of every model in this worker. */
  resetTtt(): Promise<void>;
  /** Sessions currently open in this worker (graph paths), for tests and Help → About. */
  sessions(): Promise<string[]>;
  crash(): Promise<void>;
}
