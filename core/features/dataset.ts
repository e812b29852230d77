// The training dataset the Python scripts read: named typed arrays (one raw little-endian file each)
// and a JSON manifest with dtypes, shapes and the conventions that made them. Pure: the caller writes.
export type DatasetArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type DatasetDtype = 'float32' | 'float64' | 'int32' | 'uint8';

export type DatasetManifest = {
  format: 'regimelab-dataset';
  version: 1;
  arrays: Record<string, { file: string; dtype: DatasetDtype; shape: number[] }>;
  /** Free-form conventions: feature names, split times, horizon, image spec, source file. */
  meta: Record<string, unknown>;
};

function dtypeOf(a: DatasetArray): DatasetDtype {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** Describes the arrays; `shapes` gives each array's shape (its length must match the product). */
export function datasetManifest(arrays: Record<string, DatasetArray>, shapes: Record<string, number[]>, meta: Record<string, unknown>): DatasetManifest {
  const entries: DatasetManifest['arrays'] = {};
  for (const [name, array] of Object.entries(arrays)) {
    const shape = shapes[name] ?? [array.length];
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== array.length) throw new RangeError(`dataset array ${name}: shape [${shape}] holds ${size} values, array has ${array.length}`);
    entries[name] = { file: `${name}.bin`, dtype: dtypeOf(array), shape };
  }
  return { format: 'regimelab-dataset', version: 1, arrays: entries, meta };
}

/** The bytes of one array as written to disk (little-endian on every platform we ship). */
export function arrayBytes(array: DatasetArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
