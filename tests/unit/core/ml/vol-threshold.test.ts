// The forecaster signal's causal threshold: equal to the type-7 quantile of the completed windows,
// NaN until enough history, and unchanged by anything after t (causality by truncation).
import { describe, expect, it } from 'vitest';
import { expandingQuantileThreshold } from '../../../../core/ml/vol-threshold.ts';
import { quantile } from '../../../../core/metrics/descriptive.ts';

function series(n: number): Float64Array {
  let x = 7;
  return Float64Array.from({ length: n }, (_, i) => {
    x = (x * 48271) % 2147483647;
    return i % 97 === 0 ? NaN : x / 2147483647;
  });
}

describe('expandingQuantileThreshold', () => {
  it('is the quantile of the windows complete at t, NaN before minHistory', () => {
    const target = series(600);
    const out = expandingQuantileThreshold(target, 24, 0.75, 50);
    for (const t of [0, 30, 73, 74, 75, 200, 599]) {
      const done = Array.from(target.subarray(0, Math.max(0, t - 24 + 1))).filter(Number.isFinite);
      if (done.length < 50) expect(out[t]).toBeNaN();
      else expect(out[t]).toBeCloseTo(quantile(done, 0.75), 12);
    }
  });

  it('does not look ahead: truncating the future leaves the past unchanged', () => {
    const target = series(800);
    const full = expandingQuantileThreshold(target, 10, 0.9, 20);
    const cut = expandingQuantileThreshold(target.slice(0, 500), 10, 0.9, 20);
    expect(Array.from(cut)).toEqual(Array.from(full.subarray(0, 500)));
  });

  it('refuses a quantile outside (0, 1)', () => {
    expect(() => expandingQuantileThreshold(new Float64Array(3), 1, 1, 1)).toThrow(/quantile must be in/);
  });
});
