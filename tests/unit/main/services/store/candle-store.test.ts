import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CandleStore } from '../../../../../main/services/store/candle-store.ts';
import { readMigrations } from '../../../../../main/services/store/migrations.ts';
import { allocateCandles } from '../../../../../core/series/candles.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';

const migrationsDir = path.join(repoRoot, 'main/services/store/migrations');

function minuteCandles(startMs: number, n: number) {
  const c = allocateCandles(n);
  for (let i = 0; i < n; i++) {
    c.time[i] = startMs + i * 60_000;
    c.open[i] = 100 + i;
    c.high[i] = 101 + i;
    c.low[i] = 99 + i;
    c.close[i] = 100.5 + i;
    c.volume[i] = i + 0.25;
    c.trades[i] = i;
  }
  return c;
}

describe('CandleStore', () => {
  let dir: string;
  let store: CandleStore;
  beforeEach(() => {
    dir = makeTempDir();
    store = CandleStore.open(path.join(dir, 'store.sqlite'), { migrationsDir });
  });
  afterEach(() => {
    store.close();
    removeDir(dir);
  });

  it('opens in WAL mode with foreign keys and every migration recorded with its checksum', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = store.db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as { version: number; checksum: string }[];
    expect(applied.map((m) => m.checksum)).toEqual(readMigrations(migrationsDir).map((m) => m.checksum));
    expect(store.integrityCheck()).toBe('ok');
  });

  it('round-trips candles across month chunks and answers time-range queries', () => {
    const start = Date.UTC(2024, 0, 31, 23, 0);
    const candles = minuteCandles(start, 180); // crosses into February: two chunks
    const id = store.transaction(() => store.ensureInstrument({ symbol: 'BTCUSDT', exchange: 'binance', market: 'spot', simulated: false }));
    store.replaceCandles(id, '1m', candles, null);
    const chunks = store.db.prepare('SELECT period_start, bar_count FROM candle_chunks ORDER BY period_start').all() as { period_start: number; bar_count: number }[];
    expect(chunks).toEqual([
      { period_start: Date.UTC(2024, 0, 1), bar_count: 60 },
      { period_start: Date.UTC(2024, 1, 1), bar_count: 120 },
    ]);
    const all = store.readCandles(id, '1m');
    expect(Array.from(all.time)).toEqual(Array.from(candles.time));
    expect(Array.from(all.close)).toEqual(Array.from(candles.close));
    expect(Array.from(all.volume)).toEqual(Array.from(candles.volume));
    const part = store.readCandles(id, '1m', start + 50 * 60_000, start + 70 * 60_000);
    expect(part.time.length).toBe(21);
    expect(part.time[0]).toBe(start + 50 * 60_000);
    expect(part.open[20]).toBe(170);
    const listed = store.listInstruments()[0];
    expect(listed.timeframes).toEqual([{ timeframe: '1m', bars: 180, firstTime: start, lastTime: start + 179 * 60_000, derivedFrom: null }]);
  });

  it('exposes plain rows through the SQL view', () => {
    const id = store.transaction(() => store.ensureInstrument({ symbol: 'ETHUSDT', exchange: 'binance', market: 'spot', simulated: false }));
    store.replaceCandles(id, '1m', minuteCandles(Date.UTC(2024, 5, 1), 5), null);
    const rows = store.db.prepare("SELECT symbol, timeframe, time, close FROM candles WHERE symbol = 'ETHUSDT' ORDER BY time").all();
    expect(rows).toEqual([0, 1, 2, 3, 4].map((i) => ({ symbol: 'ETHUSDT', timeframe: '1m', time: Date.UTC(2024, 5, 1) + i * 60_000, close: 100.5 + i })));
  });

  it('rejects unsorted candles and leaves the store unchanged', () => {
    const id = store.transaction(() => store.ensureInstrument({ symbol: 'X', exchange: 'binance', market: 'spot', simulated: false }));
    store.replaceCandles(id, '1m', minuteCandles(Date.UTC(2024, 0, 1), 10), null);
    const before = fs.readFileSync(path.join(dir, 'store.sqlite'));
    const bad = minuteCandles(Date.UTC(2024, 0, 1), 10);
    bad.time[5] = bad.time[3];
    expect(() => store.replaceCandles(id, '1m', bad, null)).toThrow(/strictly increasing; bar 5/);
    expect(store.countCandles(id, '1m')).toBe(10);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(store.readCandles(id, '1m').close[9]).toBe(109.5);
    expect(before.length).toBeGreaterThan(0);
  });

  it('deleting an instrument removes its series and chunks (cascade)', () => {
    const id = store.transaction(() => store.ensureInstrument({ symbol: 'SOLUSDT', exchange: 'binance', market: 'spot', simulated: false }));
    store.replaceCandles(id, '1m', minuteCandles(Date.UTC(2024, 0, 1), 10), null);
    store.deleteInstrument(id);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM candle_chunks').get()).toEqual({ n: 0 });
    expect(() => store.deleteInstrument(id)).toThrow(/does not exist/);
  });
});

describe('migrations', () => {
  it('refuses a store whose applied migration changed since', () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'store.sqlite');
      CandleStore.open(file, { migrationsDir }).close();
      const db = new Database(file);
      db.prepare("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1").run();
      db.close();
      expect(() => CandleStore.open(file, { migrationsDir })).toThrow(/changed after it was applied/);
    } finally {
      removeDir(dir);
    }
  });

  it('refuses a store written by a newer schema', () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'store.sqlite');
      CandleStore.open(file, { migrationsDir }).close();
      const db = new Database(file);
      db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x', 0)").run();
      db.close();
      expect(() => CandleStore.open(file, { migrationsDir })).toThrow(/newer RegimeLab/);
    } finally {
      removeDir(dir);
    }
  });

  it('applies a failing migration not at all (transactional)', () => {
    const dir = makeTempDir();
    try {
      const extra = path.join(dir, 'migrations');
      fs.cpSync(migrationsDir, extra, { recursive: true });
      const next = String(readMigrations(migrationsDir).length + 1).padStart(3, '0');
      fs.writeFileSync(path.join(extra, `${next}_broken.sql`), 'CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;');
      const file = path.join(dir, 'store.sqlite');
      expect(() => CandleStore.open(file, { migrationsDir: extra })).toThrow();
      const db = new Database(file);
      expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
      expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(Number(next) - 1);
      db.close();
    } finally {
      removeDir(dir);
    }
  });
});
