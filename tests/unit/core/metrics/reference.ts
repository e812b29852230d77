// Loads tests/fixtures/metrics/reference.json (written by tests/reference-scripts/metrics_reference.py
// with Debian's numpy / scipy / statsmodels) and offers the tolerance check every suite uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { repoRoot } from '../../helpers/paths.ts';
import type { Trade } from '../../../../core/metrics/types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const reference: Json = JSON.parse(readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'metrics', 'reference.json'), 'utf8'));

export const inputs = {
  equity: Float64Array.from(reference.inputs.equity as number[]),
  time: Float64Array.from(reference.inputs.time as number[]),
  garch: Float64Array.from(reference.inputs.garch as number[]),
  realized: Float64Array.from(reference.inputs.realized as number[]),
  forecastA: Float64Array.from(reference.inputs.forecastA as number[]),
  forecastB: Float64Array.from(reference.inputs.forecastB as number[]),
  probHigh: Float64Array.from(reference.inputs.probHigh as number[]),
  labels: Uint8Array.from(reference.inputs.labels as number[]),
  realizedVol: Float64Array.from(reference.inputs.realizedVol as number[]),
  open: Float64Array.from(reference.inputs.open as number[]),
  high: Float64Array.from(reference.inputs.high as number[]),
  low: Float64Array.from(reference.inputs.low as number[]),
  close: Float64Array.from(reference.inputs.close as number[]),
  assets: (reference.inputs.assets as number[][]).map((a) => Float64Array.from(a)),
  highVolMask: Uint8Array.from(reference.inputs.highVolMask as number[]),
  trades: reference.inputs.trades as Trade[],
};

/** Largest relative error seen per tag; METRICS_AGREEMENT=1 prints it after each file. */
export const worst: Record<string, number> = {};
if (process.env.METRICS_AGREEMENT) afterAll(() => console.log('agreement', JSON.stringify(worst)));

/** |actual − expected| ≤ max(abs, rel·|expected|). */
export function close(actual: number | null | undefined, expected: number, { rel = 1e-10, abs = 1e-14, tag = 'misc' }: { rel?: number; abs?: number; tag?: string } = {}): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const a = actual as number;
  const err = Math.abs(a - expected);
  const relErr = err / Math.max(Math.abs(expected), 1e-300);
  if (expected !== 0) worst[tag] = Math.max(worst[tag] ?? 0, relErr);
  if (!(err <= Math.max(abs, rel * Math.abs(expected)))) {
    throw new Error(`expected ${expected}, got ${a} (abs err ${err.toExponential(2)}, rel ${relErr.toExponential(2)}, tag ${tag})`);
  }
}
