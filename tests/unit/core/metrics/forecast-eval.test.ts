// Forecast evaluation vs numpy / statsmodels OLS and the Diebold–Mariano formula evaluated with scipy.
import { describe, expect, it } from 'vitest';
import { blockBootstrapLossTest, dieboldMariano, directionalAccuracy, forecastAccuracy } from '../../../../core/metrics/forecast-eval.ts';
import { close, inputs, reference } from './reference.ts';

const ref = reference.forecast;
const { forecastA, forecastB, realized } = inputs;

describe('forecast accuracy', () => {
  it('MSE, RMSE, MAE, QLIKE, R², Mincer–Zarnowitz, directional accuracy', () => {
    const a = forecastAccuracy(forecastA, realized);
    const tag = 'forecast';
    close(a.mse, ref.mse, { tag });
    close(a.rmse, ref.rmse, { tag });
    close(a.mae, ref.mae, { tag });
    close(a.qlike, ref.qlike, { rel: 1e-9, tag });
    close(a.r2, ref.r2, { rel: 1e-9, tag });
    close(a.mincerZarnowitz?.alpha, ref.mzAlpha, { rel: 1e-8, tag });
    close(a.mincerZarnowitz?.beta, ref.mzBeta, { rel: 1e-9, tag });
    close(a.mincerZarnowitz?.r2, ref.mzR2, { rel: 1e-9, tag });
    close(a.directionalAccuracy, ref.directionalAccuracy, { rel: 1e-15, tag });
  });

  it('Diebold–Mariano (h = 1, MSE) and (h = 5, QLIKE) with the HLN correction', () => {
    for (const [opts, want] of [[{ loss: 'mse' as const, horizon: 1 }, ref.dmMse], [{ loss: 'qlike' as const, horizon: 5 }, ref.dmQlikeH5]]) {
      const dm = dieboldMariano(forecastA, forecastB, realized, opts);
      close(dm.meanLossDifferential, want.mean, { rel: 1e-10, tag: 'forecast' });
      close(dm.statistic, want.statistic, { rel: 1e-9, tag: 'forecast' });
      close(dm.pValue, want.pValue, { rel: 1e-7, abs: 1e-300, tag: 'forecast' });
      close(dm.hlnStatistic, want.hln, { rel: 1e-9, tag: 'forecast' });
      close(dm.hlnPValue, want.hlnP, { rel: 1e-6, abs: 1e-300, tag: 'forecast' });
    }
  });

  it('perfect forecasts: zero losses, R² = 1, DM undefined (null) for identical forecasters', () => {
    const a = forecastAccuracy(realized, realized);
    expect(a.mse).toBe(0);
    expect(a.qlike).toBe(0);
    expect(a.r2).toBe(1);
    expect(dieboldMariano(forecastA, forecastA, realized).statistic).toBeNull();
    expect(directionalAccuracy(Float64Array.from([1, 2, 1, 2]), Float64Array.from([1, 2, 1, 2]))).toBe(1);
  });

  it('moving-block bootstrap test: seeded, defaults block 50 / 1,000 reps, agrees with DM on a clear case', () => {
    const a = blockBootstrapLossTest(forecastA, forecastB, realized);
    const b = blockBootstrapLossTest(forecastA, forecastB, realized);
    expect(a).toEqual(b);
    expect([a.block, a.replications, a.seed]).toEqual([50, 1000, 1]);
    close(a.meanLossDifferential, ref.dmMse.mean, { rel: 1e-10 });
    expect(a.upper).toBeLessThan(0); // A beats B: the whole interval is below 0
    expect(a.pValue).toBeLessThan(0.01);
    expect(blockBootstrapLossTest(forecastA, forecastB, realized, { seed: 2 }).lower).not.toBe(a.lower);
  });

  it('rejects NaN and non-positive QLIKE inputs by name', () => {
    expect(() => forecastAccuracy(Float64Array.from([1, NaN]), Float64Array.from([1, 2]))).toThrow(/forecast: element 1/);
    expect(() => forecastAccuracy(Float64Array.from([1, 0]), Float64Array.from([1, 2]))).toThrow(/QLIKE/);
  });
});

describe('directional accuracy against a reference known at forecast time', () => {
  it('measures moves from the given reference, skipping rows without one', () => {
    const realized = Float64Array.from([1, 2, 3, 2, 1]);
    const reference = Float64Array.from([NaN, NaN, 1, 2, 3]); // realized[t − 2]; rows 0–1 have none
    // Row 2: up from 1 to 3; row 3: unchanged (2 vs 2), skipped; row 4: down from 3 to 1.
    const forecast = Float64Array.from([9, 9, 2, 5, 0]);
    expect(directionalAccuracy(forecast, realized, reference)).toBe(1);
    expect(directionalAccuracy(Float64Array.from([9, 9, 0, 5, 9]), realized, reference)).toBe(0);
  });

  it('an h-step target scored against the previous row overlaps the future: the reference removes that edge', () => {
    // Realized = a forward 24-bar mean of noise; persistence (the last completed window) has no
    // directional skill against a reference known at forecast time: about half its calls are right.
    const n = 2000;
    const noise = Float64Array.from({ length: n }, (_, i) => Math.abs(Math.sin(i * 12.9898) * 43758.5453) % 1);
    const realized = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let j = 0; j < 24 && t + j < n; j++) s += noise[t + j];
      realized[t] = s / 24;
    }
    const persistence = Float64Array.from(realized, (_, t) => (t >= 24 ? realized[t - 24] : realized[0]) * 1.0000001);
    const lagged = Float64Array.from(realized, (_, t) => (t >= 24 ? realized[t - 24] : NaN));
    expect(() => directionalAccuracy(persistence, realized, Float64Array.from([1]))).toThrow(/reference: length 1/);
    const honest = directionalAccuracy(persistence, realized, lagged)!;
    expect(honest).toBeGreaterThan(0.3);
    expect(honest).toBeLessThan(0.7);
  });
});
