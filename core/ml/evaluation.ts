// The research's evaluation tables, assembled from core/metrics (never re-implemented here):
// forecasters vs the GARCH baseline (R², MSE, RMSE, QLIKE, MAE, directional accuracy, moving-block
// bootstrap and Diebold–Mariano tests on MSE and QLIKE), and classifier modes (accuracy, F1, ECE, Brier,
// IC overall and per realized-vol quartile, and how far each mode's probabilities moved from the Baseline's).
import { blockBootstrapLossTest, dieboldMariano, forecastAccuracy, type BlockBootstrapLossTest, type DieboldMarianoResult, type ForecastAccuracy } from '../metrics/forecast-eval.ts';
import { evaluateClassifier, type ClassifierEvaluation } from '../metrics/classifier-eval.ts';
import { RegimeLabError } from '../errors.ts';

export type ForecasterRow = {
  model: string;
  accuracy: ForecastAccuracy;
  /** Loss differential model − baseline: negative means the model beats the baseline. */
  vsBaseline: { mse: BlockBootstrapLossTest; qlike: BlockBootstrapLossTest; dmMse: DieboldMarianoResult } | null;
};

export type ForecasterComparison = { baseline: string; n: number; rows: ForecasterRow[] };

/**
 * Scores every forecast on the rows where all of them and the realized value are finite and > 0.
 * Rows are consecutive bars and each target spans the next `horizon` bars: the Diebold–Mariano test
 * uses that horizon, and directional accuracy measures moves from realized[t − horizon], the last
 * window complete when row t's forecast was made.
 */
export function compareForecasters(forecasts: Record<string, Float64Array>, realized: Float64Array, baseline: string, { block = 50, replications = 1000, seed = 1, horizon = 24 } = {}): ForecasterComparison {
  const names = Object.keys(forecasts);
  const keep: number[] = [];
  for (let t = 0; t < realized.length; t++) {
    if (!(realized[t] > 0)) continue;
    if (names.every((m) => forecasts[m][t] > 0 && Number.isFinite(forecasts[m][t]))) keep.push(t);
  }
  const pick = (a: Float64Array): Float64Array => Float64Array.from(keep, (t) => a[t]);
  const y = pick(realized);
  const reference = Float64Array.from(keep, (t) => (t >= horizon ? realized[t - horizon] : NaN));
  const base = pick(forecasts[baseline]);
  const rows = names.map((model): ForecasterRow => {
    const f = pick(forecasts[model]);
    const vsBaseline =
      model === baseline
        ? null
        : {
            mse: blockBootstrapLossTest(f, base, y, { loss: 'mse', block, replications, seed }),
            qlike: blockBootstrapLossTest(f, base, y, { loss: 'qlike', block, replications, seed }),
            dmMse: dieboldMariano(f, base, y, { loss: 'mse', horizon }),
          };
    return { model, accuracy: forecastAccuracy(f, y, { reference }), vsBaseline };
  });
  return { baseline, n: keep.length, rows };
}

/** How far a mode's P(high) moved from the reference mode's on the same samples (does TTT change anything?). */
export type ProbabilityShift = {
  reference: string;
  /** mean |p − p_reference| */
  meanAbs: number;
  maxAbs: number;
  /** Samples whose call at 0.5 (the evaluation's threshold) differs from the reference's. */
  decisionFlips: number;
};

export type ClassifierModeRow = {
  mode: string;
  evaluation: ClassifierEvaluation;
  meanSteps: number;
  meanMs: number;
  /** vs the `reference` mode's run (default 'Baseline'); null for the reference itself or when it was not run. */
  shift: ProbabilityShift | null;
};

export function compareClassifierModes(
  runs: { mode: string; probHigh: Float64Array; steps?: Float64Array; ms?: Float64Array }[],
  labels: Uint8Array,
  realizedVol: Float64Array,
  { reference = 'Baseline', threshold = 0.5 }: { reference?: string; threshold?: number } = {},
): ClassifierModeRow[] {
  const avg = (a?: Float64Array): number => (a && a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
  const base = runs.find((r) => r.mode === reference);
  const shift = (p: Float64Array): ProbabilityShift => {
    const q = base!.probHigh;
    if (q.length !== p.length) throw new RegimeLabError('E_BAD_INPUT', `probHigh has ${p.length} samples, the ${reference} run has ${q.length}`);
    let sum = 0;
    let maxAbs = 0;
    let decisionFlips = 0;
    for (let i = 0; i < p.length; i++) {
      const d = Math.abs(p[i] - q[i]);
      sum += d;
      maxAbs = Math.max(maxAbs, d);
      if (p[i] >= threshold !== q[i] >= threshold) decisionFlips++;
    }
    return { reference, meanAbs: p.length ? sum / p.length : 0, maxAbs, decisionFlips };
  };
  return runs.map((r) => ({
    mode: r.mode,
    evaluation: evaluateClassifier(r.probHigh, labels, realizedVol, { threshold }),
    meanSteps: avg(r.steps),
    meanMs: avg(r.ms),
    shift: base && r !== base ? shift(r.probHigh) : null,
  }));
}
