import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../core/random/rng.ts';
import { garchHorizonVol } from '../../../../core/ml/garch-baseline.ts';
import { regimeFromScores, NO_REGIME } from '../../../../core/ml/signals.ts';

function garchPrices(n: number): Float64Array {
  const rng = createRng(4);
  const close = new Float64Array(n);
  let p = 100;
  let h = 1e-4;
  let r = 0;
  for (let i = 0; i < n; i++) {
    h = 2e-6 + 0.08 * r * r + 0.9 * h;
    r = Math.sqrt(h) * rng.normal();
    p *= Math.exp(r);
    close[i] = p;
  }
  return close;
}

describe('GARCH(1,1)-t horizon baseline', () => {
  const close = garchPrices(900);
  const full = garchHorizonVol(close, { horizon: 24, window: 300, refitEvery: 100 });

  it('is causal: the forecast for row t uses closes before bar t only (truncation)', () => {
    for (const t of [310, 455, 899]) {
      const truncated = garchHorizonVol(close.subarray(0, t), { horizon: 24, window: 300, refitEvery: 100 });
      expect(truncated[t]).toBe(full[t]);
    }
  });

  it('starts after the first fit and gives a plausible per-bar volatility', () => {
    expect(Number.isNaN(full[300])).toBe(true);
    for (let t = 302; t <= 900; t++) expect(full[t] > 0.001 && full[t] < 0.1).toBe(true);
  });
});

describe('regime signals', () => {
  it('thresholds scores into calm/high and keeps missing predictions as no state', () => {
    expect(Array.from(regimeFromScores(Float64Array.of(0.1, 0.5, 0.9, NaN), 0.5))).toEqual([0, 1, 1, NO_REGIME]);
    expect(() => regimeFromScores(new Float64Array(1), NaN)).toThrow(/threshold/);
  });
});
