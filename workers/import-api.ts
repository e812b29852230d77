// The import worker's interface as main sees it through comlink (types only).

import type { ParseCandleFileOptions, ParsedCandleFile } from '../core/data/parse-candle-file.ts';
import type { ProgressCallback } from './compute-api.ts';

export type ImportParseOptions = Omit<ParseCandleFileOptions, 'onProgress' | 'signal' | 'inflateRaw' | 'crc32'>;

export type ImportApi = {
  /** Parses and validates one file's bytes (transferred in) into candles and its import report. */
  parse(bytes: Uint8Array, fileName: string, options: ImportParseOptions, cancelFlag: Int32Array, onProgress: ProgressCallback): Promise<ParsedCandleFile>;
};
