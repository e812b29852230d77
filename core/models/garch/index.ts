// Re-exports of the GARCH(1,1) / GJR(1,1) family with fGarch's conventions.
export * from './spec.ts';
export * from './gjr-mapping.ts';
export * from './variance.ts';
export { garchLogLikelihood, garchLogLikelihoodGradient } from './likelihood.ts';
export * from './persistence.ts';
export * from './fit.ts';
export * from './standard-errors.ts';
export * from './information-criteria.ts';
export * from './forecast.ts';
export * from './simulate.ts';
export * from './rolling-forecast.ts';
export type { ParameterBounds } from './transform.ts';
export { DEFAULT_BOUNDS } from './transform.ts';
