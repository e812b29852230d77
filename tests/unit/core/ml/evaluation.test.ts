import { describe, expect, it } from 'vitest';
import { compareClassifierModes } from '../../../../core/ml/evaluation.ts';

describe('classifier mode table', () => {
  const labels = Uint8Array.of(0, 0, 1, 1, 0);
  const realizedVol = Float64Array.of(0.002, 0.003, 0.02, 0.03, 0.004);
  const baseline = Float64Array.of(0.1, 0.45, 0.55, 0.9, 0.2);
  const adapted = Float64Array.of(0.1, 0.55, 0.5, 0.7, 0.25); // 0.45 → 0.55 flips to high; 0.55 → 0.5 stays high

  it('reports how far each mode moved P(high) from the Baseline, and how many calls at 0.5 changed', () => {
    const rows = compareClassifierModes(
      [
        { mode: 'Baseline', probHigh: baseline },
        { mode: 'TTT standard', probHigh: adapted, steps: Float64Array.of(3, 3, 3, 3, 3), ms: Float64Array.of(4, 6, 5, 5, 5) },
      ],
      labels,
      realizedVol,
    );
    expect(rows[0].shift).toBeNull();
    expect(rows[1].shift!.reference).toBe('Baseline');
    expect(rows[1].shift!.meanAbs).toBeCloseTo((0 + 0.1 + 0.05 + 0.2 + 0.05) / 5, 12);
    expect(rows[1].shift!.maxAbs).toBeCloseTo(0.2, 12);
    expect(rows[1].shift!.decisionFlips).toBe(1);
    expect(rows[1].meanSteps).toBe(3);
    expect(rows[1].meanMs).toBe(5);
    expect(rows[0].evaluation.overall.accuracy).toBeCloseTo(1, 12);
    expect(rows[1].evaluation.overall.accuracy).toBeCloseTo(0.8, 12);
  });

  it('identical probabilities give a zero shift; without the reference run there is no shift', () => {
    const same = compareClassifierModes([{ mode: 'Baseline', probHigh: baseline }, { mode: 'TTT online', probHigh: Float64Array.from(baseline) }], labels, realizedVol);
    expect(same[1].shift).toEqual({ reference: 'Baseline', meanAbs: 0, maxAbs: 0, decisionFlips: 0 });
    const alone = compareClassifierModes([{ mode: 'TTT online', probHigh: adapted }], labels, realizedVol);
    expect(alone[0].shift).toBeNull();
  });
});
