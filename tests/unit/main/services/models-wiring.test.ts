// ONNX models through the workstation (direct transport, real SQLite, real inference workers): shipped
// models registered at open without a worker, predictions saved as regime-fit runs whose overlay the
// chart draws, import refusals as E_REFUSED, the evaluation tables, cancel leaving no run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Workstation } from '../../../../main/services/workstation.ts';
import { RegimeLabError } from '../../../../core/errors.ts';
import type { JobResult } from '../../../../core/contract/jobs.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const xgbDir = path.join(repoRoot, 'resources/models/btc-1h-rv24-xgb');
const DEC_2025 = Date.UTC(2025, 11, 1);

describe('ONNX models in the workstation', () => {
  let dir: string;
  let ws: Workstation;
  let instrumentId: number;
  beforeAll(async () => {
    process.env.REGIMELAB_ORT_PROVIDERS = 'cpu';
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
    instrumentId = (await ws.call('data.listInstruments', {}))[0].id;
  });
  afterAll(async () => {
    await ws?.close();
    removeDir(dir);
  });

  it('lists the shipped models at open without starting an inference worker', async () => {
    const models = await ws.call('models.list', {});
    expect(models.map((m) => m.id)).toEqual(['btc-1h-chart-cnn-mask', 'btc-1h-chart-cnn-rotation', 'btc-1h-rv24-lstm-attn', 'btc-1h-rv24-patchtst', 'btc-1h-rv24-xgb']);
    const xgb = models.find((m) => m.id === 'btc-1h-rv24-xgb')!;
    expect(xgb).toMatchObject({ task: 'volatility-forecast', source: 'shipped', timeframe: '1h', horizonBars: 24, input: '45 features of the prediction row', ttt: null });
    expect((xgb.training?.metrics.test as { qlike: number }).qlike).toBeGreaterThan(0);
    expect(models.find((m) => m.id === 'btc-1h-chart-cnn-mask')?.ttt).toMatchObject({ aux: 'masked-column', steps: 3 });
    const info = await ws.call('system.info', {});
    expect(info.inference).toMatchObject({ state: 'not started', provider: null });
    expect(ws.models.spawnedWorkers).toBe(0);
    const full = await ws.call('models.get', { modelId: 'btc-1h-rv24-xgb' });
    expect(full.manifest.id).toBe('btc-1h-rv24-xgb');
    await expect(ws.call('models.get', { modelId: 'nope' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('predicts with a forecaster: a regime-fit run (source onnx) whose overlay draws bands, causally thresholded', async () => {
    const result = (await ws.startJob('models.predict', { modelId: 'btc-1h-rv24-xgb', instrumentId, timeframe: '1h', from: Date.UTC(2025, 8, 1) }).done) as JobResult<'models.predict'>;
    expect(result.task).toBe('volatility-forecast');
    expect(result.bars).toBeGreaterThan(2500);
    expect(result.highShare).toBeGreaterThan(0.01);
    expect(result.highShare).toBeLessThan(0.99);
    expect(result.threshold.rule).toMatch(/0\.75 quantile .* complete before the bar/);
    const run = await ws.call('runs.get', { runId: result.runId, series: 'all' });
    expect(run).toMatchObject({ kind: 'regime-fit', hindsight: false, summary: { source: 'onnx', regimes: 2, modelId: 'btc-1h-rv24-xgb' } });
    expect(run.series.time[0]).toBeGreaterThanOrEqual(Date.UTC(2025, 8, 1));
    const overlay = await ws.call('regimes.getOverlay', { runId: result.runId });
    expect(overlay.regimeCount).toBe(2);
    expect(overlay.probHigh.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(overlay.spells.startTime.length).toBeGreaterThan(1);
    // The band is turbulent exactly where the forecast reaches the per-bar threshold.
    const { score, threshold, regime } = run.series;
    for (let t = 0; t < score.length; t += 97) expect(regime[t]).toBe(score[t] >= threshold[t] ? 1 : 0);
    expect(Array.from(overlay.regime)).toEqual(Array.from(regime));
    const info = await ws.call('system.info', {});
    expect(info.inference).toMatchObject({ state: 'ready', provider: 'cpu' });
  });

  it('predicts with a chart classifier: P(high vol) probabilities in [0, 1] as the overlay', async () => {
    const result = (await ws.startJob('models.predict', { modelId: 'btc-1h-chart-cnn-mask', instrumentId, timeframe: '1h', from: DEC_2025 }).done) as JobResult<'models.predict'>;
    expect(result.predictions).toBe(result.bars);
    const overlay = await ws.call('regimes.getOverlay', { runId: result.runId });
    expect(overlay.probHigh.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(overlay.probHigh.some((p) => p > 0 && p < 1)).toBe(true); // probabilities, not a 0/1 state
    expect(overlay.label).toBe('ONNX btc-1h-chart-cnn-mask');
  });

  it('refuses a model on another timeframe, and an unknown TTT mode', async () => {
    await expect(ws.startJob('models.predict', { modelId: 'btc-1h-rv24-xgb', instrumentId, timeframe: '4h' }).done).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/trained on 1h bars/) });
    expect(() => ws.startJob('models.predict', { modelId: 'btc-1h-rv24-xgb', instrumentId, timeframe: '1h', ttt: 'sometimes' })).toThrow(/ttt/);
  });

  it('imports a model (copied, validated), refuses damaged files with E_REFUSED and the reason, removes only imports', async () => {
    const folder = path.join(dir, 'incoming');
    fs.mkdirSync(folder);
    for (const f of fs.readdirSync(xgbDir)) fs.copyFileSync(path.join(xgbDir, f), path.join(folder, f));
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { id: string };
    manifest.id = 'my-xgb';
    fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
    const imported = (await ws.startJob('models.import', { onnxPath: path.join(folder, 'model.onnx'), manifestPath: path.join(folder, 'manifest.json') }).done) as JobResult<'models.import'>;
    expect(imported).toMatchObject({ id: 'my-xgb', source: 'imported', dir: path.join(dir, 'models', 'my-xgb') });
    expect((await ws.call('models.list', {})).some((m) => m.id === 'my-xgb')).toBe(true);

    const truncated = path.join(folder, 'truncated.onnx');
    fs.writeFileSync(truncated, fs.readFileSync(path.join(folder, 'model.onnx')).subarray(0, 1000));
    const refusal = await ws.startJob('models.import', { onnxPath: truncated, manifestPath: path.join(folder, 'manifest.json') }).done.catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RegimeLabError);
    expect(refusal).toMatchObject({ code: 'E_REFUSED', message: expect.stringMatching(/model\.onnx has 1000 bytes, the manifest says \d+ \(truncated\)/) });
    const notOnnx = path.join(folder, 'notes.onnx');
    fs.writeFileSync(notOnnx, 'x'.repeat(294_762));
    await expect(ws.startJob('models.import', { onnxPath: notOnnx, manifestPath: path.join(folder, 'manifest.json') }).done).rejects.toMatchObject({ code: 'E_REFUSED', message: expect.stringMatching(/not an ONNX file/) });

    await expect(ws.call('models.remove', { modelId: 'btc-1h-rv24-xgb' })).rejects.toMatchObject({ code: 'E_REFUSED' });
    expect(await ws.call('models.remove', { modelId: 'my-xgb' })).toEqual({ removed: true });
    expect(fs.existsSync(imported.dir)).toBe(false);
  });

  it('evaluates forecasters against GARCH(1,1)-t: the research table', async () => {
    const e = (await ws.startJob('models.evaluate', { modelIds: ['btc-1h-rv24-xgb'], instrumentId, timeframe: '1h', from: DEC_2025, importance: false, garchWindow: 1000, garchRefitEvery: 500 }).done) as JobResult<'models.evaluate'>;
    expect(e).toMatchObject({ task: 'volatility-forecast', modelIds: ['btc-1h-rv24-xgb'], simulated: true, provider: 'cpu', classifier: null });
    const table = e.forecasters!;
    expect(table.baseline).toBe('GARCH(1,1)-t');
    expect(table.rows.map((r) => r.model)).toEqual(['GARCH(1,1)-t', 'btc-1h-rv24-xgb']);
    expect(table.n).toBeGreaterThan(500);
    const xgb = table.rows[1];
    expect(xgb.accuracy.qlike).toBeGreaterThan(0);
    expect(xgb.vsBaseline!.mse.pValue).toBeGreaterThanOrEqual(0);
    expect(xgb.vsBaseline!.mse.pValue).toBeLessThanOrEqual(1);
  });

  it('evaluates a chart classifier as Baseline and TTT standard', async () => {
    const e = (await ws.startJob('models.evaluate', { modelIds: ['btc-1h-chart-cnn-rotation'], instrumentId, timeframe: '1h', from: DEC_2025, modes: ['none', 'standard'], strideBars: 48 }).done) as JobResult<'models.evaluate'>;
    expect(e.classifier!.rows.map((r) => r.mode)).toEqual(['Baseline', 'TTT standard']);
    const [baseline, ttt] = e.classifier!.rows;
    expect(baseline.evaluation.overall.n).toBeGreaterThan(5);
    expect(baseline.evaluation.overall.accuracy).toBeGreaterThanOrEqual(0);
    expect(ttt.meanSteps).toBe(3);
    expect(e.forecasters).toBeNull();
  });

  it('cancels a prediction, leaving no run behind', async () => {
    const before = (await ws.call('runs.list', { kind: 'regime-fit' })).length;
    const { jobId, done } = ws.startJob('models.predict', { modelId: 'btc-1h-chart-cnn-mask', instrumentId, timeframe: '1h', ttt: 'standard' });
    const off = ws.on('job.progress', (p) => p.jobId === jobId && p.message.startsWith('test-time training') && ws.jobs.cancel(jobId));
    await expect(done).rejects.toMatchObject({ code: 'E_CANCELLED' });
    off();
    expect((await ws.call('runs.list', { kind: 'regime-fit' })).length).toBe(before);
  });
});
