import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { manifestFiles, parseModelManifest } from '../../../../core/ml/manifest.ts';
import { graphMismatches, looksLikeOnnx } from '../../../../core/ml/graph-check.ts';
import { repoRoot } from '../../helpers/paths.ts';

const dir = path.join(repoRoot, 'resources/models');
const load = (id: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(dir, id, 'manifest.json'), 'utf8')) as Record<string, unknown>;

describe('model manifest', () => {
  it('accepts every shipped manifest and lists its hashed files', () => {
    const ids = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'manifest.json')));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      const m = parseModelManifest(load(id));
      expect(m.id).toBe(id);
      const files = manifestFiles(m);
      expect(files[0].role).toBe('graph');
      if (m.task === 'regime-classifier') expect(files.map((f) => f.role)).toEqual(expect.arrayContaining(['ttt.step', 'ttt.predict', 'ttt.initial']));
      expect(m.training?.metrics).toHaveProperty('test');
    }
  });

  it('refuses a manifest naming its field: wrong task, unknown feature, window that does not fit the graph, bad hash', () => {
    const lstm = load('btc-1h-rv24-lstm-attn');
    expect(() => parseModelManifest({ ...lstm, task: 'price-oracle' })).toThrow(/task/);
    const input = lstm.input as { features: string[]; window: number };
    expect(() => parseModelManifest({ ...lstm, input: { ...input, features: ['moon_phase', ...input.features.slice(1)] } })).toThrow(/unknown feature "moon_phase"/);
    expect(() => parseModelManifest({ ...lstm, input: { ...input, window: 48 } })).toThrow(/needs \[batch, 48, 45\]/);
    const graph = lstm.graph as Record<string, unknown>;
    expect(() => parseModelManifest({ ...lstm, graph: { ...graph, sha256: 'abc' } })).toThrow(/graph\.sha256/);
    expect(() => parseModelManifest({ ...lstm, graph: { ...graph, file: '../../etc/passwd' } })).toThrow(/graph\.file/);
  });

  it('compares graph tensors with the manifest: names, types, ranks and static sizes; dynamic axes match anything', () => {
    const expected = { inputs: [{ name: 'x', dtype: 'float32' as const, shape: ['batch', 24, 45] }], outputs: [{ name: 'log_rv', dtype: 'float32' as const, shape: ['batch', 1] }] };
    expect(graphMismatches('g', expected, { inputs: [{ name: 'x', type: 'float32', shape: ['N', 24, 45] }], outputs: [{ name: 'log_rv', type: 'float32', shape: ['N', 1] }] })).toEqual([]);
    const problems = graphMismatches('g', expected, { inputs: [{ name: 'x', type: 'float32', shape: ['N', 48, 45] }, { name: 'h0', type: 'float32', shape: [1] }], outputs: [{ name: 'y', type: 'float32', shape: ['N', 1] }] });
    expect(problems.join('\n')).toMatch(/"x" axis 1 is 48 in the graph, 24 in the manifest/);
    expect(problems.join('\n')).toMatch(/output "log_rv" but the graph's outputs are "y"/);
    expect(problems.join('\n')).toMatch(/needs input "h0"/);
  });

  it('recognises the ONNX ModelProto header', () => {
    expect(looksLikeOnnx(fs.readFileSync(path.join(dir, 'btc-1h-rv24-xgb', 'model.onnx')).subarray(0, 2))).toBe(true);
    expect(looksLikeOnnx(new TextEncoder().encode('{"not": "onnx"}'))).toBe(false);
  });
});
