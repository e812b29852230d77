// The shared state every section builder reads: the runs with their derived series, the resolved
// options and the regime names. Built once per report by buildReportModel.

import type { BacktestResult } from '../backtest/run-backtest.ts';
import type { ReportInput, ReportMetadata, ReportOptions, ReportRun } from './report-input.ts';
import { runSeries, type RunSeries } from './run-series.ts';

export type RunContext = { run: ReportRun; result: BacktestResult; series: RunSeries | null; label: string; ruined: boolean };

export type ResolvedOptions = Required<Omit<ReportOptions, 'dsrTrials' | 'whipsawBars'>> & Pick<ReportOptions, 'dsrTrials'> & { whipsawBars: number };

export type BuildContext = {
  metadata: ReportMetadata;
  options: ResolvedOptions;
  primary: RunContext;
  runs: RunContext[];
  regimeNames: { label: number; name: string }[];
  regimeName(label: number): string;
};

export const REPORT_DEFAULTS = {
  chartBuckets: 600,
  bootstrapReplications: 500,
  bootstrapSeed: 1,
  varLevel: 0.99,
  varWindowBars: 1000,
  varRefitEveryBars: 500,
  rollingWindowDays: 90,
  histogramBins: 60,
} as const;

export function runContext(run: ReportRun, index: number): RunContext {
  const ruined = run.result.headline.ruined;
  const label = run.label ?? (index === 0 ? run.result.name : `${run.result.name} #${index + 1}`);
  return { run, result: run.result, series: ruined ? null : runSeries(run.result, run.underlyingClose), label, ruined };
}

function regimeCountOf(result: BacktestResult): number {
  let max = -1;
  for (const r of result.regimeSeen) for (const v of r) if (v > max) max = v;
  return max + 1;
}

/** "low vol" / "high vol" for two regimes (regime 0 = lowest volatility, as MSGARCH orders them), else "regime k". */
export function regimeNamesFor(count: number): { label: number; name: string }[] {
  const names = count === 2 ? ['low vol', 'high vol'] : Array.from({ length: count }, (_, k) => (k === 0 ? 'regime 0 (lowest vol)' : k === count - 1 ? `regime ${k} (highest vol)` : `regime ${k}`));
  return [{ label: -1, name: 'no estimate' }, ...names.map((name, label) => ({ label, name }))];
}

export function buildContext(input: ReportInput): BuildContext {
  const runs = input.runs.map(runContext);
  const primary = runs[0];
  const periodsPerDay = primary.result.periodsPerYear / 365;
  const options: ResolvedOptions = {
    ...REPORT_DEFAULTS,
    ...input.options,
    dsrTrials: input.options?.dsrTrials ?? null,
    whipsawBars: input.options?.whipsawBars ?? Math.max(1, Math.round(periodsPerDay)),
  };
  const regimeNames = regimeNamesFor(Math.max(...runs.map((r) => regimeCountOf(r.result)), 0));
  return {
    metadata: input.metadata,
    options,
    primary,
    runs,
    regimeNames,
    regimeName: (label) => regimeNames.find((r) => r.label === label)?.name ?? `regime ${label}`,
  };
}
