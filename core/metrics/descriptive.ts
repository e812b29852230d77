// Sample descriptive statistics every metrics module builds on: mean, variance with an explicit
// ddof, skewness and kurtosis (biased moment estimators by default, as scipy.stats.skew/kurtosis),
// quantiles (linear interpolation, numpy's default / Hyndman–Fan type 7), ranks and correlations.

export function sum(x: ArrayLike<number>): number {
  // Neumaier compensated summation: long hourly series keep their last digits.
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

export function mean(x: ArrayLike<number>): number {
  return x.length === 0 ? NaN : sum(x) / x.length;
}

/** Variance with divisor n − ddof (two-pass); NaN-free callers check n > ddof first. */
export function variance(x: ArrayLike<number>, ddof = 1): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
    comp += d;
  }
  return (ss - (comp * comp) / n) / (n - ddof);
}

export function standardDeviation(x: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(Math.max(0, variance(x, ddof)));
}

/** Central moments m2, m3, m4 (divisor n). */
export function centralMoments(x: ArrayLike<number>): { m2: number; m3: number; m4: number } {
  const n = x.length;
  const m = mean(x);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/**
 * Skewness. bias = true: g1 = m3 / m2^1.5 (scipy.stats.skew default); bias = false: the adjusted
 * Fisher–Pearson G1 = g1·√(n(n−1))/(n−2) (pandas .skew()). Zero spread gives 0 (a symmetric point mass).
 */
export function skewness(x: ArrayLike<number>, { bias = true }: { bias?: boolean } = {}): number {
  const n = x.length;
  const { m2, m3 } = centralMoments(x);
  if (!(m2 > 0) || isZeroSpread(Math.sqrt(m2), mean(x))) return 0;
  const g1 = m3 / Math.pow(m2, 1.5);
  if (bias || n < 3) return g1;
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
}

/**
 * Kurtosis. fisher = true gives excess kurtosis (normal = 0), false the raw kurtosis (normal = 3).
 * bias = true: m4 / m2² (scipy default); bias = false: the G2 estimator (pandas .kurt()).
 * Zero spread (undefined kurtosis) returns the normal value (raw 3, excess 0) by convention, so
 * downstream formulas (PSR, Cornish–Fisher) reduce to their Gaussian form instead of carrying NaN.
 */
export function kurtosis(x: ArrayLike<number>, { fisher = true, bias = true }: { fisher?: boolean; bias?: boolean } = {}): number {
  const n = x.length;
  const { m2, m4 } = centralMoments(x);
  if (!(m2 > 0) || isZeroSpread(Math.sqrt(m2), mean(x))) return fisher ? 0 : 3;
  let excess = m4 / (m2 * m2) - 3;
  if (!bias && n > 3) excess = ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * excess + 6);
  return fisher ? excess : excess + 3;
}

/**
 * Zero volatility test: a spread at or below 1e-12 of the mean's magnitude (or exactly 0) is the
 * round-off of a constant series, not a risk. Used by every ratio that divides by a spread.
 */
/**
 * Math.min(x, 0) ** 2 for every double x, without Math.min: V8 compiles Math.min to a branch, which a
 * return series' random sign mispredicts on about half the bars (≈ 7 ns of a 14 ns bar in the sweep's
 * kernel). (x − |x|) / 2 is x for x < 0 (doubling and halving are exact; where 2x overflows, both
 * squares overflow to Infinity) and ±0 for x ≥ 0, NaN stays NaN; +Infinity, where it would give NaN,
 * takes a branch that is never taken otherwise. Bit-identical (tests/unit/core/metrics/streaming.test.ts).
 */
export function negativePartSquared(x: number): number {
  if (x === Infinity) return 0;
  const d = (x - Math.abs(x)) * 0.5;
  return d * d;
}

export function isZeroSpread(spread: number, level: number): boolean {
  return spread === 0 || spread <= 1e-12 * Math.abs(level);
}

export function sortedCopy(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

/** Quantile of already-sorted values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function quantile(x: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedCopy(x), q);
}

export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}

/** Ranks 1..n with ties given their average rank (scipy.stats.rankdata 'average'). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation; null when either series has zero spread (correlation undefined). */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (n < 2 || isZeroSpread(Math.sqrt(sxx / n), mx) || isZeroSpread(Math.sqrt(syy / n), my)) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation (Pearson on average ranks); null when either side is constant. */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}
