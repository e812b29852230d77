// The layer rules of DESIGN.md are enforced by lint: a deliberate wrong import in each layer is
// an error, and the allowed imports are not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';
import { repoRoot } from '../helpers/paths.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['renderer/Bad.tsx', "import fs from 'node:fs';\nexport const x = fs;"],
    ['renderer/Bad.tsx', "import { app } from 'electron';\nexport const x = app;"],
    ['renderer/Bad.tsx', "import { Workstation } from '../main/services/workstation.ts';\nexport const x = Workstation;"],
    ['renderer/Bad.tsx', "import type { ComputeApi } from '../workers/compute-api.ts';\nexport type X = ComputeApi;"],
    ['renderer/Bad.tsx', "import { resampleCandles } from '../core/series/resample.ts';\nexport const x = resampleCandles;"],
    ['core/series/bad.ts', "import fs from 'node:fs';\nexport const x = fs;"],
    ['core/series/bad.ts', "import path from 'path';\nexport const x = path;"],
    ['core/series/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['core/series/bad.ts', "import { CandleStore } from '../../main/services/store/candle-store.ts';\nexport const x = CandleStore;"],
    ['main/services/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/cli/bad.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;"],
    ['main/server/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['workers/bad.ts', "import { Workstation } from '../main/services/workstation.ts';\nexport const x = Workstation;"],
    ['preload/bad.ts', "import fs from 'node:fs';\nexport const x = fs;"],
  ])('%s: %s is a lint error', async (file, code) => {
    expect((await layerErrors(file, code)).length).toBe(1);
  });

  it.each([
    ['renderer/Good.tsx', "import type { Instrument } from '../core/contract/schemas.ts';\nexport type X = Instrument;"],
    ['main/electron/good.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['preload/good.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;"],
    ['main/services/good.ts', "import fs from 'node:fs';\nimport { resampleCandles } from '../../core/series/resample.ts';\nexport const x = [fs, resampleCandles];"],
    ['workers/good.ts', "import { parentPort } from 'node:worker_threads';\nimport { createRng } from '../core/random/rng.ts';\nexport const x = [parentPort, createRng];"],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
