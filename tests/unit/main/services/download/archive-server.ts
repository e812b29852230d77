// A loopback stand-in for data.binance.vision (127.0.0.1, random port): serves archive bytes by
// path with their `.CHECKSUM`, honours Range requests, and injects the faults the downloader must
// survive (a dropped connection after N bytes, a hang, a slow drip, a corrupt body, a 404).
// Fixtures are real files from ../shared or zips built from their real rows.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { sharedPath } from '../../../helpers/paths.ts';

export type Fault =
  /** Destroy the socket after sending this many body bytes. */
  | { kind: 'drop'; afterBytes: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send the body in chunks of `chunkBytes` every `everyMs`. */
  | { kind: 'slow'; chunkBytes: number; everyMs: number }
  /** Answer with these bytes instead of the real ones. */
  | { kind: 'body'; bytes: Uint8Array }
  | { kind: 'status'; status: number };

export type Served = { bytes: Uint8Array; checksum?: string };

export type RequestLog = { path: string; method: string; range: string | undefined };

export class ArchiveServer {
  readonly files = new Map<string, Served>();
  /** Faults by path, consumed one per request (the first request gets the first fault). */
  readonly faults = new Map<string, Fault[]>();
  readonly log: RequestLog[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: http.Server;
  private sockets = new Set<Socket>();
  baseUrl = '';

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Serve `bytes` at the archive path, with a correct `.CHECKSUM` unless `checksum` overrides it. */
  put(archivePath: string, bytes: Uint8Array, checksum?: string): void {
    const fileName = archivePath.split('/').pop()!;
    this.files.set(archivePath, { bytes });
    const hex = checksum ?? sha256(bytes);
    this.files.set(`${archivePath}.CHECKSUM`, { bytes: new TextEncoder().encode(`${hex}  ${fileName}`) });
  }

  fault(archivePath: string, ...faults: Fault[]): void {
    this.faults.set(archivePath, [...(this.faults.get(archivePath) ?? []), ...faults]);
  }

  requests(pathSuffix: string, method = 'GET'): RequestLog[] {
    return this.log.filter((r) => r.path.endsWith(pathSuffix) && r.method === method);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    this.log.push({ path, method: req.method ?? 'GET', range: req.headers.range });
    const served = this.files.get(path);
    const fault = this.faults.get(path)?.shift();
    if (fault?.kind === 'hang') return; // the client's timeout must end this
    if (fault?.kind === 'status') {
      res.writeHead(fault.status).end();
      return;
    }
    if (!served) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    let bytes = fault?.kind === 'body' ? fault.bytes : served.bytes;
    let status = 200;
    const headers: Record<string, string> = { 'content-type': 'application/zip', 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      if (start >= bytes.length) {
        res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
      bytes = bytes.subarray(start);
      status = 206;
    }
    headers['content-length'] = String(bytes.length);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    if (fault?.kind === 'drop') {
      res.write(bytes.subarray(0, fault.afterBytes), () => setTimeout(() => res.socket?.destroy(), 10));
      return;
    }
    if (fault?.kind === 'slow') {
      let offset = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(bytes.subarray(offset, offset + fault.chunkBytes));
        offset += fault.chunkBytes;
        if (offset >= bytes.length) {
          clearInterval(timer);
          res.end();
        }
      }, fault.everyMs);
      return;
    }
    // Real-sized files in one go are too quick to overlap; a short pause makes concurrency visible.
    setTimeout(() => res.end(bytes), 20);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ── fixtures from the real files in ../shared/data/binance ──────────────────────────────────────

const SPOT_1M_DIR = sharedPath('data', 'binance', 'spot', 'daily', 'klines', 'BTCUSDT', '1m', 'lostleaf__binance_datatool');
const SPOT_1H_DIR = sharedPath('data', 'binance', 'spot', 'monthly', 'klines', 'BTCUSDT', '1h', 'intabyu__interview-at');

/** A real BTCUSDT spot 1m daily zip (2020-01-01..03) and the hash in its real `.CHECKSUM`. */
export function realDailyZip(day: '01' | '02' | '03'): { path: string; bytes: Uint8Array; checksum: string } {
  const name = `BTCUSDT-1m-2020-01-${day}.zip`;
  const bytes = new Uint8Array(fs.readFileSync(`${SPOT_1M_DIR}/${name}`));
  const checksum = fs.readFileSync(`${SPOT_1M_DIR}/${name}.CHECKSUM`, 'utf8').split(/\s+/)[0];
  return { path: `data/spot/daily/klines/BTCUSDT/1m/${name}`, bytes, checksum };
}

/** Data rows (no header) of a real BTCUSDT spot 1h monthly CSV for 2023-01..05. */
export function real1hRows(month: '01' | '02' | '03' | '04' | '05'): string[] {
  const text = fs.readFileSync(`${SPOT_1H_DIR}/BTCUSDT-1h-2023-${month}.csv`, 'utf8');
  return text.split('\n').filter((line) => /^\d/.test(line));
}

/** A zip in the archive's shape: one CSV member named like the archive. */
export function klineZip(archiveName: string, rows: string[]): Uint8Array {
  const member = archiveName.replace(/\.zip$/, '.csv');
  return zipSync({ [member]: new TextEncoder().encode(rows.join('\n') + '\n') }, { level: 6 });
}

/** The monthly 1h archive for 2023-MM built from its real rows. */
export function monthly1hZip(month: '01' | '02' | '03' | '04' | '05'): { path: string; bytes: Uint8Array } {
  const name = `BTCUSDT-1h-2023-${month}.zip`;
  return { path: `data/spot/monthly/klines/BTCUSDT/1h/${name}`, bytes: klineZip(name, real1hRows(month)) };
}

/** The daily 1h archives of 2023-MM, each built from that day's real rows. */
export function daily1hZips(month: '01' | '02' | '03' | '04' | '05'): { path: string; bytes: Uint8Array; day: string }[] {
  const byDay = new Map<string, string[]>();
  for (const row of real1hRows(month)) {
    const day = new Date(Number(row.split(',')[0])).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), row]);
  }
  return [...byDay].map(([day, rows]) => {
    const name = `BTCUSDT-1h-${day}.zip`;
    return { day, path: `data/spot/daily/klines/BTCUSDT/1h/${name}`, bytes: klineZip(name, rows) };
  });
}
