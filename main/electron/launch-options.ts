// What the shell reads from its command line and environment, as pure functions: the data
// directory override, where the services run, which files a launch (or a second launch) asks
// to open, and when a crashed renderer is reloaded.

import path from 'node:path';

/** The argument that makes out/electron/main.cjs start as the services host (main.ts). */
export const SERVICES_HOST_FLAG = '--regimelab-services-host';

export type ServicesHostKind = 'in-process' | 'utility';

export type LaunchOptions = {
  /** --data-dir=DIR or REGIMELAB_DATA_DIR (tests give every run its own). */
  dataDir: string | null;
  /** --services=utility or REGIMELAB_SERVICES=utility runs the services in a utility process. */
  services: ServicesHostKind;
};

function flagValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const found = argv.find((a) => a.startsWith(prefix));
  return found?.slice(prefix.length);
}

export function parseLaunchOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LaunchOptions {
  const dataDir = flagValue(argv, 'data-dir') ?? env.REGIMELAB_DATA_DIR;
  const services = flagValue(argv, 'services') ?? env.REGIMELAB_SERVICES;
  if (services !== undefined && services !== 'utility' && services !== 'in-process') {
    throw new Error(`--services must be "in-process" or "utility", got ${JSON.stringify(services)}`);
  }
  return { dataDir: dataDir && dataDir.length > 0 ? path.resolve(dataDir) : null, services: services ?? 'in-process' };
}

/** File types the importer reads (exchange CSV exports and archives, Parquet). */
export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.zip', '.gz', '.parquet'] as const;

export function isImportableFile(file: string): boolean {
  const lower = file.toLowerCase();
  return IMPORTABLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * The files a launch asks to open: every argument after the executable (and the app folder in
 * development) that is not a flag and names an importable file, resolved against the launch's
 * working directory. Chromium's own switches and the app path are skipped.
 */
export function filesFromArgv(argv: readonly string[], cwd: string, appRoot?: string): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || arg.length === 0) continue;
    const resolved = path.resolve(cwd, arg);
    if (appRoot !== undefined && resolved === path.resolve(appRoot)) continue;
    if (!isImportableFile(resolved)) continue;
    if (!files.includes(resolved)) files.push(resolved);
  }
  return files;
}

/** A renderer that crashes more than `maxCrashes` times within `windowMs` is not reloaded again. */
export function shouldReloadAfterCrash(crashTimesMs: readonly number[], nowMs: number, maxCrashes = 3, windowMs = 60_000): boolean {
  const recent = crashTimesMs.filter((t) => nowMs - t < windowMs).length;
  return recent <= maxCrashes;
}
