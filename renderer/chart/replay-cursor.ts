// The chart's cursor (the bars shown) outside React state: a replay step or a load notifies the
// legend and the replay status line, which fill their values in directly instead of a React render.
// They are notified in an animation frame queued after the chart's: text changed before the chart
// repaints would be laid out inside its repaint (it reads element sizes), ≈ 1.5 ms a step; after it,
// the frame lays out once.

export class ReplayCursor {
  private listeners = new Set<() => void>();
  private frame = 0;
  /** Bars of the window shown (the replay cursor is the last of them). */
  shown = 0;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  set(shown: number): void {
    this.shown = shown;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      for (const listener of this.listeners) listener();
    });
  }
}
