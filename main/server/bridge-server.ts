// The loopback bridge: the workstation served to a browser. HTTP POST /api/<method> carries calls
// (binary wire messages, typed arrays as raw bytes), a WebSocket at /events pushes events, and the
// renderer bundle is served as static files. 127.0.0.1 only, a random token per start, no CORS.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../core/contract/wire.ts';
import { isMethodName } from '../../core/contract/methods.ts';
import { serializeError } from '../../core/errors.ts';
import type { CallEnvelope } from '../../core/contract/client.ts';
import type { Workstation } from '../services/workstation.ts';
import { checkRequest, contentSecurityPolicy, cookieValue } from './bridge-security.ts';

export const TOKEN_COOKIE = 'regimelab_token';
export const WIRE_CONTENT_TYPE = 'application/x-regimelab-wire';
const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** The offline report's own policy: everything inline, nothing fetched. */
const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const STATUS_OF_CODE: Record<string, number> = {
  E_BAD_INPUT: 400,
  E_NOT_FOUND: 404,
  E_REFUSED: 409,
  E_CONFLICT: 409,
  E_CANCELLED: 409,
  E_UNAUTHORIZED: 401,
  E_INTERNAL: 500,
};

export type BridgeServer = { url: string; origin: string; port: number; token: string; close(): Promise<void> };

export async function startBridgeServer(
  workstation: Workstation,
  options: { port?: number; rendererDir: string; token?: string },
): Promise<BridgeServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = http.createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const clients = new Set<WebSocket>();
  let port = 0;

  const unsubscribe = workstation.onAny((event, payload) => {
    const frame = encodeMessage({ event, payload });
    for (const client of clients) if (client.readyState === client.OPEN) client.send(frame, { binary: true });
  });

  server.on('request', (req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendPlain(res, 500, `internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = req.headers.host;
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (url.pathname.startsWith('/api/')) {
      // API calls: the token travels in the Authorization header only (never a cookie: no CSRF).
      const auth = req.headers.authorization;
      const presented = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const verdict = checkRequest({ host, origin, token: presented }, port, token);
      if (!verdict.ok) return sendPlain(res, verdict.status, verdict.reason);
      if (req.method !== 'POST') return sendPlain(res, 405, 'API calls use POST');
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const body = await readBody(req);
      let envelope: CallEnvelope;
      let status = 200;
      try {
        if (!isMethodName(method)) throw Object.assign(new Error(`unknown method ${JSON.stringify(method)}`), { code: 'E_NOT_FOUND' });
        const input = body.byteLength === 0 ? {} : parseBody(body, req.headers['content-type']);
        envelope = { ok: true, value: await workstation.call(method, input as never) };
      } catch (error) {
        const serialized = serializeError(error);
        status = STATUS_OF_CODE[serialized.code] ?? 500;
        envelope = { ok: false, error: serialized };
      }
      const bytes = encodeMessage(envelope);
      res.writeHead(status, { 'Content-Type': WIRE_CONTENT_TYPE, 'Content-Length': bytes.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(bytes);
      return;
    }
    // Static renderer files: the first page load carries ?token=…, which becomes a strict cookie
    // so the page's own assets load; the token is never accepted from another site's page.
    const queryToken = url.searchParams.get('token') ?? undefined;
    const presented = queryToken ?? cookieValue(req.headers.cookie, TOKEN_COOKIE);
    const verdict = checkRequest({ host, origin, token: presented }, port, token);
    if (!verdict.ok) return sendPlain(res, verdict.status, `${verdict.reason}: open the URL printed by \`npm start\` (it carries the token)`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendPlain(res, 405, 'method not allowed');
    if (url.pathname === '/report') return serveReport(url, res);
    serveStatic(url.pathname, res, queryToken !== undefined);
  }

  /**
   * The report viewer in browser mode: /report?runs=ID,ID renders saved runs' report and serves it
   * as its own page, under the report's own policy (inline styles and scripts, no network at all).
   */
  async function serveReport(url: URL, res: http.ServerResponse): Promise<void> {
    const runIds = (url.searchParams.get('runs') ?? '').split(',').filter(Boolean);
    try {
      const rendered = await workstation.call('reports.render', { runIds });
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': REPORT_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(rendered.html);
    } catch (error) {
      const serialized = serializeError(error);
      sendPlain(res, STATUS_OF_CODE[serialized.code] ?? 500, `report: ${serialized.message}`);
    }
  }

  function serveStatic(pathname: string, res: http.ServerResponse, setCookie: boolean): void {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(options.rendererDir, relative);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep)) return sendPlain(res, 403, 'path outside the app');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (!fs.existsSync(path.join(options.rendererDir, 'index.html'))) return sendPlain(res, 503, 'the renderer is not built: run npm run build');
      return sendPlain(res, 404, `not found: ${pathname}`);
    }
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    if (setCookie) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const verdict = url.pathname === '/events'
      ? checkRequest({ host: req.headers.host, origin, token: url.searchParams.get('token') ?? undefined }, port, token)
      : ({ ok: false, status: 403, reason: 'unknown socket path' } as const);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', () => {}); // the event socket is one-way; calls go over HTTP
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const client of clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function parseBody(body: Buffer, contentType: string | undefined): unknown {
  if (contentType?.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as unknown;
  return decodeMessage(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendPlain(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  res.end(message + '\n');
}
