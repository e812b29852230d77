// Re-exports of the optimisation toolkit (quasi-Newton minimiser, finite differences, small linear algebra).
export { minimize } from './bfgs.ts';
export type { Objective, MinimizeOptions, MinimizeResult } from './bfgs.ts';
export { numericalGradient, numericalHessian, hessianFromGradient, withNumericalGradient } from './numdiff.ts';
export type { ScalarFunction } from './numdiff.ts';
export { invertMatrix } from './linalg.ts';
