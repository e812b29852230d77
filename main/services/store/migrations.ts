// Numbered, checksummed schema migrations: NNN_name.sql files applied in order, each in its own
// transaction. An applied migration whose file has since changed is refused, not silently re-run.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { RegimeLabError } from '../../../core/errors.ts';

export type Migration = { version: number; name: string; sql: string; checksum: string };

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function readMigrations(directory: string): Migration[] {
  const files = fs.readdirSync(directory).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new RegimeLabError('E_INTERNAL', `migration file name ${file} is not NNN_name.sql`);
    const sql = fs.readFileSync(path.join(directory, file), 'utf8');
    return { version: Number(match[1]), name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new RegimeLabError('E_INTERNAL', `migrations must be numbered 001, 002, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

export function applyMigrations(db: Database.Database, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  for (const row of rows) {
    const known = migrations[row.version - 1];
    if (!known) {
      throw new RegimeLabError('E_REFUSED', `the store was written by a newer RegimeLab (schema version ${row.version}); update the app`);
    }
    if (known.checksum !== row.checksum) {
      throw new RegimeLabError('E_REFUSED', `migration ${String(row.version).padStart(3, '0')}_${row.name} changed after it was applied (checksum mismatch)`);
    }
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of migrations.slice(rows.length)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, Date.now());
    })();
    applied.push(migration.version);
  }
  return { applied };
}
