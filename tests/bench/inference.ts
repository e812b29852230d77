// Benchmark: ONNX inference in a real inference worker (onnxruntime-node CPU, 1 intra-op thread):
// LSTM windows/s (raw graph, batch 1 and 512), XGB and PatchTST rows/s, chart classifier images/s
// (batch 1 and 64), and TTT ms/sample (min/median) per mode for both auxiliary tasks, on real BTCUSDT 1h.
// Run: node scripts/build.mjs --node-only && node scripts/run-ts.mjs tests/bench/inference.ts
import fs from 'node:fs';
import path from 'node:path';
import { appPaths, findAppRoot } from '../../main/services/paths.ts';
import { InferencePool } from '../../main/services/models/inference-pool.ts';
import { parseModelManifest } from '../../core/ml/manifest.ts';
import { lowerBound } from '../../core/series/candles.ts';
import type { ModelHandle } from '../../workers/inference-api.ts';
import { BTC_1H_PARQUET, loadCandles } from '../../scripts/train/load-candles.ts';

// The pool's workers are unref'd (a CLI that never computes must be able to exit): hold the loop open.
const keepAlive = setInterval(() => {}, 1 << 30);
const root = findAppRoot(process.cwd());
const modelsDir = path.join(root, 'resources/models');
const handle = (id: string): ModelHandle => ({ dir: path.join(modelsDir, id), manifest: parseModelManifest(JSON.parse(fs.readFileSync(path.join(modelsDir, id, 'manifest.json'), 'utf8'))) });
const pool = new InferencePool({ entryPath: appPaths(root).workerEntry('inference'), probeGraph: path.join(modelsDir, 'btc-1h-rv24-xgb/model.onnx') });
const { candles } = await loadCandles(BTC_1H_PARQUET);
const backend = await pool.backend();
console.log(`execution provider: ${backend.provider} (${backend.attempts.filter((a) => !a.ok).map((a) => `${a.provider}: ${a.reason?.slice(0, 60)}`).join('; ')})`);

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function graphThroughput(id: string, batch: number, reps: number, label: string): Promise<void> {
  const m = handle(id).manifest;
  const file = path.join(modelsDir, id, m.graph.file);
  const dims = m.graph.inputs[0].shape.map((d) => (typeof d === 'number' ? d : batch));
  const size = dims.reduce((a, b) => a * b, 1);
  await pool.runGraph(file, { [m.graph.inputs[0].name]: { data: new Float32Array(size).fill(0.1), dims } }, m.graph.sha256); // warm
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await pool.runGraph(file, { [m.graph.inputs[0].name]: { data: new Float32Array(size).fill(0.1), dims } });
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  console.log(`${label.padEnd(34)} batch ${String(batch).padStart(3)}: median ${ms.toFixed(3)} ms/call → ${((batch * 1000) / ms).toFixed(0)} /s (min ${Math.min(...times).toFixed(3)} ms, ${reps} calls, incl. thread transfer)`);
}

await graphThroughput('btc-1h-rv24-lstm-attn', 1, 200, 'LSTM+attention windows');
await graphThroughput('btc-1h-rv24-lstm-attn', 512, 20, 'LSTM+attention windows');
await graphThroughput('btc-1h-rv24-xgb', 512, 20, 'XGB rows');
await graphThroughput('btc-1h-rv24-patchtst', 512, 10, 'PatchTST windows');
await graphThroughput('btc-1h-chart-cnn-mask', 1, 100, 'chart classifier images');
await graphThroughput('btc-1h-chart-cnn-mask', 64, 20, 'chart classifier images');

const fromRow = lowerBound(candles.time, Date.UTC(2024, 0, 1));
let t0 = performance.now();
const f = await pool.forecast(handle('btc-1h-rv24-lstm-attn'), candles, { fromRow, toRow: candles.time.length });
console.log(`LSTM forecast from candles (panel + windows + model, ${f.forecast.length} rows): ${(performance.now() - t0).toFixed(0)} ms → ${((f.forecast.length * 1000) / (performance.now() - t0)).toFixed(0)} windows/s`);

const ends = Int32Array.from({ length: 40 }, (_, i) => fromRow + 24 * i);
t0 = performance.now();
await pool.classify(handle('btc-1h-chart-cnn-mask'), candles, ends, null);
console.log(`classifier from candles (rasterize + model, 40 images): ${(((performance.now() - t0) / 40) * 1).toFixed(2)} ms/image`);
for (const id of ['btc-1h-chart-cnn-mask', 'btc-1h-chart-cnn-rotation']) {
  const m = handle(id);
  const d = m.manifest.task === 'regime-classifier' ? m.manifest.ttt!.defaults : { steps: 3, lr: 0.01 };
  for (const mode of ['standard', 'online', 'entropy'] as const) {
    await pool.resetTtt();
    const res = await pool.classify(m, candles, ends, { mode, steps: d.steps, lr: d.lr, maxMsPerSample: 5000, contextKey: 'bench' });
    const ms = Array.from(res.ms).slice(1); // the first sample also creates the sessions
    console.log(`TTT ${id.replace('btc-1h-chart-cnn-', '')} ${mode.padEnd(8)} ${d.steps} steps: min ${Math.min(...ms).toFixed(1)} ms/sample, median ${median(ms).toFixed(1)} ms/sample (first incl. session load ${res.ms[0].toFixed(0)} ms)`);
  }
}
await pool.close();
clearInterval(keepAlive);
