// Benchmark: one year of BTC-like 1-minute candles (525,600 rows) as 12 monthly Binance archives
// (12 columns; ms timestamps for 2024, µs for 2025 as Binance spot ships them), timed from zip bytes
// to validated Candles with parseCandleFile, and resampling of the year to each coarser timeframe.
// Run: node scripts/run-ts.mjs tests/bench/import-parse.ts [runs]

import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { parseCandleFile } from '../../core/data/parse-candle-file.ts';
import { syntheticMonthlyArchives } from '../../core/data/synthetic-archive.ts';
import { unzipMembers } from '../../core/data/archive.ts';
import { sha256Hex } from '../../core/data/sha256.ts';
import { allocateCandles, CANDLE_FIELDS, type Candles } from '../../core/series/candles.ts';
import { resampleCandles } from '../../core/series/resample.ts';
import type { Timeframe } from '../../core/series/timeframe.ts';

const runs = Number(process.argv[2] ?? 5);
const startMs = Date.UTC(2024, 3, 1);
const endMs = Date.UTC(2025, 3, 1);

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `min ${sorted[0].toFixed(1)} ms, median ${median.toFixed(1)} ms`;
}

function concat(parts: Candles[]): Candles {
  const total = parts.reduce((n, c) => n + c.time.length, 0);
  const out = allocateCandles(total);
  let offset = 0;
  for (const part of parts) {
    out.time.set(part.time, offset);
    out.flags.set(part.flags, offset);
    for (const field of CANDLE_FIELDS) out[field].set(part[field], offset);
    offset += part.time.length;
  }
  return out;
}

let t = performance.now();
const archives = syntheticMonthlyArchives({ symbol: 'BTCUSDT', timeframe: '1m', startMs, endMs, seed: 2024, microsecondsFromMs: Date.UTC(2025, 0, 1) });
const generateMs = performance.now() - t;
const rows = archives.reduce((n, a) => n + a.rows, 0);
const zipBytes = archives.reduce((n, a) => n + a.bytes.length, 0);
const csvBytes = archives.reduce((n, a) => n + a.csvBytes, 0);
console.log(`generated ${archives.length} monthly zips, ${rows} rows, ${(zipBytes / 1e6).toFixed(1)} MB zipped, ${(csvBytes / 1e6).toFixed(1)} MB CSV, in ${generateMs.toFixed(0)} ms`);

const nowMs = Date.UTC(2026, 0, 1);
const full: number[] = [];
const withNodeHash: number[] = [];
const withNodeHashAndZlib: number[] = [];
// What the Node import worker can pass: node:crypto for the hash, zlib for raw DEFLATE.
const inflateRaw = (data: Uint8Array, max: number): Uint8Array => inflateRawSync(data, { maxOutputLength: max });
const unzipOnly: number[] = [];
const hashOnly: number[] = [];
let year: Candles | null = null;
for (let run = 0; run < runs; run++) {
  t = performance.now();
  for (const a of archives) unzipMembers(a.bytes, a.fileName);
  unzipOnly.push(performance.now() - t);

  t = performance.now();
  for (const a of archives) sha256Hex(a.bytes);
  hashOnly.push(performance.now() - t);

  t = performance.now();
  const parts: Candles[] = [];
  for (const a of archives) parts.push((await parseCandleFile(a.bytes, a.fileName, { nowMs })).candles);
  full.push(performance.now() - t);

  t = performance.now();
  const parts2: Candles[] = [];
  for (const a of archives) {
    const sha256 = createHash('sha256').update(a.bytes).digest('hex');
    parts2.push((await parseCandleFile(a.bytes, a.fileName, { nowMs, sha256 })).candles);
  }
  withNodeHash.push(performance.now() - t);

  t = performance.now();
  for (const a of archives) {
    const sha256 = createHash('sha256').update(a.bytes).digest('hex');
    await parseCandleFile(a.bytes, a.fileName, { nowMs, sha256, inflateRaw });
  }
  withNodeHashAndZlib.push(performance.now() - t);
  year = concat(parts);
}
if (!year || year.time.length !== rows) throw new Error(`expected ${rows} bars, got ${year?.time.length}`);
console.log(`unzip (fflate) + CRC only (12 zips):                 ${stats(unzipOnly)}`);
console.log(`SHA-256 in pure TS only (12 zips):                   ${stats(hashOnly)}`);
console.log(`parseCandleFile, zip → Candles (TS SHA-256):         ${stats(full)}`);
console.log(`parseCandleFile, zip → Candles (node:crypto SHA-256): ${stats(withNodeHash)}`);
console.log(`parseCandleFile, zip → Candles (node:crypto + zlib):  ${stats(withNodeHashAndZlib)}`);

const targets: Timeframe[] = ['5m', '15m', '1h', '4h', '1d', '1w'];
for (const to of targets) {
  const samples: number[] = [];
  let bars = 0;
  for (let run = 0; run < Math.max(runs, 5); run++) {
    t = performance.now();
    bars = resampleCandles(year, '1m', to).time.length;
    samples.push(performance.now() - t);
  }
  console.log(`resample 1m → ${to.padEnd(3)} (${String(bars).padStart(6)} bars): ${stats(samples)}`);
}
