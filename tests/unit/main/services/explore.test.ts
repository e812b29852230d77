// `data.explore` through the direct transport: real SQLite, the real compute worker. Values are
// checked against core/metrics run directly on the same stored closes, the high-vol mask against
// the simulated truth, and the cross-asset alignment against a real Binance file imported beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../main/services/workstation.ts';
import { exploreReturns, logReturns, pearsonCorrelation } from '../../../../core/metrics/index.ts';
import { repoRoot, sharedPath } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const january = sharedPath('data/binance/spot/monthly/klines/BTCUSDT/1h/intabyu__interview-at/BTCUSDT-1h-2023-01.csv');

describe('data.explore (compute worker)', () => {
  let dir: string;
  let ws: Workstation;
  let simId: number;
  let btcId: number;
  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
    simId = (await ws.call('data.listInstruments', {}))[0].id;
    await ws.startJob('data.importFile', { path: january }).done;
    btcId = (await ws.call('data.listInstruments', {})).find((i) => i.symbol === 'BTCUSDT')!.id;
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('equals exploreReturns on the log returns of the stored closes', async () => {
    const result = await ws.call('data.explore', { instrumentId: simId, timeframe: '4h' });
    const { candles } = await ws.call('data.getCandles', { instrumentId: simId, timeframe: '4h' });
    const direct = exploreReturns(logReturns(candles.close));
    expect(result).toMatchObject({ symbol: 'SIM-BTCUSD', timeframe: '4h', simulated: true, bars: candles.close.length, firstTime: candles.time[0] });
    expect(result.report.moments).toEqual(direct.moments);
    expect(result.report.archLm.statistic).toBeCloseTo(direct.archLm.statistic, 8);
    expect(result.report.normalVarGap.ratio).toBeCloseTo(direct.normalVarGap.ratio!, 12);
    expect(result.report.acfReturns.acf).toEqual(direct.acfReturns.acf);
    expect(result.report.correlation).toBeNull();
    expect(result.alignment).toBeNull();
  });

  it('takes the high-vol mask from the simulated truth (1h: exactly the true state share)', async () => {
    const result = await ws.call('data.explore', { instrumentId: simId, timeframe: '1h' });
    const truth = await ws.call('data.getTrueRegimes', { instrumentId: simId, timeframe: '1h' });
    let high = 0;
    for (let i = 1; i < truth.states.length; i++) high += truth.states[i];
    expect(result.highVolMask.source).toBe('simulation truth');
    expect(result.highVolMask.highVolShare).toBeCloseTo(high / (truth.states.length - 1), 12);
    // Fat tails and volatility clustering, as a regime-switching GARCH should show.
    expect(result.report.moments.excessKurtosis).toBeGreaterThan(1);
    expect(result.report.archLm.pValue).toBeLessThan(1e-6);
  });

  it('aligns other instruments on common bar times for the correlation matrices', async () => {
    const result = await ws.call('data.explore', { instrumentId: btcId, timeframe: '1h', otherInstrumentIds: [simId] });
    const btc = (await ws.call('data.getCandles', { instrumentId: btcId, timeframe: '1h' })).candles;
    const sim = (await ws.call('data.getCandles', { instrumentId: simId, timeframe: '1h', from: btc.time[0], to: btc.time[btc.time.length - 1] })).candles;
    expect(Array.from(sim.time)).toEqual(Array.from(btc.time)); // 744 gap-free hours in both
    const rBtc = logReturns(btc.close);
    const rSim = logReturns(sim.close);
    expect(result.alignment).toMatchObject({ symbols: ['BTCUSDT', 'SIM-BTCUSD'], commonReturns: 743 });
    const { unconditional, highVol } = result.report.correlation!;
    expect(unconditional.names).toEqual(['BTCUSDT', 'SIM-BTCUSD']);
    expect(unconditional.n).toBe(743);
    expect(unconditional.matrix[0][1]).toBeCloseTo(pearsonCorrelation(rBtc, rSim)!, 12);
    expect(unconditional.matrix[1][0]).toBe(unconditional.matrix[0][1]);
    // BTCUSDT is not simulated: the mask is its trailing 30-bar realized vol above the median.
    expect(result.highVolMask.source).toBe('realized volatility');
    expect(result.highVolMask.description).toMatch(/30-bar realized volatility/);
    const rv = Float64Array.from(rBtc, (_, i) => (i < 29 ? NaN : Math.sqrt(rBtc.subarray(i - 29, i + 1).reduce((s, r) => s + r * r, 0) / 30)));
    const defined = Array.from(rv.filter(Number.isFinite)).sort((a, b) => a - b);
    const median = defined.length % 2 ? defined[(defined.length - 1) / 2] : (defined[defined.length / 2 - 1] + defined[defined.length / 2]) / 2;
    const mask = Array.from(rv, (v) => (v > median ? 1 : 0));
    const pick = (x: Float64Array) => x.filter((_, i) => mask[i] === 1);
    expect(highVol!.n).toBe(mask.filter((m) => m === 1).length);
    expect(highVol!.matrix[0][1]).toBeCloseTo(pearsonCorrelation(pick(rBtc), pick(rSim))!, 10);
  });

  it('names what is missing', async () => {
    await expect(ws.call('data.explore', { instrumentId: 9999, timeframe: '1d' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(ws.call('data.explore', { instrumentId: btcId, timeframe: '1h', from: Date.UTC(2030, 0, 1) })).rejects.toThrow(/BTCUSDT has 0 1h candles in the range/);
    await expect(ws.call('data.explore', { instrumentId: simId, timeframe: '2h' as '1h' })).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
  });
});
