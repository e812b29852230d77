// Field parsers: numbers bit-identical to Number(text) on the fast and slow paths; timestamps.
import { describe, expect, it } from 'vitest';
import { daysFromCivil, fieldStatus, parseNumberField, parseTimestampField, TIME_KIND } from '../../../../core/data/csv-fields.ts';
import { createRng } from '../../../../core/random/rng.ts';

const enc = new TextEncoder();
const num = (text: string): number | 'failed' => {
  const b = enc.encode(text);
  const v = parseNumberField(b, 0, b.length);
  return fieldStatus.failed ? 'failed' : v;
};
const ts = (text: string): [number | 'failed', number] => {
  const b = enc.encode(text);
  const v = parseTimestampField(b, 0, b.length);
  return [fieldStatus.failed ? 'failed' : v, fieldStatus.timeKind];
};

describe('parseNumberField', () => {
  it('equals Number(text) on 20,000 random decimals of every shape', () => {
    const rng = createRng(42);
    for (let i = 0; i < 20_000; i++) {
      const intDigits = rng.int(17);
      const fracDigits = rng.int(12);
      let text = rng.uniform() < 0.1 ? '-' : '';
      for (let k = 0; k < intDigits; k++) text += String(rng.int(10));
      if (fracDigits > 0 || intDigits === 0) text += '.' + Array.from({ length: Math.max(1, fracDigits) }, () => rng.int(10)).join('');
      expect(num(text)).toBe(Number(text));
    }
  });

  it('handles exponents, NaN/Infinity literals and garbage', () => {
    expect(num('1e400')).toBe(Infinity);
    expect(num('1.5E-3')).toBe(0.0015);
    expect(num('NaN')).toBeNaN();
    expect(num('-Infinity')).toBe(-Infinity);
    expect(num('+7')).toBe(7);
    for (const bad of ['', '-', '.', 'abc', '1,5', '0x10', '1.2.3', '12a', ' ']) expect(num(bad)).toBe('failed');
    expect(num('9'.repeat(70))).toBe('failed'); // over 64 bytes: never turned into a string
  });
});

describe('parseTimestampField', () => {
  it('epoch units by magnitude', () => {
    expect(ts('1704067200')).toEqual([1704067200000, TIME_KIND.EPOCH_S]);
    expect(ts('1704067200000')).toEqual([1704067200000, TIME_KIND.EPOCH_MS]);
    expect(ts('1704067200000000')).toEqual([1704067200000, TIME_KIND.EPOCH_US]);
    expect(ts('1704067200000000000')).toEqual([1704067200000, TIME_KIND.EPOCH_NS]);
    expect(ts('1735776059999999')).toEqual([1735776059999.999, TIME_KIND.EPOCH_US]);
  });

  it('ISO forms equal Date.parse, naive as UTC, invalid dates refused', () => {
    for (const text of ['2024-02-29T23:59:59Z', '2024-01-01T00:00:00.123Z', '2024-06-30T12:00:00+05:30', '2024-06-30T12:00:00-08:00', '1999-12-31T23:00:00Z']) {
      expect(ts(text)[0]).toBe(Date.parse(text));
    }
    expect(ts('2024-01-01 10:00:00')).toEqual([Date.UTC(2024, 0, 1, 10), TIME_KIND.NAIVE_DATETIME]);
    expect(ts('2024-01-01')).toEqual([Date.UTC(2024, 0, 1), TIME_KIND.DATE_ONLY]);
    for (const bad of ['2023-02-29', '2024-13-01', '2024-01-32', '2024-01-01T25:00', '2024-01-01T10:00:00+25:00', '2024-01-01X', 'soon']) expect(ts(bad)[0]).toBe('failed');
  });

  it('daysFromCivil agrees with Date.UTC over 400 years', () => {
    for (let y = 1800; y < 2200; y += 7) for (const [m, d] of [[1, 1], [2, 28], [3, 1], [12, 31]]) expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
  });
});
