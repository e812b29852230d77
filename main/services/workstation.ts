// The one service object behind every transport (IPC, bridge, CLI, tests): it owns the store, the
// job registry and the worker pool, validates every call against the contract, and emits events.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import * as Comlink from 'comlink';
import { parseMethodInput, assertMethodName } from '../../core/contract/validate.ts';
import { JOB_KINDS, type JobKind, type JobParams } from '../../core/contract/jobs.ts';
import { WorkspaceStateSchema, type MethodInput, type MethodName, type MethodOutput, type MethodParsedInput, type WorkspaceState } from '../../core/contract/methods.ts';
import type { EventName, EventPayload } from '../../core/contract/events.ts';
import type { EventListener, WorkstationClient } from '../../core/contract/client.ts';
import type { SystemInfo } from '../../core/contract/schemas.ts';
import { RegimeLabError } from '../../core/errors.ts';
import type { ComputeApi } from '../../workers/compute-api.ts';
import { CandleStore } from './store/candle-store.ts';
import { JobRegistry, type JobContext } from './jobs/job-registry.ts';
import { WorkerPool } from './workers/worker-pool.ts';
import { appPaths, resolveDataDir, APP_NAME, type AppPaths } from './paths.ts';
import { SAMPLE_SEEDED_KEY, seedSample } from './sample-seed.ts';
import type { ImportApi } from '../../workers/import-api.ts';
import { importFile, importReport, listImports } from './imports/import-file.ts';
import { downloadKlines } from './download/download-klines.ts';
import { historyQuality } from '../../core/series/quality.ts';
import { deleteRun, getRun, listRuns, updateRun } from './runs/run-store.ts';
import { fitRegimeRun, selectRegimeModel } from './regimes/fit-regimes.ts';
import { runBacktestJob } from './backtests/run-backtest.ts';
import { previewLeverage, strategyExamples } from './backtests/preview.ts';
import { createReportPool, renderBacktestReport, reportInputFromRuns } from './reports/index.ts';
import type { ReportApi } from '../../workers/report-api.ts';
import { checkStrategyConfig } from '../../core/backtest/config.ts';
import { runSweepJob } from './sweeps/sweep-job.ts';
import { runStudyJob } from './studies/study-job.ts';
import { testRedisConnection } from './sweeps/redis-connection.ts';
import { regimeOverlay } from '../../core/models/regime-overlay.ts';
import { ModelServices } from './model-jobs/model-services.ts';
import { candleWindow, replayTraceOf } from './charts/chart-window.ts';

export type WorkstationOptions = {
  appRoot: string;
  /** Explicit data directory; otherwise REGIMELAB_DATA_DIR or the per-user default. */
  dataDir?: string;
  mode: SystemInfo['mode'];
  /** Seed the simulated sample when the store has never been seeded (default true). */
  seedSample?: boolean;
  computeWorkers?: number;
  /** Extra version strings for Help → About (Electron adds its own). */
  versions?: Record<string, string>;
  /** Native open/save dialogs, injected by the Electron shell; absent in browser, CLI and tests. */
  nativeDialogs?: NativeDialogs;
};

export type NativeDialogs = {
  showOpenDialog(input: MethodParsedInput<'system.showOpenDialog'>): Promise<MethodOutput<'system.showOpenDialog'>>;
  showSaveDialog(input: MethodParsedInput<'system.showSaveDialog'>): Promise<MethodOutput<'system.showSaveDialog'>>;
};

function noNativeDialogs(kind: 'open' | 'save'): never {
  const instead = kind === 'open' ? 'a file input' : 'a download';
  throw new RegimeLabError('E_REFUSED', `native ${kind} dialogs exist only in the desktop app; the browser uses ${instead} instead`);
}

type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

export class Workstation implements WorkstationClient {
  readonly store: CandleStore;
  readonly jobs: JobRegistry;
  readonly compute: WorkerPool<ComputeApi>;
  readonly importer: WorkerPool<ImportApi>;
  /** ONNX models: registry, inference pool (threads start at the first model run), predict and evaluate. */
  readonly models: ModelServices;
  readonly dataDir: string;
  readonly paths: AppPaths;
  private readonly events = new EventEmitter();
  private readonly handlers: Handlers;
  private readonly options: WorkstationOptions;
  /** The report worker, started on the first report. */
  private reports: WorkerPool<ReportApi> | null = null;
  /** Resolves when the last started import has finished writing (imports merge in start order). */
  private importTurn: Promise<void> = Promise.resolve();

  private constructor(options: WorkstationOptions) {
    this.options = options;
    this.paths = appPaths(options.appRoot);
    this.dataDir = resolveDataDir(options.dataDir);
    if (fs.existsSync(this.dataDir) && !fs.statSync(this.dataDir).isDirectory()) {
      throw new RegimeLabError('E_BAD_INPUT', `data directory ${this.dataDir} exists and is not a directory`);
    }
    this.store = CandleStore.open(path.join(this.dataDir, 'regimelab.sqlite'), { migrationsDir: this.paths.migrationsDir });
    this.events.setMaxListeners(100);
    this.jobs = new JobRegistry((event, payload) => this.emit(event, payload));
    const size = options.computeWorkers ?? Math.max(1, Math.min(2, os.availableParallelism() - 0));
    this.compute = new WorkerPool<ComputeApi>(this.paths.workerEntry('compute'), size, 'compute');
    this.importer = new WorkerPool<ImportApi>(this.paths.workerEntry('import'), 1, 'import');
    this.models = new ModelServices({ store: this.store, paths: this.paths, dataDir: this.dataDir });
    this.handlers = this.createHandlers();
  }

  static async open(options: WorkstationOptions): Promise<Workstation> {
    const ws = new Workstation(options);
    try {
      if ((options.seedSample ?? true) && ws.store.getSetting(SAMPLE_SEEDED_KEY) === undefined) {
        await ws.startJob('data.seedSample', {}).done;
      }
      await ws.models.registerShipped();
    } catch (error) {
      await ws.close();
      throw error;
    }
    return ws;
  }

  /** Validates `rawInput` against the contract and runs the method. */
  async call<M extends MethodName>(method: M, rawInput: MethodInput<M>): Promise<MethodOutput<M>> {
    const name = assertMethodName(method);
    const input = parseMethodInput(name, rawInput);
    const handler = this.handlers[name] as (input: unknown) => Promise<MethodOutput<M>> | MethodOutput<M>;
    return await handler(input);
  }

  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /** Every event, for transports that forward them all (bridge WebSocket, IPC). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.events.on('*', listener);
    return () => this.events.off('*', listener);
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.events.emit(event, payload);
    this.events.emit('*', event, payload);
  }

  async close(): Promise<void> {
    for (const job of this.jobs.list()) if (job.state === 'running') this.jobs.cancel(job.jobId);
    await this.jobs.settle();
    await this.compute.close();
    await this.importer.close();
    await this.reports?.close();
    await this.models.close();
    this.store.close();
  }

  startJob<K extends JobKind>(kind: K, rawParams: unknown): { jobId: string; done: Promise<unknown> } {
    const parsed = JOB_KINDS[kind].params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
      throw new RegimeLabError('E_BAD_INPUT', `jobs.start ${kind}: invalid params — ${problems}`);
    }
    const runners: { [Kind in JobKind]: (ctx: JobContext) => Promise<unknown> } = {
      'data.seedSample': async (ctx) => {
        const result = await seedSample(this.store, this.compute, ctx, parsed.data as JobParams<'data.seedSample'>);
        this.emit('data.changed', { instrumentId: result.instrumentId, reason: 'sample seeded' });
        return result;
      },
      'backtest.run': async (ctx) => {
        const outcome = await runBacktestJob(this.store, this.compute, parsed.data as JobParams<'backtest.run'>, ctx, this.paths.version);
        this.emit('runs.changed', { runId: outcome.runId, reason: 'backtest saved' });
        return { runId: outcome.runId, summary: listRuns(this.store, { search: outcome.runId })[0]?.summary ?? {} };
      },
      'backtest.sweep': async (ctx) => {
        const computeWorkers = this.options.computeWorkers ?? Math.max(1, Math.min(2, os.availableParallelism()));
        const result = await runSweepJob({ store: this.store, compute: this.compute, computeWorkers, appVersion: this.paths.version }, parsed.data as JobParams<'backtest.sweep'>, ctx);
        this.emit('runs.changed', { runId: result.runId, reason: 'sweep saved' });
        return result;
      },
      'backtest.walkForwardStudy': async (ctx) => {
        const computeWorkers = this.options.computeWorkers ?? Math.max(1, Math.min(2, os.availableParallelism()));
        const result = await runStudyJob({ store: this.store, compute: this.compute, computeWorkers, appVersion: this.paths.version }, parsed.data as JobParams<'backtest.walkForwardStudy'>, ctx);
        this.emit('runs.changed', { runId: result.runId, reason: 'walk-forward study saved' });
        return result;
      },
      'regimes.fit': async (ctx) => {
        const result = await fitRegimeRun(this.store, this.compute, parsed.data as JobParams<'regimes.fit'>, ctx, this.paths.version);
        this.emit('runs.changed', { runId: result.runId, reason: 'regime fit saved' });
        return result;
      },
      'regimes.fitSeries': async (ctx) => {
        const params = parsed.data as JobParams<'regimes.fitSeries'>;
        return await this.compute.run((api) =>
          api.fitRegime(params.model, params.values.slice(), ctx.cancelFlag, Comlink.proxy((f: number) => ctx.progress(0.98 * f, 'fitting'))),
        );
      },
      'regimes.select': async (ctx) => {
        const result = await selectRegimeModel(this.store, this.compute, parsed.data as JobParams<'regimes.select'>, ctx, this.paths.version);
        for (const row of result.rows) if (row.runId) this.emit('runs.changed', { runId: row.runId, reason: 'regime fit saved' });
        return result;
      },
      'data.importFile': async (ctx) => {
        const params = parsed.data as JobParams<'data.importFile'>;
        const source = params.path !== undefined ? { path: params.path } : { bytes: params.bytes!, fileName: params.fileName! };
        const previous = this.importTurn;
        let release: () => void = () => {};
        this.importTurn = new Promise<void>((resolve) => (release = resolve));
        const outcome = await importFile(this.store, this.importer, source, params.policy, ctx, () => previous).finally(release);
        if (outcome.status === 'imported') this.emit('data.changed', { instrumentId: outcome.instrumentId, reason: `imported ${outcome.report.fileName}` });
        return outcome;
      },
      'data.download': async (ctx) => {
        const params = parsed.data as JobParams<'data.download'>;
        const cacheDir = path.join(this.dataDir, 'downloads', 'binance');
        const result = await downloadKlines(params, { store: this.store, importer: this.importer, cacheDir }, ctx);
        if (result.imported > 0 && result.instrumentId !== null) this.emit('data.changed', { instrumentId: result.instrumentId, reason: `downloaded ${result.imported} archives` });
        return result;
      },
      'models.import': (ctx) => this.models.importModel(parsed.data as JobParams<'models.import'>, ctx),
      'models.predict': async (ctx) => {
        const result = await this.models.predict(parsed.data as JobParams<'models.predict'>, ctx, this.paths.version);
        this.emit('runs.changed', { runId: result.runId, reason: 'model signal saved' });
        return result;
      },
      'models.evaluate': (ctx) => this.models.evaluate(parsed.data as JobParams<'models.evaluate'>, ctx),
    };
    return this.jobs.start(kind, runners[kind]);
  }

  /** `data.explore`: reads the closes (and the simulated regime path, if any) and runs the exploration in the compute worker. */
  private async explore(input: MethodParsedInput<'data.explore'>): Promise<MethodOutput<'data.explore'>> {
    const instrument = this.store.getInstrument(input.instrumentId);
    const read = (id: number) => {
      const inst = id === instrument.id ? instrument : this.store.getInstrument(id);
      const candles = this.store.readCandles(id, input.timeframe, input.from, input.to);
      if (candles.time.length < 2) throw new RegimeLabError('E_NOT_FOUND', `${inst.symbol} has ${candles.time.length} ${input.timeframe} candles in the range; exploration needs returns`);
      return { name: inst.symbol, time: candles.time, close: candles.close };
    };
    const primary = read(instrument.id);
    const others = (input.otherInstrumentIds ?? []).filter((id) => id !== instrument.id).map(read);
    const truth = instrument.simulated ? this.store.readSimulationTruth(instrument.id) : null;
    const request = { primary, others, truth: truth && { time: truth.time, states: truth.states }, rvWindowBars: 30 };
    const transfers = [primary, ...others].flatMap((s) => [s.time.buffer, s.close.buffer]).concat(truth ? [truth.time.buffer, truth.states.buffer] : []) as ArrayBuffer[];
    const bars = primary.time.length;
    const span = { firstTime: primary.time[0], lastTime: primary.time[bars - 1] }; // read before the buffers move to the worker
    // The progress proxy's message port also keeps the process alive while the (unref'd) worker computes.
    const computed = await this.compute.run((api) => api.explore(Comlink.transfer(request, transfers), Comlink.proxy(() => {})));
    return {
      instrumentId: instrument.id,
      symbol: instrument.symbol,
      timeframe: input.timeframe,
      simulated: instrument.simulated,
      bars,
      ...span,
      returns: 'log returns ln(close_t / close_{t-1}) of consecutive stored bars',
      ...computed,
    };
  }

  private createHandlers(): Handlers {
    return {
      'system.info': async (input) => ({
        app: APP_NAME,
        appVersion: this.paths.version,
        mode: this.options.mode,
        dataDir: this.dataDir,
        storePath: this.store.path,
        versions: {
          node: process.versions.node,
          v8: process.versions.v8,
          sqlite: (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
          ...this.options.versions,
        },
        workers: this.compute.workerCount,
        inference: await this.models.backend(input.probeInference === true),
      }),
      'system.showOpenDialog': (input) => this.options.nativeDialogs?.showOpenDialog(input) ?? noNativeDialogs('open'),
      'system.showSaveDialog': (input) => this.options.nativeDialogs?.showSaveDialog(input) ?? noNativeDialogs('save'),
      'data.listInstruments': () => this.store.listInstruments(),
      'data.getCandles': (input) => {
        const instrument = this.store.getInstrument(input.instrumentId);
        if (!instrument.timeframes.some((t) => t.timeframe === input.timeframe)) {
          const have = instrument.timeframes.map((t) => t.timeframe).join(', ') || 'none';
          throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has no ${input.timeframe} candles (stored: ${have})`);
        }
        const candles = this.store.readCandles(input.instrumentId, input.timeframe, input.from, input.to);
        return { instrumentId: instrument.id, symbol: instrument.symbol, timeframe: input.timeframe, simulated: instrument.simulated, candles };
      },
      'data.getCandleWindow': (input) => candleWindow(this.store, input),
      'data.getTrueRegimes': (input) => {
        const truth = this.store.readSimulationTruth(input.instrumentId);
        if (truth.timeframe !== input.timeframe) {
          throw new RegimeLabError('E_NOT_FOUND', `the ground truth is stored at ${truth.timeframe}, not ${input.timeframe}`);
        }
        return { instrumentId: input.instrumentId, timeframe: truth.timeframe, time: truth.time, states: truth.states, model: truth.model };
      },
      'data.listImports': (input) => listImports(this.store, input.instrumentId),
      'data.getImportReport': (input) => importReport(this.store, input.importId) as unknown as Record<string, unknown>,
      'data.getQuality': (input) => {
        const candles = this.store.readCandles(input.instrumentId, input.timeframe);
        if (candles.time.length === 0) this.store.getInstrument(input.instrumentId); // E_NOT_FOUND for a missing instrument
        return historyQuality(candles.time, candles.flags, input.timeframe);
      },
      'data.deleteInstrument': (input) => {
        this.store.transaction(() => this.store.deleteInstrument(input.instrumentId));
        this.emit('data.changed', { instrumentId: input.instrumentId, reason: 'instrument deleted' });
        return { deleted: true };
      },
      'data.explore': (input) => this.explore(input),
      'regimes.getOverlay': (input) => {
        const run = getRun(this.store, input.runId, ['time', input.hindsight ? 'smoothed' : 'filtered']);
        if (run.kind !== 'regime-fit') throw new RegimeLabError('E_BAD_INPUT', `run ${input.runId} is a ${run.kind}, not a regime fit`);
        const k = Number(run.summary.regimes);
        const overlay = regimeOverlay(run.series.time as Float64Array, run.series[input.hindsight ? 'smoothed' : 'filtered'] as Float64Array, k, input.hindsight);
        return { runId: run.id, label: String(run.summary.label ?? run.title), ...overlay };
      },
      'regimes.getReplayTrace': (input) => replayTraceOf(this.store, input),
      'backtest.validate': (input) => {
        const checked = checkStrategyConfig(input.config);
        return checked.ok ? { ok: true, issues: [] } : { ok: false, issues: checked.issues };
      },
      'backtest.examples': () => strategyExamples(this.paths.appRoot),
      'backtest.preview': (input) => previewLeverage(this.store, this.compute, input),
      'reports.render': async (input) => {
        this.reports ??= createReportPool(this.paths);
        const rendered = await renderBacktestReport(this.reports, reportInputFromRuns(this.store, input.runIds));
        return { html: rendered.html, title: rendered.title, bytes: rendered.bytes };
      },
      'reports.export': async (input) => {
        if (this.options.mode !== 'electron') throw new RegimeLabError('E_REFUSED', 'reports.export writes files chosen in the native save dialog; in the browser the report is downloaded');
        this.reports ??= createReportPool(this.paths);
        const rendered = await renderBacktestReport(this.reports, reportInputFromRuns(this.store, input.runIds));
        const file = path.resolve(input.path);
        fs.writeFileSync(file, rendered.html);
        return { path: file, bytes: rendered.bytes };
      },
      'runs.list': (input) => listRuns(this.store, input),
      'runs.get': (input) => getRun(this.store, input.runId, input.series),
      'runs.update': (input) => {
        const updated = updateRun(this.store, input.runId, input);
        this.emit('runs.changed', { runId: input.runId, reason: 'updated' });
        return updated;
      },
      'workspace.get': () => readWorkspace(this.store),
      'workspace.set': (input) => {
        const merged = WorkspaceStateSchema.parse({ ...readWorkspace(this.store), ...input });
        this.store.setSetting(WORKSPACE_SETTING, JSON.stringify(merged));
        return merged;
      },
      'runs.delete': (input) => {
        deleteRun(this.store, input.runId);
        this.emit('runs.changed', { runId: input.runId, reason: 'deleted' });
        return { deleted: true };
      },
      'models.list': () => this.models.list(),
      'models.get': (input) => this.models.get(input.modelId),
      'models.remove': (input) => this.models.remove(input.modelId),
      'cluster.testConnection': (input) => testRedisConnection(input.redisUrl, input.allowUnauthenticated === true, input.tls ?? {}),
      'jobs.start': (input) => ({ jobId: this.startJob(input.kind, input.params).jobId }),
      'jobs.cancel': (input) => ({ cancelled: this.jobs.cancel(input.jobId) }),
      'jobs.list': () => this.jobs.list(),
      'jobs.get': (input) => this.jobs.info(input.jobId),
    };
  }
}

const WORKSPACE_SETTING = 'workspace';

/** The remembered workspace; a stored value this version cannot read (hand-edited, older) counts as none. */
function readWorkspace(store: CandleStore): WorkspaceState {
  const raw = store.getSetting(WORKSPACE_SETTING);
  if (!raw) return {};
  try {
    const parsed = WorkspaceStateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
