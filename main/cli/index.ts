#!/usr/bin/env node
// The `regimelab` command: global options (--data-dir, --json, --help), then a subcommand.
// Errors exit non-zero with one clear line; --json prints {"error":{code,message}} instead.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serializeError } from '../../core/errors.ts';
import { findAppRoot } from '../services/paths.ts';
import { UsageError, type CliContext, type Command } from './command.ts';
import { infoCommand } from './commands/info.ts';
import { serveCommand } from './commands/serve.ts';
import { sqlCommand } from './commands/sql.ts';
import { importCommand } from './commands/import.ts';
import { candlesCommand } from './commands/candles.ts';
import { fitCommand } from './commands/fit.ts';
import { backtestCommand } from './commands/backtest.ts';
import { loglikCommand } from './commands/loglik.ts';
import { downloadCommand } from './commands/download.ts';
import { statsCommand } from './commands/stats.ts';
import { varTestCommand } from './commands/var-test.ts';
import { exploreCommand } from './commands/explore.ts';
import { modelsCommand } from './commands/models.ts';
import { predictCommand } from './commands/predict.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { sweepCommand } from './commands/sweep.ts';
import { studyCommand } from './commands/study.ts';
import { workerCommand } from './commands/worker.ts';
import { reportCommand } from './commands/report.ts';
import { demoCommand } from './commands/demo.ts';

const COMMANDS: Command[] = [infoCommand, importCommand, downloadCommand, candlesCommand, fitCommand, loglikCommand, backtestCommand, sweepCommand, studyCommand, workerCommand, sqlCommand, serveCommand, statsCommand, varTestCommand, exploreCommand, modelsCommand, predictCommand, evaluateCommand, reportCommand, demoCommand];

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: regimelab <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    '  --data-dir DIR  data directory (store, runs, models); default: REGIMELAB_DATA_DIR or the per-user app data directory',
    '  --json          machine-readable output',
    '  -h, --help      this help, or a command\'s usage with `regimelab <command> --help`',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const stdout = (t: string) => process.stdout.write(t.endsWith('\n') ? t : t + '\n');
  const stderr = (t: string) => process.stderr.write(t.endsWith('\n') ? t : t + '\n');
  const [name, ...rest] = argv;
  const wantsJson = argv.includes('--json');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdout(helpText());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    stderr(`regimelab: unknown command ${JSON.stringify(name)}\n\n${helpText()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (values.help) {
      stdout(`usage: ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    const ctx: CliContext = {
      appRoot: findAppRoot(path.dirname(fileURLToPath(import.meta.url))),
      dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined,
      json: values.json === true,
      stdout,
      stderr,
    };
    const result = await command.run(values as Record<string, string | boolean | undefined>, positionals, ctx);
    if ('stream' in result) return -1; // long-running (serve): keep the process alive
    stdout(ctx.json ? JSON.stringify(result.json, null, 2) : result.text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      stderr(`regimelab ${name}: ${error.message}\nusage: ${command.usage}`);
      return 2;
    }
    const serialized = serializeError(error);
    if (wantsJson) stdout(JSON.stringify({ error: serialized }, null, 2));
    stderr(`regimelab ${name}: ${serialized.message} [${serialized.code}]`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
