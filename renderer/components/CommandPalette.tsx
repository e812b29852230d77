// The command palette (Ctrl/⌘+K, or the toolbar button): the workspace's commands filtered by a
// fuzzy query, each with its shortcut. ↑/↓ choose, Enter runs, Esc closes; a command that cannot
// run now stays listed, dimmed, with the reason.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { PaletteAction } from '../commands/workspace-actions.ts';
import { fuzzyMatch } from '../commands/fuzzy-match.ts';
import { formatShortcut, matchesShortcut } from '../commands/shortcuts.ts';

type Props = { actions: PaletteAction[]; onClose: () => void };

type Row = { action: PaletteAction; positions: number[]; score: number };

/** Matches on the title rank above matches on the hidden keywords only. */
const KEYWORD_ONLY_PENALTY = 20;

function filterActions(actions: PaletteAction[], query: string): Row[] {
  if (!query.trim()) return actions.map((action) => ({ action, positions: [], score: 0 }));
  const rows: Row[] = [];
  for (const action of actions) {
    const onTitle = fuzzyMatch(query, action.title);
    const onKeywords = action.keywords ? fuzzyMatch(query, `${action.title} ${action.keywords}`) : null;
    if (onTitle) rows.push({ action, positions: onTitle.positions, score: onTitle.score });
    else if (onKeywords) rows.push({ action, positions: [], score: onKeywords.score - KEYWORD_ONLY_PENALTY });
  }
  // Stable: equal scores keep the list's own order.
  return rows.sort((a, b) => b.score - a.score || (a.action.disabledReason ? 1 : 0) - (b.action.disabledReason ? 1 : 0));
}

function Highlighted({ text, positions }: { text: string; positions: number[] }) {
  if (positions.length === 0) return <>{text}</>;
  const marked = new Set(positions);
  return <>{Array.from(text, (ch, i) => (marked.has(i) ? <mark key={i}>{ch}</mark> : <span key={i}>{ch}</span>))}</>;
}

export function CommandPalette({ actions, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const rows = useMemo(() => filterActions(actions, query), [actions, query]);
  const index = Math.min(selected, Math.max(0, rows.length - 1));

  // Focus the query; give focus back to where it was when the palette closes.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(() => {
    setSelected(0);
  }, [query]);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  const runRow = (row: Row | undefined) => {
    if (!row || row.action.disabledReason) return;
    onClose();
    row.action.run();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' || matchesShortcut(e.nativeEvent, 'Mod+K')) {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (rows.length > 0) setSelected((index + (e.key === 'ArrowDown' ? 1 : rows.length - 1)) % rows.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      runRow(rows[index]);
    }
    // Keys typed here are the query, never workspace shortcuts.
    e.stopPropagation();
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose} data-testid="command-palette-backdrop">
      <div className="command-palette" role="dialog" aria-label="Command palette" data-testid="command-palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Type a command…"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={rows[index] ? `palette-${rows[index].action.id}` : undefined}
          data-testid="palette-input"
          spellCheck={false}
        />
        <ul className="palette-list" id="palette-list" role="listbox" ref={list}>
          {rows.map((row, i) => (
            <li
              key={row.action.id}
              id={`palette-${row.action.id}`}
              role="option"
              aria-selected={i === index}
              aria-disabled={row.action.disabledReason ? true : undefined}
              className={`${i === index ? 'selected' : ''}${row.action.disabledReason ? ' disabled' : ''}`}
              data-index={i}
              data-action={row.action.id}
              data-testid="palette-item"
              onMouseMove={() => i !== index && setSelected(i)}
              onClick={() => runRow(row)}
            >
              <span className="palette-title">
                <Highlighted text={row.action.title} positions={row.positions} />
                {row.action.disabledReason && <span className="palette-reason"> — {row.action.disabledReason}</span>}
              </span>
              {row.action.shortcut && <kbd>{formatShortcut(row.action.shortcut)}</kbd>}
            </li>
          ))}
          {rows.length === 0 && <li className="palette-empty">No command matches “{query}”.</li>}
        </ul>
        <div className="palette-help muted small">↑↓ choose · Enter run · Esc close</div>
      </div>
    </div>
  );
}
