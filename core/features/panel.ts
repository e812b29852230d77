// The research's 45-feature panel (ArtysicistZ/Volatility, research/001) computed from any candles.
// Row t is the state of the world at the OPEN of bar t: it reads bars 0 … t−1 only (the research's
// `.shift(1)` discipline), so row n — one past the last bar — is the live forecast row.
import type { Candles } from '../series/candles.ts';
import { RegimeLabError } from '../errors.ts';

/** Rolling windows of the range estimators and of the return std (bars). */
export const RANGE_WINDOWS = [5, 10, 30, 60] as const;
/** Windows of the higher rolling moments (mean/min/max/skew/kurtosis). */
export const MOMENT_WINDOWS = [10, 30, 60] as const;
export const LAGS = 10;
export const ATR_WINDOW = 14;
export const BOLLINGER_WINDOW = 20;
/** Bars before the first complete row: the longest window (60) plus the return it needs. */
export const WARMUP_BARS = 61;

// The research names the groups and counts 45 features but its own list (8 range + 24 moments + 10 lags +
// 2 clock + indicators + volume) adds to more than 45; we keep 45 by computing std at all four windows and
// the other four moments at 10/30/60 (19 moment features). Documented in resources/models/README.md.
export const FEATURE_GROUPS = {
  range: [...RANGE_WINDOWS.map((w) => `parkinson_${w}`), ...RANGE_WINDOWS.map((w) => `garman_klass_${w}`)],
  moments: [
    ...RANGE_WINDOWS.map((w) => `ret_std_${w}`),
    ...MOMENT_WINDOWS.flatMap((w) => [`ret_mean_${w}`, `ret_min_${w}`, `ret_max_${w}`, `ret_skew_${w}`, `ret_kurt_${w}`]),
  ],
  technical: [`atr_${ATR_WINDOW}`, `bollinger_width_${BOLLINGER_WINDOW}`],
  volume: ['volume_ratio_5_60', 'volume_ratio_1_20', 'obv_slope_60', 'taker_buy_ratio_10'],
  lags: Array.from({ length: LAGS }, (_, k) => `ret_lag_${k + 1}`),
  clock: ['hour_sin', 'hour_cos'],
} as const satisfies Record<string, readonly string[]>;
export type FeatureGroup = keyof typeof FEATURE_GROUPS;

export const FEATURE_NAMES: readonly string[] = Object.values(FEATURE_GROUPS).flat();
export const FEATURE_COUNT = FEATURE_NAMES.length; // 45

export type FeaturePanel = {
  names: readonly string[];
  /** Row-major [rows × names.length]; NaN in rows t < WARMUP_BARS. */
  values: Float64Array;
  /** candles.length + 1: row t for every bar plus the live row after the last bar. */
  rows: number;
  /** Prediction time of each row: time[t], and for the live row time[n−1] + barMs. */
  time: Float64Array;
};

export type FeaturePanelOptions = {
  /** Bar length in ms, for the live row's clock; default: the last bar spacing. */
  barMs?: number;
};

const HOUR_MS = 3_600_000;

/** Skewness and excess kurtosis (population moments, as pandas' biased estimators would be 0 for a flat window). */
function moments(x: Float64Array, from: number, to: number): { mean: number; std: number; min: number; max: number; skew: number; kurt: number } {
  const n = to - from;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    sum += x[i];
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = from; i < to; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  // A flat window has no shape: skew 0, excess kurtosis 0 (defined, not NaN).
  const skew = m2 > 1e-30 ? m3 / m2 ** 1.5 : 0;
  const kurt = m2 > 1e-30 ? m4 / (m2 * m2) - 3 : 0;
  return { mean, std, min, max, skew, kurt };
}

function meanOf(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  return s / (to - from);
}

/**
 * The feature panel. Log returns r_i = ln(C_i / C_{i−1}); "the last w bars" of row t are bars t−w … t−1.
 * Volume ratios fall back to 1 and the taker-buy ratio to 0.5 when the volume they divide by is 0 or the
 * source has no taker volume (e.g. the 6-column exports), so a row is never NaN after the warm-up.
 */
export function computeFeaturePanel(candles: Candles, options: FeaturePanelOptions = {}): FeaturePanel {
  const n = candles.time.length;
  const { open, high, low, close, volume, takerBuyBase, time } = candles;
  for (let i = 0; i < n; i++) {
    if (!(close[i] > 0) || !(open[i] > 0) || !(low[i] > 0) || !(high[i] >= low[i])) {
      throw new RegimeLabError('E_BAD_INPUT', `candles: bar ${i} has invalid prices (open ${open[i]}, high ${high[i]}, low ${low[i]}, close ${close[i]})`);
    }
  }
  const barMs = options.barMs ?? (n >= 2 ? time[n - 1] - time[n - 2] : HOUR_MS);
  const ret = new Float64Array(n); // ret[0] = 0: no previous close
  for (let i = 1; i < n; i++) ret[i] = Math.log(close[i] / close[i - 1]);
  const park = new Float64Array(n);
  const gk = new Float64Array(n);
  const trueRange = new Float64Array(n);
  const signedVolume = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hl = Math.log(high[i] / low[i]);
    const co = Math.log(close[i] / open[i]);
    park[i] = (hl * hl) / (4 * Math.LN2);
    gk[i] = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co;
    const prev = i > 0 ? close[i - 1] : open[i];
    trueRange[i] = Math.max(high[i] - low[i], Math.abs(high[i] - prev), Math.abs(low[i] - prev));
    signedVolume[i] = i > 0 ? Math.sign(close[i] - close[i - 1]) * volume[i] : 0;
  }

  const rows = n + 1;
  const F = FEATURE_COUNT;
  const values = new Float64Array(rows * F).fill(NaN);
  const rowTime = new Float64Array(rows);
  for (let t = 0; t < rows; t++) rowTime[t] = t < n ? time[t] : time[n - 1] + barMs;

  for (let t = WARMUP_BARS; t <= n; t++) {
    const row = values.subarray(t * F, (t + 1) * F);
    let k = 0;
    for (const w of RANGE_WINDOWS) row[k++] = Math.sqrt(meanOf(park, t - w, t));
    for (const w of RANGE_WINDOWS) row[k++] = Math.sqrt(Math.max(0, meanOf(gk, t - w, t)));
    for (const w of RANGE_WINDOWS) row[k++] = moments(ret, t - w, t).std;
    for (const w of MOMENT_WINDOWS) {
      const m = moments(ret, t - w, t);
      row[k++] = m.mean;
      row[k++] = m.min;
      row[k++] = m.max;
      row[k++] = m.skew;
      row[k++] = m.kurt;
    }
    const lastClose = close[t - 1];
    row[k++] = meanOf(trueRange, t - ATR_WINDOW, t) / lastClose;
    const bb = moments(close, t - BOLLINGER_WINDOW, t);
    row[k++] = (4 * bb.std) / bb.mean; // (upper − lower) / middle with ±2σ bands
    const vol60 = meanOf(volume, t - 60, t);
    const vol20 = meanOf(volume, t - 20, t);
    row[k++] = vol60 > 0 ? meanOf(volume, t - 5, t) / vol60 : 1;
    row[k++] = vol20 > 0 ? volume[t - 1] / vol20 : 1;
    // OBV is a running sum (non-stationary); its 60-bar change over the 60-bar volume is the stationary slope.
    row[k++] = vol60 > 0 ? meanOf(signedVolume, t - 60, t) / vol60 : 0;
    let taker = 0;
    let vol10 = 0;
    for (let i = t - 10; i < t; i++) {
      taker += takerBuyBase[i];
      vol10 += volume[i];
    }
    row[k++] = vol10 > 0 && taker > 0 && Number.isFinite(taker) ? Math.min(1, taker / vol10) : 0.5;
    for (let lag = 1; lag <= LAGS; lag++) row[k++] = ret[t - lag];
    // The clock of the prediction time (known in advance), not of any bar's data.
    const hour = new Date(rowTime[t]).getUTCHours() + new Date(rowTime[t]).getUTCMinutes() / 60;
    row[k++] = Math.sin((2 * Math.PI * hour) / 24);
    row[k++] = Math.cos((2 * Math.PI * hour) / 24);
  }
  return { names: FEATURE_NAMES, values, rows, time: rowTime };
}

/** Column indices of the named features (throws on an unknown name). */
export function featureIndices(names: readonly string[]): Int32Array {
  return Int32Array.from(names, (name) => {
    const index = FEATURE_NAMES.indexOf(name);
    if (index < 0) throw new RegimeLabError('E_BAD_INPUT', `unknown feature "${name}" (known: ${FEATURE_NAMES.join(', ')})`);
    return index;
  });
}
