// The workspace's commands: one list that the command palette shows (with shortcuts) and the global
// shortcut handler runs. Each command calls the function its button calls; commands that need a
// view (fit, run, export, replay, download) open it and hand it a one-shot request (ui-requests.ts).

import type { Timeframe } from '../../core/contract/schemas.ts';
import type { UiRequestKind } from './ui-requests.ts';

export type WorkspaceView = 'chart' | 'multi' | 'data' | 'backtest' | 'runs';

export type PaletteAction = {
  id: string;
  title: string;
  /** Extra words the palette matches (not shown). */
  keywords?: string;
  shortcut?: string;
  /** Why the command cannot run now (shown dimmed in the palette); null when it can. */
  disabledReason: string | null;
  /**
   * Who handles the shortcut: 'app' (the global handler), 'view' (the view itself, e.g. undo in the
   * strategy editor) or 'menu' (the desktop menu's accelerator, when the desktop shell is present).
   */
  shortcutOwner?: 'app' | 'view' | 'menu';
  run: () => void;
};

export type WorkspaceActionContext = {
  view: WorkspaceView;
  setView: (view: WorkspaceView) => void;
  timeframes: Timeframe[];
  timeframe: Timeframe | null;
  setTimeframe: (timeframe: Timeframe) => void;
  showRegimes: boolean;
  setShowRegimes: (show: boolean) => void;
  showBands: boolean;
  setShowBands: (show: boolean) => void;
  hindsight: boolean;
  setHindsight: (hindsight: boolean) => void;
  hasRegimeRun: boolean;
  hasSeries: boolean;
  desktopMenu: boolean;
  request: (kind: UiRequestKind) => void;
  resetPaneSizes: () => void;
};

export const VIEWS: { view: WorkspaceView; title: string; keywords: string }[] = [
  { view: 'chart', title: 'Chart', keywords: 'candles workspace regimes' },
  { view: 'multi', title: 'Multi-asset', keywords: 'compare stacked btc eth sol cross asset propagation' },
  { view: 'data', title: 'Data', keywords: 'import store instruments quality' },
  { view: 'backtest', title: 'Backtest', keywords: 'strategy editor sweep compare' },
  { view: 'runs', title: 'Runs', keywords: 'history rerun reopen' },
];

export function workspaceActions(ctx: WorkspaceActionContext): PaletteAction[] {
  const noSeries = ctx.hasSeries ? null : 'no instrument and timeframe loaded yet';
  const menuOwner = ctx.desktopMenu ? 'menu' : 'app';
  const timeframeIndex = ctx.timeframe ? ctx.timeframes.indexOf(ctx.timeframe) : -1;
  // The timeframe commands act on the chart's series; the stacked view has its own timeframe buttons.
  const ownTimeframes = ctx.view === 'multi' ? 'the multi-asset view has its own timeframe buttons' : null;
  const stepTimeframe = (direction: 1 | -1): PaletteAction => {
    const next = ctx.timeframes[timeframeIndex + direction];
    return {
      id: direction > 0 ? 'timeframe-next' : 'timeframe-previous',
      title: direction > 0 ? 'Timeframe: next (coarser)' : 'Timeframe: previous (finer)',
      keywords: 'interval zoom',
      shortcut: direction > 0 ? ']' : '[',
      disabledReason: ownTimeframes ?? (next ? null : direction > 0 ? 'already the coarsest timeframe' : 'already the finest timeframe'),
      run: () => next && ctx.setTimeframe(next),
    };
  };
  const openView = (view: WorkspaceView, after: () => void) => () => {
    ctx.setView(view);
    after();
  };
  return [
    ...VIEWS.map(
      (v, i): PaletteAction => ({
        id: `view-${v.view}`,
        title: `View: ${v.title}`,
        keywords: `switch go ${v.keywords}`,
        shortcut: String(i + 1),
        disabledReason: null,
        run: () => ctx.setView(v.view),
      }),
    ),
    ...ctx.timeframes.map(
      (t): PaletteAction => ({
        id: `timeframe-${t}`,
        title: `Timeframe: ${t}`,
        keywords: 'switch interval',
        disabledReason: ownTimeframes ?? (t === ctx.timeframe ? 'the timeframe shown' : null),
        run: () => ctx.setTimeframe(t),
      }),
    ),
    stepTimeframe(1),
    stepTimeframe(-1),
    {
      id: 'toggle-bands',
      title: ctx.showBands ? 'Hide regime bands' : 'Show regime bands',
      keywords: 'toggle shading background spells',
      shortcut: 'B',
      disabledReason: null,
      run: () => ctx.setShowBands(!ctx.showBands),
    },
    {
      id: 'toggle-regime-panel',
      title: ctx.showRegimes ? 'Hide the regime panel' : 'Show the regime panel',
      keywords: 'toggle side model fits',
      shortcut: 'P',
      disabledReason: null,
      run: () => ctx.setShowRegimes(!ctx.showRegimes),
    },
    {
      id: 'toggle-hindsight',
      title: ctx.hindsight ? 'Hindsight off: filtered (causal) probabilities' : 'Hindsight on: smoothed probabilities (uses future data)',
      keywords: 'toggle smoothed filtered causal look-ahead',
      shortcut: 'H',
      disabledReason: ctx.hasRegimeRun ? null : 'no regime fit selected on the chart',
      run: () => ctx.setHindsight(!ctx.hindsight),
    },
    {
      id: 'enter-replay',
      title: 'Enter replay (pick the start bar)',
      keywords: 'bar replay step history as the model saw it',
      shortcut: 'R',
      disabledReason: noSeries,
      run: openView('chart', () => ctx.request('enter-replay')),
    },
    {
      id: 'fit-regimes',
      title: 'Fit regimes on this series',
      keywords: 'msgarch model estimate regime panel',
      shortcut: 'Shift+F',
      disabledReason: noSeries,
      run: openView('chart', () => {
        ctx.setShowRegimes(true);
        ctx.request('fit-regimes');
      }),
    },
    {
      id: 'run-backtest',
      title: 'Run backtest (the strategy in the editor)',
      keywords: 'strategy simulate',
      shortcut: 'Mod+Enter',
      disabledReason: noSeries,
      run: openView('backtest', () => ctx.request('run-backtest')),
    },
    {
      id: 'undo-strategy',
      title: 'Undo strategy edit',
      keywords: 'editor config history',
      shortcut: 'Mod+Z',
      shortcutOwner: 'view',
      disabledReason: null,
      run: openView('backtest', () => ctx.request('undo-strategy')),
    },
    {
      id: 'redo-strategy',
      title: 'Redo strategy edit',
      keywords: 'editor config history',
      shortcut: 'Mod+Shift+Z',
      shortcutOwner: 'view',
      disabledReason: null,
      run: openView('backtest', () => ctx.request('redo-strategy')),
    },
    {
      id: 'export-report',
      title: 'Export report…',
      keywords: 'html save download file',
      shortcut: 'Mod+E',
      shortcutOwner: menuOwner,
      disabledReason: null,
      run: openView('backtest', () => ctx.request('export-report')),
    },
    {
      id: 'open-download',
      title: 'Download klines… (Binance archive)',
      keywords: 'data import fetch exchange dialog',
      shortcut: 'Mod+Shift+D',
      shortcutOwner: menuOwner,
      disabledReason: null,
      run: openView('data', () => ctx.request('open-download')),
    },
    {
      id: 'reset-panes',
      title: 'Reset chart pane sizes',
      keywords: 'layout heights stretch volume probability leverage equity',
      disabledReason: null,
      run: ctx.resetPaneSizes,
    },
  ];
}
