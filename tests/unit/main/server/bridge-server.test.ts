import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { Workstation } from '../../../../main/services/workstation.ts';
import { startBridgeServer, type BridgeServer, WIRE_CONTENT_TYPE } from '../../../../main/server/bridge-server.ts';
import { checkRequest, contentSecurityPolicy } from '../../../../main/server/bridge-security.ts';
import { decodeMessage, encodeMessage } from '../../../../core/contract/wire.ts';
import type { CallEnvelope } from '../../../../core/contract/client.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** Raw HTTP so Host and Origin can be forged the way a hostile page or DNS rebinding would. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body ? Buffer.from(options.body) : undefined);
  });
}

describe('loopback bridge', () => {
  let dir: string;
  let ws: Workstation;
  let bridge: BridgeServer;
  let host: string;
  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test' });
    bridge = await startBridgeServer(ws, { rendererDir: path.join(repoRoot, 'out', 'renderer') });
    host = `127.0.0.1:${bridge.port}`;
  });
  afterAll(async () => {
    await bridge.close();
    await ws.close();
    removeDir(dir);
  });

  const call = (method: string, input: unknown, headers: Record<string, string>) =>
    request(bridge.port, { path: `/api/${method}`, headers: { 'Content-Type': WIRE_CONTENT_TYPE, ...headers }, body: encodeMessage(input) });

  it('listens on 127.0.0.1 only, with a fresh random token', () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a call with typed arrays as binary frames', async () => {
    const reply = await call('data.getCandles', { instrumentId: 1, timeframe: '1d' }, { Host: host, Authorization: `Bearer ${bridge.token}` });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(WIRE_CONTENT_TYPE);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    const envelope = decodeMessage(new Uint8Array(reply.body)) as CallEnvelope<{ candles: { close: Float64Array } }>;
    expect(envelope.ok).toBe(true);
    if (envelope.ok) expect(envelope.value.candles.close).toBeInstanceOf(Float64Array);
  });

  it.each([
    ['no token', { Host: 'HOST' }, 401],
    ['a wrong token', { Host: 'HOST', Authorization: 'Bearer wrong-token-wrong-token-wrong-token' }, 401],
    ['the token in a cookie only (no CSRF through cookies)', { Host: 'HOST', Cookie: 'regimelab_token=TOKEN' }, 401],
    ['a foreign Origin', { Host: 'HOST', Authorization: 'Bearer TOKEN', Origin: 'https://evil.example' }, 403],
    ['a null Origin', { Host: 'HOST', Authorization: 'Bearer TOKEN', Origin: 'null' }, 403],
    ['a rebinding Host', { Host: 'evil.example:80', Authorization: 'Bearer TOKEN' }, 403],
  ])('rejects a call with %s', async (_label, headers, status) => {
    const resolved = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('HOST', host).replace('TOKEN', bridge.token)]));
    const reply = await call('data.listInstruments', {}, resolved);
    expect(reply.status).toBe(status);
    expect(reply.body.toString()).not.toContain('SIM-BTCUSD');
  });

  it('accepts its own Origin and maps contract errors to statuses', async () => {
    const good = { Host: host, Authorization: `Bearer ${bridge.token}`, Origin: bridge.origin };
    expect((await call('data.listInstruments', {}, good)).status).toBe(200);
    const bad = await call('data.getCandles', { instrumentId: 'x' }, good);
    expect(bad.status).toBe(400);
    const envelope = decodeMessage(new Uint8Array(bad.body)) as CallEnvelope;
    expect(envelope).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    expect((await call('no.such', {}, good)).status).toBe(404);
    expect((await request(bridge.port, { method: 'OPTIONS', path: '/api/system.info', headers: { ...good, 'Access-Control-Request-Method': 'POST' } })).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the app only with the token, then through a strict cookie, with a CSP', async () => {
    expect((await request(bridge.port, { method: 'GET', path: '/', headers: { Host: host } })).status).toBe(401);
    const first = await request(bridge.port, { method: 'GET', path: `/?token=${bridge.token}`, headers: { Host: host } });
    expect(first.status).toBe(200);
    expect(first.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect(first.headers['content-security-policy']).toBe(contentSecurityPolicy(bridge.port));
    expect(first.body.toString()).toContain('<div id="root">');
    const cookie = first.headers['set-cookie']![0].split(';')[0];
    const asset = first.body.toString().match(/src="\.\/(assets\/[^"]+\.js)"/)![1];
    expect((await request(bridge.port, { method: 'GET', path: `/${asset}`, headers: { Host: host, Cookie: cookie } })).status).toBe(200);
    expect((await request(bridge.port, { method: 'GET', path: '/../package.json', headers: { Host: host, Cookie: cookie } })).status).not.toBe(200);
  });

  it('pushes events over the WebSocket only to token holders from allowed origins', async () => {
    const url = `ws://127.0.0.1:${bridge.port}/events`;
    const refused = (target: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(target, origin ? { origin } : {});
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => {});
      });
    expect(await refused(url)).toBe(401);
    expect(await refused(`${url}?token=${bridge.token}`, 'https://evil.example')).toBe(403);
    const socket = new WebSocket(`${url}?token=${bridge.token}`, { origin: bridge.origin });
    await new Promise((resolve) => socket.on('open', resolve));
    const received = new Promise<{ event: string; payload: { jobId: string } }>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const message = decodeMessage(new Uint8Array(data)) as { event: string; payload: { jobId: string } };
        if (message.event === 'job.done') resolve(message);
      });
    });
    const { jobId } = await ws.call('jobs.start', { kind: 'data.seedSample', params: { years: 1 } });
    expect((await received).payload.jobId).toBe(jobId);
    socket.close();
  });
});

describe('checkRequest', () => {
  it('requires the exact loopback Host and, when present, an allowed Origin', () => {
    expect(checkRequest({ host: '127.0.0.1:5000', origin: undefined, token: 't' }, 5000, 't')).toEqual({ ok: true });
    expect(checkRequest({ host: 'localhost:5000', origin: 'http://localhost:5000', token: 't' }, 5000, 't')).toEqual({ ok: true });
    expect(checkRequest({ host: '127.0.0.1:5001', origin: undefined, token: 't' }, 5000, 't')).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ host: undefined, origin: undefined, token: 't' }, 5000, 't')).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000.evil.example', token: 't' }, 5000, 't')).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ host: '127.0.0.1:5000', origin: undefined, token: 'T' }, 5000, 't')).toMatchObject({ ok: false, status: 401 });
  });
});
