// What only the desktop shell offers the renderer (window.regimelabShell, exposed by the preload):
// the file-system path of a dropped or chosen File, and the menu commands the UI carries out itself.
// Absent in browser mode, where files travel as bytes and the same actions sit in the UI.

/** A menu command sent main → renderer (main/electron/shell-commands.ts sends these). */
export type ShellCommandMessage = { id: string; theme?: string; reason?: string };

/** A browser File, structurally (core has no DOM types): what a drop or a file input gives. */
export type DroppedFile = { readonly name: string; readonly size: number };

export type NativeShellBridge = {
  platform: string;
  /** The absolute path of a File from a drop or an <input type=file>; pass it to data.importFile. */
  pathForFile(file: DroppedFile): string;
  /** Subscribe to menu commands (Download…, Export Report…, theme changes); returns the unsubscribe. */
  onCommand(listener: (command: ShellCommandMessage) => void): () => void;
};

/** What the renderer does for a shell command: pure, so it is tested without a window. */
export type ShellAction =
  | { kind: 'open-download' }
  | { kind: 'export-report' }
  | { kind: 'notice'; text: string }
  | { kind: 'none' };

export function shellAction(command: ShellCommandMessage): ShellAction {
  switch (command.id) {
    case 'download':
      return { kind: 'open-download' };
    case 'export-report':
      return { kind: 'export-report' };
    case 'services-restarted':
      return { kind: 'notice', text: `The services restarted (${command.reason ?? 'unknown reason'}); running jobs were stopped, your data is intact.` };
    // 'theme': main sets nativeTheme, and prefers-color-scheme follows; nothing to do here.
    default:
      return { kind: 'none' };
  }
}
