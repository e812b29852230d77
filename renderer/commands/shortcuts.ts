// Keyboard shortcuts written as chords — 'Mod+K', 'Shift+F', 'B', ']', 'Mod+Shift+D', 'Mod+Enter' —
// where Mod is ⌘ on macOS and Ctrl elsewhere (as Electron's CmdOrCtrl accelerators in the menu).
// One parser for matching key events and for showing the chord in the palette and on buttons.

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

type Chord = { mod: boolean; ctrl: boolean; shift: boolean; alt: boolean; key: string };

/** Parsed chords: a key event is matched against every command's chord, so each is parsed once. */
const parsed = new Map<string, Chord>();

function parse(chord: string): Chord {
  let c = parsed.get(chord);
  if (!c) parsed.set(chord, (c = parseChord(chord)));
  return c;
}

function parseChord(chord: string): Chord {
  const parts = chord.split('+');
  // A chord ending in '+' names the plus key itself ('Mod++').
  const key = chord.endsWith('++') ? '+' : parts[parts.length - 1];
  const modifiers = new Set(parts.slice(0, chord.endsWith('++') ? -2 : -1));
  return { mod: modifiers.has('Mod'), ctrl: modifiers.has('Ctrl'), shift: modifiers.has('Shift'), alt: modifiers.has('Alt'), key };
}

/** Whether a key event is this chord: modifiers exactly, the key by its character or its physical key. */
export function matchesShortcut(event: KeyboardEvent, chord: string): boolean {
  const c = parse(chord);
  const wantMeta = c.mod && isMac;
  const wantCtrl = c.ctrl || (c.mod && !isMac);
  if (event.metaKey !== wantMeta || event.ctrlKey !== wantCtrl || event.altKey !== c.alt || event.shiftKey !== c.shift) return false;
  const key = c.key.toLowerCase();
  if (event.key.toLowerCase() === key) return true;
  // Layouts where the character differs (Shift+digit, non-Latin letters): the physical key.
  if (/^[a-z]$/.test(key)) return event.code === `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return event.code === `Digit${key}`;
  return false;
}

/** The chord as the platform writes it: '⌘K' on macOS, 'Ctrl+K' elsewhere. */
export function formatShortcut(chord: string): string {
  const c = parse(chord);
  const key = c.key.length === 1 ? c.key.toUpperCase() : c.key === 'Enter' ? (isMac ? '↩' : 'Enter') : c.key;
  if (isMac) return `${c.ctrl ? '⌃' : ''}${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key}`;
  return [...(c.mod || c.ctrl ? ['Ctrl'] : []), ...(c.alt ? ['Alt'] : []), ...(c.shift ? ['Shift'] : []), key].join('+');
}

/** Whether keys typed here are text (a field, a select, an editable element), not commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  if (element.tagName !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/** Whether a chord carries Mod/Ctrl/Alt, so it may act while the user is typing in a field. */
export function worksWhileTyping(chord: string): boolean {
  const c = parse(chord);
  return c.mod || c.ctrl || c.alt;
}
