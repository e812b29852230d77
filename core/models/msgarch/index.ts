export * from './simulate.ts';
export * from './spec.ts';
export * from './likelihood.ts';
export * from './filter.ts';
export * from './fit.ts';
