// What a report is built from: one or several BacktestResults (the first is the primary run), each
// optionally with its hindsight twin, the resolved regimes it used (for the model's transition
// matrix) and the underlying's closes, plus the run metadata needed to reproduce it.

import type { BacktestResult } from '../backtest/run-backtest.ts';
import type { ResolvedRegimes } from '../regimes/resolve.ts';

export type ReportDataSource = {
  /** Where the candles came from: "Binance BTCUSDT 4h (yanniedog export)", "simulated sample". */
  description: string;
  files?: string[];
  timeframe: string;
  bars: number;
  firstTime: number | null;
  lastTime: number | null;
  gaps?: number | null;
  missingBars?: number | null;
  rejectedRows?: number | null;
  syntheticBars?: number | null;
  /** Bars resampled from a bucket with base bars missing (a 4h bar from three of its hours). */
  incompleteBars?: number | null;
};

export type ReportMetadata = {
  title?: string;
  runId?: string | null;
  /** When the run was made (UTC ms): the only time the report prints besides the data's own. */
  runTime: number;
  runDurationMs?: number | null;
  appVersion: string;
  /** Seed of every random stream the run used (bootstrap intervals use `bootstrapSeed`). */
  seed?: number | null;
  /** SHA-256 of the candle columns the run read (run-store's candleDataHash). */
  dataHash: string;
  /** SHA-256 of the canonical JSON config; computed from the config when absent. */
  configHash?: string;
  data: ReportDataSource;
};

export type ReportRun = {
  result: BacktestResult;
  /** Label in the comparison (default: the config name). */
  label?: string;
  /** The same strategy with hindsight (smoothed) regimes, shown side by side with the causal run. */
  hindsight?: BacktestResult | null;
  /** The regimes the run used (walk-forward refits or the full-sample fit): the model's transition matrix. */
  regimes?: ResolvedRegimes[] | null;
  /** Closes of instrument 0 aligned with result.time (correlation, timing test); else buy-and-hold's returns. */
  underlyingClose?: Float64Array | null;
};

export type ReportOptions = {
  /** M4 buckets per chart series (≈ 4 points each). Default 600. */
  chartBuckets?: number;
  /** Bootstrap replications of the Sharpe interval, timing test and variant significance. Default 500. */
  bootstrapReplications?: number;
  bootstrapSeed?: number;
  /** Trials behind the DSR (a sweep's variant count); default: the number of runs in the report. */
  dsrTrials?: { numTrials: number; trialSharpeVariance: number } | null;
  /** VaR level of the rolling VaR and its backtests. Default 0.99. */
  varLevel?: number;
  /** Walk-forward GARCH(1,1) behind the rolling one-step VaR: training window and refit interval in bars. */
  varWindowBars?: number;
  varRefitEveryBars?: number;
  /** Rolling statistics window in days. Default 90. */
  rollingWindowDays?: number;
  /** Whipsaw horizon in bars; default one day of bars. */
  whipsawBars?: number;
  /** Histogram bins. Default 60. */
  histogramBins?: number;
};

export type ReportInput = { runs: ReportRun[]; metadata: ReportMetadata; options?: ReportOptions };
