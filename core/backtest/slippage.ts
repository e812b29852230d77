// Slippage of market orders as a fraction of the fill bar's open. 'fixed': bps; 'volatility': bps ×
// σ_t / σ_ref with σ_t the sample std of the last W close-to-close returns up to the DECISION bar
// (known when the order is sent); 'volume': bps + impactBps × √(|qty| / volume of the decision bar)
// (square-root impact). Buys fill at open × (1 + s), sells at open × (1 − s).

import { standardDeviation } from '../metrics/descriptive.ts';
import type { StrategyConfig } from './config.ts';

/** Per decision bar, the slippage fraction before any volume impact. */
export function baseSlippagePerBar(close: Float64Array, slippage: StrategyConfig['costs']['slippage']): Float64Array {
  const n = close.length;
  const base = slippage.bps / 1e4;
  const out = new Float64Array(n).fill(base);
  if (slippage.model !== 'volatility') return out;
  const w = slippage.volatilityWindowBars;
  const returns = new Float64Array(n);
  for (let t = 1; t < n; t++) returns[t] = close[t] / close[t - 1] - 1;
  for (let t = 0; t < n; t++) {
    if (t < w) continue; // too little history: base bps
    out[t] = (base * standardDeviation(returns.subarray(t - w + 1, t + 1), 1)) / slippage.referenceVolatility;
  }
  return out;
}

/** Slippage fraction of an order of `qty` decided at a bar with `volume` (base units). */
export function slippageFraction(baseFraction: number, qty: number, volume: number, impactFraction: number): number {
  if (impactFraction === 0 || !(volume > 0)) return baseFraction;
  return baseFraction + impactFraction * Math.sqrt(Math.abs(qty) / volume);
}

export function fillPrice(open: number, qty: number, fraction: number): number {
  return qty > 0 ? open * (1 + fraction) : open * (1 - fraction);
}
