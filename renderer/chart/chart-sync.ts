// Charts stacked in the multi-asset view move together: one visible time span and one crosshair.
// The chart the user last pointed at leads; the others follow it by time, not by bar index, since
// the instruments start on different days and may hold differently resampled levels of detail.
// Spans are set through WorkspaceChart.setVisibleTimeRange, which extrapolates beyond the bars a
// chart holds, so a younger instrument shows empty space before its first bar instead of shifting.

import type { WorkspaceChart } from './workspace-chart.ts';

export type TimeSpan = { from: number; to: number };

type Member = { chart: WorkspaceChart; onSyncedHover: (index: number | null) => void };

export class ChartSyncGroup {
  private readonly members = new Set<Member>();
  private leader: Member | null = null;
  /** The span every member shows: the leader's last one, or the one the group started with. */
  span: TimeSpan | null;

  constructor(initialSpan: TimeSpan | null = null) {
    this.span = initialSpan;
  }

  /**
   * Adds a chart. `onSyncedHover` receives the bar under a crosshair synced from another chart
   * (null when it leaves), since lightweight-charts fires no crosshair event for a synthetic
   * position. Returns the function that removes the chart from the group.
   */
  join(chart: WorkspaceChart, element: HTMLElement, onSyncedHover: (index: number | null) => void): () => void {
    const member: Member = { chart, onSyncedHover };
    this.members.add(member);
    const lead = () => (this.leader = member);
    const events = ['pointerenter', 'pointerdown', 'wheel'] as const;
    for (const name of events) element.addEventListener(name, lead, { passive: true });

    const onRange = () => {
      if (this.leader !== member) return;
      const span = chart.visibleTimeRange();
      if (!span) return;
      this.span = span;
      for (const other of this.members) if (other !== member) other.chart.setVisibleTimeRange(span.from, span.to);
    };
    const onCrosshair = (param: { logical?: number }) => {
      if (this.leader !== member) return;
      const index = chart.barAt(param.logical);
      const timeMs = index !== null && chart.window ? chart.window.candles.time[index] : null;
      for (const other of this.members) {
        if (other === member) continue;
        if (timeMs === null) {
          other.chart.clearCrosshair();
          other.onSyncedHover(null);
        } else other.onSyncedHover(other.chart.showCrosshairAt(timeMs));
      }
    };
    chart.chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    chart.chart.subscribeCrosshairMove(onCrosshair);
    return () => {
      for (const name of events) element.removeEventListener(name, lead);
      chart.chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
      chart.chart.unsubscribeCrosshairMove(onCrosshair);
      this.members.delete(member);
      if (this.leader === member) this.leader = null;
    };
  }

  /** Whether `chart` is the one the others follow (a follower must not publish its span). */
  leads(chart: WorkspaceChart): boolean {
    return this.leader?.chart === chart;
  }
}
