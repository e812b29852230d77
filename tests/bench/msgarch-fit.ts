// Benchmark: MS-GARCH ML fits (starts, BFGS, Hessian standard errors) on the 10,000-bar reference
// series, against R MSGARCH 2.51 FitML timed on this machine kind (msgarch README timing table).
// Run from the repository root: node scripts/run-ts.mjs tests/bench/msgarch-fit.ts [reps]
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fitMsGarch, uniformMsGarchSpec, type MsGarchVarianceModel } from '../../core/models/msgarch/index.ts';

const reps = Number(process.argv[2] ?? 5);
const file = path.resolve('..', 'shared', 'data', 'reference', 'msgarch', 'inputs', 'ms2_sgarch_std_10k.csv');
const y = Float64Array.from(readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1])));

const cases: { model: MsGarchVarianceModel; referenceMin: number; referenceMedian: number; referenceLoglik: number }[] = [
  { model: 'sGARCH', referenceMin: 4.38, referenceMedian: 4.52, referenceLoglik: -12855.170317 },
  { model: 'gjrGARCH', referenceMin: 7.01, referenceMedian: 7.08, referenceLoglik: -12855.17396 },
];
console.log(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} on ${cpus().length} cores (the MSGARCH timings were taken with about one other busy process)`);
console.log(`MS-GARCH K=2 Student-t fits on ms2_sgarch_std_10k (n = ${y.length}), ${reps} repetitions, with standard errors`);
for (const c of cases) {
  const spec = uniformMsGarchSpec(c.model, 'std', 2);
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let loglik = NaN;
  fitMsGarch(spec, y); // warm-up (JIT)
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const fit = fitMsGarch(spec, y);
    const c1 = process.cpuUsage(c0);
    seconds.push((performance.now() - t0) / 1000);
    cpuSeconds.push((c1.user + c1.system) / 1e6);
    loglik = fit.logLikelihood;
  }
  cpuSeconds.sort((a, b) => a - b);
  seconds.sort((a, b) => a - b);
  const min = seconds[0];
  const median = seconds[Math.floor(seconds.length / 2)];
  console.log(
    `${c.model}-std K=2: wall min ${min.toFixed(3)} s, median ${median.toFixed(3)} s (CPU min ${cpuSeconds[0].toFixed(3)} s) | MSGARCH FitML min ${c.referenceMin} s, median ${c.referenceMedian} s | ratio (min) ${(min / c.referenceMin).toFixed(3)}x | loglik ${loglik.toFixed(6)} vs MSGARCH ${c.referenceLoglik.toFixed(6)} (Δ ${(loglik - c.referenceLoglik).toFixed(6)})`,
  );
}
