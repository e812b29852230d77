// The bridge's request checks as pure functions: token, Host and Origin. The bridge listens on
// 127.0.0.1 only; these checks stop other local users' pages (DNS rebinding, cross-site requests)
// and anything without this start's random token.

import { timingSafeEqual } from 'node:crypto';

export type RequestFacts = {
  host: string | undefined;
  origin: string | undefined;
  /** Token presented by the request (header, query or cookie, as the route allows). */
  token: string | undefined;
};

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

export function tokensEqual(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Host must name this loopback server; Origin, when a browser sends one, must be this server. */
export function checkRequest(facts: RequestFacts, port: number, expectedToken: string): Verdict {
  if (!facts.host || !allowedHosts(port).includes(facts.host.toLowerCase())) {
    return { ok: false, status: 403, reason: `Host ${JSON.stringify(facts.host ?? '')} is not this loopback server` };
  }
  if (facts.origin !== undefined && !allowedOrigins(port).includes(facts.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(facts.origin)} is not allowed` };
  }
  if (facts.token === undefined || facts.token.length === 0) return { ok: false, status: 401, reason: 'missing token' };
  if (!tokensEqual(expectedToken, facts.token)) return { ok: false, status: 401, reason: 'wrong token' };
  return { ok: true };
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function contentSecurityPolicy(port: number): string {
  const ws = allowedHosts(port).map((h) => `ws://${h}`).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${ws}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
