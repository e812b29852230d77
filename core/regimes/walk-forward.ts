// Walk-forward MS-GARCH regimes inside a backtest: refit every N bars on an expanding or rolling
// window, and between refits run the Hamilton filter with the parameters held fixed. Row i of the
// output depends on returns[0..i] only (strictly causal; tests check it by truncation). Regimes are
// ordered by unconditional variance at every refit (as MSGARCH), so regime 0 is always the calm one.

import { RegimeLabError, throwIfCancelled, type CancelSignal } from '../errors.ts';
import { fitMsGarch, type MsGarchFit } from '../models/msgarch/fit.ts';
import { msGarchFilter } from '../models/msgarch/filter.ts';
import { uniformMsGarchSpec, type MsGarchDistribution, type MsGarchParams, type MsGarchSpec, type MsGarchVarianceModel } from '../models/msgarch/spec.ts';

export type MsGarchRegimeModel = { variance: MsGarchVarianceModel; distribution: MsGarchDistribution; regimeCount: number };

export type WalkForwardOptions = {
  model: MsGarchRegimeModel;
  /** Bars between refits (≥ 1). */
  refitEveryBars: number;
  window: 'expanding' | 'rolling';
  /** Rolling window length in bars (required for 'rolling'). */
  windowBars?: number;
  /** Returns in the first fit; rows before it are NaN (no regime estimate yet). */
  minTrainBars: number;
  /** First row to estimate (e.g. the backtest window's first decision); the first fit runs there or at minTrainBars − 1, whichever is later. Earlier rows stay NaN. */
  startRow?: number;
  /** BFGS restarts per refit (default 2); every refit after the first also starts from the previous parameters. */
  restarts?: number;
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
};

export type WalkForwardRefit = {
  /** Row at whose close the fit ran (the last return in its window). */
  atRow: number;
  trainStart: number;
  trainEnd: number;
  logLikelihood: number | null;
  converged: boolean;
  params: Record<string, number> | null;
  /** Set when the fit failed and the previous parameters were kept. */
  error?: string;
};

export type WalkForwardResult = {
  regimeCount: number;
  /** n×K filtered probabilities, NaN rows before the first fit. */
  filteredProbs: Float64Array;
  refits: WalkForwardRefit[];
};

function checkOptions(n: number, o: WalkForwardOptions): void {
  const bad = (field: string, msg: string): never => {
    throw new RegimeLabError('E_BAD_INPUT', `walkForward.${field} ${msg}`);
  };
  if (!Number.isInteger(o.refitEveryBars) || o.refitEveryBars < 1) bad('refitEveryBars', `must be a positive integer, got ${o.refitEveryBars}`);
  if (!Number.isInteger(o.minTrainBars) || o.minTrainBars < 50) bad('minTrainBars', `must be an integer ≥ 50, got ${o.minTrainBars}`);
  if (o.window === 'rolling' && !(Number.isInteger(o.windowBars) && (o.windowBars ?? 0) >= o.minTrainBars)) {
    bad('windowBars', `must be an integer ≥ minTrainBars (${o.minTrainBars}) for a rolling window, got ${o.windowBars}`);
  }
  if (n < 2) bad('returns', `needs at least 2 observations, got ${n}`);
}

export function walkForwardMsGarch(returns: Float64Array, options: WalkForwardOptions): WalkForwardResult {
  const n = returns.length;
  checkOptions(n, options);
  const spec: MsGarchSpec = uniformMsGarchSpec(options.model.variance, options.model.distribution, options.model.regimeCount);
  const k = options.model.regimeCount;
  const filteredProbs = new Float64Array(n * k).fill(NaN);
  const refits: WalkForwardRefit[] = [];
  const first = Math.max(options.minTrainBars - 1, options.startRow ?? 0);
  const fitRows: number[] = [];
  for (let i = first; i < n; i += options.refitEveryBars) fitRows.push(i);
  let current: { spec: MsGarchSpec; params: MsGarchParams; start: number; paramArray: Float64Array } | null = null;
  for (let j = 0; j < fitRows.length; j++) {
    throwIfCancelled(options.signal);
    const atRow = fitRows[j];
    const segmentEnd = j + 1 < fitRows.length ? fitRows[j + 1] : n;
    const trainEnd = atRow + 1;
    const trainStart = options.window === 'rolling' ? Math.max(0, trainEnd - (options.windowBars as number)) : 0;
    const train = returns.subarray(trainStart, trainEnd);
    let fit: MsGarchFit | null = null;
    let error: string | undefined;
    try {
      fit = fitMsGarch(spec, train, {
        restarts: options.restarts ?? 2,
        standardErrors: false,
        startParams: current ? [current.paramArray] : undefined,
        signal: options.signal,
      });
    } catch (e) {
      if (e instanceof RegimeLabError && e.code === 'E_CANCELLED') throw e;
      error = e instanceof Error ? e.message : String(e);
    }
    if (fit) current = { spec: fit.spec, params: fit.params, start: trainStart, paramArray: fit.paramArray };
    refits.push({
      atRow,
      trainStart,
      trainEnd,
      logLikelihood: fit ? fit.logLikelihood : null,
      converged: fit ? fit.converged : false,
      params: fit ? fit.namedParams : null,
      ...(error === undefined ? {} : { error }),
    });
    if (current) {
      // Fixed parameters between refits: filter from the window start up to the segment's last row.
      const filtered = msGarchFilter(current.spec, current.params, returns.subarray(current.start, segmentEnd)).filteredProbs;
      for (let i = atRow; i < segmentEnd; i++) {
        const src = (i - current.start) * k;
        for (let c = 0; c < k; c++) filteredProbs[i * k + c] = filtered[src + c];
      }
    }
    options.onProgress?.((j + 1) / fitRows.length);
  }
  return { regimeCount: k, filteredProbs, refits };
}
