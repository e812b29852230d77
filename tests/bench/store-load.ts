// Benchmark: load a year of 1-minute candles (525,600 bars) from the store into typed arrays.
// Compares the columnar-chunk layout with the row-per-candle baseline in the same run (ratios are
// what matter on a shared machine). Run: node scripts/run-ts.mjs tests/bench/store-load.ts
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CandleStore } from '../../main/services/store/candle-store.ts';
import { allocateCandles, CANDLE_FIELDS } from '../../core/series/candles.ts';
import { createRng } from '../../core/random/rng.ts';
import { findAppRoot } from '../../main/services/paths.ts';

const BARS = 525_600;
const REPS = 7;
const root = findAppRoot(process.cwd());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regimelab-bench-'));

function yearOfMinutes() {
  const rng = createRng(1);
  const c = allocateCandles(BARS);
  let price = 42_000;
  const start = Date.UTC(2024, 3, 1);
  for (let i = 0; i < BARS; i++) {
    const next = price * Math.exp(0.0006 * rng.normal());
    c.time[i] = start + i * 60_000;
    c.open[i] = price;
    c.close[i] = next;
    c.high[i] = Math.max(price, next) * (1 + 0.0002 * rng.uniform());
    c.low[i] = Math.min(price, next) * (1 - 0.0002 * rng.uniform());
    c.volume[i] = 10 * rng.uniform();
    c.quoteVolume[i] = c.volume[i] * next;
    c.trades[i] = Math.floor(100 * rng.uniform());
    c.takerBuyBase[i] = c.volume[i] / 2;
    c.takerBuyQuote[i] = c.quoteVolume[i] / 2;
    price = next;
  }
  return c;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

const candles = yearOfMinutes();
const store = CandleStore.open(path.join(dir, 'store.sqlite'), { migrationsDir: path.join(root, 'main/services/store/migrations') });
const id = store.transaction(() => store.ensureInstrument({ symbol: 'BENCH', exchange: 'bench', market: 'spot', simulated: true }));
let t0 = performance.now();
store.replaceCandles(id, '1m', candles, null);
const writeMs = performance.now() - t0;

// Baseline: one row per candle, read row by row into typed arrays.
const rowsDb = new Database(path.join(dir, 'rows.sqlite'));
rowsDb.pragma('journal_mode = WAL');
rowsDb.exec(`CREATE TABLE candles (instrument_id INTEGER, timeframe TEXT, time INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL,
  quote_volume REAL, trades REAL, taker_buy_base REAL, taker_buy_quote REAL, flags INTEGER, PRIMARY KEY (instrument_id, timeframe, time)) WITHOUT ROWID`);
const insert = rowsDb.prepare('INSERT INTO candles VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)');
rowsDb.transaction(() => {
  for (let i = 0; i < BARS; i++) {
    insert.run('1m', candles.time[i], candles.open[i], candles.high[i], candles.low[i], candles.close[i], candles.volume[i], candles.quoteVolume[i], candles.trades[i], candles.takerBuyBase[i], candles.takerBuyQuote[i]);
  }
})();
const rowSelect = rowsDb.prepare('SELECT * FROM candles WHERE instrument_id = 1 AND timeframe = ? ORDER BY time').raw(true);
function loadRows() {
  const out = allocateCandles(BARS);
  let i = 0;
  for (const row of rowSelect.iterate('1m') as Iterable<number[]>) {
    out.time[i] = row[2];
    CANDLE_FIELDS.forEach((f, k) => (out[f][i] = row[3 + k]));
    i++;
  }
  return out;
}

const columnar: number[] = [];
const rows: number[] = [];
let checksum = 0;
for (let rep = 0; rep < REPS; rep++) {
  t0 = performance.now();
  const loaded = store.readCandles(id, '1m');
  columnar.push(performance.now() - t0);
  checksum += loaded.close[BARS - 1];
  t0 = performance.now();
  const baseline = loadRows();
  rows.push(performance.now() - t0);
  checksum -= baseline.close[BARS - 1];
}
if (checksum !== 0) throw new Error('columnar and row loads disagree');
const c = stats(columnar);
const r = stats(rows);
console.log(`store-load: ${BARS.toLocaleString('en-US')} one-minute candles (a year), ${REPS} interleaved repetitions`);
console.log(`  columnar chunks → typed arrays: min ${c.min.toFixed(1)} ms, median ${c.median.toFixed(1)} ms`);
console.log(`  row-per-candle baseline:        min ${r.min.toFixed(1)} ms, median ${r.median.toFixed(1)} ms`);
console.log(`  speed-up (median): ${(r.median / c.median).toFixed(1)}×; write of the year as chunks: ${writeMs.toFixed(0)} ms`);
store.close();
rowsDb.close();
fs.rmSync(dir, { recursive: true, force: true });
