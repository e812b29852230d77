// Seeded block bootstraps for dependent series: the stationary bootstrap (Politis & Romano 1994:
// geometric block lengths with mean L, circular wrap) and the moving-block bootstrap (Künsch 1989:
// fixed blocks of length L starting uniformly in [0, n − L]), with percentile confidence intervals.
// Streams come from core/random/rng.ts, so a seed reproduces the same intervals everywhere.
import { createRng, type Rng } from '../random/rng.ts';
import { quantileSorted } from './descriptive.ts';
import { maxDrawdown } from './drawdown.ts';
import { cagrFromReturns, sharpeRatio } from './returns-risk.ts';
import { assertFiniteSeries, assertPositiveInteger, assertProbability, badInput } from './validate.ts';

export type BootstrapMethod = 'stationary' | 'moving-block';

/** One stationary-bootstrap index sample of length n with mean block length L. */
export function stationaryBootstrapIndices(n: number, meanBlock: number, rng: Rng): Int32Array {
  if (!(meanBlock >= 1)) badInput('meanBlock', `must be >= 1, got ${meanBlock}`, meanBlock);
  const idx = new Int32Array(n);
  const pNew = 1 / meanBlock;
  let cur = rng.int(n);
  for (let i = 0; i < n; i++) {
    if (i > 0) cur = rng.uniform() < pNew ? rng.int(n) : (cur + 1) % n;
    idx[i] = cur;
  }
  return idx;
}

/** One moving-block index sample: ⌈n / L⌉ blocks of length L, truncated to n. */
export function movingBlockBootstrapIndices(n: number, block: number, rng: Rng): Int32Array {
  assertPositiveInteger('block', block);
  const L = Math.min(block, n);
  const idx = new Int32Array(n);
  let i = 0;
  while (i < n) {
    const start = rng.int(n - L + 1);
    for (let j = 0; j < L && i < n; j++) idx[i++] = start + j;
  }
  return idx;
}

export type BootstrapOptions = {
  method?: BootstrapMethod;
  /** Block length (moving-block) or mean block length (stationary); default ⌈n^(1/3)⌉. */
  block?: number;
  replications?: number;
  seed?: number;
  /** Two-sided confidence level of the percentile interval (default 0.95). */
  confidence?: number;
};

export type BootstrapInterval = {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Replications whose statistic was defined (a resample can have zero volatility). */
  validReplications: number;
  method: BootstrapMethod;
  block: number;
  replications: number;
  seed: number;
  confidence: number;
};

export function resampleIndices(n: number, method: BootstrapMethod, block: number, rng: Rng): Int32Array {
  return method === 'stationary' ? stationaryBootstrapIndices(n, block, rng) : movingBlockBootstrapIndices(n, block, rng);
}

/** Percentile interval of statistics over paired resamples of several aligned series. */
export function bootstrapStatistics(
  series: Float64Array[],
  statistics: Record<string, (resampled: Float64Array[]) => number | null>,
  { method = 'stationary', block, replications = 1000, seed = 1, confidence = 0.95 }: BootstrapOptions = {},
): Record<string, BootstrapInterval> {
  if (series.length === 0) badInput('series', 'needs at least one series');
  series.forEach((s, k) => assertFiniteSeries(`series[${k}]`, s));
  const n = series[0].length;
  series.forEach((s, k) => { if (s.length !== n) badInput(`series[${k}]`, `length ${s.length} differs from ${n}`); });
  if (n < 2) badInput('series', `needs at least 2 observations, got ${n}`);
  assertPositiveInteger('replications', replications);
  assertProbability('confidence', confidence);
  const L = block ?? Math.max(1, Math.ceil(Math.cbrt(n)));
  const rng = createRng(seed);
  const names = Object.keys(statistics);
  const draws: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const buffers = series.map(() => new Float64Array(n));
  for (let r = 0; r < replications; r++) {
    const idx = resampleIndices(n, method, L, rng);
    for (let k = 0; k < series.length; k++) for (let i = 0; i < n; i++) buffers[k][i] = series[k][idx[i]];
    for (const name of names) {
      const v = statistics[name](buffers);
      if (v !== null && Number.isFinite(v)) draws[name].push(v);
    }
  }
  const alpha = (1 - confidence) / 2;
  const out: Record<string, BootstrapInterval> = {};
  for (const name of names) {
    const sorted = Float64Array.from(draws[name]).sort();
    out[name] = {
      estimate: statistics[name](series),
      lower: sorted.length ? quantileSorted(sorted, alpha) : null,
      upper: sorted.length ? quantileSorted(sorted, 1 - alpha) : null,
      validReplications: sorted.length,
      method,
      block: L,
      replications,
      seed,
      confidence,
    };
  }
  return out;
}

function equityFromReturns(returns: Float64Array): Float64Array {
  const e = new Float64Array(returns.length + 1);
  e[0] = 1;
  for (let i = 0; i < returns.length; i++) e[i + 1] = e[i] * (1 + returns[i]);
  return e;
}

/** Bootstrap intervals for the annualized Sharpe, CAGR (years = n / periodsPerYear) and max drawdown. */
export function bootstrapPerformance(
  returns: Float64Array,
  { periodsPerYear = 365, riskFree = 0, ...options }: BootstrapOptions & { periodsPerYear?: number; riskFree?: number } = {},
): { sharpe: BootstrapInterval; cagr: BootstrapInterval; maxDrawdown: BootstrapInterval } {
  for (let i = 0; i < returns.length; i++) {
    if (!(returns[i] > -1)) badInput('returns', `element ${i} is ${returns[i]}; a return must be > −1`, returns[i]);
  }
  const r = bootstrapStatistics(
    [returns],
    {
      sharpe: ([x]) => sharpeRatio(x, { periodsPerYear, riskFree }),
      cagr: ([x]) => cagrFromReturns(x, { periodsPerYear }),
      maxDrawdown: ([x]) => maxDrawdown(equityFromReturns(x)).depth,
    },
    options,
  );
  return { sharpe: r.sharpe, cagr: r.cagr, maxDrawdown: r.maxDrawdown };
}
