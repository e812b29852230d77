// Central-difference derivatives for objectives without an analytic gradient, and the wrapper that
// turns a plain f(x) into the (x, grad) objective `minimize` takes. Steps are relative to |x_i|.

import type { Objective } from './bfgs.ts';

export type ScalarFunction = (x: Float64Array) => number;

/** ε^(1/3): the step that balances truncation and rounding error for a central first difference. */
const GRADIENT_STEP = 6.0554544523933395e-6;
/** ε^(1/4): the same balance for a central second difference. */
const HESSIAN_STEP = 1.2207031250e-4;

function stepFor(xi: number, relative: number): number {
  const h = relative * Math.max(1, Math.abs(xi));
  // Make x + h exactly representable so the difference quotient uses the step actually taken.
  return (xi + h) - xi;
}

/**
 * Central-difference gradient of f at x, written into grad (also returned). Where one side is not
 * finite (x at the edge of f's domain) a one-sided difference is used; where both are, NaN.
 */
export function numericalGradient(f: ScalarFunction, x: Float64Array, grad: Float64Array, step = GRADIENT_STEP): Float64Array {
  const point = Float64Array.from(x);
  let center = NaN;
  for (let i = 0; i < x.length; i++) {
    const h = stepFor(x[i], step);
    point[i] = x[i] + h;
    const up = f(point);
    point[i] = x[i] - h;
    const down = f(point);
    point[i] = x[i];
    if (Number.isFinite(up) && Number.isFinite(down)) {
      grad[i] = (up - down) / (2 * h);
    } else {
      if (Number.isNaN(center)) center = f(point);
      grad[i] = Number.isFinite(up) ? (up - center) / h : Number.isFinite(down) ? (center - down) / h : NaN;
    }
  }
  return grad;
}

/** Wraps f as an Objective that fills the gradient by central differences when asked. */
export function withNumericalGradient(f: ScalarFunction, step = GRADIENT_STEP): Objective {
  return (x, grad) => {
    const value = f(x);
    if (grad !== null && Number.isFinite(value)) numericalGradient(f, x, grad, step);
    return value;
  };
}

/** Central-difference Hessian of f at x (rows of a symmetric matrix), from function values only. */
export function numericalHessian(f: ScalarFunction, x: Float64Array, step = HESSIAN_STEP): Float64Array[] {
  const n = x.length;
  const h = Array.from(x, (xi) => stepFor(xi, step));
  const point = Float64Array.from(x);
  const f0 = f(point);
  const hessian = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    point[i] = x[i] + h[i];
    const up = f(point);
    point[i] = x[i] - h[i];
    const down = f(point);
    point[i] = x[i];
    hessian[i][i] = (up - 2 * f0 + down) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      point[i] = x[i] + h[i]; point[j] = x[j] + h[j];
      const pp = f(point);
      point[j] = x[j] - h[j];
      const pm = f(point);
      point[i] = x[i] - h[i];
      const mm = f(point);
      point[j] = x[j] + h[j];
      const mp = f(point);
      point[i] = x[i]; point[j] = x[j];
      const value = (pp - pm - mp + mm) / (4 * h[i] * h[j]);
      hessian[i][j] = value;
      hessian[j][i] = value;
    }
  }
  return hessian;
}

/**
 * Hessian by central differences of an analytic gradient (2n gradient calls, error O(h²) with
 * h = ε^(1/3)·max(1,|x_i|)), symmetrised; one-sided where a step leaves the gradient's domain
 * (non-finite). Far more accurate than second differences of f.
 */
export function hessianFromGradient(
  gradient: (x: Float64Array, grad: Float64Array) => void,
  x: Float64Array,
  step = GRADIENT_STEP,
): Float64Array[] {
  const n = x.length;
  const point = Float64Array.from(x);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const hessian = Array.from({ length: n }, () => new Float64Array(n));
  let center: Float64Array | null = null;
  for (let j = 0; j < n; j++) {
    const h = stepFor(x[j], step);
    point[j] = x[j] + h;
    gradient(point, up);
    point[j] = x[j] - h;
    gradient(point, down);
    point[j] = x[j];
    const upFinite = up.every(Number.isFinite);
    const downFinite = down.every(Number.isFinite);
    if (upFinite && downFinite) {
      for (let i = 0; i < n; i++) hessian[i][j] = (up[i] - down[i]) / (2 * h);
    } else {
      // At the edge of the domain (a parameter on its bound): one-sided difference, or NaN.
      if (center === null) {
        center = new Float64Array(n);
        gradient(point, center);
      }
      for (let i = 0; i < n; i++) {
        hessian[i][j] = upFinite ? (up[i] - center[i]) / h : downFinite ? (center[i] - down[i]) / h : NaN;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (hessian[i][j] + hessian[j][i]);
      hessian[i][j] = mean;
      hessian[j][i] = mean;
    }
  }
  return hessian;
}
