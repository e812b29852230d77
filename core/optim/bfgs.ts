// Unconstrained quasi-Newton minimisation: BFGS on the inverse Hessian with a strong-Wolfe line
// search (Nocedal & Wright 2006, Algorithms 6.1, 3.5 and 3.6). Non-finite objective values count as
// +Infinity: the line search backs off from them, so callers may return NaN/Infinity outside a domain.

export type Objective = (x: Float64Array, grad: Float64Array | null) => number;

export type MinimizeOptions = {
  /** Most BFGS iterations (default 500). */
  maxIterations?: number;
  /** Stop when max_i |grad_i| ≤ this (default 1e-6). */
  gradientTolerance?: number;
  /** Stop when |f_k − f_{k+1}| ≤ this · max(1, |f_k|) on two successive iterations (default 1e-12). */
  functionTolerance?: number;
  /** Polled once per iteration; when it answers true the best point so far is returned. */
  signal?: { cancelled(): boolean };
};

export type MinimizeResult = {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Objective calls, line-search trials included. */
  evaluations: number;
  converged: boolean;
  message: string;
};

const WOLFE_C1 = 1e-4;
const WOLFE_C2 = 0.9;
const MAX_LINE_SEARCH_STEPS = 40;

export function minimize(objective: Objective, x0: Float64Array, options: MinimizeOptions = {}): MinimizeResult {
  const maxIterations = options.maxIterations ?? 500;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const functionTolerance = options.functionTolerance ?? 1e-12;
  const n = x0.length;

  let evaluations = 0;
  const evaluate = (point: Float64Array, grad: Float64Array): number => {
    evaluations++;
    const value = objective(point, grad);
    return Number.isFinite(value) ? value : Infinity;
  };

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = evaluate(x, g);
  if (!Number.isFinite(f)) {
    return { x, value: f, iterations: 0, evaluations, converged: false, message: 'objective is not finite at the starting point' };
  }
  if (!allFinite(g)) {
    return { x, value: f, iterations: 0, evaluations, converged: false, message: 'gradient is not finite at the starting point' };
  }

  const inverseHessian = identity(n);
  let hessianIsIdentity = true;
  const direction = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const gAccepted = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  let smallDecreaseCount = 0;

  // φ(α) = f(x + α·d), evaluated into xTrial/gTrial; returns value and directional derivative.
  const phi = (alpha: number): { value: number; slope: number } => {
    for (let i = 0; i < n; i++) xTrial[i] = x[i] + alpha * direction[i];
    const value = evaluate(xTrial, gTrial);
    if (!Number.isFinite(value) || !allFinite(gTrial)) return { value: Infinity, slope: NaN };
    return { value, slope: dot(gTrial, direction) };
  };

  const lineSearch = (slope0: number, alphaInitial: number): { alpha: number; value: number } | null => {
    // Accepted points copy their gradient to gAccepted.
    let alphaPrev = 0;
    let valuePrev = f;
    let slopePrev = slope0;
    let alpha = alphaInitial;
    for (let step = 0; step < MAX_LINE_SEARCH_STEPS; step++) {
      const trial = phi(alpha);
      if (trial.value > f + WOLFE_C1 * alpha * slope0 || (step > 0 && trial.value >= valuePrev)) {
        return zoom(slope0, alphaPrev, valuePrev, slopePrev, alpha, trial.value, trial.slope);
      }
      if (Math.abs(trial.slope) <= -WOLFE_C2 * slope0) {
        gAccepted.set(gTrial);
        return { alpha, value: trial.value };
      }
      if (trial.slope >= 0) {
        gAccepted.set(gTrial);
        return zoomFromAccepted(slope0, alpha, trial.value, trial.slope, alphaPrev, valuePrev, slopePrev);
      }
      gAccepted.set(gTrial);
      alphaPrev = alpha;
      valuePrev = trial.value;
      slopePrev = trial.slope;
      alpha *= 2;
    }
    return alphaPrev > 0 ? { alpha: alphaPrev, value: valuePrev } : null;
  };

  // zoom with `lo` not yet having its gradient stored (lo = 0 means the current x: g holds it).
  const zoom = (
    slope0: number, alphaLo: number, valueLo: number, slopeLo: number,
    alphaHi: number, valueHi: number, slopeHi: number,
  ): { alpha: number; value: number } | null => {
    if (alphaLo === 0) gAccepted.set(g);
    return zoomFromAccepted(slope0, alphaLo, valueLo, slopeLo, alphaHi, valueHi, slopeHi);
  };

  // Algorithm 3.6: gAccepted holds the gradient at alphaLo, the best point with sufficient decrease.
  const zoomFromAccepted = (
    slope0: number, alphaLo: number, valueLo: number, slopeLo: number,
    alphaHi: number, valueHi: number, slopeHi: number,
  ): { alpha: number; value: number } | null => {
    for (let step = 0; step < MAX_LINE_SEARCH_STEPS; step++) {
      const width = alphaHi - alphaLo;
      let alpha = cubicMinimizer(alphaLo, valueLo, slopeLo, alphaHi, valueHi, slopeHi);
      const lower = Math.min(alphaLo, alphaHi) + 0.1 * Math.abs(width);
      const upper = Math.max(alphaLo, alphaHi) - 0.1 * Math.abs(width);
      if (!Number.isFinite(alpha) || alpha < lower || alpha > upper) alpha = alphaLo + 0.5 * width;
      if (Math.abs(width) <= 1e-16 * Math.max(1, Math.abs(alphaLo))) break;
      const trial = phi(alpha);
      if (trial.value > f + WOLFE_C1 * alpha * slope0 || trial.value >= valueLo) {
        alphaHi = alpha;
        valueHi = trial.value;
        slopeHi = trial.slope;
      } else {
        gAccepted.set(gTrial);
        if (Math.abs(trial.slope) <= -WOLFE_C2 * slope0) return { alpha, value: trial.value };
        if (trial.slope * (alphaHi - alphaLo) >= 0) {
          alphaHi = alphaLo;
          valueHi = valueLo;
          slopeHi = slopeLo;
        }
        alphaLo = alpha;
        valueLo = trial.value;
        slopeLo = trial.slope;
      }
    }
    // Interval exhausted: accept the best point with sufficient decrease (Armijo only), if any.
    return alphaLo > 0 && valueLo < f ? { alpha: alphaLo, value: valueLo } : null;
  };

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(g) <= gradientTolerance) {
      return { x, value: f, iterations, evaluations, converged: true, message: 'gradient below tolerance' };
    }
    if (options.signal?.cancelled()) {
      return { x, value: f, iterations, evaluations, converged: false, message: 'cancelled' };
    }

    multiply(inverseHessian, g, direction, -1);
    let slope0 = dot(direction, g);
    if (!(slope0 < 0) || !allFinite(direction)) {
      resetToIdentity(inverseHessian);
      hessianIsIdentity = true;
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope0 = dot(direction, g);
    }
    const alphaInitial = hessianIsIdentity ? Math.min(1, 1 / Math.max(maxAbs(g), 1e-300)) : 1;
    let step = lineSearch(slope0, alphaInitial);
    if (step === null && !hessianIsIdentity) {
      // The quasi-Newton direction failed: restart from steepest descent once.
      resetToIdentity(inverseHessian);
      hessianIsIdentity = true;
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope0 = dot(direction, g);
      step = lineSearch(slope0, Math.min(1, 1 / Math.max(maxAbs(g), 1e-300)));
    }
    if (step === null) {
      const nearStationary = maxAbs(g) <= 1e3 * gradientTolerance;
      return {
        x, value: f, iterations, evaluations, converged: nearStationary,
        message: nearStationary
          ? 'line search cannot improve further (precision limit near a stationary point)'
          : 'line search failed to find a lower value',
      };
    }

    for (let i = 0; i < n; i++) {
      s[i] = step.alpha * direction[i];
      y[i] = gAccepted[i] - g[i];
      x[i] += s[i];
      g[i] = gAccepted[i];
    }
    const previous = f;
    f = step.value;

    const sy = dot(s, y);
    const yy = dot(y, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * yy)) {
      if (hessianIsIdentity) {
        // Scale the initial inverse Hessian by sᵀy / yᵀy before the first update (N&W eq. 6.20).
        resetToIdentity(inverseHessian, sy / yy);
        hessianIsIdentity = false;
      }
      bfgsUpdate(inverseHessian, s, y, hy, sy);
    }

    if (Math.abs(previous - f) <= functionTolerance * Math.max(1, Math.abs(previous))) {
      if (++smallDecreaseCount >= 2) {
        return { x, value: f, iterations: iterations + 1, evaluations, converged: true, message: 'relative function change below tolerance' };
      }
    } else {
      smallDecreaseCount = 0;
    }
  }
  return { x, value: f, iterations, evaluations, converged: maxAbs(g) <= gradientTolerance, message: 'iteration limit reached' };
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db) (N&W eq. 3.59); NaN when undefined. */
function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || !Number.isFinite(da) || !Number.isFinite(db)) return NaN;
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const radicand = d1 * d1 - da * db;
  if (radicand < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(radicand);
  return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
}

// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/sᵀy, written with Hy so it costs O(n²).
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, hy: Float64Array, sy: number): void {
  const n = s.length;
  multiply(h, y, hy, 1);
  const yhy = dot(y, hy);
  const rho = 1 / sy;
  const factor = (1 + rho * yhy) * rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h[i * n + j] += factor * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
    }
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  resetToIdentity(m);
  return m;
}

function resetToIdentity(m: Float64Array, scale = 1): void {
  const n = Math.round(Math.sqrt(m.length));
  m.fill(0);
  for (let i = 0; i < n; i++) m[i * n + i] = scale;
}

function multiply(m: Float64Array, v: Float64Array, out: Float64Array, scale: number): void {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += m[i * n + j] * v[j];
    out[i] = scale * sum;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
