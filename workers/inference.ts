// Inference worker entry point: onnxruntime-node sessions (one per graph per worker, created lazily
// and reused, intraOpNumThreads 1), the execution provider chosen once at start, forecasts and chart
// classification computed from candles here (features and images use the same core/ code as training),
// and the test-time-training loop of core/ml/ttt.ts over the exported step/predict graphs.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type * as Ort from 'onnxruntime-node';
import { RegimeLabError } from '../core/errors.ts';
import { computeFeaturePanel } from '../core/features/panel.ts';
import { buildWindows, firstWindowRow } from '../core/features/windows.ts';
import { permutePanelColumns } from '../core/features/permute.ts';
import { rasterizeChart } from '../core/charts/rasterize.ts';
import { adaptedSizes, type ClassifierManifest } from '../core/ml/manifest.ts';
import type { GraphTensorInfo } from '../core/ml/graph-check.ts';
import { softmax2 } from '../core/ml/ttt-inputs.ts';
import { TttRunner, type TttGraphs, type TttParams } from '../core/ml/ttt.ts';
import { garchHorizonVol } from '../core/ml/garch-baseline.ts';
import type { BackendReport, InferenceApi, ModelHandle, ProviderAttempt, TensorFeed } from './inference-api.ts';
import { flagSignal } from './transfer.ts';
import { installErrorTransfer } from './comlink-errors.ts';

if (!parentPort) throw new Error('workers/inference must run in a worker thread');
installErrorTransfer();

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;

/** Accelerated providers in the order we try them where onnxruntime lists them (issue 8). */
const ACCELERATED = ['cuda', 'dml', 'coreml', 'webgpu'];
const BATCH = 512;

let backend: BackendReport | null = null;
const sessions = new Map<string, Promise<Ort.InferenceSession>>();
const tttRunners = new Map<string, Promise<TttRunner>>();

function sessionOptions(provider: string): Ort.InferenceSession.SessionOptions {
  return { executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
}

function readVerified(file: string, sha256?: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new RegimeLabError('E_NOT_FOUND', `model file ${file} cannot be read: ${(error as Error).message}`);
  }
  if (sha256) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new RegimeLabError('E_REFUSED', `model file ${path.basename(file)} has SHA-256 ${actual.slice(0, 12)}…, the manifest says ${sha256.slice(0, 12)}… (changed or truncated)`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function createSession(file: string, sha256?: string): Promise<Ort.InferenceSession> {
  const bytes = readVerified(file, sha256);
  try {
    return await ort.InferenceSession.create(bytes, sessionOptions(backend?.provider ?? 'cpu'));
  } catch (error) {
    throw new RegimeLabError('E_REFUSED', `${path.basename(file)} is not a loadable ONNX graph: ${(error as Error).message.split('\n')[0]}`);
  }
}

function session(file: string, sha256?: string): Promise<Ort.InferenceSession> {
  let s = sessions.get(file);
  if (!s) {
    s = createSession(file, sha256);
    sessions.set(file, s);
    s.catch(() => sessions.delete(file)); // a failed load is retried next time, not cached
  }
  return s;
}

function metadata(list: readonly Ort.InferenceSession.ValueMetadata[]): GraphTensorInfo[] {
  return list.map((m) => (m.isTensor ? { name: m.name, type: String(m.type), shape: m.shape.map((d) => (typeof d === 'number' ? d : String(d))) } : { name: m.name, type: 'non-tensor', shape: [] }));
}

function toFeed(t: Ort.Tensor): TensorFeed {
  return { data: t.data as Float32Array, dims: [...t.dims] };
}

async function runFloat(s: Ort.InferenceSession, feeds: Record<string, TensorFeed>): Promise<Record<string, Ort.Tensor>> {
  const tensors: Record<string, Ort.Tensor> = {};
  for (const [name, feed] of Object.entries(feeds)) tensors[name] = new ort.Tensor('float32', feed.data, feed.dims);
  return s.run(tensors);
}

function graphPath(model: ModelHandle, file: string): string {
  return path.join(model.dir, file);
}

/** The TTT runner of a classifier: its step/predict sessions and trained initial encoder, built once. */
async function tttRunner(model: ModelHandle): Promise<TttRunner> {
  const m = model.manifest as ClassifierManifest;
  if (!m.ttt) throw new RegimeLabError('E_REFUSED', `model ${m.id} has no TTT graphs`);
  const ttt = m.ttt;
  const stepSession = await session(graphPath(model, ttt.step.file), ttt.step.sha256);
  const predictSession = await session(graphPath(model, ttt.predict.file), ttt.predict.sha256);
  const raw = readVerified(graphPath(model, ttt.initial.file), ttt.initial.sha256);
  const sizes = adaptedSizes(ttt);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (raw.byteLength !== total * 4) throw new RegimeLabError('E_REFUSED', `${ttt.initial.file} holds ${raw.byteLength} bytes, the adapted tensors need ${total * 4}`);
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const initial: TttParams = {};
  let offset = 0;
  ttt.adapted.forEach((a, i) => {
    initial[a.name] = all.subarray(offset, offset + sizes[i]);
    offset += sizes[i];
  });
  const dims = (ref: typeof ttt.step, name: string): number[] => ref.inputs.find((t) => t.name === name)!.shape.map(Number);
  const shapes = Object.fromEntries(ttt.adapted.map((a) => [a.name, a.shape]));
  const paramFeeds = (params: TttParams): Record<string, Ort.Tensor> =>
    Object.fromEntries(Object.entries(params).map(([n, v]) => [`p.${n}`, new ort.Tensor('float32', v, shapes[n])]));
  const { width: W, height: H } = m.input.chart;
  const graphs: TttGraphs = {
    async step(xAux, yAux, lr, params) {
      const out = await stepSession.run({
        x_aux: new ort.Tensor('float32', xAux, dims(ttt.step, 'x_aux')),
        y_aux: new ort.Tensor('float32', yAux, dims(ttt.step, 'y_aux')),
        lr: new ort.Tensor('float32', Float32Array.of(lr), [1]),
        ...paramFeeds(params),
      });
      const next: TttParams = {};
      for (const a of ttt.adapted) next[a.name] = out[`new.${a.name}`].data as Float32Array;
      return { loss: Number((out.loss.data as Float32Array)[0]), params: next };
    },
    async predict(image, params) {
      const out = await predictSession.run({ x: new ort.Tensor('float32', image, [1, 1, H, W]), ...paramFeeds(params) });
      return out.logits.data as Float32Array;
    },
  };
  return new TttRunner(graphs, initial, { aux: ttt.aux, width: W, height: H, maskColumns: ttt.defaults.maskColumns, highClassIndex: m.output.highClassIndex });
}

const api: InferenceApi = {
  async backend(probeGraph, preferred) {
    if (backend) return backend;
    const supported = ort.listSupportedBackends().map((b) => b.name);
    const attempts: ProviderAttempt[] = [];
    const override = process.env.REGIMELAB_ORT_PROVIDERS?.split(',').map((s) => s.trim()).filter(Boolean);
    const order = override ?? preferred ?? ACCELERATED;
    const bytes = readVerified(probeGraph);
    let chosen = 'cpu';
    for (const provider of order) {
      if (provider === 'cpu') break;
      if (!supported.includes(provider)) {
        attempts.push({ provider, ok: false, reason: `not in onnxruntime's supported backends (${supported.join(', ')})` });
        continue;
      }
      try {
        const probe = await ort.InferenceSession.create(bytes, { ...sessionOptions(provider), executionProviders: [provider] });
        await probe.release();
        attempts.push({ provider, ok: true });
        chosen = provider;
        break;
      } catch (error) {
        attempts.push({ provider, ok: false, reason: (error as Error).message.split('\n')[0].slice(0, 300) });
      }
    }
    if (chosen === 'cpu') attempts.push({ provider: 'cpu', ok: true });
    backend = { provider: chosen, attempts, supported, threadsPerSession: 1 };
    return backend;
  },

  async inspectGraph(file, sha256) {
    const s = await session(file, sha256);
    return { inputs: metadata(s.inputMetadata), outputs: metadata(s.outputMetadata) };
  },

  async runGraph(file, feeds, sha256) {
    const out = await runFloat(await session(file, sha256), feeds);
    const result: Record<string, TensorFeed> = {};
    for (const [name, t] of Object.entries(out)) result[name] = toFeed(t);
    return Comlink.transfer(result, Object.values(result).map((f) => f.data.buffer as ArrayBuffer));
  },

  async forecast(model, candles, range, options, cancel, onProgress) {
    const m = model.manifest;
    if (m.task !== 'volatility-forecast') throw new RegimeLabError('E_BAD_INPUT', `model ${m.id} is a ${m.task}, not a volatility forecaster`);
    const signal = flagSignal(cancel);
    let panel = computeFeaturePanel(candles);
    const from = Math.max(range.fromRow, firstWindowRow(m.input.window));
    const to = Math.min(range.toRow, panel.rows);
    if (options.permute) panel = permutePanelColumns(panel, options.permute.features, from, to, options.permute.seed);
    const s = await session(graphPath(model, m.graph.file), m.graph.sha256);
    const inputName = m.graph.inputs[0].name;
    const C = m.input.features.length;
    const W = m.input.window;
    const count = Math.max(0, to - from);
    const rows = Int32Array.from({ length: count }, (_, i) => from + i);
    const forecast = new Float64Array(count);
    for (let b = 0; b < count; b += BATCH) {
      if (signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'forecast cancelled');
      const chunk = rows.subarray(b, Math.min(count, b + BATCH));
      const x = buildWindows(panel, m.input, chunk);
      const dims = W === 1 ? [chunk.length, C] : [chunk.length, W, C];
      const out = await s.run({ [inputName]: new ort.Tensor('float32', x, dims) });
      const y = out[m.output.tensor].data as Float32Array;
      for (let i = 0; i < chunk.length; i++) forecast[b + i] = m.output.scale * Math.exp(y[i]);
      await onProgress((b + chunk.length) / Math.max(1, count), 'forecasting');
    }
    const time = Float64Array.from(rows, (r) => panel.time[r]);
    return Comlink.transfer({ rows, time, forecast }, [rows.buffer, time.buffer, forecast.buffer]);
  },

  async classify(model, candles, ends, ttt, cancel, onProgress) {
    const m = model.manifest;
    if (m.task !== 'regime-classifier') throw new RegimeLabError('E_BAD_INPUT', `model ${m.id} is a ${m.task}, not a regime classifier`);
    const signal = flagSignal(cancel);
    const { chart } = m.input;
    const pixels = chart.width * chart.height;
    const n = ends.length;
    const probHigh = new Float64Array(n);
    const steps = new Float64Array(n);
    const ms = new Float64Array(n);
    if (!ttt || ttt.mode === 'none') {
      const s = await session(graphPath(model, m.graph.file), m.graph.sha256);
      const batch = 64;
      for (let b = 0; b < n; b += batch) {
        if (signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'classification cancelled');
        const k = Math.min(batch, n - b);
        const x = new Float32Array(k * pixels);
        for (let i = 0; i < k; i++) rasterizeChart(candles, ends[b + i], chart, x.subarray(i * pixels, (i + 1) * pixels));
        const out = await s.run({ [m.graph.inputs[0].name]: new ort.Tensor('float32', x, [k, 1, chart.height, chart.width]) });
        const logits = out[m.output.tensor].data as Float32Array;
        for (let i = 0; i < k; i++) probHigh[b + i] = softmax2(logits.subarray(2 * i, 2 * i + 2))[m.output.highClassIndex];
        await onProgress((b + k) / n, 'classifying');
      }
    } else {
      const key = `${model.dir}#${m.id}`;
      let runner = tttRunners.get(key);
      if (!runner) {
        runner = tttRunner(model);
        tttRunners.set(key, runner);
        runner.catch(() => tttRunners.delete(key));
      }
      const r = await runner;
      const image = new Float32Array(pixels);
      for (let i = 0; i < n; i++) {
        if (signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'test-time training cancelled');
        rasterizeChart(candles, ends[i], chart, image);
        const res = await r.run(image, ttt.contextKey, ttt);
        probHigh[i] = res.probHigh;
        steps[i] = res.steps;
        ms[i] = res.ms;
        if (i % 16 === 15 || i === n - 1) await onProgress((i + 1) / n, `test-time training (${ttt.mode})`);
      }
    }
    const endsCopy = Int32Array.from(ends);
    return Comlink.transfer({ ends: endsCopy, probHigh, steps, ms }, [endsCopy.buffer, probHigh.buffer, steps.buffer, ms.buffer]);
  },

  async garchBaseline(close, options, cancel) {
    const out = garchHorizonVol(close, { ...options, signal: flagSignal(cancel) });
    return Comlink.transfer(out, [out.buffer]);
  },

  async resetTtt() {
    for (const r of tttRunners.values()) (await r).reset();
  },

  async sessions() {
    return [...sessions.keys()];
  },

  async crash() {
    setTimeout(() => process.exit(3), 0);
  },
};

Comlink.expose(api, nodeEndpoint(parentPort));
