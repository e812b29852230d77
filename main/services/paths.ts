// Where RegimeLab keeps its data and finds its own files. The data directory is the per-user app
// data directory by default (the same one Electron's userData uses), overridden by --data-dir or
// REGIMELAB_DATA_DIR for every command, the app and the server alike.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'RegimeLab';

export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** --data-dir wins, then REGIMELAB_DATA_DIR, then the per-user default. */
export function resolveDataDir(flag?: string): string {
  const chosen = flag ?? process.env.REGIMELAB_DATA_DIR;
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultDataDir());
}

/** The package root (the folder holding package.json), found by walking up from `start`. */
export function findAppRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
        if (pkg.name === 'regimelab') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the RegimeLab package root above ${start}`);
    dir = parent;
  }
}

export type AppPaths = {
  appRoot: string;
  /** Built worker entry points (out/workers/NAME.mjs). */
  workerEntry(name: 'compute' | 'import' | 'inference' | 'report'): string;
  migrationsDir: string;
  /** Shipped ONNX models with their manifests (resources/models). */
  modelsDir: string;
  rendererDir: string;
  version: string;
};

/**
 * The folder holding the extra resources (migrations/, models/) when `appRoot` is a packaged app
 * (resources/app.asar or resources/app, as electron-builder lays it out), else null: in a
 * checkout, under the CLI and in tests the files are read from the source tree.
 */
export function packagedResourcesDir(appRoot: string, resourcesPath = (process as { resourcesPath?: string }).resourcesPath): string | null {
  if (typeof resourcesPath !== 'string' || resourcesPath.length === 0) return null;
  const relative = path.relative(path.resolve(resourcesPath), path.resolve(appRoot));
  return relative === 'app.asar' || relative === 'app' ? path.resolve(resourcesPath) : null;
}

export function appPaths(appRoot: string): AppPaths {
  const pkg = JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string };
  const resources = packagedResourcesDir(appRoot);
  return {
    appRoot,
    workerEntry: (name) => {
      const entry = path.join(appRoot, 'out', 'workers', `${name}.mjs`);
      if (!fs.existsSync(entry)) throw new Error(`worker ${name} is not built (${entry} missing): run npm run build`);
      return entry;
    },
    migrationsDir: resources ? path.join(resources, 'migrations') : path.join(appRoot, 'main', 'services', 'store', 'migrations'),
    modelsDir: resources ? path.join(resources, 'models') : path.join(appRoot, 'resources', 'models'),
    rendererDir: path.join(appRoot, 'out', 'renderer'),
    version: pkg.version,
  };
}
