// electron-builder beforePack hook: rebuilds the native modules for the Electron version and the
// target architecture being packaged (never in postinstall: `npm ci` must keep producing Node
// builds for the CLI, the bridge and the tests). onnxruntime-node ships N-API prebuilds for every
// platform and needs no rebuild; better-sqlite3 is compiled against Electron's headers.
// scripts/dist.mjs rebuilds better-sqlite3 for Node again after packaging.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook that electron-builder requires */

const path = require('node:path');

/** electron-builder's Arch enum (builder-util): the numeric arch of the hook context. */
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

const NATIVE_MODULES = ['better-sqlite3'];

function archName(arch) {
  const name = typeof arch === 'number' ? ARCH_NAMES[arch] : arch;
  if (!name || name === 'universal') throw new Error(`cannot rebuild native modules for arch ${JSON.stringify(name ?? arch)} (universal builds are not supported): package arm64 and x64 separately`);
  return name;
}

exports.NATIVE_MODULES = NATIVE_MODULES;
exports.archName = archName;

exports.default = async function beforePack(context) {
  const { rebuild } = require('@electron/rebuild');
  const projectDir = context.packager.projectDir ?? process.cwd();
  const electronVersion = context.packager.config.electronVersion ?? require(path.join(projectDir, 'node_modules', 'electron', 'package.json')).version;
  const arch = archName(context.arch);
  console.log(`  • rebuilding ${NATIVE_MODULES.join(', ')} for Electron ${electronVersion} ${context.electronPlatformName}-${arch}`);
  await rebuild({ buildPath: projectDir, electronVersion, arch, onlyModules: NATIVE_MODULES, force: true, mode: 'sequential' });
};
