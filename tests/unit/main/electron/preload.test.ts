// The preload as built: one sandbox-safe CommonJS file whose only require is electron, exposing
// exactly the two bridges, on the channels main uses.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SHELL_COMMAND_CHANNEL } from '../../../../main/electron/shell-commands.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../../core/contract/client.ts';
import { repoRoot } from '../../helpers/paths.ts';

const source = fs.readFileSync(path.join(repoRoot, 'preload/index.ts'), 'utf8');
const built = path.join(repoRoot, 'out/preload/preload.cjs');

describe('preload', () => {
  it('listens on the shell command channel main sends on', () => {
    expect(source).toContain(`const SHELL_COMMAND_CHANNEL = '${SHELL_COMMAND_CHANNEL}';`);
  });

  it.skipIf(!fs.existsSync(built))('is bundled so that its only require is electron, and exposes two bridges', () => {
    const code = fs.readFileSync(built, 'utf8');
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect([...code.matchAll(/exposeInMainWorld\(["'](\w+)["']/g)].map((m) => m[1])).toEqual(['regimelab', 'regimelabShell']);
    expect(code).toContain(IPC_CALL_CHANNEL);
    expect(code).toContain(IPC_EVENT_CHANNEL);
    expect(code).not.toMatch(/ipcRenderer\.send\(/); // calls go through invoke on the one channel only
  });
});
