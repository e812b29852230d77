// SHA-256 (FIPS 180-4) of a byte array in pure TypeScript, so core/ can fingerprint imported files
// without node:crypto. Used for the import report's file hash and for re-import detection.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Hash state; feed bytes with `update`, read the digest once with `digestHex`. */
export type Sha256 = { update(bytes: Uint8Array): void; digestHex(): string };

export function createSha256(): Sha256 {
  const h = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
  const w = new Int32Array(64);
  const pending = new Uint8Array(64);
  let pendingLength = 0;
  let totalBytes = 0;
  let finished = false;

  /** Compresses the 64-byte blocks of bytes[offset, end); the state stays in locals across blocks. */
  const compress = (bytes: Uint8Array, offset: number, end: number): void => {
    let h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7];
    for (let block = offset; block < end; block += 64) {
      for (let i = 0; i < 16; i++) {
        const p = block + 4 * i;
        w[i] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
      }
      for (let i = 16; i < 64; i++) {
        const x = w[i - 15];
        const y = w[i - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, k = h7;
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0;
        d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + k) | 0;
    }
    h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5; h[6] = h6; h[7] = h7;
  };

  const update = (bytes: Uint8Array): void => {
    if (finished) throw new RangeError('sha256: update after digest');
    totalBytes += bytes.length;
    let i = 0;
    if (pendingLength > 0) {
      const take = Math.min(64 - pendingLength, bytes.length);
      pending.set(bytes.subarray(0, take), pendingLength);
      pendingLength += take;
      i = take;
      if (pendingLength < 64) return;
      compress(pending, 0, 64);
      pendingLength = 0;
    }
    const whole = i + Math.floor((bytes.length - i) / 64) * 64;
    compress(bytes, i, whole);
    i = whole;
    if (i < bytes.length) {
      pending.set(bytes.subarray(i), 0);
      pendingLength = bytes.length - i;
    }
  };

  const digestHex = (): string => {
    if (finished) throw new RangeError('sha256: digest read twice');
    finished = true;
    const bitsHigh = Math.floor(totalBytes / 0x20000000);
    const bitsLow = (totalBytes * 8) >>> 0;
    const tail = new Uint8Array(pendingLength < 56 ? 64 : 128);
    tail.set(pending.subarray(0, pendingLength));
    tail[pendingLength] = 0x80;
    const end = tail.length;
    tail[end - 8] = bitsHigh >>> 24; tail[end - 7] = bitsHigh >>> 16; tail[end - 6] = bitsHigh >>> 8; tail[end - 5] = bitsHigh;
    tail[end - 4] = bitsLow >>> 24; tail[end - 3] = bitsLow >>> 16; tail[end - 2] = bitsLow >>> 8; tail[end - 1] = bitsLow;
    compress(tail, 0, end);
    let hex = '';
    for (let i = 0; i < 8; i++) hex += (h[i] >>> 0).toString(16).padStart(8, '0');
    return hex;
  };

  return { update, digestHex };
}

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  const hash = createSha256();
  hash.update(bytes);
  return hash.digestHex();
}
