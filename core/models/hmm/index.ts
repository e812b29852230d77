export * from './gaussian-hmm.ts';
export * from './simulate.ts';
