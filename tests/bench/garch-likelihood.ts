// Benchmark: one GARCH(1,1)-t log-likelihood evaluation on 10k returns (synth_garch_t_10k), value
// only and with the analytic gradient: the unit cost every fit multiplies by its evaluation count.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { garchLogLikelihood, garchLogLikelihoodGradient } from '../../core/models/garch/likelihood.ts';
import type { GarchSpec } from '../../core/models/garch/spec.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const csv = fs.readFileSync(path.resolve(root, '..', 'shared', 'data', 'reference', 'garch', 'inputs', 'synth_garch_t_10k.csv'), 'utf8');
const returns = Float64Array.from(csv.trim().split(/\r?\n/).slice(1), (line) => parseFloat(line.split(',')[1]));
const spec: GarchSpec = { variance: 'garch', dist: 'std', mean: true };
const params = { mu: 0.05, omega: 0.02, alpha1: 0.08, beta1: 0.9, shape: 6 };

for (const [label, run] of [
  ['value', () => garchLogLikelihood(returns, spec, params)],
  ['value + gradient', () => garchLogLikelihoodGradient(returns, spec, params).loglik],
] as const) {
  const perCall: number[] = [];
  for (let rep = 0; rep < 8; rep++) {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) run();
    perCall.push((performance.now() - t0) / 200);
  }
  perCall.sort((a, b) => a - b);
  console.log(`${label.padEnd(18)} 10,000 obs: min ${perCall[0].toFixed(3)} ms, median ${perCall[4].toFixed(3)} ms per evaluation (loglik ${run().toFixed(6)})`);
}
