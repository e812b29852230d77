// The inference pool end to end on real BTCUSDT 1h bars: forecasts computed in the worker from candles
// equal the training pipeline's inputs (TS features = Python's dataset), sessions are reused, TTT modes
// run in their own worker with step caps and online state reset on context change, and a crashed
// worker fails its task clearly and is replaced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { appPaths } from '../../../../../main/services/paths.ts';
import { InferencePool } from '../../../../../main/services/models/inference-pool.ts';
import { parseModelManifest, type ForecasterManifest } from '../../../../../core/ml/manifest.ts';
import { parseCandleFile } from '../../../../../core/data/parse-candle-file.ts';
import { lowerBound, type Candles } from '../../../../../core/series/candles.ts';
import { computeFeaturePanel } from '../../../../../core/features/panel.ts';
import { buildWindows } from '../../../../../core/features/windows.ts';
import type { ModelHandle } from '../../../../../workers/inference-api.ts';
import { repoRoot, sharedPath } from '../../../helpers/paths.ts';

const modelsDir = path.join(repoRoot, 'resources/models');
const handle = (id: string): ModelHandle => ({ dir: path.join(modelsDir, id), manifest: parseModelManifest(JSON.parse(fs.readFileSync(path.join(modelsDir, id, 'manifest.json'), 'utf8'))) });
const TEST_FROM = Date.UTC(2024, 0, 1);

describe('inference pool on real BTCUSDT 1h', () => {
  let pool: InferencePool;
  let candles: Candles;
  beforeAll(async () => {
    process.env.REGIMELAB_ORT_PROVIDERS ??= 'cpu';
    pool = new InferencePool({ entryPath: appPaths(repoRoot).workerEntry('inference'), probeGraph: path.join(modelsDir, 'btc-1h-rv24-xgb/model.onnx') });
    const file = sharedPath('data/binance/exports/WhyZosa__BTC-predict/btcusdt_1h.parquet');
    candles = (await parseCandleFile(new Uint8Array(fs.readFileSync(file)), 'btcusdt_1h.parquet', { timeframe: '1h' })).candles;
  });
  afterAll(async () => pool?.close());

  it('reports the execution provider and why the accelerated ones were not used', async () => {
    const report = await pool.backend();
    expect(report.provider).toBe('cpu');
    expect(report.threadsPerSession).toBe(1);
    expect(report.attempts.at(-1)).toEqual({ provider: 'cpu', ok: true });
  });

  it('builds the same model inputs in TS as the Python training pipeline read from the dataset', () => {
    const panel = computeFeaturePanel(candles);
    const row = lowerBound(candles.time, TEST_FROM);
    for (const id of ['btc-1h-rv24-lstm-attn', 'btc-1h-rv24-xgb', 'btc-1h-rv24-patchtst']) {
      const m = handle(id).manifest as ForecasterManifest;
      const golden = JSON.parse(fs.readFileSync(path.join(modelsDir, id, 'golden.json'), 'utf8')) as { inputs: { x: { data: number[] } } };
      const x = buildWindows(panel, m.input, [row]);
      // The dataset stores features as float32: allow that rounding through the z-score.
      x.forEach((v, i) => expect(Math.abs(v - golden.inputs.x.data[i])).toBeLessThan(2e-4));
    }
  });

  it('forecasts a test period from candles in the worker and reuses the session', async () => {
    const fromRow = lowerBound(candles.time, TEST_FROM);
    const res = await pool.forecast(handle('btc-1h-rv24-lstm-attn'), candles, { fromRow, toRow: fromRow + 1000 });
    expect(res.forecast).toHaveLength(1000);
    expect(res.time[0]).toBe(TEST_FROM);
    for (const v of res.forecast) expect(v > 1e-4 && v < 0.05).toBe(true);
    const again = await pool.forecast(handle('btc-1h-rv24-lstm-attn'), candles, { fromRow, toRow: fromRow + 10 });
    expect(Array.from(again.forecast)).toEqual(Array.from(res.forecast.subarray(0, 10)));
    const sessions = await pool.sessions();
    expect(sessions.filter((s) => s.includes('btc-1h-rv24-lstm-attn'))).toHaveLength(1);
  });

  it('runs the chart classifier as baseline and with TTT; online state carries over and resets on a new context', async () => {
    const model = handle('btc-1h-chart-cnn-mask');
    const start = lowerBound(candles.time, TEST_FROM);
    const ends = Int32Array.from({ length: 6 }, (_, i) => start + 24 * i);
    const base = await pool.classify(model, candles, ends, null);
    for (const p of base.probHigh) expect(p >= 0 && p <= 1).toBe(true);
    const opts = { steps: 2, lr: 0.01, maxMsPerSample: 10_000 };
    const standard = await pool.classify(model, candles, ends, { mode: 'standard', ...opts, contextKey: 'BTCUSDT/1h' });
    expect(Array.from(standard.steps)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(Array.from(standard.probHigh)).not.toEqual(Array.from(base.probHigh));
    const standardAgain = await pool.classify(model, candles, ends.subarray(3), { mode: 'standard', ...opts, contextKey: 'BTCUSDT/1h' });
    expect(Array.from(standardAgain.probHigh)).toEqual(Array.from(standard.probHigh.subarray(3))); // standard: no memory
    await pool.resetTtt();
    const online = await pool.classify(model, candles, ends, { mode: 'online', ...opts, contextKey: 'BTCUSDT/1h' });
    expect(online.probHigh[0]).toBeCloseTo(standard.probHigh[0], 6); // first sample: same start
    // A new context starts from the trained encoder again: its first sample equals standard TTT on that image.
    const fresh = await pool.classify(model, candles, ends.subarray(4, 5), { mode: 'online', ...opts, contextKey: 'SOLUSDT/1h' });
    expect(fresh.probHigh[0]).toBeCloseTo(standard.probHigh[4], 6);
    const capped = await pool.classify(model, candles, ends.subarray(0, 2), { mode: 'standard', steps: 50, lr: 0.001, maxMsPerSample: 1, contextKey: 'BTCUSDT/1h' });
    expect(Array.from(capped.steps)).toEqual([1, 1]); // the time cap stops after the first step
    await expect(pool.classify(model, candles, ends, { mode: 'standard', ...opts, steps: 500, contextKey: 'x' })).rejects.toThrow(/ttt.steps must be an integer in \[1, 50\]/);
  });

  it('fails the task of a crashed worker clearly and serves the next one from a fresh worker', async () => {
    const before = pool.spawned;
    await expect(pool.crashInferenceWorker()).rejects.toThrow(/inference worker crashed/);
    const res = await pool.forecast(handle('btc-1h-rv24-xgb'), candles, { fromRow: 60_000, toRow: 60_010 });
    expect(res.forecast).toHaveLength(10);
    expect(pool.spawned).toBeGreaterThan(before);
  });
});
