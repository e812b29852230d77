// Funding of perpetuals per bar: the sum of the rates of the funding instants (default 00/08/16 UTC)
// that fall in [open, open + timeframe). The engine charges it at the bar's open on the position
// carried INTO the bar (before that bar's fills), at the open price: exact for bars of 8 h or less
// whose opens hit the funding instants (4h, 1h); an approximation for 1d bars (all three at the open).

import { timeframeMs, type Timeframe } from '../series/timeframe.ts';
import type { StrategyConfig } from './config.ts';
import type { FundingRateSeries } from './data.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A settlement within this of a funding instant belongs to it (Binance calc_time runs a few ms late). */
const MATCH_MS = 60_000;

/** Funding instants (UTC ms) in [from, to). */
function fundingInstants(from: number, to: number, hours: number[], out: number[]): void {
  out.length = 0;
  const day0 = Math.floor(from / DAY_MS) * DAY_MS;
  for (let day = day0; day < to; day += DAY_MS) {
    for (const h of hours) {
      const t = day + h * HOUR_MS;
      if (t >= from && t < to) out.push(t);
    }
  }
}

/** Per-bar funding rate (sum over the bar's funding instants); all zeros when funding is 'none'. */
export function fundingRatePerBar(time: Float64Array, timeframe: Timeframe, costs: StrategyConfig['costs'], series: FundingRateSeries | undefined): Float64Array {
  const n = time.length;
  const out = new Float64Array(n);
  const funding = costs.funding;
  if (funding.kind === 'none') return out;
  const hours = [...new Set(costs.fundingHoursUtc)].sort((a, b) => a - b);
  const tf = timeframeMs(timeframe);
  const instants: number[] = [];
  let j = 0; // first settlement not yet passed
  let lastKnown = funding.kind === 'series' ? funding.fallbackRate : 0;
  for (let t = 0; t < n; t++) {
    fundingInstants(time[t], time[t] + tf, hours, instants);
    let s = 0;
    for (const ft of instants) {
      if (funding.kind === 'constant') {
        s += funding.ratePerEvent;
        continue;
      }
      // Series: the settlement at this instant; else the last rate settled before it (causal).
      let rate: number | null = null;
      if (series) {
        while (j < series.time.length && series.time[j] < ft - MATCH_MS) lastKnown = series.rate[j++];
        if (j < series.time.length && Math.abs(series.time[j] - ft) <= MATCH_MS) {
          rate = series.rate[j];
          lastKnown = rate;
          j++;
        }
      }
      s += rate ?? lastKnown;
    }
    out[t] = s;
  }
  return out;
}
