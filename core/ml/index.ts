// ONNX models in RegimeLab (issue 8): manifest schema, graph checks and the TTT loop. Re-exports only.
export * from './manifest.ts';
export * from './graph-check.ts';
export * from './ttt-inputs.ts';
export * from './ttt.ts';
export * from './garch-baseline.ts';
export * from './evaluation.ts';
export * from './signals.ts';
