import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../core/random/rng.ts';
import { garchHorizonForecast, garchHorizonVol } from '../../../../core/ml/garch-baseline.ts';
import { forwardVolTarget } from '../../../../core/features/target.ts';
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

describe('GARCH(1,1)-t horizon baseline: aggregation into the target\'s units', () => {
  const close = garchPrices(700);
  const horizon = 24;
  const forecast = garchHorizonForecast(close, { horizon, window: 300, refitEvery: 100 });

  // By hand: percent log returns, fGarch's mci start over the refit window, the variance recursion up to
  // r_{t−1}, then E[h_{t+j}] = ω + (α1 + β1)·E[h_{t+j−1}] and √(mean of the 24 per-bar variances) / 100.
  function byHand(t: number): { horizonVol: number; oneStepVol: number; persistence: number } {
    const ret = Float64Array.from({ length: close.length - 1 }, (_, j) => 100 * Math.log(close[j + 1] / close[j]));
    const lastKnown = t - 2; // ret[t − 2] = ln(C_{t−1} / C_{t−2})
    const refit = [...forecast.refits].reverse().find((r) => r.at <= lastKnown)!;
    const { omega, alpha1, beta1, mu } = refit.params;
    let meanSquare = 0;
    for (let i = refit.windowStart; i <= refit.at; i++) meanSquare += (ret[i] - mu!) ** 2;
    meanSquare /= refit.at - refit.windowStart + 1;
    let h = omega + (alpha1 + beta1) * meanSquare;
    for (let i = refit.windowStart; i <= lastKnown; i++) h = omega + alpha1 * (ret[i] - mu!) ** 2 + beta1 * h;
    const oneStep = h; // E[h] of r_t = ln(C_t / C_{t−1}), the first return of the target window
    let sum = 0;
    for (let j = 0; j < horizon; j++) {
      sum += h;
      h = omega + (alpha1 + beta1) * h;
    }
    return { horizonVol: Math.sqrt(sum / horizon) / 100, oneStepVol: Math.sqrt(oneStep) / 100, persistence: alpha1 + beta1 };
  }

  it('is √(mean of the h expected per-bar variances), per bar, not annualized, in return units (not percent)', () => {
    for (const t of [302, 350, 401, 402, 555, 700]) {
      const expected = byHand(t);
      expect(forecast.horizonVol[t]).toBeCloseTo(expected.horizonVol, 14);
      expect(forecast.oneStepVol[t]).toBeCloseTo(expected.oneStepVol, 14);
      expect(forecast.persistence[t]).toBeCloseTo(expected.persistence, 14);
    }
    expect(Array.from(garchHorizonVol(close, { horizon, window: 300, refitEvery: 100 }))).toEqual(Array.from(forecast.horizonVol));
  });

  it('is on the scale of the forward realized-vol target it is scored against (per-bar std of log returns)', () => {
    const target = forwardVolTarget(close, horizon);
    let logRatio = 0;
    let count = 0;
    for (let t = 302; t + horizon <= close.length; t++) {
      logRatio += Math.log(forecast.horizonVol[t] / target[t]);
      count++;
    }
    // Simulated with ω = 2e-6, α1 + β1 = 0.98: σ ≈ 1%/bar. A sum of variances would read ≈ √24 ≈ 4.9× high,
    // percent units 100×, annualized √8760 ≈ 94×; the geometric-mean ratio stays near 1.
    expect(Math.abs(logRatio / count)).toBeLessThan(0.35);
  });

  it('keeps κα1 + β1 below 1 when asked to fit under covariance stationarity', () => {
    const stationary = garchHorizonForecast(close, { horizon, window: 300, refitEvery: 100, stationary: true });
    for (let t = 302; t <= close.length; t++) expect(stationary.persistence[t]).toBeLessThan(1);
    expect(stationary.refits.length).toBe(forecast.refits.length);
  });
});

describe('regime signals', () => {
  it('thresholds scores into calm/high and keeps missing predictions as no state', () => {
    expect(Array.from(regimeFromScores(Float64Array.of(0.1, 0.5, 0.9, NaN), 0.5))).toEqual([0, 1, 1, NO_REGIME]);
    expect(() => regimeFromScores(new Float64Array(1), NaN)).toThrow(/threshold/);
  });
});
