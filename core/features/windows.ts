// Model inputs cut from a feature panel: the selected features over the W rows ending at prediction
// row t (rows t−W+1 … t, each causal on its own), z-scored with the training-set constants and clipped.
import { RegimeLabError } from '../errors.ts';
import type { FeaturePanel } from './panel.ts';
import { featureIndices, WARMUP_BARS } from './panel.ts';

export type FeatureNormalization = {
  /** Per selected feature, in order. */
  mean: readonly number[];
  std: readonly number[];
  /** z-scores are clipped to ±clip (default 10) so one wild bar cannot saturate a network. */
  clip?: number;
};

export type WindowSpec = { features: readonly string[]; window: number; normalization: FeatureNormalization };

/** First panel row whose window is complete (every row in it past the warm-up). */
export function firstWindowRow(window: number): number {
  return WARMUP_BARS + window - 1;
}

/**
 * Packs windows for the given prediction rows into one Float32Array [rows.length, window, features]
 * (window 1 gives [rows, features], the layout of a tabular model).
 */
export function buildWindows(panel: FeaturePanel, spec: WindowSpec, predictionRows: ArrayLike<number>): Float32Array {
  const columns = featureIndices(spec.features);
  const { window } = spec;
  const F = panel.names.length;
  const C = columns.length;
  const { mean, std } = spec.normalization;
  const clip = spec.normalization.clip ?? 10;
  if (mean.length !== C || std.length !== C) {
    throw new RegimeLabError('E_BAD_INPUT', `normalization has ${mean.length} means and ${std.length} stds for ${C} features`);
  }
  const out = new Float32Array(predictionRows.length * window * C);
  const first = firstWindowRow(window);
  for (let s = 0; s < predictionRows.length; s++) {
    const t = predictionRows[s];
    if (!Number.isInteger(t) || t < first || t >= panel.rows) {
      throw new RegimeLabError('E_BAD_INPUT', `prediction row ${t} has no complete ${window}-row window (valid: ${first} … ${panel.rows - 1})`);
    }
    for (let w = 0; w < window; w++) {
      const row = t - window + 1 + w;
      const base = (s * window + w) * C;
      for (let c = 0; c < C; c++) {
        const z = (panel.values[row * F + columns[c]] - mean[c]) / (std[c] > 0 ? std[c] : 1);
        out[base + c] = Math.max(-clip, Math.min(clip, z));
      }
    }
  }
  return out;
}

/** Mean and std (ddof 0) of each panel column over rows [from, to) — the training rows only. */
export function fitNormalization(panel: FeaturePanel, features: readonly string[], from: number, to: number): FeatureNormalization {
  const columns = featureIndices(features);
  const F = panel.names.length;
  const mean: number[] = [];
  const std: number[] = [];
  for (const c of columns) {
    let s = 0;
    let s2 = 0;
    let count = 0;
    for (let t = Math.max(from, WARMUP_BARS); t < to; t++) {
      const v = panel.values[t * F + c];
      if (!Number.isFinite(v)) continue;
      s += v;
      s2 += v * v;
      count++;
    }
    const m = count ? s / count : 0;
    mean.push(m);
    std.push(count ? Math.sqrt(Math.max(0, s2 / count - m * m)) : 1);
  }
  return { mean, std, clip: 10 };
}
