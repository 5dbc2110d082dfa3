import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CloudBaseError, DbErrorCode } from '../errors';
import type { Credentials } from '../credentials';

/**
 * CloudBase's TC3-HMAC-SHA256 request signature, as @cloudbase/node-sdk 3.x signs every admin request
 * through @cloudbase/signature-nodejs (`Signer.tc3sign`, the "tcbapi" variant, not Tencent Cloud API v3):
 *
 *   canonical request = method (as the SDK passes it: `post`) \n //host/path \n query \n
 *                       `name:value` per signed header (values trimmed and lower-cased, except
 *                       content-type, where multipart/form-data drops its boundary) \n \n
 *                       signed header names joined by `;` \n hashed payload
 *   hashed payload    = sha256 over `&key=value\r\n` for each signed param (keys lower-cased; strings
 *                       trimmed, other values JSON, multipart binary parts as their bytes; empty
 *                       values are not signed)
 *   string to sign    = TC3-HMAC-SHA256 \n timestamp \n <date>/<service>/tc3_request \n sha256(canonical)
 *   key               = HMAC chain TC3<secretKey> -> date -> service -> tc3_request
 *
 * The header: `TC3-HMAC-SHA256 Credential=<secretId>/<date>/<service>/tc3_request, SignedParams=a;b,
 * SignedHeaders=content-type;host;..., Signature=<hex>`, with the timestamp in `X-Timestamp`.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/** How far the signing time may be from the server's clock, seconds (Tencent Cloud's TC3 allows 5 minutes). */
export const SIGNATURE_WINDOW_S = 300;

/** The parsed body as the SDK sent it: a JSON object, or multipart fields (text, or bytes for binary parts). */
export type SignedParams = Record<string, unknown>;

export interface SignedRequest {
  method: string;
  /** The raw request target: path and query (`/admin?env=..&seqId=..`). */
  url: string;
  headers: IncomingHttpHeaders;
  params: SignedParams;
}

interface Authorization {
  secretId: string;
  date: string;
  service: string;
  signedParams?: string[];
  signedHeaders: string[];
  signature: string;
}

const refuse = (message: string) => new CloudBaseError(DbErrorCode.SignatureInvalid, message);

/** One-shot hashing (node >= 20.12) costs half of a Hash object; older nodes take the object. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer) => string }).hash;
const sha256 = (data: string | Buffer) => (oneShot ? oneShot('sha256', data) : createHash('sha256').update(data).digest('hex'));
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** encodeURIComponent plus the characters the signer also escapes. */
const camSafe = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Requests carry the same dozen param names again and again: each is escaped once. */
const paramNames = new Map<string, string>();
function paramName(key: string): string {
  let name = paramNames.get(key);
  if (name === undefined) {
    if (paramNames.size >= 256) paramNames.clear();
    name = camSafe(key.toLowerCase().trim());
    paramNames.set(key, name);
  }
  return name;
}

/** The derived key changes once a day: keep the last few instead of three HMACs per request. */
const signingKeys = new Map<string, Buffer>();
function signingKey(secretKey: string, date: string, service: string): Buffer {
  const id = `${secretKey}\n${date}\n${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    if (signingKeys.size >= 16) signingKeys.clear();
    key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
    signingKeys.set(id, key);
  }
  return key;
}

/** The signer's date: the UTC calendar day of the timestamp. */
let lastDay = { timestamp: NaN, day: '' };
const dayOf = (timestamp: number) => {
  // Requests of the same second share it.
  if (timestamp !== lastDay.timestamp) lastDay = { timestamp, day: new Date(timestamp * 1000).toISOString().slice(0, 10) };
  return lastDay.day;
};

/**
 * A client's headers differ from one request to the next only in their Signature: what comes before
 * it is parsed once (and only a header whose Signature is well formed is answered from here).
 */
const parsedScopes = new Map<string, Omit<Authorization, 'signature'>>();
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

function parseAuthorization(header: string | undefined): Authorization {
  const at = header ? header.lastIndexOf('Signature=') : -1;
  const signature = at > 0 ? header!.slice(at + 'Signature='.length) : '';
  const scopeText = HEX_SIGNATURE.test(signature) ? header!.slice(0, at) : undefined;
  const known = scopeText === undefined ? undefined : parsedScopes.get(scopeText);
  if (known) return { ...known, signature };
  const auth = parseAuthorizationText(header);
  if (scopeText !== undefined && auth.signature === signature) {
    if (parsedScopes.size >= 64) parsedScopes.clear();
    const { signature: _signature, ...scope } = auth;
    parsedScopes.set(scopeText, scope);
  }
  return auth;
}

function parseAuthorizationText(header: string | undefined): Authorization {
  if (!header) throw refuse('missing Authorization header: sign the request with the emulator key (TC3-HMAC-SHA256)');
  if (!header.startsWith(`${TC3_ALGORITHM} `)) throw refuse(`Authorization is not a ${TC3_ALGORITHM} signature`);
  const fields = new Map<string, string>();
  for (const part of header.slice(TC3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request$/.exec(fields.get('Credential') ?? '');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
    throw refuse('malformed TC3 Authorization: needs Credential=<id>/<date>/<service>/tc3_request, SignedHeaders and Signature');
  }
  const signedParams = fields.get('SignedParams');
  return {
    secretId: credential[1],
    date: credential[2],
    service: credential[3],
    signedParams: signedParams === undefined ? undefined : signedParams.split(';').filter(Boolean),
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

/** The params as the signer saw them: lower-cased keys, the value form it hashes, empty ones dropped. */
function formatParams(params: SignedParams, multipart: boolean): Map<string, string | Buffer> {
  const kv = new Map<string, string | Buffer>();
  for (const [key, value] of Object.entries(params)) {
    if (!key || value === undefined) continue;
    const name = paramName(key);
    const formatted = Buffer.isBuffer(value) && multipart ? value : typeof value === 'string' ? value.trim() : JSON.stringify(value).trim();
    kv.set(name, formatted);
  }
  for (const [name, value] of kv) if (value.length === 0 && !Buffer.isBuffer(value)) kv.delete(name);
  return kv;
}

function hashedPayload(params: SignedParams, multipart: boolean, signed: string[] | undefined): string {
  const kv = formatParams(params, multipart);
  const keys = signed ?? [...kv.keys()].sort((a, b) => a.localeCompare(b));
  // Every param that takes effect must be signed: none may be added to a signed request.
  const unsigned = [...kv.keys()].filter((k) => !keys.includes(k));
  if (unsigned.length > 0) throw refuse(`request params not covered by the signature: ${unsigned.join(', ')}`);
  // The signed text is hashed in one call; a multipart request's binary parts join it as bytes.
  const parts: Array<string | Buffer> = [];
  let text = '';
  for (const key of keys) {
    const value = kv.get(key);
    if (value === undefined) throw refuse(`signed param ${key} is missing from the request`);
    if (typeof value === 'string') {
      text += `&${key}=${value}\r\n`;
      continue;
    }
    parts.push(`${text}&${key}=`, value);
    text = '\r\n';
  }
  if (parts.length === 0) return sha256(text);
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.update(text).digest('hex');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const raw = headers[name];
  if (raw === undefined) throw refuse(`signed header ${name} is missing from the request`);
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (name === 'content-type') return value.startsWith('multipart/form-data') ? 'multipart/form-data' : value;
  return value.trim().toLowerCase();
}

/** The signature of a request (its bytes), given its signing time and the names it signs. */
function signatureOf(
  req: SignedRequest,
  secretKey: string,
  scope: { timestamp: number; service: string; signedHeaders: string[]; signedParams?: string[] },
  method: string,
): Buffer {
  const [path, ...rest] = req.url.split('?');
  const query = rest.join('?');
  const host = headerValue(req.headers, 'host');
  const multipart = headerValue(req.headers, 'content-type') === 'multipart/form-data';
  const canonicalHeaders = scope.signedHeaders.map((name) => `${name}:${headerValue(req.headers, name)}\n`).join('');
  const canonicalRequest = [
    method,
    `//${host}${path}`,
    query,
    canonicalHeaders,
    scope.signedHeaders.join(';'),
    hashedPayload(req.params, multipart, scope.signedParams),
  ].join('\n');
  const date = dayOf(scope.timestamp);
  const credentialScope = `${date}/${scope.service}/tc3_request`;
  const stringToSign = `${TC3_ALGORITHM}\n${scope.timestamp}\n${credentialScope}\n${sha256(canonicalRequest)}`;
  const key = signingKey(secretKey, date, scope.service);
  return createHmac('sha256', key).update(stringToSign).digest();
}

/**
 * What can be checked before reading the body: a TC3 Authorization naming this secretId, covering
 * host and content-type, signed within SIGNATURE_WINDOW_S of `nowSeconds` (the real wall clock:
 * signatures are about real time even when the app's clock is faked).
 */
export function checkAuthorization(headers: IncomingHttpHeaders, credentials: Credentials, nowSeconds: number): Authorization & { timestamp: number } {
  const auth = parseAuthorization(typeof headers.authorization === 'string' ? headers.authorization : undefined);
  if (auth.secretId !== credentials.secretId) throw refuse('unknown secretId: sign with the emulator key pair (emu.sdkConfig() / emu.sdkEnv())');
  for (const required of ['host', 'content-type']) {
    if (!auth.signedHeaders.includes(required)) throw refuse(`the signature must cover the ${required} header`);
  }
  const timestamp = Number(headers['x-timestamp']);
  if (!Number.isInteger(timestamp)) throw refuse('missing or malformed X-Timestamp header (the signing time, seconds)');
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_WINDOW_S) {
    throw refuse(`signature expired: signed at ${timestamp}, server time ${nowSeconds} (allowed skew ${SIGNATURE_WINDOW_S} s)`);
  }
  if (auth.date !== dayOf(timestamp)) throw refuse('the Credential date does not match X-Timestamp');
  return { ...auth, timestamp };
}

/**
 * Refuses (SIGN_PARAM_INVALID) a request not signed with this key pair (see checkAuthorization), or
 * whose method, URL, signed headers or params differ from what was signed, or that carries params
 * outside its signature.
 */
export function verifySignature(
  req: SignedRequest,
  credentials: Credentials,
  nowSeconds: number,
  /** What checkAuthorization answered for these headers, when the caller has it already. */
  checked?: Authorization & { timestamp: number },
): void {
  const auth = checked ?? checkAuthorization(req.headers, credentials, nowSeconds);
  // The headers were checked before the body arrived; the signing time is checked again now.
  if (checked && Math.abs(nowSeconds - auth.timestamp) > SIGNATURE_WINDOW_S) {
    throw refuse(`signature expired: signed at ${auth.timestamp}, server time ${nowSeconds} (allowed skew ${SIGNATURE_WINDOW_S} s)`);
  }
  const timestamp = auth.timestamp;
  const scope = { timestamp, service: auth.service, signedHeaders: auth.signedHeaders, signedParams: auth.signedParams };
  const expected = Buffer.from(auth.signature, 'hex');
  // node-sdk signs the method as it names it (`post`); other clients use the upper-case verb.
  const lower = req.method.toLowerCase();
  const upper = req.method.toUpperCase();
  for (const method of lower === upper ? [lower] : [lower, upper]) {
    if (timingSafeEqual(signatureOf(req, credentials.secretKey, scope, method), expected)) return;
  }
  throw refuse('signature mismatch: the request was not signed with the emulator secret key');
}

/**
 * Signs a request the way node-sdk does, for tests and tools that speak the admin protocol by hand.
 * Returns the headers to add (Authorization, X-Timestamp).
 */
export function signRequest(
  req: SignedRequest,
  credentials: Credentials,
  timestamp = Math.floor(Date.now() / 1000),
): { authorization: string; 'x-timestamp': string } {
  const multipart = headerValue(req.headers, 'content-type') === 'multipart/form-data';
  const signedParams = [...formatParams(req.params, multipart).keys()].sort((a, b) => a.localeCompare(b));
  const signedHeaders = Object.keys(req.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name !== 'authorization' && name !== 'x-timestamp')
    .sort((a, b) => a.localeCompare(b));
  const scope = { timestamp, service: 'tcb', signedHeaders, signedParams };
  const signature = signatureOf(req, credentials.secretKey, scope, req.method.toLowerCase()).toString('hex');
  return {
    authorization: `${TC3_ALGORITHM} Credential=${credentials.secretId}/${dayOf(timestamp)}/tcb/tc3_request, SignedParams=${signedParams.join(';')}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
    'x-timestamp': String(timestamp),
  };
}
