// Deterministic grayscale candlestick + volume images of a window of bars (issue 8; research/000's
// chart classifier): the same pixels for training images (via the dataset export) and at inference.
// Every intensity is k/255, so a uint8 copy (×255) round-trips exactly.
import type { Candles } from '../series/candles.ts';
import { RegimeLabError } from '../errors.ts';

export type ChartImageSpec = {
  /** Bars in the window (research/000: 168 hourly bars, one week). */
  bars: number;
  width: number;
  height: number;
  /** Rows at the bottom for volume; one blank row separates them from the price area. */
  volumeRows: number;
};

export const DEFAULT_CHART_SPEC: ChartImageSpec = { bars: 168, width: 64, height: 64, volumeRows: 16 };

export const CHART_LEVELS = { background: 0, wick: 96 / 255, up: 255 / 255, down: 176 / 255, volume: 128 / 255 } as const;

function checkSpec(spec: ChartImageSpec): void {
  const ok = Number.isInteger(spec.bars) && Number.isInteger(spec.width) && Number.isInteger(spec.height) && Number.isInteger(spec.volumeRows);
  if (!ok || spec.width < 2 || spec.bars < spec.width || spec.volumeRows < 1 || spec.height - spec.volumeRows - 1 < 4) {
    throw new RegimeLabError('E_BAD_INPUT', `chart spec ${JSON.stringify(spec)}: need integers with bars ≥ width ≥ 2 and height ≥ volumeRows + 5`);
  }
}

/**
 * The image of bars end−bars … end−1 (the window strictly before prediction bar `end`) into `out`
 * (row-major [height × width], top row first). Column c aggregates bars ⌊c·B/W⌋ … ⌊(c+1)·B/W⌋−1 of the
 * window into one candle (first open, max high, min low, last close, summed volume). Prices scale
 * min-low → max-high of the window; volume scales to the window's largest column.
 */
export function rasterizeChart(candles: Candles, end: number, spec: ChartImageSpec = DEFAULT_CHART_SPEC, out?: Float32Array): Float32Array {
  checkSpec(spec);
  const { bars, width: W, height: H, volumeRows } = spec;
  if (!Number.isInteger(end) || end < bars || end > candles.time.length) {
    throw new RegimeLabError('E_BAD_INPUT', `chart window ending before bar ${end} needs ${bars} bars (valid ends: ${bars} … ${candles.time.length})`);
  }
  const image = out ?? new Float32Array(W * H);
  if (image.length !== W * H) throw new RegimeLabError('E_BAD_INPUT', `output buffer has ${image.length} pixels, spec needs ${W * H}`);
  image.fill(CHART_LEVELS.background);
  const start = end - bars;
  const o = new Float64Array(W);
  const h = new Float64Array(W);
  const l = new Float64Array(W);
  const c = new Float64Array(W);
  const v = new Float64Array(W);
  let lo = Infinity;
  let hi = -Infinity;
  let vmax = 0;
  for (let col = 0; col < W; col++) {
    const a = start + Math.floor((col * bars) / W);
    const b = start + Math.floor(((col + 1) * bars) / W);
    o[col] = candles.open[a];
    c[col] = candles.close[b - 1];
    let hh = -Infinity;
    let ll = Infinity;
    let vv = 0;
    for (let i = a; i < b; i++) {
      if (candles.high[i] > hh) hh = candles.high[i];
      if (candles.low[i] < ll) ll = candles.low[i];
      vv += candles.volume[i];
    }
    h[col] = hh;
    l[col] = ll;
    v[col] = vv;
    if (ll < lo) lo = ll;
    if (hh > hi) hi = hh;
    if (vv > vmax) vmax = vv;
  }
  const priceRows = H - volumeRows - 1;
  const span = hi - lo;
  const y = (p: number): number => (span > 0 ? Math.round(((hi - p) / span) * (priceRows - 1)) : Math.floor(priceRows / 2));
  for (let col = 0; col < W; col++) {
    for (let r = y(h[col]); r <= y(l[col]); r++) image[r * W + col] = CHART_LEVELS.wick;
    const level = c[col] >= o[col] ? CHART_LEVELS.up : CHART_LEVELS.down;
    for (let r = y(Math.max(o[col], c[col])); r <= y(Math.min(o[col], c[col])); r++) image[r * W + col] = level;
    const barHeight = vmax > 0 ? Math.round((v[col] / vmax) * volumeRows) : 0;
    for (let r = H - barHeight; r < H; r++) image[r * W + col] = CHART_LEVELS.volume;
  }
  return image;
}

/** Images for several prediction bars, packed [n, 1, height, width] (the classifier's NCHW input). */
export function rasterizeCharts(candles: Candles, ends: ArrayLike<number>, spec: ChartImageSpec = DEFAULT_CHART_SPEC): Float32Array {
  const size = spec.width * spec.height;
  const out = new Float32Array(ends.length * size);
  for (let i = 0; i < ends.length; i++) rasterizeChart(candles, ends[i], spec, out.subarray(i * size, (i + 1) * size));
  return out;
}
