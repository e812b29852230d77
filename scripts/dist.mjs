#!/usr/bin/env node
// `npm run dist`: a release build with electron-builder (electron-builder.yml). It needs a machine
// that can download Electron (the binary, and the platform tools electron-builder fetches: AppImage,
// NSIS, dmg helpers); on an offline machine it stops with that explanation before doing anything.
//
//   npm run dist                       this platform's targets, release fuses
//   npm run dist -- --test-profile     same, with the fuse profile Playwright can drive (--inspect)
//   npm run dist -- --linux --x64      any electron-builder target flags pass through
//
// Packaging rebuilds better-sqlite3 for Electron (scripts/electron-before-pack.cjs); afterwards this
// script rebuilds it for Node again so the CLI, the bridge and the tests keep working.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const testProfile = args.includes('--test-profile');
const builderArgs = args.filter((a) => a !== '--test-profile');

let binary = null;
try {
  binary = createRequire(import.meta.url)('electron');
} catch {
  binary = null;
}
if (!binary || !existsSync(binary)) {
  console.error(
    'npm run dist needs a machine that can download Electron: the Electron binary is missing here (it could not be downloaded).\n' +
      'On a connected machine run `npx install-electron` (or `node node_modules/electron/install.js`) first, then `npm run dist`.',
  );
  process.exit(1);
}

function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: root, env, shell: process.platform === 'win32' });
  return result.status ?? 1;
}

const built = run(process.execPath, ['scripts/build.mjs']);
if (built !== 0) process.exit(built);

const env = { ...process.env, REGIMELAB_FUSES: testProfile ? 'test' : 'release' };
const output = testProfile ? ['--config.directories.output=dist/test-profile'] : [];
const packaged = run('npx', ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never', ...output, ...builderArgs], env);

// The before-pack hook left better-sqlite3 built for Electron: put the Node build back.
const restored = run('npm', ['rebuild', 'better-sqlite3']);
if (restored !== 0) console.error('warning: `npm rebuild better-sqlite3` failed; run it before `npm test`.');
process.exit(packaged);
