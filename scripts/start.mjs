#!/usr/bin/env node
// `npm start`: the Electron app when an Electron binary is present; otherwise (an offline machine
// cannot download it) one plain line saying so, then the same workstation in the browser over the
// loopback bridge. `npm run serve` (--browser) goes straight to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

if (!existsSync(path.join(root, 'out', 'node', 'cli.mjs')) || !existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH) return existsSync(process.env.ELECTRON_EXEC_PATH) ? process.env.ELECTRON_EXEC_PATH : null;
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // electron's index.js throws when its binary was never downloaded
  }
}

const binary = browserOnly ? null : electronBinary();
if (binary) {
  const child = spawn(binary, [root, ...passThrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!browserOnly) console.log('No Electron binary on this machine (it could not be downloaded), so RegimeLab runs in your browser instead.');
  const child = spawn(process.execPath, [path.join(root, 'out', 'node', 'cli.mjs'), 'serve', '--open', ...passThrough], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
