// The chart's level-of-detail windows and the replay trace through the Workstation (real SQLite,
// real workers): raw when the span fits, resampled otherwise; probabilities filtered and aligned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../../main/services/workstation.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';

const H = 3_600_000;
const D = 24 * H;

describe('data.getCandleWindow and regimes.getReplayTrace', () => {
  let dir: string;
  let ws: Workstation;
  let instrumentId: number;
  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
    instrumentId = (await ws.call('data.listInstruments', {}))[0].id;
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('resamples the whole history into at most maxBars bars, from the coarsest stored timeframe', async () => {
    const w = await ws.call('data.getCandleWindow', { instrumentId, timeframe: '1h', maxBars: 3200 });
    expect(w.resampled).toBe(true);
    expect(w.bucketMs).toBe(D);
    expect(w.sourceTimeframe).toBe('1d');
    expect(w.totalBars).toBe(43_800);
    const daily = await ws.call('data.getCandles', { instrumentId, timeframe: '1d' });
    expect(w.candles.close).toEqual(daily.candles.close);
    expect(w.candles.high).toEqual(daily.candles.high);
    const finer = await ws.call('data.getCandleWindow', { instrumentId, timeframe: '1h', maxBars: 20_000 });
    expect(finer.bucketMs).toBe(3 * H);
    expect(finer.candles.time.length).toBeLessThanOrEqual(20_000);
    expect(finer.candles.time[0] % (3 * H)).toBe(0);
  });

  it('returns the raw bars of a span that fits', async () => {
    const all = await ws.call('data.getCandles', { instrumentId, timeframe: '1h' });
    const from = all.candles.time[1000];
    const to = all.candles.time[1000 + 72];
    const w = await ws.call('data.getCandleWindow', { instrumentId, timeframe: '1h', from, to, maxBars: 3200 });
    expect(w.resampled).toBe(false);
    expect(Array.from(w.candles.close)).toEqual(Array.from(all.candles.close.subarray(1000, 1073)));
    expect(w.regime).toBeNull();
  });

  it('aligns the filtered probability to the bars and traces the gate from it', async () => {
    const done = (await ws.startJob('regimes.fit', { instrumentId, timeframe: '1d', model: { model: 'hmm', regimes: 2 } }).done) as { runId: string };
    const overlay = await ws.call('regimes.getOverlay', { runId: done.runId, hindsight: false });
    const w = await ws.call('data.getCandleWindow', { instrumentId, timeframe: '1d', regimeRunId: done.runId });
    expect(w.resampled).toBe(false);
    // The first bar has no return and so no estimate; every other bar carries the overlay's filtered value.
    expect(Number.isNaN(w.regime!.probHigh[0])).toBe(true);
    expect(Array.from(w.regime!.probHigh.subarray(1))).toEqual(Array.from(overlay.probHigh));
    const trace = await ws.call('regimes.getReplayTrace', { runId: done.runId });
    expect(trace.gate).toEqual({ threshold: 0.75, confirmBars: 2, minDwellBars: 0 });
    expect(Array.from(trace.probHigh)).toEqual(Array.from(overlay.probHigh));
    expect(Array.from(trace.rawRegime)).toEqual(Array.from(overlay.regime));
    expect(trace.confirmedSwitches.length).toBeLessThanOrEqual(trace.rawSwitches.length);
    await expect(ws.call('data.getCandleWindow', { instrumentId, timeframe: '1h', regimeRunId: done.runId })).rejects.toThrow(/belongs to instrument/);
  }, 60_000);
});
