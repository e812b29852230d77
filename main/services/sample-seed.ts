// Seeds the store with the embedded simulated sample on first start (no download needed): the
// simulation and resampling run in a compute worker; the store write is one transaction.

import * as Comlink from 'comlink';
import { DEFAULT_SAMPLE_SPEC, SAMPLE_DESCRIPTION, SAMPLE_SYMBOL } from '../../core/sample/simulated-btc.ts';
import type { ComputeApi } from '../../workers/compute-api.ts';
import type { CandleStore } from './store/candle-store.ts';
import type { JobContext } from './jobs/job-registry.ts';
import type { WorkerPool } from './workers/worker-pool.ts';
import { RegimeLabError } from '../../core/errors.ts';

export const SAMPLE_SEEDED_KEY = 'sample.seeded';

export async function seedSample(
  store: CandleStore,
  pool: WorkerPool<ComputeApi>,
  ctx: JobContext,
  options: { seed?: number; years?: number } = {},
): Promise<{ instrumentId: number; bars: number }> {
  const spec = {
    ...DEFAULT_SAMPLE_SPEC,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.years === undefined ? {} : { bars: options.years * 8760 }),
  };
  const sample = await pool.run((api) =>
    api.seedSample(spec, ctx.cancelFlag, Comlink.proxy((fraction: number, message?: string) => ctx.progress(0.9 * fraction, message))),
  );
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user');
  ctx.progress(0.92, 'writing to the store');
  const instrumentId = store.transaction(() => {
    const id = store.ensureInstrument({ symbol: SAMPLE_SYMBOL, exchange: 'simulated', market: 'simulated', simulated: true, description: SAMPLE_DESCRIPTION });
    store.replaceCandles(id, '1h', sample.base, null);
    for (const [tf, candles] of Object.entries(sample.resampled)) store.replaceCandles(id, tf as '4h' | '1d' | '1w', candles, '1h');
    store.writeSimulationTruth(id, '1h', sample.base.time, sample.states, sample.model, sample.spec);
    store.setSetting(SAMPLE_SEEDED_KEY, JSON.stringify({ version: 1, seed: spec.seed, at: Date.now() }));
    return id;
  });
  return { instrumentId, bars: sample.base.time.length };
}
