// Held-back evaluation of the shipped models on real BTCUSDT 1h (test period 2024-01-01 → end of file,
// never used for training or model selection): the forecaster table vs the in-app GARCH(1,1)-t rolling
// forecast with block-bootstrap tests and permutation importance by feature group, and the chart
// classifier table for Baseline / TTT standard / TTT online / TTT entropy-adaptive per aux task.
// Run: node scripts/build.mjs --node-only && node scripts/run-ts.mjs tests/bench/evaluate-models.ts [--only forecasters|classifiers] [--stride 24] [--json FILE]
import fs from 'node:fs';
import path from 'node:path';
import { appPaths, findAppRoot } from '../../main/services/paths.ts';
import { InferencePool } from '../../main/services/models/inference-pool.ts';
import { evaluateChartClassifier, evaluateForecasters } from '../../main/services/models/evaluate.ts';
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
const period = { fromMs: DATA_SPLIT.testFrom, toMs: candles.time[candles.time.length - 1] + 1 };
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const f = (v: number | null | undefined, d = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(d));
console.log(`data: ${file} (sha256 ${sha256.slice(0, 12)}…), ${candles.time.length} bars; test period ${iso(period.fromMs)} → ${iso(candles.time[candles.time.length - 1])} (held back)`);
console.log(`execution provider: ${(await pool.backend()).provider}\n`);

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : 'all';
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
console.log('\n## Permutation importance by feature group (R² lost when the group is shuffled over the test period)');
for (const [id, groups] of Object.entries(fe.importance)) console.log(`- ${id}: ${groups.map((g) => `${g.group} ${f(g.r2Drop, 3)}`).join(', ')}`);
console.log(`(forecaster evaluation ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
out.forecasters = fe;
}
for (const id of only === 'forecasters' ? [] : ['btc-1h-chart-cnn-mask', 'btc-1h-chart-cnn-rotation']) {
  t0 = performance.now();
  const strideAt = process.argv.indexOf('--stride');
  const strideBars = strideAt > 0 ? Number(process.argv[strideAt + 1]) : 24;
  const ce = await evaluateChartClassifier(pool, handle(id), candles, period, { contextKey: 'BTCUSDT/1h', strideBars });
  out[id] = ce;
  const n = ce.rows[0].evaluation.overall.n;
  const pos = ce.rows[0].evaluation.overall.confusion;
  console.log(`## ${id}: P(next-24h vol > ${f(ce.labelThreshold, 5)}), ${n} non-overlapping test windows (every ${ce.strideBars} h), ${pos.tp + pos.fn} high-vol`);
  console.log('| mode | accuracy | F1 | ECE | Brier | IC | mean steps | ms/sample |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of ce.rows) {
    const o = r.evaluation.overall;
    console.log(`| ${r.mode} | ${f(o.accuracy, 3)} | ${f(o.f1, 3)} | ${f(o.expectedCalibrationError, 3)} | ${f(o.brier, 3)} | ${f(o.informationCoefficient, 3)} | ${r.meanSteps.toFixed(1)} | ${r.meanMs.toFixed(1)} |`);
  }
  console.log('\nPer realized-vol quartile (accuracy / F1):');
  console.log('| mode | Q1 (calmest) | Q2 | Q3 | Q4 (most volatile) |');
  console.log('|---|---|---|---|---|');
  for (const r of ce.rows) console.log(`| ${r.mode} | ${r.evaluation.byRealizedVolQuartile.map((q) => `${f(q.accuracy, 2)} / ${f(q.f1, 2)}`).join(' | ')} |`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
}
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) fs.writeFileSync(process.argv[jsonAt + 1], JSON.stringify(out, (_, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v), 1));
await pool.close();
clearInterval(keepAlive);
