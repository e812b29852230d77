// Public surface of core/report: the report model, its builder and the HTML renderer (re-exports only).
export * from './report-input.ts';
export * from './report-model.ts';
export * from './build-report-model.ts';
export * from './render-report-html.ts';
export * from './embedded-table.ts';
export * from './format.ts';
export { reportConfigHash } from './section-run-card.ts';
