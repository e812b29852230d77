// `regimelab fit`: fit a volatility/regime model to a CSV column or to stored candles, print the
// estimates with standard errors, criteria, transition matrix and durations; --probs writes the
// filtered / predicted / smoothed probabilities and the Viterbi path as CSV.

import fs from 'node:fs';
import type { Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { MODEL_OPTIONS, MODEL_USAGE, modelSpecFromFlags, seriesFromFlags } from '../model-options.ts';
import { formatNumber, formatTable } from '../csv-table.ts';
import type { RegimeFit } from '../../../core/models/regime-model.ts';

export const fitCommand: Command = {
  name: 'fit',
  summary: 'Fit GARCH/GJR, MS-GARCH, Markov-switching regression or a Gaussian HMM',
  usage: `regimelab fit ${MODEL_USAGE} [--probs OUT.csv] [--json]`,
  options: { ...MODEL_OPTIONS, probs: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const spec = modelSpecFromFlags(values as Record<string, string | boolean | undefined>);
    const ws = await openCliWorkstation(ctx);
    try {
      const series = await seriesFromFlags(values as Record<string, string | boolean | undefined>, ws);
      const started = performance.now();
      const fit = (await runJob(ws, 'regimes.fitSeries', { values: series.values, model: spec }, ctx, 'fit')) as unknown as RegimeFit;
      const seconds = (performance.now() - started) / 1000;
      const s = fit.summary;
      if (typeof values.probs === 'string') writeProbabilities(values.probs, fit, series.time);
      const json = {
        model: s.label,
        spec,
        source: series.source,
        loglik: s.loglik,
        nobs: s.nobs,
        paramCount: s.paramCount,
        aic: s.aic,
        bic: s.bic,
        hqic: s.hqic,
        nativeCriteria: s.native,
        params: s.params,
        paramOrder: s.paramOrder,
        stderr: s.stderr,
        transitionMatrix: s.transitionMatrix,
        stationary: s.stationary,
        expectedDurations: s.expectedDurationsBars,
        regimeSigma: s.regimeSigma,
        converged: s.converged,
        iterations: s.iterations,
        seconds,
        conventions: 'transition matrix rows = from (row-stochastic), regimes ordered by volatility (regime 1 = lowest); AIC/BIC/HQIC are totals: −2ℓ + 2k, −2ℓ + k·ln n, −2ℓ + 2k·ln ln n',
        ...(typeof values.probs === 'string' ? { probsFile: values.probs } : {}),
      };
      const lines = [
        `${s.label} on ${series.source}`,
        `log-likelihood ${formatNumber(s.loglik, 12)}  n = ${s.nobs}  k = ${s.paramCount}  AIC ${formatNumber(s.aic, 9)}  BIC ${formatNumber(s.bic, 9)}  HQIC ${formatNumber(s.hqic, 9)}  (${seconds.toFixed(2)} s${s.converged ? '' : ', NOT converged'})`,
        '',
        formatTable([['parameter', 'estimate', 'std. error'], ...s.paramOrder.map((name) => [name, formatNumber(s.params[name], 6), s.stderr[name] === null ? '—' : formatNumber(s.stderr[name], 6)])], { header: true }),
      ];
      if (s.transitionMatrix) {
        const k = s.regimes;
        lines.push('', 'transition matrix (rows = from, regime 1 = lowest volatility):');
        lines.push(formatTable([['', ...Array.from({ length: k }, (_, j) => `to ${j + 1}`)], ...s.transitionMatrix.map((row, i) => [`from ${i + 1}`, ...row.map((p) => formatNumber(p, 6))])], { header: true }));
        lines.push('', formatTable([['regime', 'stationary', 'expected duration (bars)', 'σ per bar'], ...s.regimeSigma.map((sigma, i) => [String(i + 1), formatNumber(s.stationary?.[i], 4), formatNumber(s.expectedDurationsBars?.[i], 2), formatNumber(sigma, 4)])], { header: true }));
      }
      if (typeof values.probs === 'string') lines.push('', `probabilities written to ${values.probs}`);
      return { json, text: lines.join('\n') };
    } finally {
      await ws.close();
    }
  },
};

function writeProbabilities(file: string, fit: RegimeFit, time: Float64Array | null): void {
  const k = fit.summary.regimes;
  const { filtered, predicted, smoothed, viterbi, sigma } = fit.series;
  const n = fit.summary.nobs;
  const header = [time ? 'time' : 't'];
  for (const [name, m] of [['filtered', filtered], ['predicted', predicted], ['smoothed', smoothed]] as const) if (m) for (let j = 0; j < k; j++) header.push(`${name}_${j + 1}`);
  if (viterbi) header.push('viterbi');
  if (sigma) for (let j = 0; j < sigma.length / n; j++) header.push(sigma.length === n ? 'sigma' : `sigma_${j + 1}`);
  const lines = [header.join(',')];
  for (let t = 0; t < n; t++) {
    const row: (string | number)[] = [time ? new Date(time[t]).toISOString() : t + 1];
    for (const m of [filtered, predicted, smoothed]) if (m) for (let j = 0; j < k; j++) row.push(m[t * k + j]);
    if (viterbi) row.push(viterbi[t] + 1);
    if (sigma) {
      const width = sigma.length / n;
      for (let j = 0; j < width; j++) row.push(sigma[t * width + j]);
    }
    lines.push(row.join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}
