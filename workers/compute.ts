// Compute worker entry point: exposes core/ computations to main through comlink over a
// worker_threads port. Typed arrays come in and go back as transfers, never copies of row objects.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort, threadId } from 'node:worker_threads';
import { simulateSample } from '../core/sample/simulated-btc.ts';
import { resampleCandles } from '../core/series/resample.ts';
import type { ComputeApi } from './compute-api.ts';
import { candleBuffers, flagSignal } from './transfer.ts';
import { installErrorTransfer } from './comlink-errors.ts';

if (!parentPort) throw new Error('workers/compute must run in a worker thread');
installErrorTransfer();

const api: ComputeApi = {
  async echo(values, onProgress) {
    let sum = 0;
    const doubled = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      sum += values[i];
      doubled[i] = 2 * values[i];
    }
    await onProgress(1, 'echo done');
    return Comlink.transfer({ sum, doubled, threadId }, [doubled.buffer]);
  },

  async seedSample(spec, cancelFlag, onProgress) {
    const signal = flagSignal(cancelFlag);
    const sample = simulateSample(spec, (f) => void onProgress(0.8 * f, 'simulating'), signal);
    const resampled = {
      '4h': resampleCandles(sample.candles, '1h', '4h'),
      '1d': resampleCandles(sample.candles, '1h', '1d'),
      '1w': resampleCandles(sample.candles, '1h', '1w'),
    };
    await onProgress(0.9, 'resampled');
    const result = { base: sample.candles, resampled, states: sample.states, model: sample.model, spec: sample.spec };
    const buffers = [
      ...candleBuffers(sample.candles),
      ...Object.values(resampled).flatMap(candleBuffers),
      sample.states.buffer as ArrayBuffer,
    ];
    return Comlink.transfer(result, buffers);
  },

  async crash() {
    setTimeout(() => process.exit(3), 0);
  },
};

Comlink.expose(api, nodeEndpoint(parentPort));
