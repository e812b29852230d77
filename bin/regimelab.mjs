#!/usr/bin/env node
// `regimelab` / `npx regimelab`: runs the built CLI, building it first on a fresh checkout.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out', 'node', 'cli.mjs');
if (!existsSync(cli) || !existsSync(path.join(root, 'out', 'workers', 'compute.mjs'))) {
  process.stderr.write('regimelab: first run on this checkout — building (npm run build)…\n');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(pathToFileURL(cli).href);
