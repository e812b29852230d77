// Reports service: render backtest reports in the report worker (re-exports only).
export * from './render-backtest-report.ts';
export * from './report-from-runs.ts';
