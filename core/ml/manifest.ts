// The model manifest (issue 8): what an .onnx file is for, how to feed it and read it, its TTT graphs,
// file hashes and training metrics. One zod schema gives the static type and the runtime check that
// the registry applies before a model is ever run. Written by scripts/train/*.py for shipped models.
import { z } from 'zod';
import { RegimeLabError } from '../errors.ts';
import { FEATURE_NAMES } from '../features/panel.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const fileName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name next to the manifest (no folders)');
const dim = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.literal('float32'),
  /** Static sizes, or a symbolic name (e.g. "batch") for a dynamic axis. */
  shape: z.array(dim),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

export const graphRefSchema = z.object({
  file: fileName,
  sha256,
  bytes: z.number().int().positive(),
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
});
export type GraphRef = z.infer<typeof graphRefSchema>;

const fileRefSchema = z.object({ file: fileName, sha256, bytes: z.number().int().positive().optional() });

export const featureWindowInputSchema = z.object({
  kind: z.literal('feature-window'),
  timeframe: z.string().min(1),
  features: z.array(z.string()).min(1),
  /** Rows of the panel ending at the prediction row; 1 = tabular input [batch, features]. */
  window: z.number().int().positive(),
  normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number()), clip: z.number().positive().optional() }),
});

export const chartImageInputSchema = z.object({
  kind: z.literal('chart-image'),
  timeframe: z.string().min(1),
  chart: z.object({ bars: z.number().int().positive(), width: z.number().int().positive(), height: z.number().int().positive(), volumeRows: z.number().int().positive() }),
});

export const forecastOutputSchema = z.object({
  kind: z.literal('log-volatility'),
  tensor: z.string().min(1),
  horizonBars: z.number().int().positive(),
  /** forecast = scale · exp(output): the log model's geometric-mean bias corrected on validation data. */
  scale: z.number().positive(),
  meaning: z.string(),
});

export const classifierOutputSchema = z.object({
  kind: z.literal('class-logits'),
  tensor: z.string().min(1),
  classes: z.array(z.string()).length(2),
  highClassIndex: z.number().int().min(0).max(1),
  horizonBars: z.number().int().positive(),
  labelThreshold: z.number().positive(),
  labelQuantile: z.number().gt(0).lt(1),
  meaning: z.string(),
});

export const tttSchema = z.object({
  aux: z.enum(['masked-column', 'rotation']),
  step: graphRefSchema,
  predict: graphRefSchema,
  /** The tensors TTT adapts, in graph order: inputs `p.<name>`, step outputs `new.<name>`. */
  adapted: z.array(z.object({ name: z.string().min(1), shape: z.array(z.number().int().positive()) })).min(1),
  /** Trained values of the adapted tensors, float32 little-endian, concatenated in `adapted` order. */
  initial: fileRefSchema,
  defaults: z.object({ lr: z.number().positive(), steps: z.number().int().positive(), maskColumns: z.number().int().positive() }),
  golden: fileRefSchema.optional(),
});
export type TttSpec = z.infer<typeof tttSchema>;

const splitMetricsSchema = z.record(z.string(), z.unknown());

const base = {
  format: z.literal('regimelab-model'),
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'lowercase letters, digits, dot, dash, underscore (≤ 80)'),
  name: z.string().min(1),
  description: z.string(),
  family: z.string().min(1),
  graph: graphRefSchema,
  golden: fileRefSchema.optional(),
  training: z
    .object({
      script: z.string(),
      framework: z.string(),
      data: z.record(z.string(), z.unknown()),
      metrics: splitMetricsSchema,
    })
    .optional(),
};

export const forecasterManifestSchema = z.object({ ...base, task: z.literal('volatility-forecast'), input: featureWindowInputSchema, output: forecastOutputSchema });
export const classifierManifestSchema = z.object({
  ...base,
  task: z.literal('regime-classifier'),
  input: chartImageInputSchema,
  output: classifierOutputSchema,
  ttt: tttSchema.optional(),
});
export const modelManifestSchema = z.discriminatedUnion('task', [forecasterManifestSchema, classifierManifestSchema]);
export type ForecasterManifest = z.infer<typeof forecasterManifestSchema>;
export type ClassifierManifest = z.infer<typeof classifierManifestSchema>;
export type ModelManifest = z.infer<typeof modelManifestSchema>;

function refuse(message: string): never {
  throw new RegimeLabError('E_REFUSED', message);
}

/** Parses and cross-checks a manifest (shape rules zod cannot say); throws E_REFUSED naming the field. */
export function parseModelManifest(value: unknown): ModelManifest {
  const parsed = modelManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`model manifest: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const m = parsed.data;
  if (m.task === 'volatility-forecast') {
    const { features, window, normalization } = m.input;
    for (const f of features) if (!FEATURE_NAMES.includes(f)) refuse(`model manifest ${m.id}: input.features: unknown feature "${f}"`);
    if (normalization.mean.length !== features.length || normalization.std.length !== features.length) {
      refuse(`model manifest ${m.id}: input.normalization has ${normalization.mean.length} means / ${normalization.std.length} stds for ${features.length} features`);
    }
    const x = m.graph.inputs[0];
    const expected = window === 1 ? [features.length] : [window, features.length];
    const tail = x.shape.slice(1);
    if (x.shape.length !== expected.length + 1 || tail.some((d, i) => d !== expected[i])) {
      refuse(`model manifest ${m.id}: graph input ${x.name} has shape [${x.shape.join(', ')}], the input spec needs [batch, ${expected.join(', ')}]`);
    }
  } else {
    const { width, height } = m.input.chart;
    const x = m.graph.inputs[0];
    if (x.shape.length !== 4 || x.shape[1] !== 1 || x.shape[2] !== height || x.shape[3] !== width) {
      refuse(`model manifest ${m.id}: graph input ${x.name} has shape [${x.shape.join(', ')}], the chart spec needs [batch, 1, ${height}, ${width}]`);
    }
    if (m.ttt) {
      const names = new Set(m.ttt.step.inputs.map((t) => t.name));
      for (const a of m.ttt.adapted) if (!names.has(`p.${a.name}`)) refuse(`model manifest ${m.id}: ttt.step has no input p.${a.name}`);
    }
  }
  if (!m.graph.outputs.some((o) => o.name === m.output.tensor)) refuse(`model manifest ${m.id}: output.tensor "${m.output.tensor}" is not a graph output`);
  return m;
}

/** Every file the manifest names with its expected hash (graph, TTT graphs and weights, goldens). */
export function manifestFiles(m: ModelManifest): { role: string; file: string; sha256: string; bytes?: number }[] {
  const files: { role: string; file: string; sha256: string; bytes?: number }[] = [{ role: 'graph', ...pick(m.graph) }];
  if (m.golden) files.push({ role: 'golden', ...m.golden });
  if (m.task === 'regime-classifier' && m.ttt) {
    files.push({ role: 'ttt.step', ...pick(m.ttt.step) }, { role: 'ttt.predict', ...pick(m.ttt.predict) }, { role: 'ttt.initial', ...m.ttt.initial });
    if (m.ttt.golden) files.push({ role: 'ttt.golden', ...m.ttt.golden });
  }
  return files;
}

function pick(g: GraphRef): { file: string; sha256: string; bytes: number } {
  return { file: g.file, sha256: g.sha256, bytes: g.bytes };
}

/** Number of float32 values of each adapted tensor, in order (for slicing ttt_init.bin). */
export function adaptedSizes(ttt: TttSpec): number[] {
  return ttt.adapted.map((a) => a.shape.reduce((x, y) => x * y, 1));
}
