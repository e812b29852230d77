// Sweeps: every variant of a grid run through the vector path, one headline row per variant (ready
// for heatmaps). Work is shared by what actually changes: regime fits once per regime config, gated
// labels once per gate config (leverages then mapped onto them by lookup), cost arrays once per cost
// config; the kernel writes only the equity curve into reused buffers and the headline allocates
// nothing. A worker runs a slice [from, to) of the variants with the same indices, so a pool merges
// slices by index. Rows equal runBacktest's headline of the same variant bit for bit (tests).
// What a worker needs: the base config input, the grid, the data (transferred typed arrays) and
// optionally the resolved regimes (plain data) so it does no fits itself.

import { throwIfCancelled, type CancelSignal } from '../errors.ts';
import type { ResolvedRegimes } from '../regimes/resolve.ts';
import { checkStrategyConfig } from './config.ts';
import type { BacktestData } from './data.ts';
import { applyVariant, expandGrid, type GridVariant, type ParameterGrid } from './grid.ts';
import { backtestWindow, headlineOf, periodsPerYearOf, resolveBacktestRegimes } from './run-backtest.ts';
import { buildPlan, type PlanCache } from './plan.ts';
import { computeRegimeLabels, computeSchedule, desiredFromLabels, isLabelLookup, labelTargetTable, regimeLabelsKey, type RegimeLabels } from './schedule.ts';
import { HeadlineWasm } from './headline-wasm.ts';
import { canSimulateHeadline, simulateHeadline, type HeadlineKernelInput, type HeadlineWorkspace } from './simulate-headline.ts';
import { simulateVector, type SimulationWorkspace } from './simulate-vector.ts';
import type { HeadlineStats } from './summary.ts';

export type SweepRow = {
  index: number;
  variant: GridVariant;
  hindsight: boolean;
  headline: HeadlineStats | null;
  /** Validation or run error of this variant (its row has no statistics). */
  error?: string;
};

export type SweepResult = { keys: string[]; total: number; from: number; to: number; rows: SweepRow[] };

export type SweepOptions = {
  onProgress?: (done: number, total: number) => void;
  signal?: CancelSignal;
  /** Run variants [from, to) only (a worker's slice); default all. */
  from?: number;
  to?: number;
  /** Resolved regimes of the base config, reused by every variant with the same regime config. */
  regimes?: ResolvedRegimes[] | null;
  /** The WebAssembly headline kernel (loadHeadlineWasm): fast-path variants then run two at a time. Rows are the same without it. */
  headlineWasm?: HeadlineWasm;
};

/** A fast-path variant waiting for a partner, with its general path should the kernel decline it. */
type FastVariant = { index: number; variant: GridVariant; input: HeadlineKernelInput; general: () => HeadlineStats };

const LABEL_CACHE_ENTRIES = 64;
/** The fast path reads targets from the labels, not from a desired array. */
const EMPTY_DESIRED: Float64Array[] = [new Float64Array(0)];

export function runSweep(configInput: unknown, grid: ParameterGrid, data: BacktestData, options: SweepOptions = {}): SweepResult {
  const variants = expandGrid(grid);
  const from = Math.max(0, options.from ?? 0);
  const to = Math.min(variants.length, options.to ?? variants.length);
  const regimeCache = new Map<string, ResolvedRegimes[] | null>();
  const workspace: SimulationWorkspace = {};
  const planCache: PlanCache = new Map();
  const labelCache = new Map<string, RegimeLabels>();
  let desiredBuffers: Float64Array[] | null = null;
  const headlineWorkspace: HeadlineWorkspace = {};
  const rows: SweepRow[] = [];
  const regimeKey = (c: { regimes: unknown; window: unknown }): string => JSON.stringify([c.regimes, c.window]);
  if (options.regimes !== undefined) {
    const base = checkStrategyConfig(configInput);
    if (base.ok) regimeCache.set(regimeKey(base.config), options.regimes);
  }
  const wasm = options.headlineWasm;
  const push = (row: SweepRow): void => {
    rows.push(row);
    options.onProgress?.(rows.length, to - from);
  };
  const errorRow = (index: number, variant: GridVariant, e: unknown): SweepRow => {
    if (e instanceof Error && 'code' in e && (e as { code: unknown }).code === 'E_CANCELLED') throw e;
    return { index, variant, hindsight: false, headline: null, error: e instanceof Error ? e.message : String(e) };
  };
  // With the WebAssembly kernel, a fast-path variant waits for the next one: two on the same labels and
  // columns run as one pair; otherwise it runs alone (its input in both lanes). Rows stay in index order.
  let waiting: FastVariant | null = null;
  const runFast = (a: FastVariant, b: FastVariant | null): void => {
    let pair: (HeadlineStats | null)[];
    try {
      pair = wasm!.pair(a.input, (b ?? a).input);
    } catch (e) {
      for (const v of b ? [a, b] : [a]) push(errorRow(v.index, v.variant, e));
      return;
    }
    for (const [k, v] of (b ? [a, b] : [a]).entries()) {
      try {
        push({ index: v.index, variant: v.variant, hindsight: v.input.hindsight, headline: pair[k] ?? v.general() });
      } catch (e) {
        push(errorRow(v.index, v.variant, e));
      }
    }
  };
  const flush = (): void => {
    if (waiting) runFast(waiting, null);
    waiting = null;
  };
  for (let index = from; index < to; index++) {
    throwIfCancelled(options.signal);
    const variant = variants[index];
    const checked = checkStrategyConfig(applyVariant(configInput, variant));
    if (!checked.ok) {
      flush();
      push({ index, variant, hindsight: false, headline: null, error: checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ') });
      continue;
    }
    const config = checked.config;
    try {
      const key = regimeKey(config);
      let regimes = regimeCache.get(key);
      if (regimes === undefined) {
        regimes = resolveBacktestRegimes(config, data, { signal: options.signal });
        regimeCache.set(key, regimes);
      }
      const hindsight = regimes?.some((r) => r.hindsight) ?? false;
      const window = backtestWindow(config, data);
      const labelKey = regimeLabelsKey(config, window.d0, window.endIndex);
      let labels = labelCache.get(labelKey);
      if (!labels) {
        // Bounded: ~1 byte per bar and instrument each; a grid over gate settings revisits them in key order.
        if (labelCache.size >= LABEL_CACHE_ENTRIES) labelCache.delete(labelCache.keys().next().value as string);
        labelCache.set(labelKey, (labels = computeRegimeLabels(config, data, regimes, window.d0, window.endIndex)));
      }
      const time = data.instruments[0].candles.time.subarray(window.d0, window.endIndex + 1);
      const periodsPerYear = periodsPerYearOf(config, data);
      const general = (): HeadlineStats => {
        let desired: Float64Array[];
        if (isLabelLookup(config)) {
          desiredBuffers ??= data.instruments.map((inst) => new Float64Array(inst.candles.time.length));
          desiredFromLabels(config, labels, regimes !== null, window.d0, window.endIndex, desiredBuffers);
          desired = desiredBuffers;
        } else desired = computeSchedule(config, data, regimes, window.d0, window.endIndex, labels).desired;
        const plan = buildPlan(config, data, desired, window.d0, window.endIndex, planCache);
        const series = simulateVector(plan, { workspace, record: 'equity' });
        return headlineOf(series, time, periodsPerYear, config.stats.riskFree, hindsight);
      };
      // The fast path (one instrument, label-lookup targets, on-change orders, no breaker) simulates
      // and takes the headline in one pass, without the desired or equity arrays; null: not covered.
      let headline: HeadlineStats | null = null;
      if (data.instruments.length === 1 && isLabelLookup(config)) {
        const input: HeadlineKernelInput = {
          plan: buildPlan(config, data, EMPTY_DESIRED, window.d0, window.endIndex, planCache),
          regime: labels.regime[0],
          table: labelTargetTable(config, regimes !== null, 0, 1),
          periodsPerYear,
          riskFree: config.stats.riskFree,
          hindsight,
          workspace: headlineWorkspace,
        };
        if (wasm && canSimulateHeadline(input.plan)) {
          const fast: FastVariant = { index, variant, input, general };
          if (waiting && HeadlineWasm.pairable(waiting.input, input)) {
            const first = waiting;
            waiting = null;
            runFast(first, fast);
          } else {
            flush();
            waiting = fast;
          }
          continue;
        }
        headline = simulateHeadline(input);
      }
      flush();
      push({ index, variant, hindsight, headline: headline ?? general() });
    } catch (e) {
      flush();
      push(errorRow(index, variant, e));
    }
  }
  flush();
  return { keys: Object.keys(grid), total: variants.length, from, to, rows };
}
