// The declarative strategy config of a backtest (no code needed), validated by one zod schema whose
// messages name the field path. Presets resolve to explicit leverages, so a stored config says what
// ran. Every default below is the research's (research/002) unless its comment says otherwise.

import { z } from 'zod';
import { RegimeLabError } from '../errors.ts';
import { RegimeSourceSchema } from '../regimes/source-config.ts';
import {
  DEFAULT_KELLY_CAP, DEFAULT_KELLY_GAMMA, DEFAULT_STATE_LEVERAGE, DEFAULT_THRESHOLD_MULTIPLIERS, LEVERAGE_PRESET_NAMES, LEVERAGE_PRESETS,
  type FourState,
} from './presets.ts';

const leverage = z.number().min(-20).max(20);
const stateRecord = (defaults: Record<FourState, number>, value = z.number()) =>
  z.object({ BULL: value, NEUTRAL: value, BEAR: value, HIGH_VOL: value }).default(defaults);
const timeValue = z.union([z.number(), z.string()]);

export const GateSchema = z.object({
  /** Switch only when the other regime's filtered probability is at least this... */
  threshold: z.number().gt(0).max(1).default(0.75),
  /** ...for this many consecutive bars (research Example 2: 2 bars = 8 hours on 4h data). */
  confirmBars: z.number().int().min(1).default(2),
  /** Bars a regime is held at least before the next switch (0 = none). */
  minDwellBars: z.number().int().min(0).default(0),
});

/** Directional overlay on the low-vol regime: BULL / NEUTRAL / BEAR from the close-to-close momentum. */
export const OverlaySchema = z.object({
  lookbackBars: z.number().int().min(1).default(42),
  /** |momentum| at or below this is NEUTRAL (a fraction: 0.02 = 2 %). */
  band: z.number().min(0).default(0.02),
});

export const SizingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('regime-leverage'),
    preset: z.enum(LEVERAGE_PRESET_NAMES).optional(),
    /** One leverage per regime, low-vol first; overrides the preset. */
    leverage: z.array(leverage).min(1).max(4).optional(),
    /** 'hard': the (gated) regime's leverage; 'gradient': Σ_k Pr(k)·leverage_k (Hamilton filter probabilities). */
    mode: z.enum(['hard', 'gradient']).default('hard'),
  }),
  z.object({ kind: z.literal('constant'), leverage: leverage.default(1) }),
  /** Buy once at the first bar with the weights at 1x and hold (no rebalancing, no funding: spot). */
  z.object({ kind: z.literal('buy-and-hold') }),
  z.object({
    kind: z.literal('four-state'),
    method: z.enum(['leverage', 'kelly']).default('kelly'),
    stateLeverage: stateRecord(DEFAULT_STATE_LEVERAGE, leverage),
    kelly: z
      .object({
        /** Risk aversion per state: leverage = (μ/σ²)/γ (fractional Kelly 1/γ). */
        gamma: stateRecord(DEFAULT_KELLY_GAMMA, z.number().gt(0)),
        /** Cap on |leverage| per state (kelly_baseline.py max_position). */
        cap: stateRecord(DEFAULT_KELLY_CAP, z.number().min(0)),
        /** Lower bound of the leverage (0 = long-only). */
        floor: z.number().default(0),
        /** 'rolling': μ, σ² of the last windowBars returns; 'state': of past bars in the same state (rolling until minBars). */
        estimator: z.enum(['rolling', 'state']).default('rolling'),
        windowBars: z.number().int().min(10).default(180),
        minBars: z.number().int().min(10).default(60),
      })
      .prefault({}),
  }),
]);

export const SignalSchema = z.object({
  /** 'momentum': built-in (sign of the lookback log return, confidence from its z-score); 'series': data.instruments[i].signal. */
  kind: z.enum(['momentum', 'series']).default('momentum'),
  lookbackBars: z.number().int().min(1).default(42),
  volatilityWindowBars: z.number().int().min(2).default(180),
  /** Momentum z-score at which the confidence reaches 1. */
  zScale: z.number().gt(0).default(2),
  /** Trade only when confidence > baseThreshold × multiplier[state]. */
  baseThreshold: z.number().min(0).default(0.5),
  multipliers: stateRecord(DEFAULT_THRESHOLD_MULTIPLIERS, z.number().min(0)),
  /** Below the threshold: 'flat' (exposure 0) or 'hold' (keep the previous target). */
  belowThreshold: z.enum(['flat', 'hold']).default('flat'),
  allowShort: z.boolean().default(false),
});

export const CostsSchema = z.object({
  takerFeeBps: z.number().min(0).default(5),
  makerFeeBps: z.number().min(0).default(2),
  /** Market orders pay taker; 'maker' models passive execution at the open (an optimistic choice). */
  liquidity: z.enum(['taker', 'maker']).default('taker'),
  slippage: z
    .object({
      model: z.enum(['fixed', 'volatility', 'volume']).default('fixed'),
      bps: z.number().min(0).default(2),
      /** volatility: bps × σ_t / referenceVolatility, σ_t the std of the last volatilityWindowBars close-to-close returns. */
      volatilityWindowBars: z.number().int().min(2).default(30),
      referenceVolatility: z.number().gt(0).default(0.01),
      /** volume: bps + impactBps × √(|order qty| / volume of the decision bar). */
      impactBps: z.number().min(0).default(10),
    })
    .prefault({}),
  funding: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      /** Rate per funding event (0.0001 = 0.01 % per 8 h, Binance's baseline); longs pay when positive. */
      z.object({ kind: z.literal('constant'), ratePerEvent: z.number().min(-0.05).max(0.05).default(0.0001) }),
      /** data.instruments[i].fundingRates; an event without a settlement uses the last known rate. */
      z.object({ kind: z.literal('series'), fallbackRate: z.number().default(0) }),
    ])
    .default({ kind: 'none' }),
  fundingHoursUtc: z.array(z.number().int().min(0).max(23)).default([0, 8, 16]),
});

export const MarginSchema = z.object({
  /** Gross leverage cap: targets above it are scaled down. */
  maxLeverage: z.number().gt(0).default(5),
  /** Liquidation when equity < rate × gross notional (Binance's lowest BTCUSDT tier: 0.4 %; 0.5 % here). */
  maintenanceMarginRate: z.number().min(0).max(1).default(0.005),
  liquidationFeeBps: z.number().min(0).default(0),
  /** After a liquidation: stay flat for the rest of the run (default) or keep trading. */
  afterLiquidation: z.enum(['stop', 'continue']).default('stop'),
});

export const RebalanceSchema = z.object({
  /**
   * 'every-bar': trade to the target at every close; 'on-change': when the target exposure changes
   * (a regime switch); 'schedule': at the last bar of each `every` bucket; 'drift': when the held
   * exposure is more than `band` away from the target. Every rule also trades on the first bar and
   * when the circuit breaker trips or re-arms.
   */
  rule: z.enum(['every-bar', 'on-change', 'schedule', 'drift']).default('on-change'),
  every: z.enum(['1d', '1w']).default('1d'),
  band: z.number().gt(0).default(0.1),
  /** Orders below this notional are not sent. */
  minOrderNotional: z.number().min(0).default(0),
});

export const CircuitBreakerSchema = z.object({
  /** Go flat when equity falls this far below its running peak (0.25 = 25 %). */
  maxDrawdown: z.number().gt(0).lt(1),
  /** Re-arm rule: after `cooldownBars` bars flat the breaker re-arms with the peak reset to the equity then. */
  cooldownBars: z.number().int().min(1).default(42),
});

export const CrossAssetSchema = z.object({
  /** Impose HIGH_VOL on an instrument whose rolling return correlation with a HIGH_VOL one exceeds this. */
  correlationThreshold: z.number().min(-1).max(1).default(0.9),
  windowBars: z.number().int().min(3).default(30),
});

export const InstrumentConfigSchema = z.object({
  symbol: z.string().min(1),
  /** Portfolio weight (the target exposure is weight × leverage); default 1 / number of instruments. */
  weight: z.number().min(0).max(10).optional(),
});

export const StrategyConfigSchema = z.object({
  name: z.string().default('strategy'),
  description: z.string().optional(),
  instruments: z.array(InstrumentConfigSchema).min(1),
  /** Trading window (inclusive): UTC ms or ISO 8601. Data before `start` is history for the regime fits. */
  window: z.object({ start: timeValue.optional(), end: timeValue.optional() }).prefault({}),
  initialCash: z.number().gt(0).default(100_000),
  regimes: RegimeSourceSchema.default({ source: 'none' }),
  gate: GateSchema.nullable().default(null),
  overlay: OverlaySchema.prefault({}),
  sizing: SizingSchema,
  /** Exposure while no regime estimate exists yet (warm-up). */
  warmupLeverage: leverage.default(1),
  signal: SignalSchema.nullable().default(null),
  crossAsset: CrossAssetSchema.nullable().default(null),
  circuitBreaker: CircuitBreakerSchema.nullable().default(null),
  rebalance: RebalanceSchema.prefault({}),
  costs: CostsSchema.prefault({}),
  margin: MarginSchema.prefault({}),
  stats: z.object({ periodsPerYear: z.number().gt(0).optional(), riskFree: z.number().default(0) }).prefault({}),
  execution: z.object({ path: z.enum(['event', 'vector']).default('event') }).prefault({}),
  benchmarks: z.boolean().default(true),
});
export type StrategyConfigInput = z.input<typeof StrategyConfigSchema>;
export type StrategyConfig = z.output<typeof StrategyConfigSchema>;
export type SizingConfig = StrategyConfig['sizing'];

/** Issue list with the field paths, the form the UI shows beside each field. */
export type ConfigIssue = { path: string; message: string };

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)';
}

/** Validates without throwing: the parsed config with presets resolved, or the issues by field. */
export function checkStrategyConfig(input: unknown): { ok: true; config: StrategyConfig } | { ok: false; issues: ConfigIssue[] } {
  const parsed = StrategyConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })) };
  const config = parsed.data;
  const issues: ConfigIssue[] = [];
  const sizing = config.sizing;
  if (sizing.kind === 'regime-leverage') {
    if (sizing.preset === 'buy-and-hold') {
      config.sizing = { kind: 'buy-and-hold' };
    } else if (!sizing.leverage) {
      if (!sizing.preset) issues.push({ path: 'sizing.leverage', message: 'give a leverage per regime (low-vol first) or a preset' });
      else sizing.leverage = [...LEVERAGE_PRESETS[sizing.preset].leverage];
    }
    if (config.sizing.kind === 'regime-leverage' && config.regimes.source === 'none') {
      issues.push({ path: 'regimes.source', message: "regime-leverage sizing needs a regime source (not 'none')" });
    }
    const k = config.regimes.source === 'walk-forward' || config.regimes.source === 'hindsight' ? config.regimes.model.regimeCount : null;
    if (config.sizing.kind === 'regime-leverage' && k !== null && config.sizing.leverage && config.sizing.leverage.length !== k) {
      issues.push({ path: 'sizing.leverage', message: `has ${config.sizing.leverage.length} entries; the regime model has ${k} regimes` });
    }
  }
  if (sizing.kind === 'four-state' && config.regimes.source === 'none') issues.push({ path: 'regimes.source', message: "four-state sizing needs a regime source (not 'none')" });
  if (config.gate && config.sizing.kind === 'regime-leverage' && config.sizing.mode === 'gradient') {
    issues.push({ path: 'gate', message: 'gradient sizing uses the probabilities directly; set gate to null' });
  }
  const symbols = new Set<string>();
  config.instruments.forEach((inst, i) => {
    if (symbols.has(inst.symbol)) issues.push({ path: `instruments[${i}].symbol`, message: `${inst.symbol} is listed twice` });
    symbols.add(inst.symbol);
  });
  if (config.crossAsset && config.instruments.length < 2) issues.push({ path: 'crossAsset', message: 'needs at least two instruments' });
  return issues.length ? { ok: false, issues } : { ok: true, config };
}

/** Parses and resolves a config; throws E_BAD_INPUT listing every issue with its field path. */
export function parseStrategyConfig(input: unknown): StrategyConfig {
  const r = checkStrategyConfig(input);
  if (!r.ok) {
    throw new RegimeLabError('E_BAD_INPUT', `invalid strategy config: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues: r.issues });
  }
  return r.config;
}
