// What a backtest reads: one columnar candle set per instrument on a common bar grid, with optional
// funding settlements, a regime series (source 'series') and a directional signal. Plain data and
// typed arrays only, so it crosses to a worker by transfer.

import { RegimeLabError } from '../errors.ts';
import { CANDLE_FIELDS, allocateCandles, type Candles } from '../series/candles.ts';
import type { Timeframe } from '../series/timeframe.ts';
import type { RegimeSeries } from '../regimes/regime-series.ts';

/** Funding settlements: times (UTC ms) and the rate applied then (Binance `calc_time`, `last_funding_rate`). */
export type FundingRateSeries = { time: Float64Array; rate: Float64Array };

/** A directional signal known at each bar's close: direction in [-1, 1] (sign used), confidence in [0, 1]. */
export type SignalSeries = { direction: Float64Array; confidence: Float64Array };

export type BacktestInstrument = {
  symbol: string;
  candles: Candles;
  fundingRates?: FundingRateSeries;
  regimeSeries?: RegimeSeries;
  signal?: SignalSeries;
};

export type BacktestData = { timeframe: Timeframe; instruments: BacktestInstrument[] };

export function validateBacktestData(data: BacktestData): void {
  if (!data.instruments.length) throw new RegimeLabError('E_BAD_INPUT', 'data.instruments must hold at least one instrument');
  const time = data.instruments[0].candles.time;
  if (time.length < 2) throw new RegimeLabError('E_BAD_INPUT', `data.instruments[0].candles needs at least 2 bars, got ${time.length}`);
  data.instruments.forEach((inst, i) => {
    const c = inst.candles;
    if (c.time.length !== time.length) throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}] (${inst.symbol}) has ${c.time.length} bars, instrument 0 has ${time.length}; align them first (alignInstruments)`);
    for (let t = 0; t < time.length; t++) {
      if (c.time[t] !== time[t]) throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}] (${inst.symbol}) bar ${t} is at ${c.time[t]}, instrument 0's at ${time[t]}; align them first`);
      if (t > 0 && !(time[t] > time[t - 1])) throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}].candles.time must be strictly increasing at bar ${t}`);
      const o = c.open[t], h = c.high[t], l = c.low[t], cl = c.close[t];
      if (!(o > 0 && h > 0 && l > 0 && cl > 0) || !Number.isFinite(o + h + l + cl)) {
        throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}] (${inst.symbol}) bar ${t}: prices must be finite and > 0 (open ${o}, high ${h}, low ${l}, close ${cl})`);
      }
    }
    if (inst.signal && (inst.signal.direction.length !== time.length || inst.signal.confidence.length !== time.length)) {
      throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}].signal must have one direction and confidence per bar (${time.length})`);
    }
    if (inst.fundingRates && inst.fundingRates.time.length !== inst.fundingRates.rate.length) {
      throw new RegimeLabError('E_BAD_INPUT', `data.instruments[${i}].fundingRates.time and .rate differ in length`);
    }
  });
}

/** Keeps the bars whose open time every instrument has (intersection), copying into fresh candles. */
export function alignInstruments(instruments: BacktestInstrument[]): BacktestInstrument[] {
  if (instruments.length <= 1) return instruments;
  let common = new Set(instruments[0].candles.time);
  for (const inst of instruments.slice(1)) {
    const next = new Set<number>();
    for (const t of inst.candles.time) if (common.has(t)) next.add(t);
    common = next;
  }
  return instruments.map((inst) => {
    const keep: number[] = [];
    inst.candles.time.forEach((t, i) => {
      if (common.has(t)) keep.push(i);
    });
    const out = allocateCandles(keep.length);
    keep.forEach((src, dst) => {
      out.time[dst] = inst.candles.time[src];
      out.flags[dst] = inst.candles.flags[src];
      for (const f of CANDLE_FIELDS) out[f][dst] = inst.candles[f][src];
    });
    const signal = inst.signal
      ? { direction: Float64Array.from(keep, (i) => inst.signal!.direction[i]), confidence: Float64Array.from(keep, (i) => inst.signal!.confidence[i]) }
      : undefined;
    return { ...inst, candles: out, ...(signal ? { signal } : {}) };
  });
}

/** Index of the first bar at or after `value` (UTC ms or ISO 8601), or of the last bar at or before it. */
export function windowIndex(time: Float64Array, value: number | string | undefined, side: 'start' | 'end', field: string): number {
  if (value === undefined) return side === 'start' ? 0 : time.length - 1;
  const ms = typeof value === 'number' ? value : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  if (!Number.isFinite(ms)) throw new RegimeLabError('E_BAD_INPUT', `${field} '${value}' is neither UTC milliseconds nor an ISO 8601 date`);
  if (side === 'start') {
    let i = 0;
    while (i < time.length && time[i] < ms) i++;
    return i;
  }
  let i = time.length - 1;
  while (i >= 0 && time[i] > ms) i--;
  return i;
}
