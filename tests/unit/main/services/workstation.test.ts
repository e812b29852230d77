import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../main/services/workstation.ts';
import { simulateSample, DEFAULT_SAMPLE_SPEC, SAMPLE_SYMBOL } from '../../../../core/sample/simulated-btc.ts';
import { resampleCandles } from '../../../../core/series/resample.ts';
import { stationaryOf } from '../../../../core/models/msgarch/simulate.ts';
import type { EventName } from '../../../../core/contract/events.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

describe('Workstation (direct transport over real SQLite and workers)', () => {
  let dir: string;
  let ws: Workstation;
  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('seeds the simulated sample on first start, labelled as simulated', async () => {
    const instruments = await ws.call('data.listInstruments', {});
    expect(instruments).toHaveLength(1);
    const [sample] = instruments;
    expect(sample).toMatchObject({ symbol: SAMPLE_SYMBOL, simulated: true, market: 'simulated' });
    expect(sample.description).toMatch(/not market data/);
    expect(sample.timeframes.map((t) => [t.timeframe, t.bars, t.derivedFrom])).toEqual([
      ['1h', DEFAULT_SAMPLE_SPEC.bars, null],
      ['4h', DEFAULT_SAMPLE_SPEC.bars / 4, '1h'],
      ['1d', DEFAULT_SAMPLE_SPEC.bars / 24, '1h'],
      ['1w', 262, '1h'],
    ]);
  });

  it('stores exactly what the deterministic simulator produces, and its resamples', async () => {
    const expected = simulateSample(DEFAULT_SAMPLE_SPEC);
    const [sample] = await ws.call('data.listInstruments', {});
    const hourly = await ws.call('data.getCandles', { instrumentId: sample.id, timeframe: '1h' });
    expect(hourly.candles.close).toEqual(expected.candles.close);
    expect(hourly.candles.time).toEqual(expected.candles.time);
    const daily = await ws.call('data.getCandles', { instrumentId: sample.id, timeframe: '1d' });
    expect(daily.candles.high).toEqual(resampleCandles(expected.candles, '1h', '1d').high);
    const truth = await ws.call('data.getTrueRegimes', { instrumentId: sample.id, timeframe: '1h' });
    expect(truth.states).toEqual(expected.states);
  });

  it('simulates regimes in the research range: low-vol ~74% of the time, spells ~4.6 vs ~1.6 weeks', async () => {
    const [sample] = await ws.call('data.listInstruments', {});
    const { states } = await ws.call('data.getTrueRegimes', { instrumentId: sample.id, timeframe: '1h' });
    let low = 0;
    const spells = [0, 0];
    for (let i = 0; i < states.length; i++) {
      if (states[i] === 0) low++;
      if (i === 0 || states[i] !== states[i - 1]) spells[states[i]]++;
    }
    const lowShare = low / states.length;
    expect(lowShare).toBeGreaterThan(0.7);
    expect(lowShare).toBeLessThan(0.78);
    const weeks = (bars: number, count: number) => bars / count / 168;
    expect(weeks(low, spells[0])).toBeGreaterThan(4);
    expect(weeks(low, spells[0])).toBeLessThan(5.5);
    expect(weeks(states.length - low, spells[1])).toBeGreaterThan(1.3);
    expect(weeks(states.length - low, spells[1])).toBeLessThan(2);
    const stationary = stationaryOf(expected2x2());
    expect(stationary[0]).toBeCloseTo(0.7419, 3);
  });

  it('time-range queries return only bars inside the range', async () => {
    const [sample] = await ws.call('data.listInstruments', {});
    const from = Date.UTC(2022, 5, 1);
    const to = Date.UTC(2022, 5, 2);
    const { candles } = await ws.call('data.getCandles', { instrumentId: sample.id, timeframe: '1h', from, to });
    expect(candles.time.length).toBe(25);
    expect(candles.time[0]).toBe(from);
    expect(candles.time[24]).toBe(to);
  });

  it('rejects bad input with E_BAD_INPUT naming the field', async () => {
    await expect(ws.call('data.getCandles', { instrumentId: -1, timeframe: '1h' })).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/instrumentId/) });
    await expect(ws.call('data.getCandles', { instrumentId: 1, timeframe: '2h' as '1h' })).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/timeframe/) });
    await expect(ws.call('data.getCandles', { instrumentId: 1, timeframe: '1h', from: 10, to: 5 })).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringMatching(/from/) });
    await expect(ws.call('data.getCandles', { instrumentId: 99, timeframe: '1h' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(ws.call('data.getCandles', { instrumentId: 1, timeframe: '1m' })).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringMatching(/no 1m candles/) });
    await expect(ws.call('nope.method' as 'system.info', {})).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('runs a job with progress and done events, and a cancelled job leaves the store as it was', async () => {
    const seen: { event: EventName; payload: unknown }[] = [];
    const off = ws.onAny((event, payload) => seen.push({ event, payload }));
    const before = await ws.call('data.listInstruments', {});
    const { jobId } = await ws.call('jobs.start', { kind: 'data.seedSample', params: { seed: 7, years: 1 } });
    await ws.call('jobs.cancel', { jobId });
    await expect.poll(async () => (await ws.call('jobs.get', { jobId })).state).toBe('cancelled');
    expect(await ws.call('data.listInstruments', {})).toEqual(before);
    const cancelledError = seen.find((s) => s.event === 'job.error' && (s.payload as { jobId: string }).jobId === jobId);
    expect(cancelledError?.payload).toMatchObject({ error: { code: 'E_CANCELLED' } });

    const second = await ws.call('jobs.start', { kind: 'data.seedSample', params: { seed: 7, years: 1 } });
    await expect.poll(async () => (await ws.call('jobs.get', { jobId: second.jobId })).state, { timeout: 20_000 }).toBe('done');
    off();
    const progress = seen.filter((s) => s.event === 'job.progress' && (s.payload as { jobId: string }).jobId === second.jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(seen.some((s) => s.event === 'job.done' && (s.payload as { jobId: string }).jobId === second.jobId)).toBe(true);
    const [sample] = await ws.call('data.listInstruments', {});
    expect(sample.timeframes[0].bars).toBe(8760);
    await expect(ws.call('jobs.start', { kind: 'data.seedSample', params: { years: 0 } })).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
    await expect(ws.call('jobs.cancel', { jobId: 'missing' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});

function expected2x2(): number[][] {
  const low = 1 / (4.6 * 168);
  const high = 1 / (1.6 * 168);
  return [
    [1 - low, low],
    [high, 1 - high],
  ];
}
