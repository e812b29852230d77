// runBacktest({ lazy: true }): the statistics table, regime table, attribution and benchmarks are
// computed on first read and equal the eager run's; a structured clone carries them as plain data.
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../../core/backtest/run-backtest.ts';
import { dataOf, syntheticMarket } from './fixtures.ts';

const market = syntheticMarket(2000, 31);
const data = dataOf([{ symbol: 'X', candles: market.candles, regimeSeries: market.regimes }]);
const config = { instruments: [{ symbol: 'X' }], regimes: { source: 'series' }, sizing: { kind: 'regime-leverage', preset: 'moderate' }, gate: {}, costs: { funding: { kind: 'constant' } }, execution: { path: 'vector' } };

describe('lazy statistics', () => {
  it('equal the eager result field by field, and survive structuredClone as data', () => {
    const eager = runBacktest(config, data);
    const lazy = runBacktest(config, data, { lazy: true });
    expect(lazy.headline).toEqual(eager.headline);
    expect(Object.getOwnPropertyDescriptor(lazy, 'stats')?.get).toBeTypeOf('function');
    const cloned = structuredClone(lazy);
    expect(cloned.stats).toEqual(eager.stats);
    expect(lazy.regimeTable).toEqual(eager.regimeTable);
    expect(lazy.attribution).toEqual(eager.attribution);
    expect(lazy.benchmarks).toEqual(eager.benchmarks);
    expect(eager.benchmarks.map((b) => b.name)).toEqual(['buy-and-hold', 'constant-1x', 'constant-average-leverage']);
    expect(Object.getOwnPropertyDescriptor(lazy, 'stats')?.value).toEqual(eager.stats);
  });
});
