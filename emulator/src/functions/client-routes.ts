import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type Route } from '../http/server';
import { readJson } from '../http/body';
import type { CallerIdentity, ClientSessions } from '../http/client-sessions';
import { CloudBaseError, DbErrorCode } from '../errors';
import { toClientFailure } from './failures';
import type { InvocationResult } from './runner-types';

/** Used when a client signs in without an appid: CloudBase always gives mini-program calls one. */
export const DEFAULT_APPID = 'wx0000000000000000';

/**
 * Local-only errors of the client endpoint, in the `{errCode, errMsg}` form a mini-program sees, with
 * numbers from WeChat's client error table: -401001 "no permission to use the API", -401002 "API
 * parameter error". They never come from CloudBase itself; they stand where WeChat's own session would.
 */
const NOT_SIGNED_IN = -401001;
const BAD_REQUEST = -401002;

export interface ClientRouteDeps {
  sessions: ClientSessions;
  bodyLimit: number;
  invoke(name: string, data: unknown, identity: CallerIdentity, clientIp?: string): Promise<InvocationResult>;
}

function fail(res: ServerResponse, status: number, api: string, errCode: number, message: string): void {
  sendJson(res, status, { errCode, errMsg: `${api}:fail ${message}` });
}

/** Reads a JSON object body; on failure answers 400 or 413 itself and returns undefined. */
async function readObject(req: IncomingMessage, res: ServerResponse, api: string, limit: number) {
  try {
    const body = await readJson(req, limit);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
    fail(res, 400, api, BAD_REQUEST, 'request body must be a JSON object');
  } catch (err) {
    const tooLarge = err instanceof CloudBaseError && err.code === DbErrorCode.RequestTooLarge;
    fail(res, tooLarge ? 413 : 400, api, BAD_REQUEST, err instanceof Error ? err.message : String(err));
  }
  return undefined;
}

const optionalString = (value: unknown) => value === undefined || (typeof value === 'string' && value !== '');

function functionName(url: URL): string {
  try {
    return decodeURIComponent(url.pathname.split('/')[3] ?? '');
  } catch {
    return ''; // not a valid name, so it answers as a missing function
  }
}

function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
}

export function clientRoutes(deps: ClientRouteDeps): Route[] {
  const signIn: Route = {
    method: 'POST',
    path: /^\/client\/signin\/?$/,
    async handle(req, res) {
      const body = await readObject(req, res, 'signin', deps.bodyLimit);
      if (!body) return;
      const { openid, appid, unionid } = body;
      if (typeof openid !== 'string' || openid === '' || !optionalString(appid) || !optionalString(unionid)) {
        fail(res, 400, 'signin', BAD_REQUEST, 'body must be {openid: string, appid?: string, unionid?: string}');
        return;
      }
      const identity: CallerIdentity = {
        openid,
        appid: (appid as string | undefined) ?? DEFAULT_APPID,
        unionid: unionid as string | undefined,
      };
      sendJson(res, 200, { token: deps.sessions.signIn(identity), openid, appid: identity.appid });
    },
  };

  const signOut: Route = {
    method: 'POST',
    path: /^\/client\/signout\/?$/,
    async handle(req, res) {
      req.resume();
      const token = bearerToken(req);
      if (token) deps.sessions.signOut(token);
      sendJson(res, 200, { ok: true });
    },
  };

  const callFunction: Route = {
    method: 'POST',
    path: /^\/client\/functions\/[^/]+\/?$/,
    async handle(req, res, url) {
      const api = 'cloud.callFunction';
      // Identity comes only from the session: nothing in the body can choose who the caller is.
      const identity = deps.sessions.identityOf(req);
      if (!identity) {
        req.resume();
        const message = 'not signed in: send Authorization: Bearer <token> from POST /client/signin';
        fail(res, 401, api, NOT_SIGNED_IN, message);
        return;
      }
      const body = await readObject(req, res, api, deps.bodyLimit);
      if (!body) return;
      const data = body.data ?? {};
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        fail(res, 400, api, BAD_REQUEST, 'data must be an object');
        return;
      }
      const outcome = await deps.invoke(functionName(url), data, identity, req.socket.remoteAddress);
      if (outcome.invocationId) res.setHeader('X-Invocation-Id', outcome.invocationId);
      // Function failures are answers, not transport errors: HTTP 200 with wx.cloud.callFunction's shape.
      if (outcome.ok) {
        sendJson(res, 200, { errMsg: `${api}:ok`, result: outcome.result, requestID: outcome.invocationId });
      } else {
        sendJson(res, 200, toClientFailure(outcome.failure, outcome.invocationId));
      }
    },
  };

  // Origin, Host and CORS (preflights included) are checked once for every route in http/server.ts.
  return [signIn, signOut, callFunction];
}
