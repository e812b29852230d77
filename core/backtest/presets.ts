// The research's regime → leverage presets (low-vol regime first, high-vol last). Moderate, Aggressive,
// Conservative, Buy-and-hold: the strategy table of notebook 03; Academic / Flat / Inverted: the
// week-04 validation (research/002, "Academic vs Original Multipliers"). Conservative's leverages are
// not stated in the research; RegimeLab uses 1.0x / 0.5x (half of Aggressive), a choice, not a quote.

export const LEVERAGE_PRESETS = {
  moderate: { leverage: [1.5, 0.75], label: 'Moderate 1.5x / 0.75x' },
  aggressive: { leverage: [2.0, 1.0], label: 'Aggressive 2.0x / 1.0x' },
  conservative: { leverage: [1.0, 0.5], label: 'Conservative 1.0x / 0.5x (RegimeLab choice)' },
  academic: { leverage: [1.3, 0.8], label: 'Academic 1.3x / 0.8x' },
  inverted: { leverage: [0.8, 1.3], label: 'Inverted 0.8x / 1.3x' },
  flat: { leverage: [1.0, 1.0], label: 'Flat 1.0x' },
  /** The production 2-state backtest multipliers quoted in research/002. */
  production: { leverage: [1.2, 0.7], label: 'Production backtest 1.2x / 0.7x' },
} as const;
export type LeveragePreset = keyof typeof LEVERAGE_PRESETS | 'buy-and-hold';
export const LEVERAGE_PRESET_NAMES = ['moderate', 'aggressive', 'conservative', 'academic', 'inverted', 'flat', 'production', 'buy-and-hold'] as const satisfies readonly LeveragePreset[];

/** The 4-state view of research/002 (Lesson 2): low-vol × direction, and HIGH_VOL for the high-vol regime. */
export const FOUR_STATES = ['BULL', 'NEUTRAL', 'BEAR', 'HIGH_VOL'] as const;
export type FourState = (typeof FOUR_STATES)[number];

/** Production defaults quoted in research/002: adaptive signal-threshold multipliers and Kelly settings. */
export const DEFAULT_THRESHOLD_MULTIPLIERS: Record<FourState, number> = { BULL: 0.85, NEUTRAL: 1.0, BEAR: 1.3, HIGH_VOL: 1.5 };
export const DEFAULT_KELLY_GAMMA: Record<FourState, number> = { BULL: 1.5, NEUTRAL: 2, BEAR: 4, HIGH_VOL: 6 };
export const DEFAULT_KELLY_CAP: Record<FourState, number> = { BULL: 1.5, NEUTRAL: 1.0, BEAR: 0.5, HIGH_VOL: 0.25 };
/** The research's Kelly mapping table (Lesson 4) as plain per-state leverages. */
export const DEFAULT_STATE_LEVERAGE: Record<FourState, number> = { BULL: 1.5, NEUTRAL: 1.0, BEAR: 0.75, HIGH_VOL: 0.5 };
