// The packaging configuration as data: electron-builder.yml targets and resources, the hooks'
// pure parts (fuse profiles, ONNX Runtime pruning, arch names), and the packaged-resources
// lookup of appPaths() that must agree with extraResources. Packaging itself needs Electron.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { appPaths, packagedResourcesDir } from '../../../../main/services/paths.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
type Files = string[];
type Builder = {
  asar: boolean;
  asarUnpack: string[];
  files: Files;
  extraResources: { from: string; to: string }[];
  npmRebuild: boolean;
  beforePack: string;
  afterPack: string;
  linux: { target: string[]; files: Files };
  mac: { target: { target: string; arch: string[] }[]; files: Files };
  win: { target: { target: string; arch: string[] }[]; files: Files };
};
const config = yaml.load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Builder;

const fuses = require(path.join(repoRoot, 'scripts/electron-fuses.cjs')) as {
  fuseConfig(profile: string, platform: string): Record<string, unknown>;
  fuseProfileFromEnv(env: Record<string, string | undefined>): string;
};
const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };
const afterPack = require(path.join(repoRoot, 'scripts/electron-after-pack.cjs')) as { default: unknown; onnxRuntimeDirsToPrune(dirs: string[], platform: string, arch: string): string[] };
const beforePack = require(path.join(repoRoot, 'scripts/electron-before-pack.cjs')) as { default: unknown; archName(arch: number | string): string; NATIVE_MODULES: string[] };

describe('electron-builder.yml', () => {
  it('targets Linux AppImage + deb, macOS dmg arm64 + x64, Windows NSIS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
  });

  it('packs the app into asar with the native modules unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/onnxruntime-node/**']));
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('ships migrations and models as extra resources where appPaths() looks for them', () => {
    expect(config.extraResources).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'main/services/store/migrations', to: 'migrations' }), expect.objectContaining({ from: 'resources/models', to: 'models' })]));
    for (const { from } of config.extraResources) expect(fs.existsSync(path.join(repoRoot, from))).toBe(true);
  });

  it('rebuilds native modules only in the before-pack hook and fuses in the after-pack hook', () => {
    expect(config.npmRebuild).toBe(false);
    expect(typeof beforePack.default).toBe('function');
    expect(typeof afterPack.default).toBe('function');
    expect(path.resolve(repoRoot, config.beforePack)).toBe(path.join(repoRoot, 'scripts/electron-before-pack.cjs'));
    expect(path.resolve(repoRoot, config.afterPack)).toBe(path.join(repoRoot, 'scripts/electron-after-pack.cjs'));
    expect(beforePack.NATIVE_MODULES).toEqual(['better-sqlite3']);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.postinstall ?? '').not.toMatch(/rebuild/);
  });

  it("excludes the other platforms' ONNX Runtime binaries per platform", () => {
    expect(config.linux.files).toEqual(['!node_modules/onnxruntime-node/bin/napi-v*/{darwin,win32}/**']);
    expect(config.mac.files).toEqual(['!node_modules/onnxruntime-node/bin/napi-v*/{linux,win32}/**']);
    expect(config.win.files).toEqual(['!node_modules/onnxruntime-node/bin/napi-v*/{darwin,linux}/**']);
  });
});

describe('packaging hooks', () => {
  it('prunes every ONNX Runtime binary folder but the target platform and arch', () => {
    const bin = path.join(repoRoot, 'node_modules/onnxruntime-node/bin');
    const existing = fs.readdirSync(bin).flatMap((napi) => fs.readdirSync(path.join(bin, napi)).flatMap((os) => fs.readdirSync(path.join(bin, napi, os)).map((cpu) => `${napi}/${os}/${cpu}`)));
    expect(existing.length).toBeGreaterThan(2);
    for (const [platform, arch] of [['linux', 'x64'], ['darwin', 'arm64'], ['win32', 'x64']]) {
      const pruned = afterPack.onnxRuntimeDirsToPrune(existing, platform, arch);
      const kept = existing.filter((d) => !pruned.includes(d));
      expect(kept.every((d) => d.endsWith(`/${platform}/${arch}`))).toBe(true);
      expect(kept.length).toBeGreaterThan(0);
    }
  });

  it("names electron-builder's archs and refuses universal builds (native modules differ per arch)", () => {
    expect(beforePack.archName(1)).toBe('x64');
    expect(beforePack.archName(3)).toBe('arm64');
    expect(() => beforePack.archName(4)).toThrow(/universal/);
  });

  it('release fuses: no RunAsNode, no NODE_OPTIONS, no inspector, cookie encryption, asar integrity, asar only', () => {
    const release = fuses.fuseConfig('release', 'linux');
    expect(release[FuseV1Options.RunAsNode]).toBe(false);
    expect(release[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(release[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(release[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(release[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(release[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(release[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(fuses.fuseConfig('release', 'darwin').resetAdHocDarwinSignature).toBe(true);
  });

  it('the test profile differs from release only in the inspector fuse Playwright needs', () => {
    const release = fuses.fuseConfig('release', 'linux');
    const test = fuses.fuseConfig('test', 'linux');
    const differing = Object.keys(release).filter((k) => release[k] !== test[k]);
    expect(differing).toEqual([String(FuseV1Options.EnableNodeCliInspectArguments)]);
    expect(test[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
    expect(fuses.fuseProfileFromEnv({})).toBe('release');
    expect(fuses.fuseProfileFromEnv({ REGIMELAB_FUSES: 'test' })).toBe('test');
    expect(() => fuses.fuseProfileFromEnv({ REGIMELAB_FUSES: 'debug' })).toThrow(/release, test/);
  });
});

describe('appPaths() in a packaged app', () => {
  it('reads migrations and models from process.resourcesPath only when the app root is resources/app(.asar)', () => {
    const dir = makeTempDir();
    const proc = process as { resourcesPath?: string };
    const saved = proc.resourcesPath;
    try {
      const resources = path.join(dir, 'resources');
      const app = path.join(resources, 'app.asar');
      fs.mkdirSync(app, { recursive: true });
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'regimelab', version: '9.9.9' }));
      expect(packagedResourcesDir(app, resources)).toBe(resources);
      expect(packagedResourcesDir(path.join(resources, 'app'), resources)).toBe(resources);
      expect(packagedResourcesDir(repoRoot, resources)).toBeNull();
      expect(packagedResourcesDir(app, undefined)).toBeNull();
      proc.resourcesPath = resources;
      const packaged = appPaths(app);
      expect(packaged.migrationsDir).toBe(path.join(resources, 'migrations'));
      expect(packaged.modelsDir).toBe(path.join(resources, 'models'));
      expect(packaged.version).toBe('9.9.9');
      // A development Electron (resourcesPath inside node_modules/electron) keeps the source tree.
      proc.resourcesPath = path.join(repoRoot, 'node_modules', 'electron', 'dist', 'resources');
      expect(appPaths(repoRoot).migrationsDir).toBe(path.join(repoRoot, 'main', 'services', 'store', 'migrations'));
    } finally {
      if (saved === undefined) delete proc.resourcesPath;
      else proc.resourcesPath = saved;
      removeDir(dir);
    }
    expect(appPaths(repoRoot).migrationsDir).toBe(path.join(repoRoot, 'main', 'services', 'store', 'migrations'));
    expect(appPaths(repoRoot).modelsDir).toBe(path.join(repoRoot, 'resources', 'models'));
  });
});
