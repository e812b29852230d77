// What the renderer does with each command the desktop shell sends (main/electron/shell-commands.ts).
import { describe, expect, it } from 'vitest';
import { shellAction } from '../../../../core/contract/shell.ts';
import type { ShellCommand } from '../../../../main/electron/shell-commands.ts';

describe('shell commands in the renderer', () => {
  it('maps every command main sends to an action', () => {
    const sent: ShellCommand[] = [{ id: 'download' }, { id: 'export-report' }, { id: 'theme', theme: 'dark' }, { id: 'services-restarted', reason: 'exit code 3' }];
    expect(sent.map((c) => shellAction(c).kind)).toEqual(['open-download', 'export-report', 'none', 'notice']);
  });

  it('tells the user the services restarted, with the reason, and that the data is intact', () => {
    const action = shellAction({ id: 'services-restarted', reason: 'exit code 3' });
    expect(action).toEqual({ kind: 'notice', text: expect.stringMatching(/restarted \(exit code 3\).*data is intact/) });
  });

  it('ignores a command it does not know (an older renderer and a newer main)', () => {
    expect(shellAction({ id: 'something-new' })).toEqual({ kind: 'none' });
  });
});
