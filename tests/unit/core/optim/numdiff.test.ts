// Finite differences against closed forms, and the small matrix inverse.
import { describe, it, expect } from 'vitest';
import { numericalGradient, numericalHessian, hessianFromGradient } from '../../../../core/optim/numdiff.ts';
import { invertMatrix } from '../../../../core/optim/linalg.ts';

// f = exp(a) · sin(b) + a² b³
const f = (x: Float64Array) => Math.exp(x[0]) * Math.sin(x[1]) + x[0] ** 2 * x[1] ** 3;
const gradient = (x: Float64Array, g: Float64Array) => {
  g[0] = Math.exp(x[0]) * Math.sin(x[1]) + 2 * x[0] * x[1] ** 3;
  g[1] = Math.exp(x[0]) * Math.cos(x[1]) + 3 * x[0] ** 2 * x[1] ** 2;
};
const hessianExact = (x: Float64Array) => [
  [Math.exp(x[0]) * Math.sin(x[1]) + 2 * x[1] ** 3, Math.exp(x[0]) * Math.cos(x[1]) + 6 * x[0] * x[1] ** 2],
  [Math.exp(x[0]) * Math.cos(x[1]) + 6 * x[0] * x[1] ** 2, -Math.exp(x[0]) * Math.sin(x[1]) + 6 * x[0] ** 2 * x[1]],
];

describe('finite differences', () => {
  const x = Float64Array.from([0.3, -1.7]);

  it('central gradient agrees with the closed form to 1e-9', () => {
    const g = numericalGradient(f, x, new Float64Array(2));
    const exact = new Float64Array(2);
    gradient(x, exact);
    for (let i = 0; i < 2; i++) expect(Math.abs(g[i] - exact[i])).toBeLessThan(1e-9);
  });

  it('falls back to a one-sided difference at the edge of the domain', () => {
    const logf = (p: Float64Array) => (p[0] < 1 ? NaN : Math.log(p[0]));
    const g = numericalGradient(logf, Float64Array.from([1]), new Float64Array(1));
    expect(g[0]).toBeCloseTo(1, 4);
  });

  it('Hessians from values and from the gradient agree with the closed form', () => {
    const exact = hessianExact(x);
    const fromValues = numericalHessian(f, x);
    const fromGradient = hessianFromGradient(gradient, x);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        expect(Math.abs(fromValues[i][j] - exact[i][j])).toBeLessThan(1e-6);
        expect(Math.abs(fromGradient[i][j] - exact[i][j])).toBeLessThan(1e-9);
      }
    }
  });
});

describe('invertMatrix', () => {
  it('inverts a 3×3 matrix needing a pivot, and refuses a singular one', () => {
    const a = [[0, 2, 1], [1, 1, 0], [3, 0, 1]];
    const inv = invertMatrix(a)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += a[i][k] * inv[k][j];
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    expect(invertMatrix([[1, 2], [2, 4]])).toBeNull();
  });
});

describe('hessianFromGradient at the edge of the domain', () => {
  it('uses a one-sided difference where one step leaves the domain', () => {
    // f = x³ + x·y + y² on x ≥ 0 (gradient NaN for x < 0), evaluated at x = 0.
    const gradient = (p: Float64Array, g: Float64Array) => {
      g[0] = p[0] < 0 ? NaN : 3 * p[0] * p[0] + p[1];
      g[1] = p[0] < 0 ? NaN : p[0] + 2 * p[1];
    };
    const h = hessianFromGradient(gradient, Float64Array.from([0, 0.5]));
    expect(h[0][0]).toBeCloseTo(0, 4);
    expect(h[0][1]).toBeCloseTo(1, 8);
    expect(h[1][1]).toBeCloseTo(2, 8);
  });
});
