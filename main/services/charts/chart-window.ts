// The chart's data: level-of-detail candle windows (raw when the span fits the bar budget, otherwise
// resampled from the coarsest stored timeframe that divides the bucket) with a regime run's filtered
// probability aligned to the bars, and the replay trace of a regime run. Computation is core's.

import { RegimeLabError } from '../../../core/errors.ts';
import type { MethodOutput, MethodParsedInput } from '../../../core/contract/methods.ts';
import { lodBucketMs, lodBucketStart, resampleToBucket, sampleAtBarClose } from '../../../core/series/lod.ts';
import { timeframeMs } from '../../../core/series/timeframe.ts';
import { regimeOverlay } from '../../../core/models/regime-overlay.ts';
import { replayTrace } from '../../../core/regimes/replay-trace.ts';
import type { CandleStore } from '../store/candle-store.ts';
import { getRun } from '../runs/run-store.ts';

/** A regime run's filtered probabilities, checked to be a regime fit (never smoothed: replay and LOD are causal views). */
function filteredRun(store: CandleStore, runId: string) {
  const run = getRun(store, runId, ['time', 'filtered']);
  if (run.kind !== 'regime-fit') throw new RegimeLabError('E_BAD_INPUT', `run ${runId} is a ${run.kind}, not a regime fit`);
  const regimeCount = Number(run.summary.regimes);
  return { run, time: run.series.time as Float64Array, filtered: run.series.filtered as Float64Array, regimeCount };
}

export function candleWindow(store: CandleStore, input: MethodParsedInput<'data.getCandleWindow'>): MethodOutput<'data.getCandleWindow'> {
  const instrument = store.getInstrument(input.instrumentId);
  const stored = instrument.timeframes.find((t) => t.timeframe === input.timeframe);
  if (!stored) {
    const have = instrument.timeframes.map((t) => t.timeframe).join(', ') || 'none';
    throw new RegimeLabError('E_NOT_FOUND', `${instrument.symbol} has no ${input.timeframe} candles (stored: ${have})`);
  }
  const baseMs = timeframeMs(input.timeframe);
  const head = { instrumentId: instrument.id, symbol: instrument.symbol, timeframe: input.timeframe, simulated: instrument.simulated, totalBars: stored.bars, seriesFirstTime: stored.firstTime, seriesLastTime: stored.lastTime };
  if (stored.firstTime === null || stored.lastTime === null) {
    return { ...head, bucketMs: baseMs, resampled: false, sourceTimeframe: input.timeframe, from: null, to: null, candles: store.readCandles(instrument.id, input.timeframe), regime: null, backtest: null };
  }
  const from = Math.max(input.from ?? stored.firstTime, stored.firstTime);
  const to = Math.min(input.to ?? stored.lastTime, stored.lastTime);
  const bucketMs = lodBucketMs(Math.max(0, to - from) + baseMs, baseMs, input.maxBars);
  let candles;
  let sourceTimeframe = input.timeframe;
  if (bucketMs === baseMs) candles = store.readCandles(instrument.id, input.timeframe, from, to);
  else {
    // Read the coarsest stored timeframe whose bars tile the bucket (1h for 3h buckets of 1m data): fewer bytes, same bars.
    for (const t of instrument.timeframes) {
      const ms = timeframeMs(t.timeframe);
      if (ms > timeframeMs(sourceTimeframe) && bucketMs % ms === 0 && lodBucketStart(0, bucketMs) % ms === 0) sourceTimeframe = t.timeframe;
    }
    const sourceMs = timeframeMs(sourceTimeframe);
    candles = resampleToBucket(store.readCandles(instrument.id, sourceTimeframe, lodBucketStart(from, bucketMs), to), sourceMs, bucketMs);
  }
  const regime = input.regimeRunId ? regimeAtBars(store, input.regimeRunId, instrument.id, input, candles.time, bucketMs) : null;
  const backtest = input.backtestRunId ? backtestAtBars(store, input.backtestRunId, instrument.id, candles.time, bucketMs) : null;
  return { ...head, bucketMs, resampled: bucketMs !== baseMs, sourceTimeframe, from, to, candles, regime, backtest };
}

const asFloat = (x: Int8Array | Int32Array): Float64Array => Float64Array.from(x, (v) => (v < 0 ? NaN : v));

function regimeAtBars(store: CandleStore, runId: string, instrumentId: number, input: MethodParsedInput<'data.getCandleWindow'>, barTime: Float64Array, bucketMs: number) {
  const { run, time, filtered, regimeCount } = filteredRun(store, runId);
  if (run.instrumentId !== instrumentId || run.timeframe !== input.timeframe) {
    throw new RegimeLabError('E_BAD_INPUT', `regime run ${run.id} belongs to instrument ${run.instrumentId} ${run.timeframe}, not ${instrumentId} ${input.timeframe}`);
  }
  const overlay = regimeOverlay(time, filtered, regimeCount, false);
  const trace = replayTrace(filtered, regimeCount, input.gate, input.leverage);
  const at = (values: Float64Array) => sampleAtBarClose(time, values, barTime, bucketMs);
  const first = barTime.length ? barTime[0] : Infinity;
  const end = barTime.length ? barTime[barTime.length - 1] + bucketMs : -Infinity;
  const inWindow = (t: number) => time[t] >= first && time[t] < end;
  const raw = Array.from(trace.rawSwitches).filter(inWindow);
  const confirmed = Array.from(trace.confirmedSwitches).filter(inWindow);
  const switches = [...raw.map((t) => ({ t, confirmed: 0 })), ...confirmed.map((t) => ({ t, confirmed: 1 }))].sort((a, b) => a.t - b.t || a.confirmed - b.confirmed);
  return {
    probHigh: at(overlay.probHigh),
    rawRegime: at(asFloat(trace.rawRegime)),
    confirmedRegime: at(asFloat(trace.confirmedRegime)),
    confirmCount: at(Float64Array.from(trace.confirmCount)),
    leverage: at(trace.leverage),
    switches: {
      time: Float64Array.from(switches, (s) => time[s.t]),
      regime: Int8Array.from(switches, (s) => (s.confirmed ? trace.confirmedRegime[s.t] : trace.rawRegime[s.t])),
      confirmed: Uint8Array.from(switches, (s) => s.confirmed),
    },
  };
}

function backtestAtBars(store: CandleStore, runId: string, instrumentId: number, barTime: Float64Array, bucketMs: number) {
  const run = getRun(store, runId, ['time', 'equity', 'grossLeverage', 'netExposure']);
  if (run.kind !== 'backtest') throw new RegimeLabError('E_BAD_INPUT', `run ${runId} is a ${run.kind}, not a backtest`);
  if (run.instrumentId !== instrumentId) throw new RegimeLabError('E_BAD_INPUT', `backtest ${runId} trades instrument ${run.instrumentId}, not ${instrumentId}`);
  const time = run.series.time as Float64Array;
  const at = (name: string) => sampleAtBarClose(time, Float64Array.from(run.series[name]), barTime, bucketMs);
  return { runId, equity: at('equity'), grossLeverage: at('grossLeverage'), netExposure: at('netExposure') };
}

export function replayTraceOf(store: CandleStore, input: MethodParsedInput<'regimes.getReplayTrace'>): MethodOutput<'regimes.getReplayTrace'> {
  const { run, time, filtered, regimeCount } = filteredRun(store, input.runId);
  const trace = replayTrace(filtered, regimeCount, input.gate, input.leverage, input.warmupLeverage);
  const probHigh = new Float64Array(time.length);
  for (let t = 0; t < time.length; t++) probHigh[t] = filtered[t * regimeCount + regimeCount - 1];
  return { runId: run.id, label: String(run.summary.label ?? run.title), regimeCount, gate: input.gate, leverageByRegime: input.leverage, time, probHigh, ...trace };
}
