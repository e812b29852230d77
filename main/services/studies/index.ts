export * from './study-cell.ts';
export * from './study-job.ts';
