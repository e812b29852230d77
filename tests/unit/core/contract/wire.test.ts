import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../../core/contract/wire.ts';

describe('wire format', () => {
  it('round-trips nested values with typed arrays as raw bytes', () => {
    const value = {
      symbol: 'BTCUSDT',
      candles: { time: Float64Array.from([1, 2, 3]), close: Float64Array.from([1.5, Number.NaN, -0]), flags: Uint8Array.from([0, 1, 2]) },
      list: [Int32Array.from([-7, 9]), { f: Float32Array.from([0.25]) }],
      nothing: null,
    };
    const bytes = encodeMessage(value);
    const back = decodeMessage(bytes) as typeof value;
    expect(back.symbol).toBe('BTCUSDT');
    expect(back.candles.time).toBeInstanceOf(Float64Array);
    expect(Array.from(back.candles.time)).toEqual([1, 2, 3]);
    expect(Number.isNaN(back.candles.close[1])).toBe(true);
    expect(Object.is(back.candles.close[2], -0)).toBe(true);
    expect(back.candles.flags).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.list[0] as Int32Array)).toEqual([-7, 9]);
    expect((back.list[1] as { f: Float32Array }).f[0]).toBe(0.25);
    expect(back.nothing).toBeNull();
  });

  it('carries a million doubles in ~8 MB, not as JSON text', () => {
    const big = new Float64Array(1_000_000).map((_, i) => Math.sin(i));
    const bytes = encodeMessage({ big });
    expect(bytes.byteLength).toBeLessThan(8_000_000 + 200);
    const back = decodeMessage(bytes) as { big: Float64Array };
    expect(back.big[999_999]).toBe(Math.sin(999_999));
  });

  it('decodes subarray views with offsets and rejects malformed messages', () => {
    const base = Float64Array.from([0, 1, 2, 3, 4]);
    const back = decodeMessage(encodeMessage({ part: base.subarray(2, 4) })) as { part: Float64Array };
    expect(Array.from(back.part)).toEqual([2, 3]);
    expect(() => decodeMessage(new Uint8Array(2))).toThrow(/shorter/);
    const forged = new TextEncoder().encode(JSON.stringify({ a: { $typed: 'Float64Array', offset: 0, length: 1000 } }));
    const message = new Uint8Array(8 + forged.length);
    new DataView(message.buffer).setUint32(0, forged.length, true);
    message.set(forged, 4);
    expect(() => decodeMessage(message)).toThrow(/outside the message/);
    expect(() => encodeMessage({ $typed: 'x' })).toThrow(/reserved key/);
  });
});
