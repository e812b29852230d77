export * from './gaussian-hmm.ts';
