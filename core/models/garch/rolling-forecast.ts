// Walk-forward GARCH volatility: refit every `refitEvery` bars on an expanding or rolling window,
// and between refits keep running the variance recursion on each new bar with the parameters in
// force, so the one-step forecast moves every bar (it is never held at the last refit's value).

import type { CancelSignal } from '../../errors.ts';
import { throwIfCancelled } from '../../errors.ts';
import type { GarchParams, GarchSpec } from './spec.ts';
import { badInput, validateReturns, validateSpec } from './spec.ts';
import type { GarchFitOptions } from './fit.ts';
import { fitGarch, MIN_FIT_OBSERVATIONS } from './fit.ts';
import { nextVariance } from './variance.ts';

export type RollingGarchOptions = {
  /** 'expanding': every bar so far; a number: the last `window` bars. */
  window: 'expanding' | number;
  /** Bars between refits (1 = refit at every bar). */
  refitEvery: number;
  /** Bars before the first fit (default: the window length; required for 'expanding'). */
  minObservations?: number;
  /** Passed to every fit; each refit also starts from the previous estimates. */
  fit?: Omit<GarchFitOptions, 'initial' | 'signal'>;
  signal?: CancelSignal;
};

export type RollingGarchRefit = {
  /** Index of the bar at whose close the model was refitted (window ends here). */
  at: number;
  windowStart: number;
  params: GarchParams;
  loglik: number;
  converged: boolean;
};

export type RollingGarchForecast = {
  /** E[h_{t+1} | bars ≤ t]: made at the close of bar t for bar t + 1; NaN before the first fit. */
  varianceNext: Float64Array;
  /** √varianceNext. */
  sigmaNext: Float64Array;
  /** Index into `refits` of the parameters in force at bar t (−1 before the first fit). */
  refitIndex: Int32Array;
  refits: RollingGarchRefit[];
};

export function rollingGarchForecast(returns: Float64Array, spec: GarchSpec, options: RollingGarchOptions): RollingGarchForecast {
  validateSpec(spec);
  validateReturns(returns);
  const { window, refitEvery } = options;
  if (window !== 'expanding' && !(Number.isInteger(window) && window >= MIN_FIT_OBSERVATIONS)) {
    throw badInput('options.window', window, `must be 'expanding' or an integer >= ${MIN_FIT_OBSERVATIONS}`);
  }
  if (!(Number.isInteger(refitEvery) && refitEvery >= 1)) throw badInput('options.refitEvery', refitEvery, 'must be a positive integer');
  const minObservations = options.minObservations ?? (window === 'expanding' ? NaN : window);
  if (!(Number.isInteger(minObservations) && minObservations >= MIN_FIT_OBSERVATIONS)) {
    throw badInput('options.minObservations', options.minObservations, `must be an integer >= ${MIN_FIT_OBSERVATIONS}`);
  }
  if (window !== 'expanding' && minObservations < window) {
    throw badInput('options.minObservations', minObservations, `must be at least the window (${window})`);
  }

  const n = returns.length;
  const varianceNext = new Float64Array(n).fill(NaN);
  const sigmaNext = new Float64Array(n).fill(NaN);
  const refitIndex = new Int32Array(n).fill(-1);
  const refits: RollingGarchRefit[] = [];
  let params: GarchParams | null = null;
  let h = NaN; // h_t, the variance of the current bar under the parameters in force

  for (let t = minObservations - 1; t < n; t++) {
    if ((t - (minObservations - 1)) % refitEvery === 0) {
      throwIfCancelled(options.signal);
      const windowStart = window === 'expanding' ? 0 : t + 1 - window;
      const fit = fitGarch(returns.subarray(windowStart, t + 1), spec, {
        ...options.fit,
        standardErrors: options.fit?.standardErrors ?? false,
        ...(params ? { initial: params } : {}),
      });
      params = fit.params;
      refits.push({ at: t, windowStart, params, loglik: fit.loglik, converged: fit.converged });
      // h_t of the window's last bar under the new parameters (fGarch's mci start within the window).
      h = fit.sigma[fit.sigma.length - 1] ** 2;
    }
    const p = params!;
    const mu = spec.mean ? p.mu! : 0;
    const gamma1 = spec.variance === 'gjr' ? p.gamma1! : 0;
    h = nextVariance(returns[t] - mu, h, p.omega, p.alpha1, gamma1, p.beta1);
    varianceNext[t] = h;
    sigmaNext[t] = Math.sqrt(h);
    refitIndex[t] = refits.length - 1;
  }
  return { varianceNext, sigmaNext, refitIndex, refits };
}
