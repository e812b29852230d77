// Benchmark: Gaussian HMM Baum–Welch from the reference start (3,000 obs, K=3, to convergence at
// Δloglik < 1e-6), against pomegranate 0.14.8 running the same iterations (hmm README timing table).
// Run: node scripts/run-ts.mjs tests/bench/hmm-fit.ts [reps]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { baumWelch, defaultHmmStart } from '../../core/models/hmm/index.ts';

const reps = Number(process.argv[2] ?? 5);
const file = path.resolve('..', 'shared', 'data', 'reference', 'hmm', 'series', 'synthetic_hmm3_3000.csv');
const y = Float64Array.from(readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1])));
const start = defaultHmmStart(y, 3);
baumWelch(y, start);
const seconds: number[] = [];
let result = baumWelch(y, start);
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  result = baumWelch(y, start);
  seconds.push((performance.now() - t0) / 1000);
}
seconds.sort((a, b) => a - b);
console.log(
  `Gaussian HMM K=3, n = ${y.length}: ${result.iterations} Baum–Welch iterations, min ${seconds[0].toFixed(3)} s, median ${seconds[Math.floor(reps / 2)].toFixed(3)} s | pomegranate (118 iterations) min 0.168 s, median 0.171 s | loglik ${result.logLikelihood.toFixed(6)} vs reference −4980.466872`,
);
