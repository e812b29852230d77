// HTTP GETs for the archive downloader on node:http/https: a small text file held in memory (the
// `.CHECKSUM`), and an archive streamed into a `.part` file that a later call resumes with a Range
// request. Every request has an inactivity timeout and stops when the signal aborts.

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The server answered with a status that is not a success. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} for ${url}`);
    this.name = 'HttpStatusError';
  }
}

/** The transfer broke off (reset, timeout, early end); worth retrying, resuming where it stopped. */
export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

export type GetOptions = {
  /** Longest silence on the socket (before the headers or between body chunks), ms. */
  timeoutMs: number;
  signal: AbortSignal;
  headers?: Record<string, string>;
};

/** Statuses worth retrying: timeouts, rate limits and server-side errors. */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

type OpenRequest = {
  response: http.IncomingMessage;
  abort: (error: Error) => void;
  /** Why the request was torn down on our side (a timeout), if it was. */
  teardown: () => TransferError | undefined;
};

function request(url: string, method: 'GET' | 'HEAD', options: GetOptions): Promise<OpenRequest> {
  return new Promise((resolve, reject) => {
    const parsed = new URL(url);
    const client = parsed.protocol === 'https:' ? https : http;
    const req = client.request(parsed, { method, headers: { 'user-agent': 'RegimeLab', ...options.headers }, signal: options.signal });
    let teardown: TransferError | undefined;
    req.setTimeout(options.timeoutMs, () => {
      teardown = new TransferError(`no data from ${parsed.host} for ${options.timeoutMs} ms (timed out)`);
      req.destroy(teardown);
    });
    req.once('error', (error) => reject(asTransferError(teardown ?? error, options.signal)));
    req.once('response', (response) => resolve({ response, abort: (error) => req.destroy(error), teardown: () => teardown }));
    req.end();
  });
}

function asTransferError(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason : new Error('aborted');
  if (error instanceof TransferError || error instanceof HttpStatusError) return error;
  const code = (error as { code?: string }).code;
  return new TransferError(`${(error as Error).message}${code && !(error as Error).message.includes(code) ? ` (${code})` : ''}`);
}

/** The status of a HEAD request (used to tell a missing archive from a missing checksum). */
export async function headStatus(url: string, options: GetOptions): Promise<number> {
  const { response } = await request(url, 'HEAD', options);
  response.resume();
  return response.statusCode ?? 0;
}

/** A small text body (at most `maxBytes`). */
export async function getText(url: string, options: GetOptions, maxBytes = 64 * 1024): Promise<string> {
  const { response, abort, teardown } = await request(url, 'GET', options);
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    response.resume();
    throw new HttpStatusError(status, url);
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > maxBytes) {
        abort(new TransferError('too large'));
        throw new HttpStatusError(413, url);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw asTransferError(teardown() ?? error, options.signal);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type PartDownload = {
  /** Bytes received over the network by this call. */
  receivedBytes: number;
  /** Size of the `.part` file when this call started (what was resumed from; 0 for a fresh start). */
  resumedFromBytes: number;
  /** The archive's full size, when the server said it. */
  totalBytes: number | undefined;
};

/**
 * Streams `url` into `partPath`, resuming from the bytes already there with `Range: bytes=N-`.
 * A 206 answer appends; a 200 (server ignores ranges) starts the file over; a 416 (the part is
 * not a prefix of what the server has) removes the part and throws a TransferError so the next
 * attempt starts clean. The file on disk is always a prefix of the archive, whatever breaks.
 */
export async function downloadToPart(url: string, partPath: string, options: GetOptions & { onBytes?: (received: number, total: number | undefined) => void; maxBytes: number }): Promise<PartDownload> {
  const existing = fs.existsSync(partPath) ? fs.statSync(partPath).size : 0;
  const headers = existing > 0 ? { range: `bytes=${existing}-` } : undefined;
  const { response, abort, teardown } = await request(url, 'GET', { ...options, headers: { ...options.headers, ...headers } });
  const status = response.statusCode ?? 0;
  let append = false;
  let totalBytes: number | undefined;
  const contentLength = response.headers['content-length'] !== undefined ? Number(response.headers['content-length']) : undefined;
  if (status === 206 && existing > 0) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(response.headers['content-range'] ?? ''));
    if (!range || Number(range[1]) !== existing) {
      response.resume();
      fs.rmSync(partPath, { force: true });
      throw new TransferError(`the server resumed at an unexpected offset (Content-Range ${JSON.stringify(response.headers['content-range'] ?? null)}, wanted ${existing}); starting over`);
    }
    append = true;
    totalBytes = range[3] === '*' ? undefined : Number(range[3]);
  } else if (status === 200) {
    totalBytes = contentLength;
  } else if (status === 416) {
    response.resume();
    fs.rmSync(partPath, { force: true });
    throw new TransferError(`the partial download (${existing} bytes) does not fit the file on the server (HTTP 416); starting over`);
  } else {
    response.resume();
    throw new HttpStatusError(status, url);
  }
  if (totalBytes !== undefined && totalBytes > options.maxBytes) {
    abort(new TransferError('too large'));
    throw new TransferError(`${url}: ${totalBytes} bytes is over the ${options.maxBytes}-byte download limit`);
  }
  const startBytes = append ? existing : 0;
  let receivedBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      receivedBytes += chunk.length;
      if (startBytes + receivedBytes > options.maxBytes) {
        callback(new TransferError(`${url}: more than the ${options.maxBytes}-byte download limit`));
        return;
      }
      options.onBytes?.(startBytes + receivedBytes, totalBytes);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(response, counter, fs.createWriteStream(partPath, { flags: append ? 'a' : 'w' }));
  } catch (error) {
    if (options.signal.aborted || error instanceof HttpStatusError) throw asTransferError(error, options.signal);
    const cause = teardown() ?? (error instanceof TransferError ? error : undefined);
    const reason = cause?.message ?? `${(error as Error).message}${(error as { code?: string }).code ? ` (${(error as { code?: string }).code})` : ''}`;
    const of = totalBytes !== undefined ? ` of ${totalBytes}` : '';
    throw new TransferError(`the transfer broke off after ${startBytes + receivedBytes}${of} bytes: ${reason}`);
  }
  const expected = append ? (contentLength ?? (totalBytes !== undefined ? totalBytes - existing : undefined)) : contentLength;
  if (expected !== undefined && receivedBytes < expected) {
    throw new TransferError(`the connection closed after ${startBytes + receivedBytes} of ${startBytes + expected} bytes`);
  }
  return { receivedBytes, resumedFromBytes: startBytes, totalBytes };
}
