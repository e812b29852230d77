import { describe, expect, it } from 'vitest';
import { METHODS, METHOD_NAMES } from '../../../../core/contract/methods.ts';
import { parseMethodInput } from '../../../../core/contract/validate.ts';
import { EVENTS } from '../../../../core/contract/events.ts';
import { JOB_KINDS } from '../../../../core/contract/jobs.ts';
import { RegimeLabError } from '../../../../core/errors.ts';

describe('contract schemas', () => {
  it('groups every method under a known service', () => {
    for (const name of METHOD_NAMES) expect(name).toMatch(/^(system|data|regimes|backtest|reports|models|runs|jobs|cluster|workspace)\.[a-zA-Z]+$/);
    expect(Object.keys(EVENTS)).toContain('job.progress');
    expect(Object.keys(JOB_KINDS)).toContain('data.seedSample');
  });

  it.each([
    ['data.getCandles', { instrumentId: 1 }, /timeframe/],
    ['data.getCandles', { instrumentId: '1', timeframe: '1h' }, /instrumentId/],
    ['data.getCandles', { instrumentId: 1.5, timeframe: '1h' }, /instrumentId/],
    ['data.getCandles', { instrumentId: 1, timeframe: '1h', from: Number.NaN }, /from/],
    ['data.getCandles', { instrumentId: 1, timeframe: '1h', extra: true }, /extra|Unrecognized/],
    ['data.getCandles', { instrumentId: 1, timeframe: '1h', from: 9, to: 3 }, /from/],
    ['jobs.start', { kind: 'rm -rf', params: {} }, /kind/],
    ['jobs.cancel', { jobId: 42 }, /jobId/],
    ['system.info', { unexpected: 1 }, /unexpected|Unrecognized/],
  ] as const)('rejects %s %j', (method, input, field) => {
    try {
      parseMethodInput(method, input);
      expect.unreachable('input should have been rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(RegimeLabError);
      expect((error as RegimeLabError).code).toBe('E_BAD_INPUT');
      expect((error as Error).message).toMatch(field);
    }
  });

  it('accepts valid input and fills defaults', () => {
    expect(parseMethodInput('data.getCandles', { instrumentId: 3, timeframe: '4h', from: 0 })).toEqual({ instrumentId: 3, timeframe: '4h', from: 0 });
    expect(parseMethodInput('jobs.start', { kind: 'data.seedSample' })).toEqual({ kind: 'data.seedSample', params: {} });
    expect(parseMethodInput('system.info', undefined)).toEqual({});
  });

  it('validates outputs: a candle series must carry typed arrays, not number lists', () => {
    const output = METHODS['data.getCandles'].output;
    const columns = Object.fromEntries(['time', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'takerBuyBase', 'takerBuyQuote'].map((k) => [k, new Float64Array(2)]));
    const good = { instrumentId: 1, symbol: 'X', timeframe: '1h', simulated: false, candles: { ...columns, flags: new Uint8Array(2) } };
    expect(output.safeParse(good).success).toBe(true);
    expect(output.safeParse({ ...good, candles: { ...good.candles, close: [1, 2] } }).success).toBe(false);
  });
});
