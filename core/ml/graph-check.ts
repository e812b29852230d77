// Checks an ONNX graph's declared inputs/outputs (as onnxruntime reports them) against the manifest,
// before a model is first used: every manifest tensor must exist with the same type and rank, and
// every static size must agree (symbolic axes such as "batch" match any size).
import type { TensorSpec } from './manifest.ts';

export type GraphTensorInfo = { name: string; type: string; shape: (number | string)[] };

/** The mismatches, each a sentence naming the tensor; empty when the graph fits the manifest. */
export function graphMismatches(graphLabel: string, expected: { inputs: TensorSpec[]; outputs: TensorSpec[] }, actual: { inputs: GraphTensorInfo[]; outputs: GraphTensorInfo[] }): string[] {
  const problems: string[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const have = new Map(actual[side].map((t) => [t.name, t]));
    for (const want of expected[side]) {
      const got = have.get(want.name);
      if (!got) {
        problems.push(`${graphLabel}: the manifest names ${side.slice(0, -1)} "${want.name}" but the graph's ${side} are ${[...have.keys()].map((n) => `"${n}"`).join(', ') || 'none'}`);
        continue;
      }
      if (got.type !== want.dtype) problems.push(`${graphLabel}: ${side.slice(0, -1)} "${want.name}" is ${got.type} in the graph, ${want.dtype} in the manifest`);
      if (got.shape.length !== want.shape.length) {
        problems.push(`${graphLabel}: ${side.slice(0, -1)} "${want.name}" has rank ${got.shape.length} [${got.shape.join(', ')}] in the graph, rank ${want.shape.length} [${want.shape.join(', ')}] in the manifest`);
        continue;
      }
      want.shape.forEach((d, i) => {
        const g = got.shape[i];
        if (typeof d === 'number' && typeof g === 'number' && d !== g) {
          problems.push(`${graphLabel}: ${side.slice(0, -1)} "${want.name}" axis ${i} is ${g} in the graph, ${d} in the manifest`);
        }
        if (typeof d === 'number' && typeof g === 'string') problems.push(`${graphLabel}: ${side.slice(0, -1)} "${want.name}" axis ${i} is dynamic ("${g}") in the graph, ${d} in the manifest`);
      });
    }
    if (side === 'inputs') {
      const named = new Set(expected.inputs.map((t) => t.name));
      for (const t of actual.inputs) if (!named.has(t.name)) problems.push(`${graphLabel}: the graph needs input "${t.name}", which the manifest does not describe`);
    }
  }
  return problems;
}

/** An ONNX ModelProto starts with field 1 (ir_version, varint): byte 0x08. Cheap first test of "is this ONNX". */
export function looksLikeOnnx(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x08 && head[1] >= 3 && head[1] <= 12;
}
