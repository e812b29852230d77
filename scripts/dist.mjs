#!/usr/bin/env node
// `npm run dist`: a release build with electron-builder. It needs a machine that can download
// Electron and its packaging tools; on an offline machine it stops with that explanation.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

let binary = null;
try {
  binary = createRequire(import.meta.url)('electron');
} catch {
  binary = null;
}
if (!binary || !existsSync(binary)) {
  console.error('npm run dist needs the Electron binary, which this machine could not download (run `npx install-electron` on a connected machine first).');
  process.exit(1);
}
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync('npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
