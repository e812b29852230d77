// Classifier evaluation (scipy spearmanr, numpy) and realized-volatility targets (numpy formulas).
import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from '../../../../core/metrics/classifier-eval.ts';
import {
  forwardRangeVol, forwardRealizedVol, garmanKlassVariance, labelsFromTrainThreshold, parkinsonVariance,
} from '../../../../core/metrics/realized-vol.ts';
import { close, inputs, reference } from './reference.ts';

describe('classifier evaluation', () => {
  it('overall and per realized-vol quartile scores match the reference', () => {
    const ev = evaluateClassifier(inputs.probHigh, inputs.labels, inputs.realizedVol);
    const check = (mine: ReturnType<typeof evaluateClassifier>['overall'], want: Record<string, number | null>): void => {
      expect(mine.n).toBe(want.n);
      expect(mine.confusion).toEqual({ tp: want.tp, fp: want.fp, tn: want.tn, fn: want.fn });
      for (const [k, w] of [['accuracy', 'accuracy'], ['precision', 'precision'], ['recall', 'recall'], ['f1', 'f1'], ['expectedCalibrationError', 'ece'], ['brier', 'brier'], ['informationCoefficient', 'ic']] as const) {
        if (want[w] === null) expect(mine[k]).toBeNull();
        else close(mine[k], want[w] as number, { rel: 1e-11, abs: 1e-15, tag: 'classifier' });
      }
    };
    check(ev.overall, reference.classifier.overall);
    reference.classifier.quartiles.forEach((q: Record<string, number | null>, k: number) => check(ev.byRealizedVolQuartile[k], q));
    ev.conventions.quartileEdges.forEach((e, k) => close(e, reference.classifier.edges[k], { rel: 1e-14 }));
  });

  it('a perfect, calibrated classifier: accuracy 1, Brier 0, ECE 0; undefined precision is null', () => {
    const labels = Uint8Array.from([0, 0, 1, 1]);
    const ev = evaluateClassifier(Float64Array.from([0, 0, 1, 1]), labels, Float64Array.from([1, 2, 3, 4]));
    expect(ev.overall).toMatchObject({ accuracy: 1, brier: 0, expectedCalibrationError: 0, precision: 1, recall: 1, f1: 1 });
    // ranks (1.5, 1.5, 3.5, 3.5) vs (1, 2, 3, 4): ρ = 2/√5
    close(ev.overall.informationCoefficient, 2 / Math.sqrt(5), { rel: 1e-12 });
    const none = evaluateClassifier(Float64Array.from([0.1, 0.2]), Uint8Array.from([0, 1]), Float64Array.from([1, 2]));
    expect(none.overall.precision).toBeNull();
    expect(none.overall.f1).toBeNull();
    expect(() => evaluateClassifier(Float64Array.from([1.2]), Uint8Array.from([1]), Float64Array.from([1]))).toThrow(/probHigh/);
  });
});

describe('realized volatility targets', () => {
  const ref = reference.realizedVol;
  it('forward realized vol, Parkinson, Garman–Klass and train-only labels', () => {
    const fwd = forwardRealizedVol(inputs.close, ref.horizon);
    expect(fwd.values.length).toBe(ref.forward.length);
    ref.forward.forEach((v: number, t: number) => close(fwd.values[t], v, { rel: 1e-11, tag: 'realizedVol' }));
    const park = parkinsonVariance(inputs.high, inputs.low);
    const gk = garmanKlassVariance(inputs.open, inputs.high, inputs.low, inputs.close);
    ref.parkinson.forEach((v: number, t: number) => close(park[t], v, { rel: 1e-12, tag: 'realizedVol' }));
    ref.garmanKlass.forEach((v: number, t: number) => close(gk[t], v, { rel: 1e-10, abs: 1e-18, tag: 'realizedVol' }));
    const fp = forwardRangeVol(park, ref.horizon);
    const fg = forwardRangeVol(gk, ref.horizon);
    ref.forwardParkinson.forEach((v: number, t: number) => close(fp.values[t], v, { rel: 1e-12, tag: 'realizedVol' }));
    ref.forwardGarmanKlass.forEach((v: number, t: number) => close(fg.values[t], v, { rel: 1e-11, tag: 'realizedVol' }));
    const lab = labelsFromTrainThreshold(fwd.values, ref.trainEnd);
    close(lab.threshold, ref.threshold, { rel: 1e-14 });
    expect(lab.labels.reduce((s, v) => s + v, 0)).toBe(ref.highCount);
  });

  it('the threshold ignores everything after the training period (causality by truncation)', () => {
    const vol = Float64Array.from({ length: 100 }, (_, i) => i);
    const a = labelsFromTrainThreshold(vol, 40);
    const spiked = Float64Array.from(vol, (v, i) => (i >= 40 ? v * 100 : v));
    expect(labelsFromTrainThreshold(spiked, 40).threshold).toBe(a.threshold);
    close(a.threshold, 0.75 * 39, { rel: 1e-15 });
  });

  it('closed form: constant log growth has zero forward vol; the last h bars get no target', () => {
    const closes = Float64Array.from({ length: 30 }, (_, i) => 100 * Math.exp(0.01 * i));
    const f = forwardRealizedVol(closes, 5);
    expect(f.values.length).toBe(25);
    for (const v of f.values) expect(v).toBeLessThan(1e-15);
    expect(() => parkinsonVariance(Float64Array.from([1]), Float64Array.from([2]))).toThrow(/high/);
  });
});
