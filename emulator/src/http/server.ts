import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody, readJson } from './body';
import { CloudBaseError, DbErrorCode, toCloudBaseError } from '../errors';
import { isMultipart, isRawReply, parseMultipart, sendRaw } from './transport';
import { checkAuthorization, verifySignature } from './tc3';
import { guardRequest, type OriginPolicy } from './origin-guard';
import type { Credentials } from '../credentials';

/** What the admin protocol knows of a request beyond its params. */
export interface AdminContext {
  requestId: string;
  env: string;
  /** The invocation whose function made this call, from the per-invocation session token. */
  invocationId?: string;
}

/** One SDK action (`database.getDocument`, `storage.batchGetDownloadUrl`, ...). */
export type AdminAction = (params: Record<string, unknown>, ctx: AdminContext) => Promise<Record<string, unknown>>;

/** A plain HTTP route for everything that is not the SDK protocol (client endpoint, files). */
export interface Route {
  method: string;
  /** Matched against the path name; a string matches that prefix. */
  path: string | RegExp;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export interface ServerOptions {
  /** Largest accepted body of an SDK request, bytes. */
  bodyLimit: number;
  /** The key pair the SDK signs with; a request not signed with it (TC3-HMAC-SHA256) is refused. */
  credentials: Credentials;
  /** Accepted Host and Origin headers, known once the server listens; every route is behind them. */
  originPolicy: () => OriginPolicy;
  actions: Map<string, AdminAction>;
  routes: Route[];
  /** Maps a session token the SDK forwards to the invocation that owns it. */
  invocationOf?: (sessionToken: string) => string | undefined;
  log?: (line: string) => void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** CloudBase's failure envelope: HTTP 200, string code, message, request id. */
export function sendCloudBaseError(res: ServerResponse, err: unknown, requestId: string): void {
  const e = toCloudBaseError(err);
  sendJson(res, 200, { code: e.code, message: e.message, requestId });
}

async function handleAdmin(req: IncomingMessage, res: ServerResponse, target: string, opts: ServerOptions): Promise<void> {
  const requestId = randomUUID();
  try {
    // Real time, not any app clock: signatures are about the wall clock.
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    // What needs no body first, so an unsigned request is refused before its body is read.
    const auth = checkAuthorization(req.headers, opts.credentials, nowSeconds());
    // wx.openApi / wx.wxPayApi arrive as multipart (a protobuf part) and succeed with raw bytes.
    const contentType = req.headers['content-type'];
    const body = isMultipart(contentType) ? parseMultipart(await readBody(req, opts.bodyLimit), String(contentType)) : await readJson(req, opts.bodyLimit);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new CloudBaseError(DbErrorCode.InvalidParam, 'request body must be a JSON object');
    }
    const params = body as Record<string, unknown>;
    verifySignature({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, params }, opts.credentials, nowSeconds(), auth);
    const actionName = params.action;
    const action = typeof actionName === 'string' ? opts.actions.get(actionName) : undefined;
    if (!action) {
      throw new CloudBaseError(DbErrorCode.InvalidAction, `unknown action: ${String(actionName)}`);
    }
    const token = typeof params.tcb_sessionToken === 'string' ? params.tcb_sessionToken : '';
    const ctx: AdminContext = {
      requestId,
      env: String(params.envName ?? new URL(target, 'http://localhost').searchParams.get('env') ?? ''),
      invocationId: token && opts.invocationOf ? opts.invocationOf(token) : undefined,
    };
    const result = await action(params, ctx);
    if (isRawReply(result)) return sendRaw(res, result);
    sendJson(res, 200, { ...result, requestId });
  } catch (err) {
    sendCloudBaseError(res, err, requestId);
  }
}

export function createServer(opts: ServerOptions): http.Server {
  return http.createServer((req, res) => {
    if (guardRequest(req, res, opts.originPolicy())) return;
    const target = req.url ?? '/';
    const fail = (path: string) => (err: unknown) => {
      opts.log?.(`[emulator] ${req.method} ${path} failed: ${err instanceof Error ? err.stack : err}`);
      if (!res.headersSent) sendCloudBaseError(res, err, randomUUID());
      else res.end();
    };
    // The SDK's endpoint, most requests, is known by its plain target without building a URL.
    if (req.method === 'POST' && (target === '/admin' || target.startsWith('/admin?'))) {
      handleAdmin(req, res, target, opts).catch(fail('/admin'));
      return;
    }
    const route = async () => {
      // Inside the promise: a target that is no URL (`//`) is answered, not thrown out of the listener.
      let url: URL;
      try {
        url = new URL(target, 'http://localhost');
      } catch {
        return sendJson(res, 400, { code: 'INVALID_URL', message: `cannot parse the request target ${JSON.stringify(target)}` });
      }
      if (req.method === 'POST' && url.pathname === '/admin') return handleAdmin(req, res, target, opts);
      for (const r of opts.routes) {
        if (r.method !== req.method && r.method !== '*') continue;
        const hit = typeof r.path === 'string' ? url.pathname.startsWith(r.path) : r.path.test(url.pathname);
        if (hit) return r.handle(req, res, url);
      }
      sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` });
    };
    route().catch(fail(target));
  });
}
