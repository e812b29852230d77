export * from './regime-series.ts';
export * from './align.ts';
export * from './import-csv.ts';
export * from './walk-forward.ts';
export * from './hindsight.ts';
export * from './source-config.ts';
export * from './resolve.ts';
