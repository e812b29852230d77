// The pure parts of walk-forward studies: a cell's config (the study config on one instrument), the
// refusal of configs whose regimes are not walk-forward, the cell order, the cluster job ids of
// cells, and the progress line for slow units.
import { describe, expect, it } from 'vitest';
import { checkStudyConfig, studyCellConfig, studyCellOrder } from '../../../../../main/services/studies/study-cell.ts';
import { studyIdOf } from '../../../../../main/services/studies/study-job.ts';
import { cellResultKey, unitJobId, variantJobId, workKeys } from '../../../../../main/services/sweeps/cluster-keys.ts';
import { formatEta } from '../../../../../main/services/sweeps/sweep-backend.ts';
import { studyConfig } from './study-fixtures.ts';

describe('walk-forward study pieces', () => {
  it("puts the cell's instrument in the config, keeping the template's weight and leaving the input alone", () => {
    const input = { ...studyConfig('x'), instruments: [{ symbol: 'BTCUSDT', weight: 0.5 }] };
    const frozen = JSON.stringify(input);
    expect(studyCellConfig(input, 'SOLUSDT').instruments).toEqual([{ symbol: 'SOLUSDT', weight: 0.5 }]);
    expect(studyCellConfig({ ...input, instruments: undefined }, 'ETHUSDT').instruments).toEqual([{ symbol: 'ETHUSDT' }]);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(() => studyCellConfig([1], 'BTCUSDT')).toThrow(/config must be a strategy config object, got an array/);
  });

  it('accepts walk-forward regimes only, and names invalid fields', () => {
    expect(checkStudyConfig(studyConfig('ok')).regimes).toMatchObject({ source: 'walk-forward', refitEveryBars: 150, minTrainBars: 200 });
    expect(() => checkStudyConfig({ ...studyConfig('x'), regimes: { source: 'none' }, sizing: { kind: 'constant', leverage: 1 } })).toThrow(/regimes\.source is 'none'; a walk-forward study needs/);
    expect(() => checkStudyConfig({ ...studyConfig('x'), regimes: { source: 'series' } })).toThrow(/regimes\.source is 'series'/);
    expect(() => checkStudyConfig({ ...studyConfig('x'), sizing: { kind: 'constant', leverage: 99 } })).toThrow(/not a valid strategy config: sizing\.leverage/);
  });

  it('orders cells instrument by instrument, timeframes inside; keys cells apart from sweeps', () => {
    expect(studyCellOrder(['BTC', 'ETH'], ['4h', '1d']).map((c) => `${c.instrument} ${c.timeframe}`)).toEqual(['BTC 4h', 'BTC 1d', 'ETH 4h', 'ETH 1d']);
    expect(unitJobId('study', 'ab12', 3)).toBe('study-ab12-3');
    expect(variantJobId('ab12', 3)).toBe('ab12-3');
    expect(workKeys('study', 'ab12').results).toBe('regimelab:study:ab12:results');
    expect(cellResultKey('ff00')).toBe('regimelab:cell:ff00');
    expect(studyIdOf('c0', ['k1', 'k2'])).toMatch(/^[0-9a-f]{32}$/);
    expect(studyIdOf('c0', ['k1', 'k2'])).not.toBe(studyIdOf('c0', ['k2', 'k1']));
  });

  it('reports slow units as seconds per unit', () => {
    const cells = { one: 'cell', many: 'cells' };
    expect(formatEta(2, 4, 0, 10_000, cells)).toBe('5.0 s/cell, ETA 20 s');
    expect(formatEta(30, 70, 0, 10_000)).toBe('3.0 variants/s, ETA 23 s');
    expect(formatEta(0, 4, 0, 10_000, cells)).toBe('ETA —');
  });
});
