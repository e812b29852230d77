// Special functions against closed forms and tabulated values.
import { describe, it, expect } from 'vitest';
import { digamma, logBeta, logGamma, trigamma } from '../../../../core/distributions/special.ts';

const EULER_GAMMA = 0.5772156649015329;

describe('logGamma', () => {
  it('matches closed forms and tabulated values to ~1e-15 relative', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1)).toBeCloseTo(0, 15);
    expect(logGamma(2)).toBeCloseTo(0, 15);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 13);
    expect(Math.abs(logGamma(100) / 359.1342053695754 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(3.5) / Math.log(3.3233509704478426) - 1)).toBeLessThan(2e-15);
    expect(logGamma(1e-8)).toBeCloseTo(-Math.log(1e-8) - EULER_GAMMA * 1e-8, 10);
  });
  it('uses the reflection formula below 0.5 and is +Infinity at the poles', () => {
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
  });
  it('logBeta(1/2, 1/2) = log π', () => expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14));
});

describe('digamma and trigamma', () => {
  it('match closed forms', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 14);
    expect(digamma(20)).toBeCloseTo(2.970523992242149, 14);
    expect(digamma(-0.5)).toBeCloseTo(0.03648997397857652, 13);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 14);
    expect(trigamma(0.5)).toBeCloseTo((Math.PI * Math.PI) / 2, 13);
  });
  it('digamma is the derivative of logGamma', () => {
    for (const x of [0.3, 2.5, 7.25, 40]) {
      const h = 1e-5;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 8);
    }
  });
});
