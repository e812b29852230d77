// The workstation's ONNX side: the model registry on the store's database, the inference pool (no
// worker thread starts until a model runs or the provider is asked for), shipped models
// registered at startup by hash only, and each model's graphs checked against its manifest in
// onnxruntime once per session, before its first run.
import fs from 'node:fs';
import path from 'node:path';
import { RegimeLabError, serializeError } from '../../../core/errors.ts';
import type { JobParams, JobResult, ModelEvaluation } from '../../../core/contract/jobs.ts';
import type { InferenceBackend, ModelInfo } from '../../../core/contract/schemas.ts';
import { InferencePool } from '../models/inference-pool.ts';
import { ModelRegistry, type RegisteredModel } from '../models/model-registry.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { AppPaths } from '../paths.ts';
import { modelInfo } from './model-info.ts';
import { predictRegimeRun } from './predict-run.ts';
import { evaluateModelsJob } from './evaluate-job.ts';

/** The graph used to probe accelerated execution providers (small, shipped with the app). */
const PROBE_MODEL = 'btc-1h-rv24-xgb';

export type ModelServicesOptions = { store: CandleStore; paths: AppPaths; dataDir: string; inferenceWorkers?: number };

export class ModelServices {
  readonly registry: ModelRegistry;
  /** Built at open, but its worker threads start only when a model first runs (WorkerPool spawns lazily). */
  readonly pool: InferencePool;
  private readonly validated = new Map<string, Promise<void>>();
  private shippedProblem: string | null = null;

  constructor(private readonly options: ModelServicesOptions) {
    const probeGraph = path.join(options.paths.modelsDir, PROBE_MODEL, 'model.onnx');
    this.pool = new InferencePool({ entryPath: options.paths.workerEntry('inference'), probeGraph, size: options.inferenceWorkers });
    this.registry = new ModelRegistry(options.store.db, this.pool, path.join(options.dataDir, 'models'));
  }

  /** Workers started so far (0 until a model runs). */
  get spawnedWorkers(): number {
    return this.pool.spawned;
  }

  /**
   * Registers resources/models at startup: sizes, SHA-256 and ONNX headers only (a few MB hashed, no
   * ORT session). A damaged shipped model is skipped and reported in system.info, never fatal.
   */
  async registerShipped(): Promise<void> {
    const dir = this.options.paths.modelsDir;
    if (!fs.existsSync(dir)) return;
    try {
      await this.registry.registerShipped(dir, { inspectGraphs: false });
    } catch (error) {
      this.shippedProblem = `shipped models not all registered: ${serializeError(error).message}`;
    }
  }

  list(): ModelInfo[] {
    return this.registry.list().map(modelInfo);
  }

  get(modelId: string): ModelInfo & { manifest: Record<string, unknown> } {
    const model = this.registry.get(modelId);
    return { ...modelInfo(model), manifest: model.manifest as unknown as Record<string, unknown> };
  }

  remove(modelId: string): { removed: boolean } {
    const model = this.registry.get(modelId);
    if (model.source === 'shipped') throw new RegimeLabError('E_REFUSED', `model ${modelId} ships with RegimeLab and is registered again at every start; only imported models can be removed`);
    this.registry.remove(modelId);
    this.validated.delete(modelId);
    return { removed: true };
  }

  async importModel(params: JobParams<'models.import'>, ctx: JobContext): Promise<ModelInfo> {
    ctx.progress(0.1, `validating ${path.basename(params.onnxPath)}`);
    const model = await this.registry.importModel(params.onnxPath, params.manifestPath);
    this.validated.set(model.id, Promise.resolve());
    return modelInfo(model);
  }

  /** The model, its graphs checked in onnxruntime against the manifest once per session (E_REFUSED on mismatch). */
  private async ready(modelId: string): Promise<RegisteredModel> {
    const model = this.registry.get(modelId);
    let check = this.validated.get(model.id);
    if (!check) {
      check = this.registry.validate(model.dir, model.manifest);
      this.validated.set(model.id, check);
      check.catch(() => this.validated.delete(model.id));
    }
    await check;
    return model;
  }

  async predict(params: JobParams<'models.predict'>, ctx: JobContext, appVersion: string): Promise<JobResult<'models.predict'>> {
    const model = await this.ready(params.modelId);
    return predictRegimeRun({ store: this.options.store, pool: this.pool, appVersion }, model, params, ctx);
  }

  async evaluate(params: JobParams<'models.evaluate'>, ctx: JobContext): Promise<ModelEvaluation> {
    const models: RegisteredModel[] = [];
    for (const id of params.modelIds) models.push(await this.ready(id));
    return evaluateModelsJob(this.options.store, this.pool, models, params, ctx);
  }

  /** The execution provider; `probe` starts the inference worker to choose it if no model has run yet. */
  async backend(probe: boolean): Promise<InferenceBackend> {
    const note = this.shippedProblem ? ` ${this.shippedProblem}` : '';
    if (this.pool.spawned === 0 && !probe) return { state: 'not started', provider: null, attempts: [], supported: [], message: `no model has run in this session; the provider is chosen at first use${note}` };
    try {
      const report = await this.pool.backend();
      const fallbacks = report.attempts.filter((a) => !a.ok).map((a) => `${a.provider}: ${a.reason ?? 'unavailable'}`);
      const message = `${report.provider}${fallbacks.length ? ` (not used — ${fallbacks.join('; ')})` : ''}${note}`;
      return { state: 'ready', provider: report.provider, attempts: report.attempts, supported: report.supported, message };
    } catch (error) {
      return { state: 'failed', provider: null, attempts: [], supported: [], message: `the inference worker could not choose a provider: ${serializeError(error).message}${note}` };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
