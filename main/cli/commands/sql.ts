// `regimelab sql "SELECT …"`: ad-hoc read-only SQL on the store, including the `candles` row view.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { CandleStore } from '../../services/store/candle-store.ts';
import { appPaths, resolveDataDir } from '../../services/paths.ts';
import path from 'node:path';
import fs from 'node:fs';
import { RegimeLabError } from '../../../core/errors.ts';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'Run a read-only SQL query on the store (the `candles` view gives plain rows)',
  usage: 'regimelab sql "SELECT * FROM candles WHERE symbol = \'SIM-BTCUSD\' AND timeframe = \'1d\' LIMIT 5" [--json]',
  options: {},
  allowPositionals: true,
  async run(_values, positionals, ctx) {
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('a query is required');
    const file = path.join(resolveDataDir(ctx.dataDir), 'regimelab.sqlite');
    if (!fs.existsSync(file)) throw new RegimeLabError('E_NOT_FOUND', `no store at ${file} yet: run \`regimelab info\` once to create it`);
    const store = CandleStore.open(file, { migrationsDir: appPaths(ctx.appRoot).migrationsDir, readonly: true });
    try {
      const statement = store.db.prepare(query);
      if (!statement.reader) throw new RegimeLabError('E_REFUSED', 'only read-only queries (SELECT …) are allowed');
      const rows = statement.all() as Record<string, unknown>[];
      const columns = rows.length > 0 ? Object.keys(rows[0]) : statement.columns().map((c) => c.name);
      const text = [columns.join('\t'), ...rows.map((r) => columns.map((c) => String(r[c])).join('\t'))].join('\n');
      return { json: rows, text };
    } finally {
      store.close();
    }
  },
};
