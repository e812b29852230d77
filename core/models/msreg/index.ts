export * from './spec.ts';
export * from './markov-regression.ts';
export * from './markov-autoregression.ts';
export * from './simulate.ts';
