// Builds the training dataset for every shipped model from real BTCUSDT 1h bars (2017-08 → 2026-01):
// the 45-feature panel, the forward 24h realized-vol target, chart images and the chronological split.
// Run: node scripts/run-ts.mjs scripts/train/build-dataset.ts [OUT_DIR]   (default .tmp/datasets/btc-1h)
import fs from 'node:fs';
import path from 'node:path';
import { computeFeaturePanel, FEATURE_GROUPS, FEATURE_NAMES, WARMUP_BARS } from '../../core/features/panel.ts';
import { forwardVolTarget } from '../../core/features/target.ts';
import { arrayBytes, datasetManifest, type DatasetArray } from '../../core/features/dataset.ts';
import { DEFAULT_CHART_SPEC, rasterizeChart } from '../../core/charts/rasterize.ts';
import { BTC_1H_PARQUET, loadCandles } from './load-candles.ts';
import { DATA_SPLIT, HORIZON_BARS, IMAGE_STRIDE_TEST, IMAGE_STRIDE_TRAIN } from './split.ts';

const outDir = path.resolve(process.argv[2] ?? '.tmp/datasets/btc-1h');
const { candles, file, sha256, bars } = await loadCandles(BTC_1H_PARQUET);
const panel = computeFeaturePanel(candles);
const target = forwardVolTarget(candles.close, HORIZON_BARS);
const rows = panel.rows;

const features = Float32Array.from(panel.values);
const targetF32 = Float32Array.from(target);
const trainEnd = panel.time.findIndex((t) => t >= DATA_SPLIT.validationFrom);
const testFrom = panel.time.findIndex((t) => t >= DATA_SPLIT.testFrom);

// Chart images: every IMAGE_STRIDE_TRAIN-th row before the test period, every 24th (non-overlapping
// labels) in it; each image shows the 168 bars strictly before its prediction row.
const spec = DEFAULT_CHART_SPEC;
const imageRows: number[] = [];
for (let t = Math.max(spec.bars, WARMUP_BARS); t < rows; t++) {
  if (!Number.isFinite(target[t])) continue;
  const stride = t < testFrom ? IMAGE_STRIDE_TRAIN : IMAGE_STRIDE_TEST;
  if ((t < testFrom ? t : t - testFrom) % stride === 0) imageRows.push(t);
}
const pixels = spec.width * spec.height;
const images = new Uint8Array(imageRows.length * pixels);
const scratch = new Float32Array(pixels);
imageRows.forEach((t, i) => {
  rasterizeChart(candles, t, spec, scratch);
  for (let p = 0; p < pixels; p++) images[i * pixels + p] = Math.round(scratch[p] * 255);
});

const arrays: Record<string, DatasetArray> = {
  features,
  target: targetF32,
  time: panel.time,
  close: Float64Array.from({ length: rows }, (_, t) => (t > 0 ? candles.close[t - 1] : NaN)),
  image_rows: Int32Array.from(imageRows),
  images,
};
const manifest = datasetManifest(
  arrays,
  { features: [rows, FEATURE_NAMES.length], images: [imageRows.length, 1, spec.height, spec.width] },
  {
    source: { file, sha256, bars, symbol: 'BTCUSDT', timeframe: '1h' },
    featureNames: FEATURE_NAMES,
    featureGroups: FEATURE_GROUPS,
    warmupRows: WARMUP_BARS,
    horizonBars: HORIZON_BARS,
    target: 'std of the 24 log returns starting at the prediction bar (ddof 1); close[t] is the last known close (bar t-1)',
    split: { trainEndRow: trainEnd, testFromRow: testFrom, ...DATA_SPLIT },
    chart: spec,
  },
);
fs.mkdirSync(outDir, { recursive: true });
for (const [name, array] of Object.entries(arrays)) fs.writeFileSync(path.join(outDir, `${name}.bin`), arrayBytes(array));
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
console.log(`dataset ${outDir}: ${bars} bars → ${rows} rows × ${FEATURE_NAMES.length} features, ${imageRows.length} images; train < row ${trainEnd}, test ≥ row ${testFrom}`);
