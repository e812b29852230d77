// Archive decoding: the real Binance zips, gzip, CRC and size checks, zip-bomb limits, and the
// pure-TS SHA-256 / CRC-32 against node:crypto / node:zlib.
import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gunzip, unzipMembers } from '../../../../core/data/archive.ts';
import { crc32 } from '../../../../core/data/crc32.ts';
import { createSha256, sha256Hex } from '../../../../core/data/sha256.ts';
import { createRng } from '../../../../core/random/rng.ts';
import { FILES, readBytes } from './shared-files.ts';

function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a throw');
}

describe('sha256 and crc32', () => {
  it('match node:crypto and zlib on edge lengths and random data, streaming or not', () => {
    const rng = createRng(7);
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 65_537]) {
      const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
      const hash = createSha256();
      for (let p = 0; p < n; p += 37) hash.update(bytes.subarray(p, p + 37));
      expect(hash.digestHex()).toBe(sha256Hex(bytes));
    }
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('zip', () => {
  it('unzips the real Binance member: name, size and CRC as in SOURCES.md', () => {
    const [member] = unzipMembers(readBytes(FILES.spot1m20200101), 'BTCUSDT-1m-2020-01-01.zip');
    expect(member.name).toBe('BTCUSDT-1m-2020-01-01.csv');
    expect(member.bytes.length).toBe(204_966);
    const [us] = unzipMembers(readBytes(FILES.spot1mUs20250102), 'x.zip');
    expect(sha256Hex(us.bytes).startsWith('d598bb13')).toBe(true);
  });

  it('a host-supplied inflater (node:zlib) gives the same bytes', () => {
    const bytes = readBytes(FILES.futures1m20250102);
    const viaZlib = unzipMembers(bytes, 'x.zip', { inflateRaw: (data, max) => inflateRawSync(data, { maxOutputLength: max }) });
    expect(sha256Hex(viaZlib[0].bytes).startsWith('b0876224')).toBe(true);
    expect(new Uint8Array(viaZlib[0].bytes)).toEqual(unzipMembers(bytes, 'x.zip')[0].bytes);
  });

  it('refuses a truncated zip, a flipped data byte (CRC), a lying size and encrypted members', () => {
    const bytes = readBytes(FILES.spot1m20200101);
    expect(thrown(() => unzipMembers(bytes.subarray(0, 30_000), 'a.zip')).message).toMatch(/a\.zip: not a complete zip archive: end-of-central-directory record not found/);
    const flipped = bytes.slice();
    flipped[20_000] ^= 0x55;
    expect(thrown(() => unzipMembers(flipped, 'b.zip')).message).toMatch(/b\.zip › BTCUSDT-1m-2020-01-01\.csv: (compressed data is corrupt|CRC-32 mismatch|decompressed to|expands past)/);
    // Central directory claims 1000 bytes: the member expands past its declared size.
    const lying = bytes.slice();
    const cd = findSignature(lying, 0x02014b50);
    new DataView(lying.buffer).setUint32(cd + 24, 1000, true);
    expect(thrown(() => unzipMembers(lying, 'c.zip')).message).toMatch(/expands past its declared size of 1000 bytes/);
    const encrypted = bytes.slice();
    encrypted[cd + 8] |= 1;
    expect(thrown(() => unzipMembers(encrypted, 'd.zip')).message).toMatch(/encrypted zip members are not supported/);
  });

  it('zip bombs: refused by ratio and size limits while inflating, accepted within limits', () => {
    const zeros = new Uint8Array(24 * 1024 * 1024);
    const bomb = zipSync({ 'bomb.csv': [zeros, { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    const byRatio = thrown(() => unzipMembers(bomb, 'bomb.zip'));
    expect(byRatio.code).toBe('E_REFUSED');
    expect(byRatio.message).toMatch(/compression ratio over 250:1/);
    const bySize = thrown(() => unzipMembers(bomb, 'bomb.zip', { maxUncompressedBytes: 1_000_000, maxCompressionRatio: 1e9 }));
    expect(bySize.message).toMatch(/declares 25165824 bytes uncompressed, over the limit of 1000000/);
    const within = unzipMembers(bomb, 'bomb.zip', { maxCompressionRatio: 1e9 });
    expect(within[0].bytes.length).toBe(zeros.length);
    // A gzip bomb has no trustworthy header size: the limit trips while inflating.
    const gz = gzipSync(zeros, { level: 9 });
    expect(thrown(() => gunzip(gz, 'bomb.csv.gz', { maxUncompressedBytes: 10_000_000, maxCompressionRatio: 1e9 })).message).toMatch(/expands past the limit of 10000000 bytes/);
    expect(thrown(() => gunzip(gz, 'bomb.csv.gz')).message).toMatch(/compression ratio over 250:1/);
  });
});

describe('gzip', () => {
  it('round-trips and refuses truncation or corruption', () => {
    const csv = readBytes(FILES.spot1mHead32);
    const gz = gzipSync(csv);
    expect(gunzip(gz, 'x.csv.gz')).toEqual(csv);
    expect(thrown(() => gunzip(gz.subarray(0, gz.length - 20), 'x.csv.gz')).code).toBe('E_BAD_INPUT');
    const bad = gz.slice();
    bad[gz.length - 6] ^= 1; // CRC byte
    expect(thrown(() => gunzip(bad, 'x.csv.gz')).message).toMatch(/gzip trailer check failed/);
  });
});

function findSignature(bytes: Uint8Array, signature: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = 0; p + 4 <= bytes.length; p++) if (view.getUint32(p, true) === signature) return p;
  throw new Error('signature not found');
}
