// The fGarch innovation densities: normalisation, unit variance, skew-t reducing to std at ξ = 1,
// analytic derivatives, the skew-t sampler and its signed second moment.
import { describe, it, expect } from 'vitest';
import { normLogDensity } from '../../../../core/distributions/normal.ts';
import { stdLogDensity, stdLogDensityDnu, stdLogDensityDz } from '../../../../core/distributions/student-t.ts';
import {
  sampleSstd, sstdConstants, sstdLogDensity, sstdLogDensityWithDerivatives, sstdSignedSecondMoment,
} from '../../../../core/distributions/skew-student-t.ts';
import { createRng } from '../../../../core/random/rng.ts';

/** ∫ g(z) dz over the real line by z = tan θ and the composite Simpson rule. */
function integrate(g: (z: number) => number, steps = 200_000): number {
  const a = -Math.PI / 2;
  const h = Math.PI / steps;
  let sum = 0;
  for (let i = 1; i < steps; i++) {
    const theta = a + i * h;
    const z = Math.tan(theta);
    const c = 1 / Math.cos(theta);
    sum += (i % 2 === 0 ? 2 : 4) * g(z) * c * c;
  }
  return (sum * h) / 3;
}

describe('densities integrate to one with mean 0 and variance 1', () => {
  it('normal', () => {
    expect(integrate((z) => Math.exp(normLogDensity(z)))).toBeCloseTo(1, 10);
  });
  it.each([3, 5, 10])('std, ν = %d', (nu) => {
    const f = (z: number) => Math.exp(stdLogDensity(z, nu));
    expect(integrate(f)).toBeCloseTo(1, 8);
    if (nu > 3) expect(integrate((z) => z * z * f(z))).toBeCloseTo(1, 6);
  });
  it.each([[5, 0.8], [8, 1.5], [4.2, 0.9]])('sstd, ν = %d, ξ = %d', (nu, xi) => {
    const f = (z: number) => Math.exp(sstdLogDensity(z, nu, xi));
    expect(integrate(f)).toBeCloseTo(1, 8);
    expect(integrate((z) => z * f(z))).toBeCloseTo(0, 7);
    if (nu > 4.5) expect(integrate((z) => z * z * f(z))).toBeCloseTo(1, 6);
  });
  it('sstd at ξ = 1 is std exactly', () => {
    for (const z of [-3, -0.2, 0, 0.7, 5]) expect(sstdLogDensity(z, 5, 1)).toBeCloseTo(stdLogDensity(z, 5), 14);
  });
  it('ν ≤ 2 has no unit-variance t: NaN, not a number that travels on as valid', () => {
    expect(stdLogDensity(0.1, 2)).toBeNaN();
    expect(sstdLogDensity(0.1, 1.9, 1)).toBeNaN();
  });
});

describe('analytic derivatives', () => {
  const h = 1e-6;
  it('std: ∂/∂z and ∂/∂ν', () => {
    for (const [z, nu] of [[0.3, 5], [-2.5, 3.1], [6, 12]]) {
      expect(stdLogDensityDz(z, nu)).toBeCloseTo((stdLogDensity(z + h, nu) - stdLogDensity(z - h, nu)) / (2 * h), 7);
      expect(stdLogDensityDnu(z, nu)).toBeCloseTo((stdLogDensity(z, nu + h) - stdLogDensity(z, nu - h)) / (2 * h), 7);
    }
  });
  it('sstd: ∂/∂z, ∂/∂ν, ∂/∂ξ on both sides of the mode', () => {
    const out = { dz: 0, dnu: 0, dxi: 0 };
    for (const [z, nu, xi] of [[0.3, 5, 0.8], [-2.5, 3.1, 1.3], [1.7, 9, 1.05], [-0.05, 4, 0.6]]) {
      const value = sstdLogDensityWithDerivatives(z, sstdConstants(nu, xi), out);
      expect(value).toBeCloseTo(sstdLogDensity(z, nu, xi), 14);
      expect(out.dz).toBeCloseTo((sstdLogDensity(z + h, nu, xi) - sstdLogDensity(z - h, nu, xi)) / (2 * h), 6);
      expect(out.dnu).toBeCloseTo((sstdLogDensity(z, nu + h, xi) - sstdLogDensity(z, nu - h, xi)) / (2 * h), 6);
      expect(out.dxi).toBeCloseTo((sstdLogDensity(z, nu, xi + h) - sstdLogDensity(z, nu, xi - h)) / (2 * h), 6);
    }
  });
});

describe('skew-t sampler and signed second moment', () => {
  it.each([[6, 0.8], [5, 1.4]])('E[z² sign z] matches direct integration (ν = %d, ξ = %d)', (nu, xi) => {
    const f = (z: number) => Math.exp(sstdLogDensity(z, nu, xi));
    const direct = integrate((z) => z * z * Math.sign(z) * f(z), 400_000);
    expect(sstdSignedSecondMoment(nu, xi)).toBeCloseTo(direct, 6);
  });
  it('is 0 for ξ = 1', () => expect(sstdSignedSecondMoment(5, 1)).toBeCloseTo(0, 14));
  it('draws have mean 0, variance 1 and the right share below zero', () => {
    const nu = 7;
    const xi = 0.7;
    const rng = createRng(12345);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let negative = 0;
    for (let i = 0; i < n; i++) {
      const z = sampleSstd(rng, nu, xi);
      sum += z;
      sumSquares += z * z;
      if (z < 0) negative++;
    }
    const pNegative = integrate((z) => (z < 0 ? Math.exp(sstdLogDensity(z, nu, xi)) : 0));
    expect(sum / n).toBeCloseTo(0, 2);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.03);
    expect(Math.abs(negative / n - pNegative)).toBeLessThan(0.005);
  });
});
