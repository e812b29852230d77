#!/usr/bin/env node
// `npm run bench [NAME…]`: runs benchmark scripts under tests/bench/ (all of them by default).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const all = fs.readdirSync(path.join(root, 'tests', 'bench')).filter((f) => f.endsWith('.ts')).sort();
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
let failed = 0;
for (const file of chosen) {
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run-ts.mjs'), path.join('tests', 'bench', file)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
