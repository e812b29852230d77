// Permutation feature importance needs the panel with some columns shuffled across a range of rows
// (Breiman 2001): the columns keep their distribution but lose their link to the target.
import { createRng } from '../random/rng.ts';
import type { FeaturePanel } from './panel.ts';
import { featureIndices } from './panel.ts';

/** A copy of the panel whose named columns are permuted (one shared permutation) over rows [from, to). */
export function permutePanelColumns(panel: FeaturePanel, features: readonly string[], from: number, to: number, seed: number): FeaturePanel {
  const columns = featureIndices(features);
  const F = panel.names.length;
  const values = Float64Array.from(panel.values);
  const n = to - from;
  const order = Int32Array.from({ length: n }, (_, i) => from + i);
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  for (let i = 0; i < n; i++) for (const c of columns) values[(from + i) * F + c] = panel.values[order[i] * F + c];
  return { ...panel, values };
}
