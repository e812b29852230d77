// Helpers shared by worker entry points: the buffers of a candle set to transfer, and the cancel
// signal backed by a SharedArrayBuffer flag that main sets when a job is cancelled.

import type { CancelSignal } from '../core/errors.ts';
import { CANDLE_FIELDS, type Candles } from '../core/series/candles.ts';

export function candleBuffers(candles: Candles): ArrayBuffer[] {
  return [candles.time, candles.flags, ...CANDLE_FIELDS.map((f) => candles[f])].map((a) => a.buffer as ArrayBuffer);
}

export function flagSignal(flag: Int32Array): CancelSignal {
  return { cancelled: () => Atomics.load(flag, 0) !== 0 };
}
