import os from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Who may talk to the emulator from a browser. The client endpoints sign anyone in as any user, so a
 * web page on another origin must not reach them (CSRF, reading replies), and neither may a page that
 * reaches this port through a hostname of its own (DNS rebinding). Checked once for every route.
 */
export interface OriginPolicy {
  /** `host:port` values accepted in the Host header. */
  hosts: Set<string>;
  /** Origins accepted in the Origin header; those other than the emulator's own also get CORS headers. */
  origins: Set<string>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

const bracket = (address: string) => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

/** Addresses of this machine, which a wildcard listener answers on. */
function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((a) => bracket(a.address.replace(/%.*$/, '')));
}

const normalizeOrigin = (origin: string) => origin.trim().replace(/\/+$/, '').toLowerCase();

/**
 * Hosts: the loopback names and the listen address (every address of this machine for 0.0.0.0).
 * Origins: `http://` plus each of those hosts (the app served by this same server), plus `extraOrigins`
 * (e.g. the h5 dev server on its own port).
 */
export function originPolicy(listenHost: string, port: number, extraOrigins: string[] = []): OriginPolicy {
  const names = new Set(LOOPBACK);
  if (WILDCARD.has(listenHost)) for (const address of interfaceAddresses()) names.add(address);
  else names.add(bracket(listenHost.toLowerCase()));
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  for (const origin of extraOrigins) origins.add(normalizeOrigin(origin));
  return { hosts, origins };
}

function refuse(req: IncomingMessage, res: ServerResponse, code: string, message: string): void {
  req.resume();
  const body = JSON.stringify({ code, message });
  res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Refuses (403) a foreign Host, and a foreign Origin on any method: a "simple" cross-site POST needs no
 * preflight, so leaving out CORS headers alone would not stop it. Answers CORS preflights of allowed
 * origins and adds CORS headers for them. Returns true when it has answered the request itself.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, policy: OriginPolicy): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!policy.hosts.has(host)) {
    refuse(req, res, 'FORBIDDEN_HOST', `Host ${JSON.stringify(req.headers.host ?? '')} is not an address of this emulator`);
    return true;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (!policy.origins.has(normalizeOrigin(origin))) {
    refuse(req, res, 'FORBIDDEN_ORIGIN', `origin ${JSON.stringify(origin)} may not call the local CloudBase (allowed: its own address; startEmulator allowedOrigins / --allow-origin for more)`);
    return true;
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'X-Invocation-Id');
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    req.resume();
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
      'Content-Length': 0,
    });
    res.end();
    return true;
  }
  return false;
}
