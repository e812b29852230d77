// Benchmark: GARCH(1,1)-t with a mean and standard errors (fGarch's timing case, see
// shared/data/reference/garch/README.md) on 10k returns (synth_garch_t_10k) and on 100k simulated
// ones (same DGP, seed 909). Prints min / median wall time over repetitions and the loglik reached.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitGarch } from '../../core/models/garch/fit.ts';
import { simulateGarch } from '../../core/models/garch/simulate.ts';
import type { GarchSpec } from '../../core/models/garch/spec.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const csv = fs.readFileSync(path.resolve(root, '..', 'shared', 'data', 'reference', 'garch', 'inputs', 'synth_garch_t_10k.csv'), 'utf8');
const returns10k = Float64Array.from(csv.trim().split(/\r?\n/).slice(1), (line) => parseFloat(line.split(',')[1]));

const spec: GarchSpec = { variance: 'garch', dist: 'std', mean: true };
const returns100k = simulateGarch(spec, { mu: 0.05, omega: 0.02, alpha1: 0.08, beta1: 0.9, shape: 6 }, 100_000, { seed: 909, burnIn: 2000 }).returns;

function bench(label: string, returns: Float64Array, reps: number, fgarch: string): void {
  fitGarch(returns, spec); // warm-up (JIT)
  const times: number[] = [];
  let fit = fitGarch(returns, spec);
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fit = fitGarch(returns, spec);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2] : 0.5 * (times[times.length / 2 - 1] + times[times.length / 2]);
  const p = fit.params;
  console.log(
    `${label.padEnd(34)} reps ${String(reps).padStart(2)}  min ${times[0].toFixed(1).padStart(7)} ms  median ${median.toFixed(1).padStart(7)} ms  ` +
      `loglik ${fit.loglik.toFixed(6)}  evals ${fit.evaluations}  (fGarch: ${fgarch})`,
  );
  console.log(
    `${''.padEnd(34)} mu ${p.mu!.toFixed(5)} omega ${p.omega.toFixed(5)} alpha1 ${p.alpha1.toFixed(5)} beta1 ${p.beta1.toFixed(5)} shape ${p.shape!.toFixed(4)}  ` +
      `se(beta1) ${fit.stderr.beta1!.toExponential(3)}`,
  );
}

/** All 48 reference fits (every spec, with standard errors) against fGarch's stored fit_seconds. */
function benchReferenceFits(): void {
  const garchDir = path.resolve(root, '..', 'shared', 'data', 'reference', 'garch');
  const expected = JSON.parse(fs.readFileSync(path.join(garchDir, 'expected.json'), 'utf8')) as {
    fits: { id: string; series: string; model: 'garch' | 'gjr'; cond_dist: 'norm' | 'std' | 'sstd'; include_mean: boolean; loglik: number; best_known_loglik: number; fit_seconds: number }[];
  };
  const series = new Map<string, Float64Array>();
  let ours = 0;
  let theirs = 0;
  let worstGap = Infinity;
  let bestGain = 0;
  for (const c of expected.fits) {
    if (!series.has(c.series)) {
      const text = fs.readFileSync(path.join(garchDir, 'inputs', `${c.series}.csv`), 'utf8').trim().split(/\r?\n/);
      const column = text[0].split(',').indexOf('r');
      series.set(c.series, Float64Array.from(text.slice(1), (line) => parseFloat(line.split(',')[column])));
    }
    const t0 = performance.now();
    const fit = fitGarch(series.get(c.series)!, { variance: c.model, dist: c.cond_dist, mean: c.include_mean });
    ours += performance.now() - t0;
    theirs += c.fit_seconds * 1000;
    worstGap = Math.min(worstGap, fit.loglik - c.best_known_loglik);
    bestGain = Math.max(bestGain, fit.loglik - c.loglik);
  }
  console.log(
    `48 reference fits, all specs (1 pass) total ${ours.toFixed(0)} ms (fGarch: ${(theirs / 1000).toFixed(1)} s summed fit_seconds); ` +
      `min(loglik − best known) ${worstGap.toExponential(2)}, max(loglik − fGarch) ${bestGain.toFixed(4)}`,
  );
}

console.log(`GARCH(1,1)-t with mean and standard errors, Node ${process.version}`);
bench('synth_garch_t_10k (10,000 obs)', returns10k, 15, 'min 0.35 s, median 0.40 s, loglik -12638.110977');
bench('simulated seed 909 (100,000 obs)', returns100k, 5, 'min 18.8 s, median 18.8 s on its own seed-909 series');
benchReferenceFits();
