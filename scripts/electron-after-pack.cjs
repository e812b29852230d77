// electron-builder afterPack hook: prunes the ONNX Runtime binaries of other architectures from
// app.asar.unpacked (other platforms are excluded by electron-builder.yml's per-platform `files`),
// then flips the Electron fuses of the REGIMELAB_FUSES profile (release by default) into the
// packaged binary. Runs before signing, so the signature covers the fused binary.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook that electron-builder requires */

const fs = require('node:fs');
const path = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { fuseConfig, fuseProfileFromEnv } = require('./electron-fuses.cjs');
const { archName } = require('./electron-before-pack.cjs');

/**
 * The onnxruntime-node binary folders to delete for one target: every bin/napi-v*\/<platform>/<arch>
 * that is not the target's own. Pure: takes the folders that exist, as "napi-v6/linux/arm64".
 */
function onnxRuntimeDirsToPrune(existing, platform, arch) {
  return existing.filter((dir) => {
    const [, os, cpu] = dir.split('/');
    return os !== platform || cpu !== arch;
  });
}

function listOnnxRuntimeDirs(binDir) {
  if (!fs.existsSync(binDir)) return [];
  const dirs = [];
  for (const napi of fs.readdirSync(binDir)) {
    for (const os of fs.readdirSync(path.join(binDir, napi))) {
      for (const cpu of fs.readdirSync(path.join(binDir, napi, os))) dirs.push(`${napi}/${os}/${cpu}`);
    }
  }
  return dirs;
}

function packagedBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

function resourcesDir(context) {
  const name = context.packager.appInfo.productFilename;
  return context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
    ? path.join(context.appOutDir, `${name}.app`, 'Contents', 'Resources')
    : path.join(context.appOutDir, 'resources');
}

exports.onnxRuntimeDirsToPrune = onnxRuntimeDirsToPrune;

exports.default = async function afterPack(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = archName(context.arch);
  const binDir = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'onnxruntime-node', 'bin');
  for (const dir of onnxRuntimeDirsToPrune(listOnnxRuntimeDirs(binDir), platform, arch)) {
    fs.rmSync(path.join(binDir, dir), { recursive: true, force: true });
  }
  const profile = fuseProfileFromEnv();
  console.log(`  • flipping Electron fuses (${profile} profile) in ${path.basename(packagedBinary(context))}`);
  await flipFuses(packagedBinary(context), fuseConfig(profile, platform));
};
