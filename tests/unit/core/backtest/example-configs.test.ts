// Every example strategy in resources/strategies/ parses against the schema (they are what users run).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStrategyConfig } from '../../../../core/backtest/config.ts';
import { repoRoot } from '../../helpers/paths.ts';

const dir = path.join(repoRoot, 'resources', 'strategies');

describe('resources/strategies', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it('holds the research experiments', () => expect(files.length).toBeGreaterThanOrEqual(13));
  for (const file of files) {
    it(file, () => {
      const r = checkStrategyConfig(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
      expect(r.ok ? [] : r.issues).toEqual([]);
    });
  }
});
