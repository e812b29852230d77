// Paths tests read from: the repository root and the read-only ../shared folder beside it
// (real exchange files and reference values; never copied into the repo).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function sharedPath(...parts: string[]): string {
  return path.resolve(repoRoot, '..', 'shared', ...parts);
}
