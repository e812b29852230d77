// Returns the regime models are fitted on: log returns in percent (×100), as the reference
// implementations' inputs (R MSGARCH and fGarch examples, statsmodels' studies), aligned with the
// open time of the bar whose close ends the return.

export type ReturnSeries = { time: Float64Array; returns: Float64Array };

export function logReturnsPercent(time: Float64Array, close: Float64Array): ReturnSeries {
  const n = close.length;
  if (n < 2) throw new RangeError(`returns need at least two closes, got ${n}`);
  const returns = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    if (!(close[i] > 0) || !(close[i - 1] > 0)) throw new RangeError(`close must be positive; bar ${close[i] > 0 ? i - 1 : i} has ${close[close[i] > 0 ? i - 1 : i]}`);
    returns[i - 1] = 100 * Math.log(close[i] / close[i - 1]);
  }
  return { time: time.slice(1), returns };
}
