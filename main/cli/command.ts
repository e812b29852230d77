// What every `regimelab` subcommand looks like: a name, a one-line summary, its options (parsed by
// node:util parseArgs) and a run function that returns a value printed as text or as JSON.

import type { ParseArgsConfig } from 'node:util';

export type CliContext = {
  appRoot: string;
  /** --data-dir, when given (REGIMELAB_DATA_DIR and the default are resolved by the services). */
  dataDir: string | undefined;
  json: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

export type CommandResult = { json: unknown; text: string } | { stream: true };

export type Command = {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(values: Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: string[], ctx: CliContext): Promise<CommandResult>;
};

/** A usage error: exit code 2 and the command's usage line. */
export class UsageError extends Error {}
