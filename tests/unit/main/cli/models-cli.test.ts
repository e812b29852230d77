// `regimelab models / predict / evaluate` as users run them: the real bin in a child process, on its own data dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const bin = path.join(repoRoot, 'bin', 'regimelab.mjs');
function regimelab(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, REGIMELAB_ORT_PROVIDERS: 'cpu' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('regimelab models, predict, evaluate', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => removeDir(dir));

  it('models list --json shows the five shipped models with their held-back metrics', () => {
    const { code, stdout } = regimelab(['models', 'list', '--json', '--data-dir', dir]);
    expect(code).toBe(0);
    const models = JSON.parse(stdout) as { id: string; task: string; source: string; training: { metrics: { test: Record<string, number> } } }[];
    expect(models).toHaveLength(5);
    expect(models.every((m) => m.source === 'shipped')).toBe(true);
    expect(models.filter((m) => m.task === 'volatility-forecast').map((m) => m.id)).toEqual(['btc-1h-rv24-lstm-attn', 'btc-1h-rv24-patchtst', 'btc-1h-rv24-xgb']);
    expect(models.find((m) => m.id === 'btc-1h-chart-cnn-mask')!.training.metrics.test.accuracy).toBeGreaterThan(0.5);
  });

  it('predict --out writes the per-bar signal and saves a run', () => {
    const out = path.join(dir, 'signal.csv');
    const { code, stdout, stderr } = regimelab(['predict', '--model', 'btc-1h-rv24-lstm-attn', '--symbol', 'SIM-BTCUSD', '--timeframe', '1h', '--from', '2025-11-01', '--out', out, '--data-dir', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/btc-1h-rv24-lstm-attn on SIM-BTCUSD 1h: \d+ bars/);
    expect(stdout).toMatch(/saved as run [0-9a-f-]{36} \(regime-fit, source onnx\)/);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,score,threshold,p_turbulent,regime');
    expect(lines[1]).toMatch(/^2025-11-01T00:00:00\.000Z,[\d.e-]+,[\d.e-]+,[01],[01]$/);
    expect(lines.length).toBeGreaterThan(1000);
  });

  it('evaluate --json returns the forecaster table against GARCH', () => {
    const { code, stdout } = regimelab(['evaluate', '--model', 'btc-1h-rv24-xgb', '--symbol', 'SIM-BTCUSD', '--timeframe', '1h', '--from', '2025-12-01', '--no-importance', '--garch-window', '1000', '--json', '--data-dir', dir]);
    expect(code).toBe(0);
    const e = JSON.parse(stdout) as { forecasters: { baseline: string; rows: { model: string; accuracy: { qlike: number } }[] } };
    expect(e.forecasters.rows.map((r) => r.model)).toEqual(['GARCH(1,1)-t', 'btc-1h-rv24-xgb']);
    expect(e.forecasters.rows[1].accuracy.qlike).toBeGreaterThan(0);
  });

  it('models add refuses a manifest whose graph does not match, with the reason and exit 1', () => {
    const { code, stderr } = regimelab(['models', 'add', path.join(repoRoot, 'resources/models/btc-1h-rv24-lstm-attn/model.onnx'), '--manifest', path.join(repoRoot, 'resources/models/btc-1h-rv24-xgb/manifest.json'), '--data-dir', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/regimelab models: model btc-1h-rv24-xgb: model\.onnx has \d+ bytes, the manifest says 294762 .*\[E_REFUSED\]/);
  });

  it('usage errors exit 2', () => {
    expect(regimelab(['models', '--data-dir', dir]).code).toBe(2);
    expect(regimelab(['predict', '--symbol', 'SIM-BTCUSD', '--data-dir', dir]).code).toBe(2);
  });
});
