// Commands the shell sends to the renderer (menu items the UI carries out itself) on a channel of
// their own, main → renderer only. The preload repeats the channel name (it may import only
// electron and core/contract); tests/unit/main/electron/preload.test.ts checks they agree.

export const SHELL_COMMAND_CHANNEL = 'regimelab:shell-command';

export type ShellCommand = { id: 'download' } | { id: 'export-report' } | { id: 'theme'; theme: 'system' | 'light' | 'dark' } | { id: 'services-restarted'; reason: string };
