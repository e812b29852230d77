// Model services for the workstation (issue 8): registry, inference pool, evaluation. Re-exports only.
export * from './inference-pool.ts';
export * from './model-registry.ts';
export * from './evaluate.ts';
