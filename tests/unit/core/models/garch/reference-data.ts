// Loads the fGarch reference cases (shared/data/reference/garch) for the GARCH tests.
import fs from 'node:fs';
import { sharedPath } from '../../../helpers/paths.ts';
import type { GarchParams, GarchSpec } from '../../../../../core/models/garch/spec.ts';

export type ReferenceFit = {
  id: string;
  series: string;
  model: 'garch' | 'gjr';
  cond_dist: 'norm' | 'std' | 'sstd';
  include_mean: boolean;
  param_order: string[];
  params: Record<string, number>;
  std_errors: Record<string, number>;
  loglik: number;
  best_known_loglik: number;
  polished_params: Record<string, number> | null;
  sigma_first: number[];
  sigma_last: number[];
  flags: string[];
};

export type ReferenceFixed = {
  id: string;
  series: string;
  model: 'garch' | 'gjr';
  cond_dist: 'norm' | 'std' | 'sstd';
  include_mean: boolean;
  params: Record<string, number>;
  loglik: number;
  sigma_first: number[];
  sigma_last: number[];
};

export type Reference = {
  series: Record<string, { file: string; n: number; true_params_fgarch?: Record<string, number> }>;
  fits: ReferenceFit[];
  fixed_param_loglik: ReferenceFixed[];
};

export const reference: Reference = JSON.parse(fs.readFileSync(sharedPath('data', 'reference', 'garch', 'expected.json'), 'utf8'));

const seriesCache = new Map<string, Float64Array>();

/** The `r` column of a CSV with a header row (the CSV text is the exact data). */
export function readColumn(file: string, column: string): Float64Array {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const index = lines[0].split(',').map((h) => h.replace(/"/g, '')).indexOf(column);
  return Float64Array.from(lines.slice(1), (line) => parseFloat(line.split(',')[index]));
}

export function loadSeries(id: string): Float64Array {
  let series = seriesCache.get(id);
  if (!series) {
    series = readColumn(sharedPath('data', 'reference', 'garch', 'inputs', `${id}.csv`), 'r');
    seriesCache.set(id, series);
  }
  return series;
}

export function specOf(c: { model: 'garch' | 'gjr'; cond_dist: 'norm' | 'std' | 'sstd'; include_mean: boolean }): GarchSpec {
  return { variance: c.model, dist: c.cond_dist, mean: c.include_mean };
}

export function paramsOf(p: Record<string, number>): GarchParams {
  return p as unknown as GarchParams;
}
