// Fetches one kline archive into the download cache and proves it whole: its `.CHECKSUM`
// (SHA-256) first, then the zip (resumed from a `.part` file after a dropped connection), then the
// hash and every member's CRC-32. Retries with exponential backoff; a file is only ever renamed
// from `.part` to its final name once verified, so nothing unverified reaches the importer.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { RegimeLabError } from '../../../core/errors.ts';
import { unzipMembers } from '../../../core/data/archive.ts';
import type { KlineArchive } from './archive-plan.ts';
import { archiveUrl } from './archive-plan.ts';
import { downloadToPart, getText, headStatus, HttpStatusError, isRetriableStatus, TransferError, type PartDownload } from './http-get.ts';

export type RetryPolicy = {
  /** Retries after the first attempt before a file is refused. */
  retries: number;
  /** First backoff delay, doubled after each failed attempt (with jitter), ms. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Longest silence on a connection before it is abandoned, ms. */
  timeoutMs: number;
};

export type ArchiveFetchEnv = {
  baseUrl: string;
  /** Root of the download cache; the archive lives at `{cacheDir}/{archive.path}`. */
  cacheDir: string;
  policy: RetryPolicy;
  signal: AbortSignal;
  /** Bytes of this archive on disk so far and its size when known (for progress). */
  onBytes?: (bytesOnDisk: number, totalBytes: number | undefined) => void;
};

export type ArchiveFetch =
  | { status: 'verified'; filePath: string; sha256: string; sizeBytes: number; networkBytes: number; source: 'network' | 'cache'; attempts: number; resumes: number; message: string }
  | { status: 'missing' | 'failed'; sha256: string | null; networkBytes: number; attempts: number; resumes: number; message: string };

/** Largest archive accepted (a month of 1-minute klines is a few MB zipped). */
const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;
/** Resumes that extend the partial file do not use up a retry, up to this many per archive. */
const MAX_PROGRESS_RESUMES = 20;

class ArchiveMissing extends Error {}
class ArchiveInvalid extends Error {}

/** The hex digest from a `.CHECKSUM` file (`<sha256>  <file name>`), checked to name `fileName`. */
export function parseChecksumFile(text: string, fileName: string): string {
  const match = /^([0-9a-fA-F]{64})[ \t]+\*?(\S+)[ \t]*$/m.exec(text.trim());
  if (!match) throw new ArchiveInvalid(`${fileName}.CHECKSUM is not a SHA-256 checksum line (got ${JSON.stringify(text.slice(0, 80))})`);
  if (match[2] !== fileName) throw new ArchiveInvalid(`${fileName}.CHECKSUM names another file (${match[2]})`);
  return match[1].toLowerCase();
}

export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every member decompressed and CRC-checked (zlib inflates natively; core/data checks the rest). */
async function verifyZip(filePath: string, fileName: string): Promise<void> {
  const buffer = await fs.promises.readFile(filePath);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let members: { name: string }[];
  try {
    members = unzipMembers(bytes, fileName, { inflateRaw: (data, maxOutputBytes) => zlib.inflateRawSync(data, { maxOutputLength: maxOutputBytes }), crc32: (data) => zlib.crc32(data) });
  } catch (error) {
    throw new ArchiveInvalid(`corrupt zip: ${(error as Error).message}`);
  }
  if (members.length === 0) throw new ArchiveInvalid(`corrupt zip: ${fileName} holds no file`);
}

function backoffMs(policy: RetryPolicy, failures: number): number {
  const ceiling = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** (failures - 1));
  return Math.round(ceiling * (0.5 + Math.random() * 0.5)); // jitter, so parallel retries spread out
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

export function cachePathOf(cacheDir: string, archive: KlineArchive): string {
  return path.join(cacheDir, ...archive.path.split('/'));
}

export async function fetchArchive(archive: KlineArchive, env: ArchiveFetchEnv): Promise<ArchiveFetch> {
  const { policy, signal } = env;
  const url = archiveUrl(env.baseUrl, archive);
  const finalPath = cachePathOf(env.cacheDir, archive);
  const partPath = `${finalPath}.part`;
  fs.mkdirSync(path.dirname(finalPath), { recursive: true });
  const requestOptions = { timeoutMs: policy.timeoutMs, signal };

  let expected: string | undefined;
  let attempts = 0;
  let failures = 0;
  /** Transfers that continued a partial file with a Range request. */
  let resumes = 0;
  let progressResumes = 0;
  let networkBytes = 0;
  let largestPart = sizeOf(partPath);
  const end = (status: 'missing' | 'failed', message: string): ArchiveFetch => ({ status, sha256: expected ?? null, networkBytes, attempts, resumes, message });

  for (;;) {
    attempts++;
    try {
      if (expected === undefined) expected = await fetchChecksum(url, archive.fileName, requestOptions);
      // A verified copy from an earlier run, or a part that is already complete (the process ended
      // between the last byte and the rename): checked against today's checksum, never trusted.
      for (const candidate of attempts === 1 ? [finalPath, partPath] : []) {
        if (fs.existsSync(candidate) && (await sha256File(candidate)) === expected) {
          await verifyZip(candidate, archive.fileName);
          if (candidate === partPath) fs.renameSync(partPath, finalPath);
          env.onBytes?.(sizeOf(finalPath), sizeOf(finalPath));
          return { status: 'verified', filePath: finalPath, sha256: expected, sizeBytes: sizeOf(finalPath), networkBytes, source: candidate === finalPath ? 'cache' : 'network', attempts, resumes, message: `${archive.fileName}: verified copy in the download cache` };
        }
      }
      fs.rmSync(finalPath, { force: true });
      let transfer: PartDownload;
      try {
        transfer = await downloadToPart(url, partPath, { ...requestOptions, maxBytes: MAX_ARCHIVE_BYTES, onBytes: env.onBytes });
        networkBytes += transfer.receivedBytes;
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 404) throw new ArchiveMissing(`${archive.fileName}: its .CHECKSUM is published but the archive is not (HTTP 404 at ${url})`);
        throw error;
      }
      if (transfer.resumedFromBytes > 0) resumes++;
      const actual = await sha256File(partPath);
      if (actual !== expected) {
        const size = sizeOf(partPath);
        fs.rmSync(partPath, { force: true });
        const wanted = expected;
        expected = undefined; // fetch the checksum again too: either side may have been the bad one
        throw new ArchiveInvalid(`checksum mismatch: ${archive.fileName}.CHECKSUM says SHA-256 ${wanted}, the ${size} bytes received hash to ${actual}`);
      }
      try {
        await verifyZip(partPath, archive.fileName);
      } catch (error) {
        fs.rmSync(partPath, { force: true });
        throw error;
      }
      fs.renameSync(partPath, finalPath);
      const sizeBytes = sizeOf(finalPath);
      return { status: 'verified', filePath: finalPath, sha256: expected, sizeBytes, networkBytes, source: 'network', attempts, resumes, message: `${archive.fileName}: ${sizeBytes} bytes, SHA-256 verified` };
    } catch (error) {
      if (signal.aborted) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user; partial downloads stay in the cache to resume, the store is unchanged');
      if (error instanceof ArchiveMissing) return end('missing', error.message);
      if (error instanceof HttpStatusError && !isRetriableStatus(error.status)) return end('failed', `${archive.fileName}: refused: the server answered HTTP ${error.status} for ${error.url}`);
      const reason = (error as Error).message;
      if (error instanceof TransferError) {
        const partSize = sizeOf(partPath);
        // A dropped connection that got further than before resumes at once without using a retry.
        if (partSize > largestPart && progressResumes < MAX_PROGRESS_RESUMES) {
          largestPart = partSize;
          progressResumes++;
          continue;
        }
      } else if (!(error instanceof ArchiveInvalid || error instanceof HttpStatusError)) {
        throw error;
      }
      failures++;
      if (failures > policy.retries) {
        return end('failed', `${archive.fileName}: refused after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`);
      }
      try {
        await sleep(backoffMs(policy, failures), signal);
      } catch {
        throw new RegimeLabError('E_CANCELLED', 'cancelled by the user; partial downloads stay in the cache to resume, the store is unchanged');
      }
    }
  }
}

/** The archive's SHA-256 from its `.CHECKSUM`; a 404 there means the archive does not exist. */
async function fetchChecksum(url: string, fileName: string, options: { timeoutMs: number; signal: AbortSignal }): Promise<string> {
  try {
    return parseChecksumFile(await getText(`${url}.CHECKSUM`, options), fileName);
  } catch (error) {
    if (!(error instanceof HttpStatusError) || error.status !== 404) throw error;
  }
  const archiveStatus = await headStatus(url, options);
  if (archiveStatus === 404) throw new ArchiveMissing(`${fileName}: not in the archive (HTTP 404 at ${url})`);
  if (archiveStatus >= 200 && archiveStatus < 300) throw new HttpStatusError(404, `${url}.CHECKSUM (the archive exists but cannot be verified without it)`);
  throw new HttpStatusError(archiveStatus, url);
}
