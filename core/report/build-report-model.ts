// buildReportModel(input) → ReportModel: the ten sections in the issue's order, from one or several
// BacktestResults and the run metadata. Pure and deterministic: the same input gives the same model
// (bootstraps are seeded; nothing reads a clock).

import { RegimeLabError } from '../errors.ts';
import { buildContext } from './build-context.ts';
import type { ReportInput } from './report-input.ts';
import type { ReportModel } from './report-model.ts';
import { comparisonSection } from './section-comparison.ts';
import { conventionsSection } from './section-conventions.ts';
import { distributionSection } from './section-distribution.ts';
import { equitySection } from './section-equity.ts';
import { headlineSection, sharpeInference } from './section-headline.ts';
import { periodsSection } from './section-periods.ts';
import { regimesSection } from './section-regimes.ts';
import { riskSection, rollingVar } from './section-risk.ts';
import { runCardSection } from './section-run-card.ts';
import { tradesSection } from './section-trades.ts';

export function buildReportModel(input: ReportInput): ReportModel {
  if (!input || !Array.isArray(input.runs) || input.runs.length === 0) throw new RegimeLabError('E_BAD_INPUT', 'report input.runs must list at least one backtest result');
  if (!input.metadata || !Number.isFinite(input.metadata.runTime)) throw new RegimeLabError('E_BAD_INPUT', `report input.metadata.runTime must be a time in UTC ms, got ${String(input.metadata?.runTime)}`);
  const ctx = buildContext(input);
  const inference = ctx.runs.map((r) => sharpeInference(r, ctx));
  const primary = ctx.primary.result;
  const span = `${new Date(primary.window.startTime).toISOString().slice(0, 10)} → ${new Date(primary.window.endTime).toISOString().slice(0, 10)}`;
  return {
    schemaVersion: 1,
    title: input.metadata.title ?? `Backtest report: ${ctx.primary.label}`,
    subtitle: `${primary.symbols.join(', ')} · ${input.metadata.data.timeframe} · ${span}${ctx.runs.length > 1 ? ` · ${ctx.runs.length} runs` : ''}${primary.hindsight ? ' · HINDSIGHT' : ''}`,
    runTime: input.metadata.runTime,
    hindsight: primary.hindsight,
    regimeNames: ctx.regimeNames,
    sections: [
      runCardSection(ctx),
      headlineSection(ctx, inference[0]),
      equitySection(ctx),
      regimesSection(ctx),
      riskSection(ctx, rollingVar(ctx.primary, ctx)),
      distributionSection(ctx),
      periodsSection(ctx),
      tradesSection(ctx),
      comparisonSection(ctx, inference),
      conventionsSection(ctx),
    ],
  };
}
