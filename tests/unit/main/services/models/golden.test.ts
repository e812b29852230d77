// Every shipped model's golden inputs/outputs through onnxruntime-node in a real inference worker,
// and the TTT graphs of each classifier against the torch-traced step graph (one step teacher-forced
// from the trained encoder, then two free-running steps, as notes/onnx-and-ttt.md advises).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { appPaths } from '../../../../../main/services/paths.ts';
import { InferencePool } from '../../../../../main/services/models/inference-pool.ts';
import { adaptedSizes, parseModelManifest, type ModelManifest } from '../../../../../core/ml/manifest.ts';
import { rotationBatch } from '../../../../../core/ml/ttt-inputs.ts';
import { repoRoot } from '../../../helpers/paths.ts';

type GoldenTensor = { shape: number[]; data: number[] };
type Golden = { inputs: Record<string, GoldenTensor>; outputs: Record<string, GoldenTensor>; tolerance: { abs: number } };
type TttGolden = {
  image: GoldenTensor;
  yAux: GoldenTensor | null;
  lr: number;
  logitsBefore: GoldenTensor;
  logitsAfter: GoldenTensor;
  steps: { loss: number; params: Record<string, { sum: number; absSum: number; head: number[] }> }[];
  tolerance: { loss: number; paramSumRel: number; logits: number };
};

const modelsDir = path.join(repoRoot, 'resources/models');
const shipped = fs
  .readdirSync(modelsDir)
  .filter((d) => fs.existsSync(path.join(modelsDir, d, 'manifest.json')))
  .map((d) => ({ dir: path.join(modelsDir, d), manifest: parseModelManifest(JSON.parse(fs.readFileSync(path.join(modelsDir, d, 'manifest.json'), 'utf8'))) }));
const read = <T>(dir: string, file: string): T => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
const feed = (t: GoldenTensor) => ({ data: Float32Array.from(t.data), dims: t.shape });

describe('shipped models: golden files through onnxruntime-node in a worker', () => {
  let pool: InferencePool;
  beforeAll(() => {
    process.env.REGIMELAB_ORT_PROVIDERS ??= 'cpu';
    pool = new InferencePool({ entryPath: appPaths(repoRoot).workerEntry('inference'), probeGraph: path.join(shipped[0].dir, shipped[0].manifest.graph.file) });
  });
  afterAll(async () => pool?.close());

  it('ships the five research models (three forecaster families, two classifier aux tasks)', () => {
    const families = shipped.map((m) => m.manifest.family).sort();
    expect(families).toEqual(['gradient-boosted-trees', 'lstm-attention', 'patchtst', 'y-resnet-gn', 'y-resnet-gn']);
    const aux = shipped.flatMap((m) => (m.manifest.task === 'regime-classifier' && m.manifest.ttt ? [m.manifest.ttt.aux] : [])).sort();
    expect(aux).toEqual(['masked-column', 'rotation']);
    for (const m of shipped) for (const f of fs.readdirSync(m.dir)) expect(fs.statSync(path.join(m.dir, f)).size).toBeLessThan(3_000_000);
  });

  for (const { dir, manifest } of shipped) {
    it(`${manifest.id}: the graph reproduces the training framework's outputs`, async () => {
      const golden = read<Golden>(dir, manifest.golden!.file);
      const feeds = Object.fromEntries(Object.entries(golden.inputs).map(([k, v]) => [k, feed(v)]));
      const out = await pool.runGraph(path.join(dir, manifest.graph.file), feeds, manifest.graph.sha256);
      for (const [name, want] of Object.entries(golden.outputs)) {
        expect(out[name].dims).toEqual(want.shape);
        want.data.forEach((v, i) => expect(Math.abs(out[name].data[i] - v)).toBeLessThanOrEqual(golden.tolerance.abs));
      }
    });
  }

  for (const { dir, manifest } of shipped.filter((m) => m.manifest.task === 'regime-classifier')) {
    it(`${manifest.id}: TTT step/predict graphs follow the torch-traced steps`, async () => {
      const m = manifest as Extract<ModelManifest, { task: 'regime-classifier' }>;
      const ttt = m.ttt!;
      const g = read<TttGolden>(dir, ttt.golden!.file);
      const raw = fs.readFileSync(path.join(dir, ttt.initial.file));
      const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      const sizes = adaptedSizes(ttt);
      let params: Record<string, Float32Array> = {};
      let off = 0;
      ttt.adapted.forEach((a, i) => {
        params[a.name] = all.slice(off, off + sizes[i]);
        off += sizes[i];
      });
      const shapes = Object.fromEntries(ttt.adapted.map((a) => [a.name, a.shape]));
      const paramFeeds = () => Object.fromEntries(Object.entries(params).map(([n, v]) => [`p.${n}`, { data: v.slice(), dims: shapes[n] }]));
      const image = Float32Array.from(g.image.data);
      const predictFile = path.join(dir, ttt.predict.file);
      const before = await pool.runGraph(predictFile, { x: { data: image.slice(), dims: g.image.shape }, ...paramFeeds() });
      g.logitsBefore.data.forEach((v, i) => expect(Math.abs(before.logits.data[i] - v)).toBeLessThan(g.tolerance.logits));
      // The aux inputs are built in TS exactly as the runner builds them (rotation: torch.rot90's direction).
      const { width } = m.input.chart;
      const aux = ttt.aux === 'rotation' ? rotationBatch(image, width) : { xAux: image, yAux: Float32Array.from(g.yAux!.data) };
      const auxDims = ttt.step.inputs.slice(0, 2).map((t) => t.shape.map(Number));
      for (const want of g.steps) {
        const out = await pool.runGraph(path.join(dir, ttt.step.file), {
          x_aux: { data: aux.xAux.slice(), dims: auxDims[0] },
          y_aux: { data: aux.yAux.slice(), dims: auxDims[1] },
          lr: { data: Float32Array.of(g.lr), dims: [1] },
          ...paramFeeds(),
        });
        expect(Math.abs(out.loss.data[0] - want.loss)).toBeLessThan(g.tolerance.loss * Math.max(1, Math.abs(want.loss)));
        params = Object.fromEntries(ttt.adapted.map((a) => [a.name, out[`new.${a.name}`].data]));
        for (const [name, s] of Object.entries(want.params)) {
          const p = params[name];
          let sum = 0;
          let absSum = 0;
          for (const v of p) {
            sum += v;
            absSum += Math.abs(v);
          }
          expect(Math.abs(absSum - s.absSum)).toBeLessThan(g.tolerance.paramSumRel * Math.max(1, s.absSum));
          expect(Math.abs(sum - s.sum)).toBeLessThan(g.tolerance.paramSumRel * Math.max(1, s.absSum));
          s.head.forEach((v, i) => expect(Math.abs(p[i] - v)).toBeLessThan(1e-4));
        }
      }
      const after = await pool.runGraph(predictFile, { x: { data: image.slice(), dims: g.image.shape }, ...paramFeeds() });
      g.logitsAfter.data.forEach((v, i) => expect(Math.abs(after.logits.data[i] - v)).toBeLessThan(g.tolerance.logits));
    });

    // The goldens run at the export's lr only; a constant-folded lr would pass them. The step must be
    // θ − lr·∇θ with lr read from its input: the loss (before the update) ignores lr, the update scales with it.
    it(`${manifest.id}: the TTT step's lr is a live input (plain SGD, update ∝ lr)`, async () => {
      const m = manifest as Extract<ModelManifest, { task: 'regime-classifier' }>;
      const ttt = m.ttt!;
      const g = read<TttGolden>(dir, ttt.golden!.file);
      const raw = fs.readFileSync(path.join(dir, ttt.initial.file));
      const initial = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      const sizes = adaptedSizes(ttt);
      const image = Float32Array.from(g.image.data);
      const aux = ttt.aux === 'rotation' ? rotationBatch(image, m.input.chart.width) : { xAux: image, yAux: Float32Array.from(g.yAux!.data) };
      const auxDims = ttt.step.inputs.slice(0, 2).map((t) => t.shape.map(Number));
      const step = async (lr: number) => {
        const feeds: Record<string, { data: Float32Array; dims: number[] }> = {
          x_aux: { data: aux.xAux.slice(), dims: auxDims[0] },
          y_aux: { data: aux.yAux.slice(), dims: auxDims[1] },
          lr: { data: Float32Array.of(lr), dims: [1] },
        };
        let off = 0;
        ttt.adapted.forEach((a, i) => {
          feeds[`p.${a.name}`] = { data: initial.slice(off, off + sizes[i]), dims: a.shape };
          off += sizes[i];
        });
        const out = await pool.runGraph(path.join(dir, ttt.step.file), feeds);
        let squared = 0;
        off = 0;
        ttt.adapted.forEach((a, i) => {
          const updated = out[`new.${a.name}`].data;
          for (let k = 0; k < sizes[i]; k++) squared += (updated[k] - initial[off + k]) ** 2;
          off += sizes[i];
        });
        return { loss: out.loss.data[0], updateNorm: Math.sqrt(squared) };
      };
      const small = await step(0.1);
      const large = await step(1);
      expect(large.loss).toBe(small.loss);
      expect(small.updateNorm).toBeGreaterThan(0);
      expect(large.updateNorm / small.updateNorm).toBeGreaterThan(10 * 0.98);
      expect(large.updateNorm / small.updateNorm).toBeLessThan(10 * 1.02);
    });
  }
});
