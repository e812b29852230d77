// Replay controls and the status line: play/pause, step, previous/next regime switch (and trade when
// a backtest is selected), speed, jump to a date or the end, exit. Keyboard: Space, ←/→, Shift+←/→, Esc.

import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { CandleWindow } from '../../core/contract/chart.ts';
import { formatTime, regimeName } from '../chart/bar-index.ts';

type Props = {
  window: CandleWindow | null;
  regimeCount: number;
  /** Subscribes to the replay cursor (calls back on every step); returns the unsubscribe. */
  follow: (fill: () => void) => () => void;
  /** The cursor's index in the window now. */
  current: () => number;
  playing: boolean;
  speed: number;
  hasTrades: boolean;
  onPlay: () => void;
  onStep: (direction: 1 | -1) => void;
  onSwitch: (direction: 1 | -1) => void;
  onTrade: (direction: 1 | -1) => void;
  onEnd: () => void;
  onDate: (timeMs: number) => void;
  onSpeed: (barsPerSecond: number) => void;
  onExit: () => void;
};

export const REPLAY_SPEEDS = [1, 2, 5, 10, 30, 60, 240];

/** The bar: controls (re-rendered only when play state, speed or handlers change) and the status line (filled in on every step). */
export function ReplayBar({ window, regimeCount, follow, current, ...controls }: Props) {
  return (
    <div className="replay-bar" data-testid="replay-bar">
      <ReplayControls {...controls} />
      <ReplayStatus window={window} regimeCount={regimeCount} follow={follow} current={current} />
    </div>
  );
}

/** The status line names the bar, the regime and its probability; written directly, as the legend. */
function ReplayStatus({ window: w, regimeCount, follow, current }: Pick<Props, 'window' | 'regimeCount' | 'follow' | 'current'>) {
  const line = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const fill = () => {
      const el = line.current;
      if (!el) return;
      const index = current();
      const time = w && index >= 0 ? w.candles.time[index] : null;
      const r = w?.regime;
      el.dataset.cursorTime = time === null ? '' : String(time);
      el.textContent =
        time === null || !w
          ? 'Replay: loading…'
          : `Replay · bar ${formatTime(time)} (${index + 1} of ${w.candles.time.length} in window) · ` +
            (r
              ? `regime ${regimeName(r.confirmedRegime[index], regimeCount)} · P(high vol) ${Number.isFinite(r.probHigh[index]) ? r.probHigh[index].toFixed(3) : '—'} (filtered)`
              : 'no regime run selected');
    };
    fill();
    return follow(fill);
  }, [w, regimeCount, follow, current]);
  return <div className="replay-status" data-testid="replay-status" ref={line} />;
}

const ReplayControls = memo(function ReplayControls(props: Omit<Props, 'window' | 'regimeCount' | 'follow' | 'current'>) {
  const [date, setDate] = useState('');
  return (
    <div className="replay-controls">
      <button onClick={() => props.onSwitch(-1)} title="Previous regime switch (Shift+←)" data-testid="replay-prev-switch">‹ switch</button>
      {props.hasTrades && <button onClick={() => props.onTrade(-1)} title="Previous trade" data-testid="replay-prev-trade">‹ trade</button>}
      <button onClick={() => props.onStep(-1)} title="Step back (←)" data-testid="replay-back">◀</button>
      <button onClick={props.onPlay} title="Play / pause (Space)" data-testid="replay-play" className="primary">{props.playing ? '❚❚ pause' : '▶ play'}</button>
      <button onClick={() => props.onStep(1)} title="Step forward (→)" data-testid="replay-forward">▶</button>
      {props.hasTrades && <button onClick={() => props.onTrade(1)} title="Next trade" data-testid="replay-next-trade">trade ›</button>}
      <button onClick={() => props.onSwitch(1)} title="Next regime switch (Shift+→)" data-testid="replay-next-switch">switch ›</button>
      <button onClick={props.onEnd} title="Jump to the last bar" data-testid="replay-end">end »</button>
      <label>
        speed
        <select value={props.speed} onChange={(e) => props.onSpeed(Number(e.target.value))} data-testid="replay-speed">
          {REPLAY_SPEEDS.map((s) => <option key={s} value={s}>{s} bars/s</option>)}
        </select>
      </label>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = Date.parse(date.length <= 10 ? `${date}T00:00:00Z` : `${date.replace(' ', 'T')}Z`);
          if (Number.isFinite(t)) props.onDate(t);
        }}
      >
        <input value={date} onChange={(e) => setDate(e.target.value)} placeholder="YYYY-MM-DD [HH:MM]" data-testid="replay-date" size={16} />
        <button type="submit" data-testid="replay-go">go</button>
      </form>
      <span className="spacer" />
      <button onClick={props.onExit} title="Exit replay (Esc)" data-testid="replay-exit">exit (Esc)</button>
    </div>
  );
});
