// What the strategy editor shows before a run: the example configs shipped with the app, and the
// leverage schedule a config would hold on a saved regime run (the config's regime source replaced
// by that run's filtered probabilities, benchmarks off) — computed by the same engine, in a worker.

import * as Comlink from 'comlink';
import fs from 'node:fs';
import path from 'node:path';
import { RegimeLabError } from '../../../core/errors.ts';
import type { Timeframe } from '../../../core/series/timeframe.ts';
import type { ComputeApi } from '../../../workers/compute-api.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { getRun } from '../runs/run-store.ts';
import { loadBacktestData } from './run-backtest.ts';

export function strategyExamples(appRoot: string): { file: string; name: string; description: string; config: unknown }[] {
  const dir = path.join(appRoot, 'resources', 'strategies');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const config = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { name?: string; description?: string };
      return { file, name: config.name ?? file.replace(/\.json$/, ''), description: config.description ?? '', config };
    });
}

export async function previewLeverage(store: CandleStore, pool: WorkerPool<ComputeApi>, input: { config: unknown; timeframe: Timeframe; regimeRunId: string }) {
  if (!input.config || typeof input.config !== 'object') throw new RegimeLabError('E_BAD_INPUT', 'config must be an object');
  const run = getRun(store, input.regimeRunId);
  if (run.kind !== 'regime-fit') throw new RegimeLabError('E_BAD_INPUT', `run ${input.regimeRunId} is a ${run.kind}, not a regime fit`);
  const config = { ...(input.config as Record<string, unknown>), regimes: { source: 'series' }, benchmarks: false, execution: { path: 'vector' } };
  const instruments = (config as { instruments?: unknown[] }).instruments ?? [];
  const { data } = loadBacktestData(store, { config, timeframe: input.timeframe, regimeRunIds: instruments.map(() => input.regimeRunId) });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const result = await pool.run((api) => api.runBacktest(config, data, flag, Comlink.proxy(() => {})));
  return { time: result.time, leverage: result.grossLeverage, regime: result.regimeSeen[0] ?? new Int8Array(result.time.length).fill(-1), hindsight: result.hindsight };
}
