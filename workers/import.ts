// Import worker entry point: parsing, validation and repair of exchange files (core/data) off the
// main thread. Bytes arrive transferred; candles go back transferred with the import report.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort } from 'node:worker_threads';
import { crc32, inflateRawSync } from 'node:zlib';
import { parseCandleFile } from '../core/data/parse-candle-file.ts';
import type { ImportApi } from './import-api.ts';
import { candleBuffers, flagSignal } from './transfer.ts';
import { installErrorTransfer } from './comlink-errors.ts';

if (!parentPort) throw new Error('workers/import must run in a worker thread');
installErrorTransfer();

// zlib's inflate is several times faster than the pure-JS fallback; its output cap keeps zip bombs bounded.
const inflateRaw = (data: Uint8Array, maxOutputBytes: number): Uint8Array => new Uint8Array(inflateRawSync(data, { maxOutputLength: maxOutputBytes }));

const api: ImportApi = {
  async parse(bytes, fileName, options, cancelFlag, onProgress) {
    let lastReported = -1;
    const parsed = await parseCandleFile(bytes, fileName, {
      ...options,
      inflateRaw,
      crc32,
      signal: flagSignal(cancelFlag),
      onProgress: (fraction) => {
        if (fraction - lastReported >= 0.02 || fraction === 1) {
          lastReported = fraction;
          void onProgress(fraction, 'parsing');
        }
      },
    });
    return Comlink.transfer(parsed, candleBuffers(parsed.candles));
  },
};

Comlink.expose(api, nodeEndpoint(parentPort));
