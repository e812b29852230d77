// A JSON file named by a flag (--config, --grid), or E_BAD_INPUT naming the flag, the file and why.

import fs from 'node:fs';
import { RegimeLabError } from '../../core/errors.ts';

export function readJsonFile(file: string, flag: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RegimeLabError('E_BAD_INPUT', `${flag} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}`);
  }
}
