#!/usr/bin/env node
// `npm test`, the gate: lint (with the layer rules), type checks (core, node, web), build, unit
// suites (Vitest), end-to-end specs (Playwright in Debian Chromium; Electron when
// ELECTRON_EXEC_PATH is set). Every suite runs even if an earlier one failed; the last line totals
// them all as `N passed, N failed, N skipped` and the exit code is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n── ${label} ${'─'.repeat(Math.max(0, 70 - label.length))}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: result.status === 0, seconds };
}

function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${label} (${seconds} s)`);
}

check('lint (eslint, layer rules)', bin('eslint'), ['.', '--max-warnings=0']);
check('typecheck core (no Node, no DOM)', bin('tsc'), ['-p', 'tsconfig.core.json']);
check('typecheck node side', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck web side', bin('tsc'), ['-p', 'tsconfig.web.json']);
check('typecheck end-to-end specs', bin('tsc'), ['-p', 'tsconfig.e2e.json']);
check('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);

function suite(label, command, args, reportFile, count) {
  fs.rmSync(reportFile, { force: true });
  const { ok, seconds } = run(label, command, args);
  let counted = null;
  try {
    counted = count(JSON.parse(fs.readFileSync(reportFile, 'utf8')));
  } catch {
    counted = null;
  }
  if (!counted) {
    totals.failed += 1;
    lines.push(`FAIL ${label}: no report (${seconds} s)`);
    return;
  }
  if (!ok && counted.failed === 0) counted.failed = 1; // the runner failed outside any test
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  totals.skipped += counted.skipped;
  lines.push(`${counted.failed ? 'FAIL' : 'ok  '} ${label}: ${counted.passed} passed, ${counted.failed} failed, ${counted.skipped} skipped (${seconds} s)`);
}

const unitReport = path.join(results, 'unit-results.json');
suite('unit (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${unitReport}`], unitReport, (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0),
  skipped: r.numPendingTests + r.numTodoTests,
}));

const e2eReport = path.join(results, 'e2e-results.json');
suite('end-to-end (playwright)', bin('playwright'), ['test'], e2eReport, (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected + (r.errors?.length ?? 0),
  skipped: r.stats.skipped,
}));

console.log('\n── summary ' + '─'.repeat(62));
for (const line of lines) console.log(line);
const closing = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
fs.writeFileSync(path.join(results, 'summary.txt'), closing + '\n');
console.log(closing);
process.exit(totals.failed === 0 ? 0 : 1);
