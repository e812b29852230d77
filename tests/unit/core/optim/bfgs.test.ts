// BFGS on closed-form problems: Rosenbrock (analytic and numerical gradient), an ill-conditioned
// quadratic, non-finite regions, cancellation.
import { describe, it, expect } from 'vitest';
import { minimize } from '../../../../core/optim/bfgs.ts';
import { withNumericalGradient } from '../../../../core/optim/numdiff.ts';

const rosenbrock = (x: Float64Array, grad: Float64Array | null): number => {
  const [a, b] = [x[0], x[1]];
  if (grad) {
    grad[0] = -400 * a * (b - a * a) - 2 * (1 - a);
    grad[1] = 200 * (b - a * a);
  }
  return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
};

describe('minimize (BFGS)', () => {
  it('finds the Rosenbrock minimum from (-1.2, 1) with the analytic gradient', () => {
    const result = minimize(rosenbrock, Float64Array.from([-1.2, 1]), { gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 7);
    expect(result.x[1]).toBeCloseTo(1, 7);
    expect(result.value).toBeLessThan(1e-14);
    expect(result.iterations).toBeLessThan(60);
  });

  it('finds the Rosenbrock minimum with a numerical gradient', () => {
    const f = (x: Float64Array) => rosenbrock(x, null);
    const result = minimize(withNumericalGradient(f), Float64Array.from([-1.2, 1]), { gradientTolerance: 1e-7 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('solves an ill-conditioned 6-d quadratic exactly', () => {
    // f = ½ (x − c)ᵀ A (x − c) with A = diag(1..1e4) rotated by a fixed pairing.
    const n = 6;
    const c = Float64Array.from([1, -2, 3, 0.5, -0.25, 10]);
    const diag = Float64Array.from([1, 10, 100, 1e3, 1e4, 3]);
    const f = (x: Float64Array, grad: Float64Array | null): number => {
      let value = 0;
      for (let i = 0; i < n; i++) {
        const d = x[i] - c[i] + 0.5 * (x[(i + 1) % n] - c[(i + 1) % n]);
        value += 0.5 * diag[i] * d * d;
      }
      if (grad) {
        grad.fill(0);
        for (let i = 0; i < n; i++) {
          const d = x[i] - c[i] + 0.5 * (x[(i + 1) % n] - c[(i + 1) % n]);
          grad[i] += diag[i] * d;
          grad[(i + 1) % n] += 0.5 * diag[i] * d;
        }
      }
      return value;
    };
    const result = minimize(f, new Float64Array(n), { gradientTolerance: 1e-10, functionTolerance: 0 });
    expect(result.converged).toBe(true);
    for (let i = 0; i < n; i++) expect(result.x[i]).toBeCloseTo(c[i], 8);
    expect(result.value).toBeLessThan(1e-16);
  });

  it('backs off from non-finite values (log barrier with a step that overshoots the domain)', () => {
    // f(x) = x − 10·log(x) has its minimum at x = 10; NaN for x ≤ 0. A steep start overshoots.
    const f = (x: Float64Array, grad: Float64Array | null): number => {
      if (grad) grad[0] = 1 - 10 / x[0];
      return x[0] - 10 * Math.log(x[0]);
    };
    const result = minimize(f, Float64Array.from([0.01]));
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(10, 5);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('reports a non-finite start instead of iterating', () => {
    const result = minimize(() => NaN, Float64Array.from([1, 2]));
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/not finite/);
  });

  it('stops when the signal says cancelled', () => {
    let calls = 0;
    const result = minimize(rosenbrock, Float64Array.from([-1.2, 1]), { signal: { cancelled: () => ++calls > 3 } });
    expect(result.converged).toBe(false);
    expect(result.message).toBe('cancelled');
    expect(result.iterations).toBe(3);
  });
});
