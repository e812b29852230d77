// One variant of a sweep by index, with the same compute code as the local pool (core runSweep), for
// cluster workers that receive jobs one variant at a time. The grid is expanded once per sweep, and
// the shipped base regimes are reused when the variant's regime inputs equal the base config's.

import { checkStrategyConfig, type StrategyConfig } from '../../../core/backtest/config.ts';
import type { BacktestData } from '../../../core/backtest/data.ts';
import { applyVariant, expandGrid, type GridVariant } from '../../../core/backtest/grid.ts';
import type { HeadlineWasm } from '../../../core/backtest/headline-wasm.ts';
import { runSweep, type SweepRow } from '../../../core/backtest/sweep.ts';
import type { ResolvedRegimes } from '../../../core/regimes/resolve.ts';
import type { SweepManifest } from './sweep-dataset.ts';

export type PreparedSweep = {
  configInput: unknown;
  variants: GridVariant[];
  data: BacktestData;
  regimes: ResolvedRegimes[] | null;
  baseRegimeKey: string | null;
};

// The key core/backtest/sweep.ts caches regime fits under: what a fit depends on in a config.
function regimeKeyOf(config: StrategyConfig): string {
  return JSON.stringify([config.regimes, config.window]);
}

export function prepareSweep(manifest: SweepManifest, data: BacktestData): PreparedSweep {
  const base = checkStrategyConfig(manifest.configInput);
  return { configInput: manifest.configInput, variants: expandGrid(manifest.grid), data, regimes: manifest.regimes, baseRegimeKey: base.ok ? regimeKeyOf(base.config) : null };
}

/** `headlineWasm`: the WebAssembly headline kernel (loadHeadlineWasm), for the fast path; the row is the same without it. */
export function runVariant(sweep: PreparedSweep, index: number, headlineWasm?: HeadlineWasm): SweepRow {
  const variant = sweep.variants[index];
  if (!variant) throw new RangeError(`variant ${index} is outside the sweep (0..${sweep.variants.length - 1})`);
  const input = applyVariant(sweep.configInput, variant);
  const checked = checkStrategyConfig(input);
  const sameRegimes = checked.ok && sweep.baseRegimeKey !== null && regimeKeyOf(checked.config) === sweep.baseRegimeKey;
  const result = runSweep(input, {}, sweep.data, { ...(sameRegimes ? { regimes: sweep.regimes } : {}), headlineWasm });
  return { ...result.rows[0], index, variant };
}
