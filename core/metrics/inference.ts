// Inference on the Sharpe ratio: probabilistic Sharpe ratio, deflated Sharpe ratio and minimum
// track record length. As Bailey & López de Prado (2012, 2014): PSR uses the RAW (not excess)
// kurtosis γ4 (normal = 3) and the per-period (not annualized) Sharpe ratio.
import { normalCdf, normalQuantile } from '../distributions/cdf.ts';
import { isZeroSpread, kurtosis, mean, skewness, standardDeviation, variance } from './descriptive.ts';
import { assertFiniteSeries, assertPositiveInteger, assertProbability, badInput } from './validate.ts';

export const EULER_MASCHERONI = 0.5772156649015329;

export type SharpeMoments = {
  /** Per-period Sharpe ratio mean / std(ddof). */
  sharpe: number | null;
  /** Number of observations T. */
  n: number;
  skew: number;
  /** Raw kurtosis (normal = 3). */
  rawKurtosis: number;
};

export function sharpeMoments(returns: Float64Array, { ddof = 1 }: { ddof?: number } = {}): SharpeMoments {
  assertFiniteSeries('returns', returns);
  const n = returns.length;
  if (n < 2) return { sharpe: null, n, skew: 0, rawKurtosis: 3 };
  const sd = standardDeviation(returns, ddof);
  const m = mean(returns);
  return {
    sharpe: isZeroSpread(sd, m) ? null : m / sd,
    n,
    skew: skewness(returns),
    rawKurtosis: kurtosis(returns, { fisher: false }),
  };
}

/** Variance factor 1 − γ3·SR + (γ4 − 1)/4·SR² of the Sharpe estimator (Mertens 2002). */
function sharpeVarianceFactor(sharpe: number, skew: number, rawKurtosis: number): number {
  return 1 - skew * sharpe + ((rawKurtosis - 1) / 4) * sharpe * sharpe;
}

/** PSR from the moments: Φ((SR − SR*)·√(T − 1) / √(1 − γ3 SR + (γ4 − 1)/4 SR²)). */
export function psrFromMoments(sharpe: number, benchmarkSharpe: number, n: number, skew: number, rawKurtosis: number): number {
  const factor = sharpeVarianceFactor(sharpe, skew, rawKurtosis);
  if (!(factor > 0)) badInput('rawKurtosis', `the Sharpe variance factor is ${factor} (not positive): check that the kurtosis is raw, not excess`, rawKurtosis);
  return normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(n - 1)) / Math.sqrt(factor));
}

export type PsrResult = SharpeMoments & { benchmarkSharpe: number; psr: number | null };

/**
 * Probabilistic Sharpe ratio of the returns against a per-period benchmark Sharpe (default 0).
 * null when the Sharpe ratio is undefined (fewer than two observations or zero volatility).
 */
export function probabilisticSharpeRatio(returns: Float64Array, { benchmarkSharpe = 0, ddof = 1 }: { benchmarkSharpe?: number; ddof?: number } = {}): PsrResult {
  const m = sharpeMoments(returns, { ddof });
  return { ...m, benchmarkSharpe, psr: m.sharpe === null ? null : psrFromMoments(m.sharpe, benchmarkSharpe, m.n, m.skew, m.rawKurtosis) };
}

/**
 * Expected maximum Sharpe ratio among N independent trials with zero true Sharpe (Bailey & López de
 * Prado 2014, eq. 2): √V·((1 − γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(N e))). N = 1: 0 (nothing to deflate).
 */
export function expectedMaxSharpe(numTrials: number, trialSharpeVariance: number): number {
  assertPositiveInteger('numTrials', numTrials);
  if (!(trialSharpeVariance >= 0)) badInput('trialSharpeVariance', `must be >= 0, got ${trialSharpeVariance}`, trialSharpeVariance);
  if (numTrials === 1) return 0;
  const g = EULER_MASCHERONI;
  return Math.sqrt(trialSharpeVariance) * ((1 - g) * normalQuantile(1 - 1 / numTrials) + g * normalQuantile(1 - 1 / (numTrials * Math.E)));
}

export type DsrResult = PsrResult & { numTrials: number; trialSharpeVariance: number; deflatedBenchmarkSharpe: number; dsr: number | null };

/**
 * Deflated Sharpe ratio: PSR against the expected maximum Sharpe of the N trials the user ran on
 * this data. Pass the trials' per-period Sharpe ratios (their count is N, their variance V), or N and V.
 */
export function deflatedSharpeRatio(
  returns: Float64Array,
  trials: { trialSharpes: Float64Array } | { numTrials: number; trialSharpeVariance: number },
  { ddof = 1 }: { ddof?: number } = {},
): DsrResult {
  let numTrials: number;
  let trialSharpeVariance: number;
  if ('trialSharpes' in trials) {
    assertFiniteSeries('trialSharpes', trials.trialSharpes);
    numTrials = trials.trialSharpes.length;
    assertPositiveInteger('trialSharpes.length', numTrials);
    trialSharpeVariance = numTrials > 1 ? variance(trials.trialSharpes, 1) : 0;
  } else {
    ({ numTrials, trialSharpeVariance } = trials);
  }
  const sr0 = expectedMaxSharpe(numTrials, trialSharpeVariance);
  const psr = probabilisticSharpeRatio(returns, { benchmarkSharpe: sr0, ddof });
  return { ...psr, numTrials, trialSharpeVariance, deflatedBenchmarkSharpe: sr0, dsr: psr.psr };
}

export type MinTrlResult = SharpeMoments & {
  benchmarkSharpe: number;
  confidence: number;
  /** Observations needed; null when SR ≤ SR* (no track record is long enough) or SR undefined. */
  minTrackRecordLength: number | null;
  /** The same in years at periodsPerYear. */
  minTrackRecordYears: number | null;
};

/** Minimum track record length 1 + (1 − γ3 SR + (γ4 − 1)/4 SR²)·(z_c / (SR − SR*))² (Bailey & López de Prado 2012). */
export function minimumTrackRecordLength(
  returns: Float64Array,
  { benchmarkSharpe = 0, confidence = 0.95, periodsPerYear = 365, ddof = 1 }: { benchmarkSharpe?: number; confidence?: number; periodsPerYear?: number; ddof?: number } = {},
): MinTrlResult {
  assertProbability('confidence', confidence);
  const m = sharpeMoments(returns, { ddof });
  let len: number | null = null;
  if (m.sharpe !== null && m.sharpe > benchmarkSharpe) {
    const z = normalQuantile(confidence);
    len = 1 + sharpeVarianceFactor(m.sharpe, m.skew, m.rawKurtosis) * (z / (m.sharpe - benchmarkSharpe)) ** 2;
  }
  return { ...m, benchmarkSharpe, confidence, minTrackRecordLength: len, minTrackRecordYears: len === null ? null : len / periodsPerYear };
}
