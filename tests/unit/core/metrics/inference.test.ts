// PSR / DSR / MinTRL vs the Bailey & López de Prado formulas evaluated with scipy (raw kurtosis).
import { describe, expect, it } from 'vitest';
import {
  deflatedSharpeRatio, expectedMaxSharpe, minimumTrackRecordLength, probabilisticSharpeRatio, psrFromMoments,
} from '../../../../core/metrics/inference.ts';
import { simpleReturns } from '../../../../core/metrics/returns-risk.ts';
import { close, inputs, reference } from './reference.ts';

const r = simpleReturns(inputs.equity);
const ref = reference.inference;

describe('inference on the Sharpe ratio', () => {
  it('PSR uses raw kurtosis and matches the reference', () => {
    const p = probabilisticSharpeRatio(r);
    close(p.sharpe, ref.sharpePerPeriod, { tag: 'inference' });
    close(p.rawKurtosis, ref.rawKurtosis, { rel: 1e-9, tag: 'inference' });
    close(p.psr, ref.psr0, { rel: 1e-10, tag: 'inference' });
    close(probabilisticSharpeRatio(r, { benchmarkSharpe: 0.01 }).psr, ref.psrBench, { rel: 1e-10, tag: 'inference' });
  });

  it('DSR deflates by the expected maximum of the trials actually run', () => {
    const trialSharpes = Float64Array.from(ref.trialSharpes);
    const d = deflatedSharpeRatio(r, { trialSharpes });
    expect(d.numTrials).toBe(25);
    close(d.deflatedBenchmarkSharpe, ref.expectedMaxSharpe, { rel: 1e-12, tag: 'inference' });
    close(d.dsr, ref.dsr, { rel: 1e-9, tag: 'inference' });
    expect(expectedMaxSharpe(1, 0.5)).toBe(0);
  });

  it('minimum track record length', () => {
    close(minimumTrackRecordLength(r).minTrackRecordLength, ref.minTrl, { rel: 1e-10, tag: 'inference' });
  });

  it('closed form: Gaussian moments (γ3 = 0, γ4 = 3) give Φ(SR·√(T−1)/√(1 + SR²/2))', () => {
    const sr = 0.1;
    const T = 101;
    close(psrFromMoments(sr, 0, T, 0, 3), 0.8407413278013518 /* scipy norm.cdf(1/√1.005) */, { rel: 1e-12 });
    // Excess kurtosis mistaken for raw (γ4 = 0) shrinks the variance factor: a different answer.
    expect(psrFromMoments(sr, 0, T, 0, 0)).toBeGreaterThan(psrFromMoments(sr, 0, T, 0, 3));
  });

  it('edge cases: zero volatility → PSR null; SR ≤ benchmark → MinTRL null', () => {
    expect(probabilisticSharpeRatio(new Float64Array(50).fill(0.001)).psr).toBeNull();
    expect(minimumTrackRecordLength(Float64Array.from(r, (v) => -v)).minTrackRecordLength).toBeNull();
    expect(probabilisticSharpeRatio(Float64Array.from([0.01])).psr).toBeNull();
  });
});
