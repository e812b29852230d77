// The bridge's binary message format: a JSON header with typed arrays lifted out into an aligned
// binary tail, so bulk series cross HTTP and WebSocket as raw bytes, never as JSON number lists.
// Layout: u32 little-endian header length | header UTF-8 | zero padding to 8 | array bytes (each 8-aligned).

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

type ArrayRef = { $typed: TypedArrayName; offset: number; length: number };

const MAGIC_KEY = '$typed';

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) {
    if (value instanceof TYPED_ARRAYS[name]) return name;
  }
  return null;
}

const align8 = (n: number): number => (n + 7) & ~7;

export function encodeMessage(value: unknown): Uint8Array {
  const arrays: AnyTypedArray[] = [];
  const refs: ArrayRef[] = [];
  let tail = 0;
  const header = JSON.stringify(value, function replacer(this: unknown, _key, v: unknown) {
    const name = typedArrayName(v);
    if (name === null) {
      if (v && typeof v === 'object' && Object.hasOwn(v, MAGIC_KEY)) {
        throw new TypeError(`encodeMessage: objects may not carry the reserved key ${MAGIC_KEY}`);
      }
      return v;
    }
    const array = v as AnyTypedArray;
    const ref: ArrayRef = { $typed: name, offset: tail, length: array.length };
    arrays.push(array);
    refs.push(ref);
    tail = align8(tail + array.byteLength);
    return ref;
  });
  const headerBytes = new TextEncoder().encode(header ?? 'null');
  const start = align8(4 + headerBytes.length);
  const out = new Uint8Array(start + tail);
  new DataView(out.buffer).setUint32(0, headerBytes.length, true);
  out.set(headerBytes, 4);
  arrays.forEach((array, i) => {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), start + refs[i].offset);
  });
  return out;
}

export function decodeMessage(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 4) throw new RangeError('decodeMessage: message shorter than its header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new RangeError('decodeMessage: header length exceeds the message');
  const header = new TextDecoder().decode(bytes.subarray(4, 4 + headerLength));
  const start = align8(4 + headerLength);
  // Copy the tail once into an aligned buffer so every array can be a view on it.
  const tail = bytes.slice(start);
  return JSON.parse(header, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || !Object.hasOwn(v, MAGIC_KEY)) return v;
    const ref = v as ArrayRef;
    const Ctor = TYPED_ARRAYS[ref.$typed];
    if (!Ctor || !Number.isInteger(ref.offset) || !Number.isInteger(ref.length) || ref.offset < 0 || ref.length < 0) {
      throw new RangeError(`decodeMessage: malformed array reference ${JSON.stringify(ref)}`);
    }
    const byteLength = ref.length * Ctor.BYTES_PER_ELEMENT;
    if (ref.offset % 8 !== 0 || ref.offset + byteLength > tail.byteLength) {
      throw new RangeError(`decodeMessage: array reference outside the message (${ref.offset}+${byteLength})`);
    }
    return new Ctor(tail.buffer, tail.byteOffset + ref.offset, ref.length);
  });
}
