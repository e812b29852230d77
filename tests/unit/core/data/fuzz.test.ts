// Fuzzing the importers (issue 3, "Bad input"): truncated and corrupted zips, zip bombs within
// limits, binary junk, wrong delimiters, huge lines, a million columns, NaN/Infinity/1e400, empty
// and header-only files, mixed timestamp units, symbol mismatches, and seeded random mutations of
// real rows. Every case must end in a correct parse or a RegimeLabError naming the file.
import { gzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCandleFile, type ParseCandleFileOptions } from '../../../../core/data/parse-candle-file.ts';
import { RegimeLabError } from '../../../../core/errors.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { CANDLE_FIELDS } from '../../../../core/series/candles.ts';
import { FILES, NOW, bytesOf, readBytes, zipOf, zipText } from './shared-files.ts';

type Outcome = 'parsed' | 'E_BAD_INPUT' | 'E_REFUSED';
const tally: Record<string, Record<Outcome, number>> = {};
let slowestMs = 0;

/** Runs one case and checks it ended cleanly; returns how. */
async function outcome(group: string, bytes: Uint8Array, fileName: string, options: ParseCandleFileOptions = {}): Promise<Outcome> {
  const started = performance.now();
  let result: Outcome;
  try {
    const { candles, report } = await parseCandleFile(bytes, fileName, { nowMs: NOW, ...options });
    const n = candles.time.length;
    expect(report.bars).toBe(n);
    for (const field of CANDLE_FIELDS) expect(candles[field].length).toBe(n);
    for (let i = 0; i < n; i++) {
      if (i > 0 && !(candles.time[i] > candles.time[i - 1])) throw new Error(`${fileName}: times not increasing at ${i}`);
      if (!(candles.low[i] > 0 && candles.high[i] < Infinity && candles.low[i] <= candles.high[i])) throw new Error(`${fileName}: bad bar ${i}`);
    }
    const accounted = report.rows.accepted + report.rows.rejected + report.duplicates.identicalMerged + report.duplicates.conflictingRowsDropped + report.unfinished.count;
    expect(accounted).toBe(report.rows.read);
    result = 'parsed';
  } catch (error) {
    if (!(error instanceof RegimeLabError)) throw new Error(`${group} ${fileName}: crashed with ${String(error)}`);
    expect(['E_BAD_INPUT', 'E_REFUSED']).toContain(error.code);
    const stem = fileName.replace(/\.(zip|gz|csv|parquet)$/g, '').replace(/\.csv$/, '');
    expect(error.message, `${group}: ${error.message}`).toContain(stem.split('/').pop());
    result = error.code as Outcome;
  }
  slowestMs = Math.max(slowestMs, performance.now() - started);
  tally[group] ??= { parsed: 0, E_BAD_INPUT: 0, E_REFUSED: 0 };
  tally[group][result]++;
  return result;
}

const realZip = readBytes(FILES.spot1m20200101);
const realCsv = zipText(FILES.spot1m20200101);
const realLines = realCsv.trim().split('\n');
const HEADER = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';

describe('fuzz', () => {
  it('truncated zips: every 4% of the real archive, and one byte short', async () => {
    for (let k = 0; k < 25; k++) expect(await outcome('truncated zip', realZip.subarray(0, Math.floor((realZip.length * k) / 25)), `BTCUSDT-1m-2020-01-01.zip`)).not.toBe('parsed');
    expect(await outcome('truncated zip', realZip.subarray(0, realZip.length - 1), 'BTCUSDT-1m-2020-01-01.zip')).toBe('E_BAD_INPUT');
  });

  it('corrupted zips: one byte flipped at 40 seeded positions', async () => {
    const rng = createRng(3);
    for (let k = 0; k < 40; k++) {
      const bytes = realZip.slice();
      bytes[rng.int(bytes.length)] ^= 1 + rng.int(255);
      await outcome('corrupted zip', bytes, 'BTCUSDT-1m-2020-01-01.zip');
    }
  });

  it('zip bombs within limits: refused by ratio or size, or parsed when legitimately repetitive', async () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    expect(await outcome('zip bomb', zipSync({ 'BTCUSDT-1m-2020-01-01.csv': [zeros, { level: 9 }] }), 'BTCUSDT-1m-2020-01-01.zip')).toBe('E_REFUSED');
    expect(await outcome('zip bomb', gzipSync(zeros, { level: 9 }), 'bomb-1.csv.gz')).toBe('E_REFUSED');
    expect(await outcome('zip bomb', zipSync({ 'BTCUSDT-1m-2020-01-01.csv': [zeros, { level: 9 }] }), 'BTCUSDT-1m-2020-01-01.zip', { maxUncompressedBytes: 1e6 })).toBe('E_REFUSED');
    // 60,000 copies of one real row: ratio ~ 300:1 but under 16 MiB, so it is decoded; the rows are identical duplicates.
    const repeated = bytesOf(`${realLines[0]}\n`.repeat(60_000));
    const { report } = await parseCandleFile(zipOf('BTCUSDT-1m-2020-01-01.csv', repeated), 'BTCUSDT-1m-2020-01-01.zip', { nowMs: NOW, timeframe: '1m' });
    expect(report.duplicates.identicalMerged).toBe(59_999);
    tally['zip bomb'].parsed++;
    // Nested zip: a zip inside a zip is not a CSV.
    expect(await outcome('zip bomb', zipOf('inner.zip', realZip), 'nested-1.zip')).toBe('E_BAD_INPUT');
    // Many members.
    expect(await outcome('zip bomb', zipSync(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`m${i}.csv`, bytesOf(realLines[0])]))), 'many-members-1.zip')).toBe('E_BAD_INPUT');
  });

  it('binary junk: random bytes, and random bytes behind zip/gzip/parquet magic', async () => {
    const rng = createRng(11);
    for (const size of [1, 2, 3, 17, 100, 1000, 65_536, 1_000_000]) {
      const junk = Uint8Array.from({ length: size }, () => rng.int(256));
      expect(await outcome('binary junk', junk, `junk-${size}.csv`)).not.toBe('parsed');
      for (const [magic, ext] of [[[0x50, 0x4b, 0x03, 0x04], 'zip'], [[0x1f, 0x8b, 0x08, 0x00], 'gz'], [[0x50, 0x41, 0x52, 0x31], 'parquet']] as const) {
        const bytes = junk.slice();
        bytes.set(magic.slice(0, Math.min(4, size)));
        if (ext === 'parquet' && size >= 8) bytes.set(magic, size - 4);
        expect(await outcome('binary junk', bytes, `junk-${size}.${ext}`)).not.toBe('parsed');
      }
    }
  });

  it('wrong delimiters: semicolons and tabs parse, spaces and mixed separators are refused', async () => {
    const sample = realLines.slice(0, 100);
    expect(await outcome('delimiter', bytesOf(sample.map((l) => l.replace(/,/g, ';')).join('\n')), 'BTCUSDT-1m-2020-01-01.csv')).toBe('parsed');
    expect(await outcome('delimiter', bytesOf(sample.map((l) => l.replace(/,/g, '\t')).join('\n')), 'BTCUSDT-1m-2020-01-01.csv')).toBe('parsed');
    expect(await outcome('delimiter', bytesOf(sample.map((l) => l.replace(/,/g, ' ')).join('\n')), 'BTCUSDT-1m-2020-01-01.csv')).toBe('E_BAD_INPUT');
    expect(await outcome('delimiter', bytesOf(sample.map((l, i) => (i % 2 ? l.replace(/,/g, ';') : l)).join('\n')), 'BTCUSDT-1m-2020-01-01.csv')).not.toBe('parsed');
    expect(await outcome('delimiter', bytesOf(sample.join('\n')), 'BTCUSDT-1m-2020-01-01.csv', { delimiter: ';' })).toBe('E_BAD_INPUT');
    // European decimal commas with semicolons: the numbers do not parse, so the file is refused.
    expect(await outcome('delimiter', bytesOf(['time;open;high;low;close', '2024-01-01;1,5;2,0;1,0;1,8', '2024-01-02;1,8;2,2;1,7;2,0'].join('\n')), 'decimal-comma.csv')).toBe('E_REFUSED');
  });

  it('huge lines and a million columns', async () => {
    expect(await outcome('huge line', bytesOf('1'.repeat(3_000_000)), 'huge-1.csv')).toBe('E_BAD_INPUT');
    const withLongField = [...realLines.slice(0, 100)];
    withLongField[50] = withLongField[50].replace(/,/, `,${'9'.repeat(500_000)}`);
    const r = await outcome('huge line', bytesOf(withLongField.join('\n')), 'BTCUSDT-1m-2020-01-01.csv');
    expect(r).toBe('parsed'); // one row rejected (1%), the rest imported
    expect(await outcome('huge line', bytesOf(`${realLines[0]}\n${'x'.repeat(2_000_000)}\n${realLines[1]}`), 'BTCUSDT-1m-2020-01-01.csv')).not.toBe('parsed');
    expect(await outcome('million columns', bytesOf(Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')), 'columns-1.csv')).toBe('E_BAD_INPUT');
    expect(await outcome('million columns', bytesOf(`${realLines[0]}\n${','.repeat(1_000_000)}\n${realLines[1]}`), 'BTCUSDT-1m-2020-01-01.csv')).not.toBe('parsed');
    expect(await outcome('million columns', bytesOf(realLines[0] + ',0'.repeat(1_000_000)), 'columns-2.csv')).toBe('E_BAD_INPUT');
  });

  it('NaN, Infinity and 1e400 in every numeric column', async () => {
    for (const bad of ['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e400', '-1e400', '1e-400']) {
      for (const column of [1, 2, 3, 4, 5, 7, 8]) {
        const rows = realLines.slice(0, 10).map((l) => {
          const f = l.split(',');
          f[column] = bad;
          return f.join(',');
        });
        // 1e-400 underflows to 0: a zero price is rejected too, a zero volume is valid.
        const result = await outcome('non-finite', bytesOf(rows.join('\n')), 'BTCUSDT-1m-2020-01-01.csv');
        expect(result === 'E_REFUSED' || (bad === '1e-400' && column >= 5)).toBe(true);
      }
    }
  });

  it('empty files and header-only files', async () => {
    for (const [i, text] of ['', '\n', '\r\n\r\n', '\ufeff', '   ', HEADER, `${HEADER}\n`, `${HEADER}\r\n\r\n`, 'timestamp,open,high,low,close,volume\n'].entries()) {
      expect(await outcome('empty/header only', bytesOf(text), `empty-${i}.csv`)).not.toBe('parsed');
    }
    expect(await outcome('empty/header only', zipOf('BTCUSDT-1m-2020-01-01.csv', ''), 'BTCUSDT-1m-2020-01-01.zip')).toBe('E_BAD_INPUT');
    expect(await outcome('empty/header only', gzipSync(new Uint8Array(0)), 'empty-gz.csv.gz')).toBe('E_BAD_INPUT');
    expect(await outcome('empty/header only', zipSync({}), 'empty-zip.zip')).toBe('E_BAD_INPUT');
  });

  it('mixed timestamp units in one file parse by magnitude; a single row needs a named timeframe', async () => {
    const mixed = realLines.slice(0, 60).map((l, i) => {
      if (i % 3 !== 0) return l;
      const f = l.split(',');
      f[0] = `${f[0]}000`;
      f[6] = `${f[6]}999`;
      return f.join(',');
    });
    expect(await outcome('mixed units', bytesOf(mixed.join('\n')), 'BTCUSDT-1m-2020-01-01.csv')).toBe('parsed');
    const seconds = realLines.slice(0, 60).map((l, i) => (i % 2 ? l : l.replace(/^(\d+)000,/, '$1,')));
    expect(await outcome('mixed units', bytesOf(seconds.join('\n')), 'BTCUSDT-1m-2020-01-01.csv')).toBe('parsed');
    const isoAndEpoch = ['time,open,high,low,close', '2024-01-01T00:00:00Z,1,2,0.5,1.5', `${Date.UTC(2024, 0, 1, 1)},1,2,0.5,1.5`, '2024-01-01 02:00,1,2,0.5,1.5'];
    expect(await outcome('mixed units', bytesOf(isoAndEpoch.join('\n')), 'mixed-3.csv')).toBe('parsed');
    expect(await outcome('mixed units', bytesOf(realLines[0]), 'single-row.csv')).toBe('E_REFUSED');
    expect(await outcome('mixed units', bytesOf(realLines[0]), 'BTCUSDT-1m-2020-01-01.csv')).toBe('parsed');
  });

  it('symbol mismatches between file name, folder and contents', async () => {
    expect(await outcome('symbol mismatch', realZip, 'ETHUSDT-1m-2020-01-01.zip', { path: 'spot/daily/klines/BTCUSDT/1m/ETHUSDT-1m-2020-01-01.zip' })).toBe('E_REFUSED');
    expect(await outcome('symbol mismatch', realZip, 'ETHUSDT-1m-2020-01-01.zip')).toBe('E_REFUSED'); // the member is BTCUSDT-…csv
    expect(await outcome('symbol mismatch', realZip, 'ETHUSDT-1m-2020-01-01.zip', { allowSymbolMismatch: true })).toBe('parsed');
    const withSymbol = ['time,symbol,open,high,low,close', '2024-01-01,SOLUSDT,1,2,0.5,1.5', '2024-01-02,SOLUSDT,1,2,0.5,1.5'].join('\n');
    expect(await outcome('symbol mismatch', bytesOf(withSymbol), 'BTCUSDT_1d.csv')).toBe('E_REFUSED');
    expect(await outcome('symbol mismatch', bytesOf(withSymbol), 'SOLUSDT_1d.csv')).toBe('parsed');
  });

  it('200 seeded random mutations of real rows (flips, deletions, inserted delimiters and newlines)', async () => {
    const rng = createRng(2024);
    const base = bytesOf(realLines.slice(0, 40).join('\n'));
    const inserts = [44, 10, 13, 34, 46, 45, 32, 0, 0xff, 59];
    for (let k = 0; k < 200; k++) {
      let bytes = base.slice();
      const edits = 1 + rng.int(6);
      for (let e = 0; e < edits; e++) {
        const p = rng.int(bytes.length);
        const op = rng.int(3);
        if (op === 0) bytes[p] = rng.int(256);
        else if (op === 1) bytes = Uint8Array.from([...bytes.subarray(0, p), ...bytes.subarray(p + 1 + rng.int(20))]);
        else bytes = Uint8Array.from([...bytes.subarray(0, p), inserts[rng.int(inserts.length)], ...bytes.subarray(p)]);
      }
      await outcome('random mutation', bytes, k % 2 ? 'BTCUSDT-1m-2020-01-01.csv' : `mutation-${k}.csv`, { maxRejectedShare: k % 3 === 0 ? 1 : 0.05 });
    }
  });

  afterAll(() => {
    const total = Object.values(tally).reduce((n, t) => n + t.parsed + t.E_BAD_INPUT + t.E_REFUSED, 0);
    console.log(`fuzz: ${total} cases, slowest ${slowestMs.toFixed(0)} ms`);
    for (const [group, t] of Object.entries(tally)) console.log(`  ${group.padEnd(18)} parsed ${t.parsed}, E_BAD_INPUT ${t.E_BAD_INPUT}, E_REFUSED ${t.E_REFUSED}`);
  });
});
