// VaR backtests against every reference case in ../shared/data/reference/expected.json
// (Kupiec grid, Christoffersen sequences, Basel traffic light) and against closed forms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../helpers/paths.ts';
import {
  baselTrafficLight,
  christoffersenIndependence,
  kupiecPof,
  varBacktest,
  varBacktestByRegime,
} from '../../../../core/metrics/var-backtest.ts';

type KupiecRow = { T: number; x: number; p: number; phat: number; lr_pof: number; p_value: number; reject_at_5pct: boolean };
type ChristoffersenCase = {
  id: string; hits: string; T: number; x: number; p: number; n00: number; n01: number; n10: number; n11: number;
  pi: number | null; pi01: number | null; pi11: number | null; lr_pof: number; p_value_pof: number; lr_ind: number;
  p_value_ind: number; lr_cc: number; p_value_cc: number; lr_cc_transitions_only: number; p_value_cc_transitions_only: number;
};
type BaselRow = { x: number; pmf: number; cdf_le_x: number; sf_ge_x: number; zone: string; plus_factor: number };

const expected = JSON.parse(readFileSync(sharedPath('data', 'reference', 'expected.json'), 'utf8')) as {
  kupiec_grid: KupiecRow[];
  christoffersen_cases: ChristoffersenCase[];
  basel_traffic_light: { T: number; p: number; rows: BaselRow[] };
};

// Tolerances from expected_json_README.md.
function expectLr(actual: number, want: number): void {
  expect(Math.abs(actual - want)).toBeLessThanOrEqual(Math.max(1e-9, 1e-10 * Math.abs(want)));
}
function expectPValue(actual: number, want: number): void {
  expect(Math.abs(actual - want)).toBeLessThanOrEqual(Math.max(1e-12, 1e-8 * Math.abs(want)));
}

describe('Kupiec POF vs expected.json kupiec_grid', () => {
  it(`matches all ${expected.kupiec_grid.length} rows`, () => {
    expect(expected.kupiec_grid.length).toBe(396);
    for (const row of expected.kupiec_grid) {
      const r = kupiecPof(row.T, row.x, row.p);
      expect(r.phat).toBe(row.phat);
      expectLr(r.lr, row.lr_pof);
      expectPValue(r.pValue, row.p_value);
      expect(r.rejectAt5pct).toBe(row.reject_at_5pct);
    }
  });

  it('has the closed forms at x = 0 and x = T', () => {
    expect(kupiecPof(250, 0, 0.01).lr).toBeCloseTo(-500 * Math.log(0.99), 12);
    expect(kupiecPof(250, 250, 0.01).lr).toBeCloseTo(-500 * Math.log(0.01), 10);
    expect(kupiecPof(250, 250, 0.01).pValue).toBe(0);
  });

  it('rejects invalid counts and probabilities', () => {
    expect(() => kupiecPof(250, 251, 0.01)).toThrow(/x/);
    expect(() => kupiecPof(250, 1, 0)).toThrow(/p/);
    expect(() => kupiecPof(250, 1, NaN)).toThrow(/p/);
  });
});

describe('Christoffersen vs expected.json christoffersen_cases', () => {
  it(`matches all ${expected.christoffersen_cases.length} cases`, () => {
    expect(expected.christoffersen_cases.length).toBe(17);
    for (const c of expected.christoffersen_cases) {
      const hits = Uint8Array.from(c.hits, (ch) => (ch === '1' ? 1 : 0));
      const level = 1 - c.p;
      const r = varBacktest(hits, level);
      expect(r.p).toBe(c.p);
      expect([r.T, r.x]).toEqual([c.T, c.x]);
      const ind = r.christoffersen;
      expect([ind.n00, ind.n01, ind.n10, ind.n11]).toEqual([c.n00, c.n01, c.n10, c.n11]);
      for (const [mine, theirs] of [[ind.pi, c.pi], [ind.pi01, c.pi01], [ind.pi11, c.pi11]] as const) {
        if (theirs === null) expect(mine).toBeNull();
        else expect(mine).toBeCloseTo(theirs, 15);
      }
      expectLr(r.kupiec.lr, c.lr_pof);
      expectPValue(r.kupiec.pValue, c.p_value_pof);
      expectLr(ind.lr, c.lr_ind);
      expectPValue(ind.pValue, c.p_value_ind);
      expectLr(r.conditionalCoverage.lr, c.lr_cc);
      expectPValue(r.conditionalCoverage.pValue, c.p_value_cc);
      expectLr(r.conditionalCoverage.lrTransitionsOnly, c.lr_cc_transitions_only);
      expectPValue(r.conditionalCoverage.pValueTransitionsOnly, c.p_value_cc_transitions_only);
    }
  });

  it('gives LR_ind = 0, p = 1 without violations and with all violations', () => {
    for (const fill of [0, 1]) {
      const r = christoffersenIndependence(new Uint8Array(100).fill(fill));
      expect(r.lr).toBe(0);
      expect(r.pValue).toBe(1);
    }
  });

  it('rejects hits that are not 0/1', () => {
    expect(() => varBacktest(Uint8Array.from([0, 2, 0]), 0.99)).toThrow(/hits: element 1/);
  });
});

describe('Basel traffic light vs expected.json', () => {
  it('matches pmf, P(X ≤ x), P(X ≥ x), zone and plus factor for x = 0…15', () => {
    const { T, p, rows } = expected.basel_traffic_light;
    for (const row of rows) {
      const r = baselTrafficLight(T, row.x, p);
      expect(Math.abs(r.pmf - row.pmf)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(r.cdfLeX - row.cdf_le_x)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(r.sfGeX - row.sf_ge_x)).toBeLessThanOrEqual(1e-12);
      expect(r.zone).toBe(row.zone);
      expect(r.plusFactor).toBe(row.plus_factor);
    }
  });

  it('has no supervisory plus factor outside T = 250, p = 0.01', () => {
    expect(baselTrafficLight(500, 3, 0.01).plusFactor).toBeNull();
  });
});

describe('per-regime backtests', () => {
  it('splits observations and keeps only within-regime transitions', () => {
    const hits = Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 0]);
    const regimes = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const byRegime = varBacktestByRegime(hits, regimes, 0.95);
    expect(byRegime['0'].T).toBe(4);
    expect(byRegime['0'].x).toBe(2);
    const c0 = byRegime['0'].christoffersen;
    expect([c0.n00, c0.n01, c0.n10, c0.n11]).toEqual([0, 1, 1, 1]);
    const c1 = byRegime['1'].christoffersen;
    expect([c1.n00, c1.n01, c1.n10, c1.n11]).toEqual([1, 1, 1, 0]);
    expect(byRegime['1'].kupiec.lr).toBeCloseTo(kupiecPof(4, 1, 0.05).lr, 14);
  });
});
