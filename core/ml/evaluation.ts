// The research's evaluation tables, assembled from core/metrics (never re-implemented here):
// forecasters vs the GARCH baseline (R², MSE, RMSE, QLIKE, MAE, directional accuracy, moving-block
// bootstrap and Diebold–Mariano tests on MSE and QLIKE), and classifier modes (accuracy, F1, ECE, Brier,
// IC overall and per realized-vol quartile).
import { blockBootstrapLossTest, dieboldMariano, forecastAccuracy, type BlockBootstrapLossTest, type DieboldMarianoResult, type ForecastAccuracy } from '../metrics/forecast-eval.ts';
import { evaluateClassifier, type ClassifierEvaluation } from '../metrics/classifier-eval.ts';

export type ForecasterRow = {
  model: string;
  accuracy: ForecastAccuracy;
  /** Loss differential model − baseline: negative means the model beats the baseline. */
  vsBaseline: { mse: BlockBootstrapLossTest; qlike: BlockBootstrapLossTest; dmMse: DieboldMarianoResult } | null;
};

export type ForecasterComparison = { baseline: string; n: number; rows: ForecasterRow[] };

/** Scores every forecast on the rows where all of them and the realized value are finite and > 0. */
export function compareForecasters(forecasts: Record<string, Float64Array>, realized: Float64Array, baseline: string, { block = 50, replications = 1000, seed = 1 } = {}): ForecasterComparison {
  const names = Object.keys(forecasts);
  const keep: number[] = [];
  for (let t = 0; t < realized.length; t++) {
    if (!(realized[t] > 0)) continue;
    if (names.every((m) => forecasts[m][t] > 0 && Number.isFinite(forecasts[m][t]))) keep.push(t);
  }
  const pick = (a: Float64Array): Float64Array => Float64Array.from(keep, (t) => a[t]);
  const y = pick(realized);
  const base = pick(forecasts[baseline]);
  const rows = names.map((model): ForecasterRow => {
    const f = pick(forecasts[model]);
    const vsBaseline =
      model === baseline
        ? null
        : {
            mse: blockBootstrapLossTest(f, base, y, { loss: 'mse', block, replications, seed }),
            qlike: blockBootstrapLossTest(f, base, y, { loss: 'qlike', block, replications, seed }),
            dmMse: dieboldMariano(f, base, y, { loss: 'mse', horizon: 24 }),
          };
    return { model, accuracy: forecastAccuracy(f, y), vsBaseline };
  });
  return { baseline, n: keep.length, rows };
}

export type ClassifierModeRow = { mode: string; evaluation: ClassifierEvaluation; meanSteps: number; meanMs: number };

export function compareClassifierModes(
  runs: { mode: string; probHigh: Float64Array; steps?: Float64Array; ms?: Float64Array }[],
  labels: Uint8Array,
  realizedVol: Float64Array,
): ClassifierModeRow[] {
  const avg = (a?: Float64Array): number => (a && a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
  return runs.map((r) => ({ mode: r.mode, evaluation: evaluateClassifier(r.probHigh, labels, realizedVol), meanSteps: avg(r.steps), meanMs: avg(r.ms) }));
}
