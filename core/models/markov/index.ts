export * from './transition.ts';
export * from './hamilton-filter.ts';
export * from './kim-smoother.ts';
export * from './viterbi.ts';
export * from './regime-order.ts';
export * from './summary.ts';
export * from './transition-logits.ts';
export * from './standard-errors.ts';
