#!/usr/bin/env node
// Builds every entry point. esbuild bundles the Node-side entries (CLI + bridge server, worker
// threads, Electron main as CJS, preload as sandbox-safe CJS); Vite builds the React renderer.
// One explicit list of entries instead of electron-vite because RegimeLab also ships worker
// threads and a CLI that electron-vite does not model; see README "Architecture".
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const only = process.argv.includes('--node-only') ? 'node' : process.argv.includes('--renderer-only') ? 'renderer' : 'all';
const started = Date.now();

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};
// ESM bundles need `require` for the CommonJS packages esbuild leaves external.
const esmBanner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };

// Worker entries are listed explicitly; one that is listed but not written yet is reported, not fatal,
// so the rest of the app still builds (the service that needs it says "worker X is not built").
const workerEntries = Object.fromEntries(
  Object.entries({ compute: 'workers/compute.ts', import: 'workers/import.ts', inference: 'workers/inference.ts', report: 'workers/report.ts' }).filter(([name, file]) => {
    if (fs.existsSync(path.join(root, file))) return true;
    console.warn(`build: worker ${name} (${file}) does not exist; skipped`);
    return false;
  }),
);

if (only !== 'renderer') {
  await Promise.all([
    build({ ...common, entryPoints: { cli: 'main/cli/index.ts' }, outdir: path.join(out, 'node'), outExtension: { '.js': '.mjs' }, format: 'esm', packages: 'external', banner: esmBanner }),
    build({ ...common, entryPoints: workerEntries, outdir: path.join(out, 'workers'), outExtension: { '.js': '.mjs' }, format: 'esm', packages: 'external', banner: esmBanner }),
    build({ ...common, entryPoints: { main: 'main/electron/main.ts' }, outdir: path.join(out, 'electron'), outExtension: { '.js': '.cjs' }, format: 'cjs', packages: 'external' }),
    // The preload runs sandboxed: a single CommonJS file whose only require is `electron`.
    build({ ...common, entryPoints: { preload: 'preload/index.ts' }, outdir: path.join(out, 'preload'), outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'], platform: 'browser', target: 'chrome130' }),
  ]);
}
if (only !== 'node') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
fs.writeFileSync(path.join(out, 'build-info.json'), JSON.stringify({ builtAt: new Date().toISOString() }) + '\n');
console.log(`build: ${only} in ${Date.now() - started} ms → ${path.relative(process.cwd(), out) || 'out'}/`);
