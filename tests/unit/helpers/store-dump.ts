// Every row of every table of a store file, for "the store is exactly as it was" assertions.
import Database from 'better-sqlite3';

export function logicalDump(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).raw(true).all().map((r) => (r as unknown[]).map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)))]));
  } finally {
    db.close();
  }
}
