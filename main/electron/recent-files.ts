// Recently imported files: a pure most-recent-first list, persisted as recent-files.json in the
// data directory. It backs File → Open Recent on every platform (macOS and Windows also get
// app.addRecentDocument so the Dock and the jump list show them).

import fs from 'node:fs';
import path from 'node:path';

export const RECENT_FILES_FILE = 'recent-files.json';
export const MAX_RECENT_FILES = 10;

export function addRecentFile(list: readonly string[], file: string, max = MAX_RECENT_FILES): string[] {
  return [file, ...list.filter((f) => f !== file)].slice(0, max);
}

export function readRecentFiles(dataDir: string): string[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, RECENT_FILES_FILE), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)).slice(0, MAX_RECENT_FILES) : [];
  } catch {
    return [];
  }
}

export function writeRecentFiles(dataDir: string, list: readonly string[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, RECENT_FILES_FILE), JSON.stringify(list, null, 2) + '\n');
}
