// Standard normal log density and its z-derivative, as fGarch `dnorm` (cond.dist = "norm").

import { LOG_SQRT_2PI } from './special.ts';

export { LOG_SQRT_2PI };

/** log φ(z) for the standard normal. */
export function normLogDensity(z: number): number {
  return -LOG_SQRT_2PI - 0.5 * z * z;
}

/** d/dz log φ(z). */
export function normLogDensityDz(z: number): number {
  return -z;
}
