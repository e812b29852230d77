#!/usr/bin/env node
// `npm start`: the Electron app when an Electron binary is present; otherwise (an offline machine
// cannot download it) one plain line saying so, then the same workstation in the browser over the
// loopback bridge. `npm run serve` (--browser) goes straight to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * The Electron binary, if there is one. `require('electron')` would try to download it noisily when
 * missing, so look for it directly, and try electron's own installer once, quietly: a connected
 * machine gets the binary on its first `npm start`, an offline one falls back to browser mode.
 */
function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH) return existsSync(process.env.ELECTRON_EXEC_PATH) ? process.env.ELECTRON_EXEC_PATH : null;
  const electronDir = path.join(root, 'node_modules', 'electron');
  const find = () => {
    const pathFile = path.join(electronDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  };
  const found = find();
  if (found || !existsSync(path.join(electronDir, 'install.js'))) return found;
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 120_000 });
  return install.status === 0 ? find() : null;
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
