// Features for the ML models (issue 8): the causal 45-feature panel, the forward-vol target, model
// windows and the dataset format shared with the Python training scripts. Re-exports only.
export * from './panel.ts';
export * from './target.ts';
export * from './windows.ts';
export * from './dataset.ts';
export * from './permute.ts';
