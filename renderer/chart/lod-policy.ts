// When the chart asks for another level of detail: the loaded window no longer covers the view, its
// bars are much wider than needed (a finer level exists), or far narrower than a pixel. The request
// covers three view widths so panning stays inside it; the service picks the bucket. Raw bars as
// soon as three view widths of them fit `rawWindowBars` (3 days of 1m: 4,320 bars, notes/charting.md).

import type { CandleWindow } from '../../core/contract/chart.ts';

export type LodSpan = { from: number; to: number };

export function nextLodSpan(window: CandleWindow, visible: LodSpan, visibleBars: number, widthPx: number, baseMs: number, rawWindowBars: number): LodSpan | null {
  const first = window.seriesFirstTime;
  const last = window.seriesLastTime;
  if (first === null || last === null || window.from === null || window.to === null) return null;
  const wantFrom = Math.max(first, visible.from);
  const wantTo = Math.min(last + baseMs, visible.to);
  const covers = window.from <= wantFrom + baseMs && window.to + baseMs >= wantTo - baseMs;
  const wholeHistory = window.from <= first && window.to >= last;
  const span = Math.max(baseMs, wantTo - wantFrom);
  // Zoomed in far enough that three view widths of raw bars fit the raw window: show raw bars.
  const tooCoarse = window.resampled && (visibleBars < widthPx / 8 || (3 * span) / baseMs <= rawWindowBars);
  const tooFine = !wholeHistory && visibleBars > widthPx * 2.5;
  if (covers && !tooCoarse && !tooFine) return null;
  return { from: Math.max(first, wantFrom - span), to: Math.min(last, wantTo + span) };
}
