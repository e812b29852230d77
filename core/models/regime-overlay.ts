// What the chart draws for a regime run: the probability of the highest-volatility regime per bar
// and the spells of the most probable regime (one rectangle per spell, not one per bar).
// Filtered probabilities by default (causal); smoothed ones only when asked, marked as hindsight.

export type RegimeSpells = { startTime: Float64Array; endTime: Float64Array; regime: Uint8Array };

export type RegimeOverlay = {
  time: Float64Array;
  /** P(regime K | …): the highest-volatility regime (regimes are ordered by volatility). */
  probHigh: Float64Array;
  /** Most probable regime per bar, 0 = lowest volatility. */
  regime: Uint8Array;
  spells: RegimeSpells;
  regimeCount: number;
  hindsight: boolean;
};

/** `probs` is n×K row-major; `time` has n bar open times. */
export function regimeOverlay(time: Float64Array, probs: Float64Array, regimeCount: number, hindsight: boolean): RegimeOverlay {
  const n = time.length;
  const k = regimeCount;
  if (probs.length !== n * k) throw new RangeError(`regimeOverlay: probabilities hold ${probs.length} values, expected ${n}×${k}`);
  const probHigh = new Float64Array(n);
  const regime = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[t * k + j] > probs[t * k + best]) best = j;
    regime[t] = best;
    probHigh[t] = probs[t * k + k - 1];
  }
  const starts: number[] = [];
  for (let t = 0; t < n; t++) if (t === 0 || regime[t] !== regime[t - 1]) starts.push(t);
  const spells: RegimeSpells = { startTime: new Float64Array(starts.length), endTime: new Float64Array(starts.length), regime: new Uint8Array(starts.length) };
  starts.forEach((s, i) => {
    const last = (i + 1 < starts.length ? starts[i + 1] : n) - 1;
    spells.startTime[i] = time[s];
    spells.endTime[i] = time[last];
    spells.regime[i] = regime[s];
  });
  return { time, probHigh, regime, spells, regimeCount: k, hindsight };
}
