// Held-back evaluation of the shipped models on real BTCUSDT 1h (test period 2024-01-01 → end of file,
// never used for training or model selection): the forecaster table vs the in-app GARCH(1,1)-t rolling
// forecast with block-bootstrap tests and permutation importance by feature group, and the chart
// classifier table for Baseline / TTT standard / TTT online / TTT entropy-adaptive per aux task, overall and per
// realized-vol quartile, with how far each TTT mode moved P(high) from the Baseline. A GARCH diagnostics table
// says where the baseline's error comes from (24-step projection vs one step, unconstrained vs stationary fits).
// Run: node scripts/build.mjs --node-only && node scripts/run-ts.mjs tests/bench/evaluate-models.ts [--only forecasters|classifiers]
//      [--stride 24] [--period test|validation] [--ttt-lr LR] [--ttt-steps N] [--json FILE]
// --period validation scores 2023 (model selection data, for choosing TTT settings without touching the test
// period); --ttt-lr / --ttt-steps override the manifests' TTT defaults.
import fs from 'node:fs';
import path from 'node:path';
import { appPaths, findAppRoot } from '../../main/services/paths.ts';
import { InferencePool } from '../../main/services/models/inference-pool.ts';
import { evaluateChartClassifier, evaluateForecasters, periodRows, RESEARCH_GARCH } from '../../main/services/models/evaluate.ts';
import { compareForecasters } from '../../core/ml/evaluation.ts';
import { garchHorizonForecast } from '../../core/ml/garch-baseline.ts';
import { forwardVolTarget } from '../../core/features/target.ts';
import { lowerBound } from '../../core/series/candles.ts';
import { parseModelManifest } from '../../core/ml/manifest.ts';
import type { ModelHandle } from '../../workers/inference-api.ts';
import { BTC_1H_PARQUET, loadCandles } from '../../scripts/train/load-candles.ts';
import { DATA_SPLIT } from '../../scripts/train/split.ts';

// The pool's workers are unref'd (a CLI that never computes must be able to exit): hold the loop open.
const keepAlive = setInterval(() => {}, 1 << 30);
const root = findAppRoot(process.cwd());
const modelsDir = path.join(root, 'resources/models');
const handle = (id: string): ModelHandle => ({ dir: path.join(modelsDir, id), manifest: parseModelManifest(JSON.parse(fs.readFileSync(path.join(modelsDir, id, 'manifest.json'), 'utf8'))) });
const pool = new InferencePool({ entryPath: appPaths(root).workerEntry('inference'), probeGraph: path.join(modelsDir, 'btc-1h-rv24-xgb/model.onnx') });
const { candles, file, sha256 } = await loadCandles(BTC_1H_PARQUET);
const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const periodName = arg('--period') ?? 'test';
if (periodName !== 'test' && periodName !== 'validation') throw new Error(`--period must be test or validation, got ${periodName}`);
const HOUR_MS = 3_600_000;
// Validation stops 24 bars before the test period so that no validation target reads a test bar (the training embargo).
const period =
  periodName === 'test'
    ? { fromMs: DATA_SPLIT.testFrom, toMs: candles.time[candles.time.length - 1] + 1 }
    : { fromMs: DATA_SPLIT.validationFrom, toMs: DATA_SPLIT.testFrom - 24 * HOUR_MS };
const tttOverride = { ...(arg('--ttt-lr') ? { lr: Number(arg('--ttt-lr')) } : {}), ...(arg('--ttt-steps') ? { steps: Number(arg('--ttt-steps')) } : {}) };
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const f = (v: number | null | undefined, d = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(d));
const lastBar = candles.time[lowerBound(candles.time, period.toMs) - 1];
console.log(`data: ${file} (sha256 ${sha256.slice(0, 12)}…), ${candles.time.length} bars; ${periodName === 'test' ? 'test period' : 'VALIDATION period'} ${iso(period.fromMs)} → ${iso(lastBar)}${periodName === 'test' ? ' (held back)' : ''}`);
console.log(`execution provider: ${(await pool.backend()).provider}\n`);

const only = arg('--only') ?? 'all';
const out: Record<string, unknown> = { period };
let t0 = performance.now();
if (only !== 'classifiers') {
const forecasters = ['btc-1h-rv24-xgb', 'btc-1h-rv24-lstm-attn', 'btc-1h-rv24-patchtst'];
const fe = await evaluateForecasters(pool, forecasters.map((id) => ({ id, handle: handle(id) })), candles, period);
console.log(`## Forecasters: next-24h realized vol (per-hour std of log returns), n = ${fe.n} hourly predictions; baseline ${fe.baseline} (window 5000, refit every 500, recursed every bar)`);
console.log('| model | R² | MSE | RMSE | QLIKE | MAE | dir. acc | ΔMSE vs GARCH [95% CI] (p) | ΔQLIKE vs GARCH [95% CI] (p) | DM(MSE) p |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of fe.rows) {
  const a = r.accuracy;
  const v = r.vsBaseline;
  const boot = (b: NonNullable<typeof v>['mse']) => `${f(b.meanLossDifferential)} [${f(b.lower)}, ${f(b.upper)}] (${f(b.pValue, 3)})`;
  console.log(`| ${r.model} | ${f(a.r2)} | ${f(a.mse)} | ${f(a.rmse)} | ${f(a.qlike)} | ${f(a.mae)} | ${f(a.directionalAccuracy, 3)} | ${v ? boot(v.mse) : '—'} | ${v ? boot(v.qlike) : '—'} | ${v ? f(v.dmMse.pValue, 3) : '—'} |`);
}
console.log('\nNegative Δ = lower loss than GARCH. Block bootstrap: moving blocks of 50, 1,000 replications, seed 1.');
garchDiagnostics(fe.horizonBars);
console.log(`\n## Permutation importance by feature group (R² lost when the group is shuffled over the ${periodName} period)`);
for (const [id, groups] of Object.entries(fe.importance)) console.log(`- ${id}: ${groups.map((g) => `${g.group} ${f(g.r2Drop, 3)}`).join(', ')}`);
console.log(`(forecaster evaluation ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
out.forecasters = fe;
}
for (const id of only === 'forecasters' ? [] : ['btc-1h-chart-cnn-mask', 'btc-1h-chart-cnn-rotation']) {
  t0 = performance.now();
  const strideBars = Number(arg('--stride') ?? 24);
  const h = handle(id);
  const defaults = h.manifest.task === 'regime-classifier' ? h.manifest.ttt?.defaults : undefined;
  const ce = await evaluateChartClassifier(pool, h, candles, period, { contextKey: 'BTCUSDT/1h', strideBars, ttt: tttOverride });
  out[id] = ce;
  const n = ce.rows[0].evaluation.overall.n;
  const pos = ce.rows[0].evaluation.overall.confusion;
  const lr = tttOverride.lr ?? defaults?.lr;
  const steps = tttOverride.steps ?? defaults?.steps;
  console.log(`## ${id}: P(next-24h vol > ${f(ce.labelThreshold, 5)}), ${n} non-overlapping ${periodName} windows (every ${ce.strideBars} h), ${pos.tp + pos.fn} high-vol; TTT ${steps} steps of plain SGD at lr ${lr}${Object.keys(tttOverride).length ? ' (overriding the manifest)' : ' (manifest defaults)'}`);
  console.log('| mode | accuracy | F1 | ECE | Brier | IC | mean steps | ms/sample | mean abs ΔP vs Baseline | max abs ΔP | calls flipped |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of ce.rows) {
    const o = r.evaluation.overall;
    const d = r.shift;
    console.log(`| ${r.mode} | ${f(o.accuracy, 3)} | ${f(o.f1, 3)} | ${f(o.expectedCalibrationError, 3)} | ${f(o.brier, 3)} | ${f(o.informationCoefficient, 3)} | ${r.meanSteps.toFixed(1)} | ${r.meanMs.toFixed(1)} | ${d ? f(d.meanAbs) : '—'} | ${d ? f(d.maxAbs) : '—'} | ${d ? `${d.decisionFlips} / ${n}` : '—'} |`);
  }
  const edges = ce.rows[0].evaluation.conventions.quartileEdges;
  console.log(`\nPer realized-vol quartile (edges ${edges.map((e) => e.toFixed(5)).join(' / ')}; high-vol label above ${f(ce.labelThreshold, 5)}):`);
  console.log('| mode | quartile | n | high-vol | accuracy | F1 | ECE | Brier | IC |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of ce.rows) {
    r.evaluation.byRealizedVolQuartile.forEach((q, k) => {
      const label = ['Q1 (calmest)', 'Q2', 'Q3', 'Q4 (most volatile)'][k];
      console.log(`| ${r.mode} | ${label} | ${q.n} | ${q.confusion.tp + q.confusion.fn} | ${f(q.accuracy, 3)} | ${f(q.f1, 3)} | ${f(q.expectedCalibrationError, 3)} | ${f(q.brier, 3)} | ${f(q.informationCoefficient, 3)} |`);
    });
  }
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
}
const jsonFile = arg('--json');
if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(out, (_, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v), 1));
await pool.close();
clearInterval(keepAlive);

/**
 * Where the GARCH baseline's error comes from, on the forecaster table's rows: the baseline as scored (√ mean of
 * the 24 expected per-bar variances, fGarch's unconstrained fit), the same fits without the projection (√ of the
 * first bar's variance only), and refits constrained to κα1 + β1 < 1 as Python arch / rugarch fit by default.
 */
function garchDiagnostics(horizon: number): void {
  const { fromRow, toRow } = periodRows(candles, period);
  const offset = Math.max(0, fromRow - RESEARCH_GARCH.window - 2); // as evaluateForecasters slices the closes
  const close = candles.close.subarray(offset, toRow);
  const row = (a: Float64Array) => a.subarray(fromRow - offset, toRow - offset);
  const realized = forwardVolTarget(candles.close, horizon).subarray(fromRow, toRow);
  const free = garchHorizonForecast(close, { horizon, ...RESEARCH_GARCH });
  const stationary = garchHorizonForecast(close, { horizon, ...RESEARCH_GARCH, stationary: true });
  const variants: Record<string, Float64Array> = {
    'as scored: √mean E[h_t+j], j<24': row(free.horizonVol),
    'same fits, one step √E[h_t] only': row(free.oneStepVol),
    'refits with α1+β1 < 1, 24 steps': row(stationary.horizonVol),
    'refits with α1+β1 < 1, one step': row(stationary.oneStepVol),
  };
  const names = Object.keys(variants);
  const cmp = compareForecasters(variants, realized, names[0], { horizon });
  const keep: number[] = [];
  for (let t = 0; t < realized.length; t++) if (realized[t] > 0 && names.every((m) => variants[m][t] > 0)) keep.push(t);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const y = keep.map((t) => realized[t]);
  const persistenceOf = (fc: typeof free) => {
    const p = fc.refits.map((r) => r.params.alpha1 + r.params.beta1);
    const rows = keep.filter((t) => row(fc.persistence)[t] >= 1).length;
    return `α1+β1 ${Math.min(...p).toFixed(3)}–${Math.max(...p).toFixed(3)} (median ${[...p].sort((a, b) => a - b)[p.length >> 1].toFixed(3)}), ≥ 1 in ${p.filter((v) => v >= 1).length} of ${p.length} refits and on ${rows} of ${keep.length} rows; ν ${Math.min(...fc.refits.map((r) => r.params.shape!)).toFixed(2)}–${Math.max(...fc.refits.map((r) => r.params.shape!)).toFixed(2)}`;
  };
  console.log(`\n## GARCH(1,1)-t diagnostics (n = ${cmp.n}; mean realized ${y.length ? mean(y).toFixed(5) : '—'}, the target's per-hour std)`);
  console.log(`- unconstrained fits (as scored, fGarch bounds): ${persistenceOf(free)}`);
  console.log(`- stationary fits (arch / rugarch constraint): ${persistenceOf(stationary)}`);
  console.log('| variant | R² | MSE | QLIKE | MAE | dir. acc | mean forecast | median forecast/realized | bias² / MSE | top 1% errors / MSE | MZ β | ΔQLIKE vs as scored [95% CI] |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of cmp.rows) {
    const a = r.accuracy;
    const fc = keep.map((t) => variants[r.model][t]);
    const ratio = fc.map((v, i) => v / y[i]).sort((p, q) => p - q);
    const sq = fc.map((v, i) => (v - y[i]) ** 2).sort((p, q) => q - p);
    const top = sq.slice(0, Math.ceil(sq.length / 100)).reduce((s2, v) => s2 + v, 0) / sq.reduce((s2, v) => s2 + v, 0);
    const q = r.vsBaseline?.qlike;
    console.log(`| ${r.model} | ${f(a.r2)} | ${f(a.mse)} | ${f(a.qlike)} | ${f(a.mae)} | ${f(a.directionalAccuracy, 3)} | ${mean(fc).toFixed(5)} | ${ratio[ratio.length >> 1].toFixed(2)} | ${((mean(fc) - mean(y)) ** 2 / a.mse).toFixed(2)} | ${top.toFixed(2)} | ${f(a.mincerZarnowitz?.beta, 3)} | ${q ? `${f(q.meanLossDifferential)} [${f(q.lower)}, ${f(q.upper)}]` : '—'} |`);
  }
}
