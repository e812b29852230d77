// Decoding of the containers candle files arrive in: `.zip` (as data.binance.vision ships them)
// and gzip (`.csv.gz`). Limits guard against zip bombs (total size, compression ratio, checked while
// inflating, not trusted from headers) and every member is verified against its CRC-32.

import { Inflate } from 'fflate';
import { RegimeLabError } from '../errors.ts';
import { crc32 } from './crc32.ts';

export type ArchiveLimits = {
  /** Largest decompressed member accepted, bytes (default 2 GiB). */
  maxUncompressedBytes?: number;
  /** Largest decompressed/compressed ratio accepted once the output passes 16 MiB (default 250). */
  maxCompressionRatio?: number;
  /**
   * A faster raw-DEFLATE decoder supplied by the host (the Node worker passes zlib's
   * `inflateRawSync(data, { maxOutputLength })`); it must throw past `maxOutputBytes`. Default:
   * fflate, step by step. Sizes and CRC-32 are checked the same way either way.
   */
  inflateRaw?: (data: Uint8Array, maxOutputBytes: number) => Uint8Array;
  /** A faster CRC-32 supplied by the host (Node's `zlib.crc32`); default: the table-driven one in core. */
  crc32?: (data: Uint8Array) => number;
};

export type ArchiveMember = { name: string; bytes: Uint8Array; compressedBytes: number };

export type ContainerKind = 'zip' | 'gzip' | 'none';

const DEFAULT_MAX_UNCOMPRESSED = 2 * 1024 ** 3;
const DEFAULT_MAX_RATIO = 250;
/** Below this output size any ratio is harmless (a small, very repetitive CSV). */
const RATIO_FLOOR_BYTES = 16 * 1024 ** 2;
/** Compressed bytes fed per inflate step: bounds the overshoot past a limit to ~64 MiB. */
const INFLATE_STEP_BYTES = 64 * 1024;

export function detectContainer(bytes: Uint8Array): ContainerKind {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)) return 'zip';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  return 'none';
}

function bad(fileName: string, message: string): RegimeLabError {
  return new RegimeLabError('E_BAD_INPUT', `${fileName}: ${message}`);
}

function u16(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8);
}
function u32(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

type ZipEntry = { name: string; method: number; flags: number; crc: number; compressedSize: number; size: number; localOffset: number };

/** Central-directory entries of a zip (files only, directories skipped). */
export function listZipEntries(bytes: Uint8Array, fileName: string): ZipEntry[] {
  // End-of-central-directory record: last 22 bytes plus up to 64 KiB of comment.
  let eocd = -1;
  for (let p = bytes.length - 22; p >= 0 && p >= bytes.length - 22 - 0xffff; p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 0x05 && bytes[p + 3] === 0x06) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw bad(fileName, `not a complete zip archive: end-of-central-directory record not found (${bytes.length} bytes; truncated download?)`);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad(fileName, 'ZIP64 archives are not supported (member over 4 GiB?)');
  if (cdOffset + cdSize > eocd) throw bad(fileName, `corrupt zip: central directory (offset ${cdOffset}, ${cdSize} bytes) runs past its end record at ${eocd} (truncated?)`);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) throw bad(fileName, `corrupt zip: central directory entry ${i + 1} of ${count} is damaged`);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const entry: ZipEntry = {
      flags: u16(bytes, p + 8),
      method: u16(bytes, p + 10),
      crc: u32(bytes, p + 16),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw bad(fileName, `ZIP64 member ${entry.name} is not supported`);
    if (!entry.name.endsWith('/')) entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates raw DEFLATE data step by step, refusing output past the limits as soon as it appears. */
function inflateLimited(
  data: Uint8Array,
  expectedSize: number | undefined,
  limits: ResolvedLimits,
  describe: string,
): Uint8Array {
  let out = new Uint8Array(expectedSize !== undefined && expectedSize <= limits.maxUncompressedBytes ? expectedSize : Math.min(limits.maxUncompressedBytes, Math.max(1024, data.length * 4)));
  let length = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    const needed = length + chunk.length;
    if (needed > limits.maxUncompressedBytes) {
      throw new RegimeLabError('E_REFUSED', `${describe}: expands past the limit of ${limits.maxUncompressedBytes} bytes (zip bomb?)`);
    }
    if (needed > RATIO_FLOOR_BYTES && needed / Math.max(1, data.length) > limits.maxCompressionRatio) {
      throw new RegimeLabError('E_REFUSED', `${describe}: compression ratio over ${limits.maxCompressionRatio}:1 (${needed} bytes from ${data.length}; zip bomb?)`);
    }
    if (needed > out.length) {
      if (expectedSize !== undefined) throw bad(describe, `expands past its declared size of ${expectedSize} bytes (corrupt or crafted archive)`);
      const grown = new Uint8Array(Math.min(limits.maxUncompressedBytes, Math.max(needed, out.length * 2)));
      grown.set(out.subarray(0, length));
      out = grown;
    }
    out.set(chunk, length);
    length = needed;
    if (final) finished = true;
  });
  try {
    for (let p = 0; p < data.length; p += INFLATE_STEP_BYTES) {
      const end = Math.min(data.length, p + INFLATE_STEP_BYTES);
      inflater.push(data.subarray(p, end), end === data.length);
      if (finished) break;
    }
    if (data.length === 0) inflater.push(data, true);
  } catch (error) {
    if (error instanceof RegimeLabError) throw error;
    throw bad(describe, `compressed data is corrupt (${(error as Error).message})`);
  }
  if (!finished) throw bad(describe, 'compressed data ends early (truncated archive)');
  return length === out.length ? out : out.subarray(0, length);
}

type ResolvedLimits = Required<Omit<ArchiveLimits, 'inflateRaw'>> & Pick<ArchiveLimits, 'inflateRaw'>;

const checksum = (data: Uint8Array): number => crc32(data);

function resolveLimits(limits: ArchiveLimits | undefined): ResolvedLimits {
  return {
    maxUncompressedBytes: limits?.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED,
    maxCompressionRatio: limits?.maxCompressionRatio ?? DEFAULT_MAX_RATIO,
    inflateRaw: limits?.inflateRaw,
    crc32: limits?.crc32 ?? checksum,
  };
}

/** Every file member of a zip, decompressed and CRC-checked. */
export function unzipMembers(bytes: Uint8Array, fileName: string, limits?: ArchiveLimits): ArchiveMember[] {
  const resolved = resolveLimits(limits);
  const entries = listZipEntries(bytes, fileName);
  let total = 0;
  return entries.map((entry) => {
    const describe = `${fileName} › ${entry.name}`;
    if (entry.flags & 1) throw bad(describe, 'encrypted zip members are not supported');
    if (entry.size > resolved.maxUncompressedBytes) {
      throw new RegimeLabError('E_REFUSED', `${describe}: declares ${entry.size} bytes uncompressed, over the limit of ${resolved.maxUncompressedBytes}`);
    }
    const p = entry.localOffset;
    if (p + 30 > bytes.length || u32(bytes, p) !== 0x04034b50) throw bad(describe, `local header at offset ${p} is missing or damaged`);
    const dataStart = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) throw bad(describe, `member data runs past the end of the file (needs ${dataEnd} bytes, file has ${bytes.length}; truncated?)`);
    const data = bytes.subarray(dataStart, dataEnd);
    let content: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw bad(describe, 'stored member has different compressed and uncompressed sizes');
      content = data;
    } else if (entry.method === 8) {
      if (entry.size > RATIO_FLOOR_BYTES && entry.size / Math.max(1, data.length) > resolved.maxCompressionRatio) {
        throw new RegimeLabError('E_REFUSED', `${describe}: declares a compression ratio over ${resolved.maxCompressionRatio}:1 (${entry.size} bytes from ${data.length}; zip bomb?)`);
      }
      if (resolved.inflateRaw) {
        try {
          content = resolved.inflateRaw(data, entry.size + 1);
        } catch (error) {
          throw bad(describe, `compressed data is corrupt or larger than declared (${(error as Error).message})`);
        }
      } else content = inflateLimited(data, entry.size, resolved, describe);
    } else {
      throw bad(describe, `compression method ${entry.method} is not supported (only stored and deflate)`);
    }
    if (content.length !== entry.size) throw bad(describe, `decompressed to ${content.length} bytes, the directory says ${entry.size} (corrupt archive)`);
    const actualCrc = resolved.crc32(content) >>> 0;
    if (actualCrc !== entry.crc) {
      throw bad(describe, `CRC-32 mismatch (stored ${entry.crc.toString(16).padStart(8, '0')}, computed ${actualCrc.toString(16).padStart(8, '0')}): the archive is corrupt`);
    }
    total += content.length;
    if (total > resolved.maxUncompressedBytes) {
      throw new RegimeLabError('E_REFUSED', `${fileName}: members expand past the limit of ${resolved.maxUncompressedBytes} bytes in total`);
    }
    return { name: entry.name, bytes: content, compressedBytes: entry.compressedSize };
  });
}

/**
 * Decompresses a single-member gzip file (what `gzip file.csv` writes), checking CRC-32 and size.
 * A multi-member file (`cat a.gz b.gz`) fails the trailer check with a message that says so.
 */
export function gunzip(bytes: Uint8Array, fileName: string, limits?: ArchiveLimits): Uint8Array {
  const resolved = resolveLimits(limits);
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw bad(fileName, `not a complete gzip file (${bytes.length} bytes)`);
  if (bytes[2] !== 8) throw bad(fileName, `gzip compression method ${bytes[2]} is not supported`);
  const flags = bytes[3];
  let q = 10;
  if (flags & 4) q += 2 + u16(bytes, q);
  if (flags & 8) while (q < bytes.length && bytes[q++] !== 0);
  if (flags & 16) while (q < bytes.length && bytes[q++] !== 0);
  if (flags & 2) q += 2;
  const trailer = bytes.length - 8;
  if (q >= trailer) throw bad(fileName, 'gzip header runs past the end of the file (truncated?)');
  const content = inflateLimited(bytes.subarray(q, trailer), undefined, resolved, fileName);
  const storedCrc = u32(bytes, trailer);
  const storedSize = u32(bytes, trailer + 4);
  if (resolved.crc32(content) >>> 0 !== storedCrc || (content.length >>> 0) !== storedSize) {
    throw bad(fileName, `gzip trailer check failed (CRC-32/size of ${content.length} decompressed bytes do not match): the file is corrupt, truncated, or holds several gzip members`);
  }
  return content;
}
