// The inference pool: worker threads running workers/inference.ts behind comlink (WorkerPool), each
// with its own onnxruntime sessions; plus one dedicated worker for test-time training, whose online
// state must live in a single thread. The execution provider is chosen once, at start, in the worker.
import * as Comlink from 'comlink';
import type { Candles } from '../../../core/series/candles.ts';
import type { TttOptions } from '../../../core/ml/ttt.ts';
import type { GraphTensorInfo } from '../../../core/ml/graph-check.ts';
import { WorkerPool } from '../workers/worker-pool.ts';
import type { BackendReport, ClassifyResult, ForecastResult, InferenceApi, ModelHandle, TensorFeed } from '../../../workers/inference-api.ts';
import { candleBuffers } from '../../../workers/transfer.ts';
import { CANDLE_FIELDS } from '../../../core/series/candles.ts';

export type JobControl = { cancelFlag?: Int32Array; onProgress?: (fraction: number, message: string) => void };

export type InferencePoolOptions = {
  /** Built worker entry (paths.workerEntry('inference')). */
  entryPath: string;
  /** Inference workers (default 1: one busy session thread per core on small machines). */
  size?: number;
  /** A small graph used to probe accelerated execution providers at start. */
  probeGraph: string;
  /** Provider order to try (default CUDA, DirectML, CoreML, WebGPU, then CPU). */
  preferredProviders?: string[];
};

function copyCandles(c: Candles): Candles {
  const out = { time: Float64Array.from(c.time), flags: Uint8Array.from(c.flags) } as Candles;
  for (const f of CANDLE_FIELDS) out[f] = Float64Array.from(c[f]);
  return out;
}

export class InferencePool {
  private readonly inference: WorkerPool<InferenceApi>;
  private readonly ttt: WorkerPool<InferenceApi>;
  private backendReport: Promise<BackendReport> | null = null;

  constructor(private readonly options: InferencePoolOptions) {
    this.inference = new WorkerPool<InferenceApi>(options.entryPath, options.size ?? 1, 'inference');
    this.ttt = new WorkerPool<InferenceApi>(options.entryPath, 1, 'ttt');
  }

  /** The provider in use and the reasons the others were not used (shown in Help → About). */
  backend(): Promise<BackendReport> {
    if (!this.backendReport) {
      this.backendReport = this.inference.run((api) => api.backend(this.options.probeGraph, this.options.preferredProviders));
      this.backendReport.catch(() => (this.backendReport = null));
    }
    return this.backendReport;
  }

  /** Runs `task` on an inference worker whose provider is chosen (every worker chooses the same way). */
  private async onInference<T>(task: (api: Comlink.Remote<InferenceApi>) => Promise<T>): Promise<T> {
    await this.backend();
    return this.inference.run(async (api) => {
      await api.backend(this.options.probeGraph, this.options.preferredProviders);
      return task(api);
    });
  }

  inspectGraph(file: string, sha256?: string): Promise<{ inputs: GraphTensorInfo[]; outputs: GraphTensorInfo[] }> {
    return this.onInference((api) => api.inspectGraph(file, sha256));
  }

  /** One raw graph run (golden checks); the feeds' buffers are transferred, so they are detached after. */
  runGraph(file: string, feeds: Record<string, TensorFeed>, sha256?: string): Promise<Record<string, TensorFeed>> {
    return this.onInference((api) => api.runGraph(file, Comlink.transfer(feeds, Object.values(feeds).map((f) => f.data.buffer as ArrayBuffer)), sha256));
  }

  /** Volatility forecasts for panel rows [fromRow, toRow) of `candles` (copied, then transferred). */
  forecast(model: ModelHandle, candles: Candles, range: { fromRow: number; toRow: number }, options: { permute?: { features: string[]; seed: number } } = {}, job: JobControl = {}): Promise<ForecastResult> {
    const c = copyCandles(candles);
    return this.onInference((api) => api.forecast(model, Comlink.transfer(c, candleBuffers(c)), range, options, job.cancelFlag ?? new Int32Array(new SharedArrayBuffer(4)), Comlink.proxy(job.onProgress ?? (() => {}))));
  }

  /**
   * P(high vol) for each prediction bar in `ends`. Without TTT it runs on an inference worker; with
   * TTT on the dedicated TTT worker, where online state persists between calls until the context key
   * (asset/timeframe) changes or resetTtt() is called.
   */
  classify(model: ModelHandle, candles: Candles, ends: Int32Array, ttt: (TttOptions & { contextKey: string }) | null, job: JobControl = {}): Promise<ClassifyResult> {
    const c = copyCandles(candles);
    const e = Int32Array.from(ends);
    const call = (api: Comlink.Remote<InferenceApi>): Promise<ClassifyResult> =>
      api.classify(model, Comlink.transfer(c, [...candleBuffers(c), e.buffer]), e, ttt, job.cancelFlag ?? new Int32Array(new SharedArrayBuffer(4)), Comlink.proxy(job.onProgress ?? (() => {})));
    if (!ttt || ttt.mode === 'none') return this.onInference(call);
    return this.ttt.run(async (api) => {
      await api.backend(this.options.probeGraph, this.options.preferredProviders);
      return call(api);
    });
  }

  resetTtt(): Promise<void> {
    return this.ttt.run((api) => api.resetTtt());
  }

  garchBaseline(close: Float64Array, options: { horizon: number; window: number; refitEvery: number }, job: JobControl = {}): Promise<Float64Array> {
    const c = Float64Array.from(close);
    return this.inference.run((api) => api.garchBaseline(Comlink.transfer(c, [c.buffer]), options, job.cancelFlag ?? new Int32Array(new SharedArrayBuffer(4))));
  }

  /** Test hook: the open sessions of one inference worker. */
  sessions(): Promise<string[]> {
    return this.inference.run((api) => api.sessions());
  }

  /** Test hook: make an inference worker exit mid-task. */
  crashInferenceWorker(): Promise<void> {
    return this.inference.run(async (api) => {
      await api.crash();
      await new Promise((r) => setTimeout(r, 2000));
    });
  }

  get spawned(): number {
    return this.inference.spawned + this.ttt.spawned;
  }

  async close(): Promise<void> {
    await Promise.all([this.inference.close(), this.ttt.close()]);
  }
}
