import { describe, expect, it } from 'vitest';
import { allocateCandles, sliceCandles, type Candles } from '../../../../core/series/candles.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { computeFeaturePanel, FEATURE_COUNT, FEATURE_GROUPS, FEATURE_NAMES, featureIndices, WARMUP_BARS } from '../../../../core/features/panel.ts';
import { forwardVolTarget } from '../../../../core/features/target.ts';
import { buildWindows, fitNormalization, firstWindowRow } from '../../../../core/features/windows.ts';
import { permutePanelColumns } from '../../../../core/features/permute.ts';

const HOUR = 3_600_000;

function randomCandles(n: number, seed = 3): Candles {
  const rng = createRng(seed);
  const c = allocateCandles(n);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const next = price * Math.exp(0.01 * rng.normal());
    c.time[i] = Date.UTC(2024, 0, 1) + i * HOUR;
    c.open[i] = price;
    c.close[i] = next;
    c.high[i] = Math.max(price, next) * (1 + 0.004 * rng.uniform());
    c.low[i] = Math.min(price, next) * (1 - 0.004 * rng.uniform());
    c.volume[i] = 50 + 100 * rng.uniform();
    c.takerBuyBase[i] = c.volume[i] * (0.3 + 0.4 * rng.uniform());
    price = next;
  }
  return c;
}

const value = (panel: ReturnType<typeof computeFeaturePanel>, row: number, name: string): number => panel.values[row * FEATURE_COUNT + FEATURE_NAMES.indexOf(name)];

describe('feature panel', () => {
  const candles = randomCandles(400);
  const panel = computeFeaturePanel(candles);

  it('has the 45 features of the research, grouped, plus a live row after the last bar', () => {
    expect(FEATURE_COUNT).toBe(45);
    expect(Object.values(FEATURE_GROUPS).flat()).toHaveLength(45);
    expect(new Set(FEATURE_NAMES).size).toBe(45);
    expect(panel.rows).toBe(401);
    expect(Number.isNaN(value(panel, WARMUP_BARS - 1, 'ret_std_60'))).toBe(true);
    for (let t = WARMUP_BARS; t <= 400; t++) for (let k = 0; k < 45; k++) expect(Number.isFinite(panel.values[t * 45 + k])).toBe(true);
    expect(panel.time[400]).toBe(candles.time[399] + HOUR);
  });

  it('is causal: row t computed on bars 0 … t−1 alone equals row t of the full history (truncation)', () => {
    for (const t of [WARMUP_BARS, 100, 257, 399]) {
      const truncated = computeFeaturePanel(sliceCandles(candles, 0, t), { barMs: HOUR });
      const live = truncated.values.subarray(t * 45, (t + 1) * 45);
      expect(Array.from(live)).toEqual(Array.from(panel.values.subarray(t * 45, (t + 1) * 45)));
    }
  });

  it('does not move when bar t itself (the bar being predicted) changes', () => {
    const t = 200;
    const shocked = randomCandles(400);
    shocked.close[t] *= 1.3;
    shocked.high[t] *= 1.3;
    shocked.volume[t] *= 10;
    const other = computeFeaturePanel(shocked);
    expect(Array.from(other.values.subarray(0, (t + 1) * 45))).toEqual(Array.from(panel.values.subarray(0, (t + 1) * 45)));
    expect(other.values[(t + 1) * 45 + FEATURE_NAMES.indexOf('ret_lag_1')]).not.toBe(panel.values[(t + 1) * 45 + FEATURE_NAMES.indexOf('ret_lag_1')]);
  });

  it('matches closed forms: lags are past log returns, std has ddof 1, taker ratio is a share, clock is the prediction hour', () => {
    const t = 150;
    for (let k = 1; k <= 10; k++) expect(value(panel, t, `ret_lag_${k}`)).toBeCloseTo(Math.log(candles.close[t - k] / candles.close[t - k - 1]), 14);
    const r = Array.from({ length: 5 }, (_, i) => Math.log(candles.close[t - 5 + i] / candles.close[t - 6 + i]));
    const m = r.reduce((a, b) => a + b) / 5;
    expect(value(panel, t, 'ret_std_5')).toBeCloseTo(Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 4), 14);
    let taker = 0;
    let vol = 0;
    for (let i = t - 10; i < t; i++) {
      taker += candles.takerBuyBase[i];
      vol += candles.volume[i];
    }
    expect(value(panel, t, 'taker_buy_ratio_10')).toBeCloseTo(taker / vol, 14);
    const hour = new Date(candles.time[t]).getUTCHours();
    expect(value(panel, t, 'hour_sin')).toBeCloseTo(Math.sin((2 * Math.PI * hour) / 24), 14);
  });

  it('defines degenerate input: flat prices give zero vol, zero skew/kurtosis; no taker data gives 0.5', () => {
    const flat = allocateCandles(100);
    for (let i = 0; i < 100; i++) {
      flat.time[i] = i * HOUR;
      flat.open[i] = flat.high[i] = flat.low[i] = flat.close[i] = 100;
    }
    const p = computeFeaturePanel(flat);
    for (const name of ['parkinson_60', 'garman_klass_5', 'ret_std_30', 'ret_skew_60', 'ret_kurt_10', 'atr_14', 'bollinger_width_20', 'obv_slope_60']) expect(value(p, 80, name)).toBe(0);
    expect(value(p, 80, 'volume_ratio_5_60')).toBe(1);
    expect(value(p, 80, 'taker_buy_ratio_10')).toBe(0.5);
  });

  it('refuses invalid prices with the bar index', () => {
    const bad = randomCandles(80);
    bad.low[7] = -1;
    expect(() => computeFeaturePanel(bad)).toThrow(/bar 7/);
  });
});

describe('forward realized-vol target', () => {
  it('row t is the std of the h log returns starting at bar t (r_t … r_{t+h−1})', () => {
    const c = randomCandles(100);
    const target = forwardVolTarget(c.close, 24);
    const t = 40;
    const r = Array.from({ length: 24 }, (_, k) => Math.log(c.close[t + k] / c.close[t + k - 1]));
    const m = r.reduce((a, b) => a + b) / 24;
    expect(target[t]).toBeCloseTo(Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 23), 14);
    expect(Number.isNaN(target[0])).toBe(true);
    expect(Number.isFinite(target[100 - 24])).toBe(true); // bars 76 … 99
    expect(Number.isNaN(target[100 - 24 + 1])).toBe(true);
  });
});

describe('model windows', () => {
  const candles = randomCandles(300);
  const panel = computeFeaturePanel(candles);
  it('packs rows t−W+1 … t of the chosen features, z-scored with the training constants and clipped', () => {
    const features = ['ret_std_5', 'atr_14'];
    const norm = fitNormalization(panel, features, 0, 200);
    const x = buildWindows(panel, { features, window: 3, normalization: norm }, [250]);
    expect(x).toHaveLength(6);
    const [a] = featureIndices(['atr_14']);
    expect(x[5]).toBeCloseTo((panel.values[250 * 45 + a] - norm.mean[1]) / norm.std[1], 5);
    expect(x[1]).toBeCloseTo((panel.values[248 * 45 + a] - norm.mean[1]) / norm.std[1], 5);
    const clipped = buildWindows(panel, { features, window: 1, normalization: { mean: [0, 0], std: [1e-9, 1e-9], clip: 3 } }, [250]);
    expect(Array.from(clipped)).toEqual([3, 3]);
    expect(() => buildWindows(panel, { features, window: 3, normalization: norm }, [firstWindowRow(3) - 1])).toThrow(/no complete 3-row window/);
  });

  it('permutes only the named columns, only inside the range', () => {
    const permuted = permutePanelColumns(panel, ['atr_14'], 100, 200, 5);
    const [a] = featureIndices(['atr_14']);
    const [s] = featureIndices(['ret_std_5']);
    let moved = 0;
    for (let t = 0; t < panel.rows; t++) {
      expect(permuted.values[t * 45 + s]).toBe(panel.values[t * 45 + s]);
      if (t < 100 || t >= 200) expect(permuted.values[t * 45 + a]).toBe(panel.values[t * 45 + a]);
      else if (permuted.values[t * 45 + a] !== panel.values[t * 45 + a]) moved++;
    }
    expect(moved).toBeGreaterThan(90);
  });
});
