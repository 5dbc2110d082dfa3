import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http/server';
import { cloudPathProblem } from './cloud-path';
import { servingHeaders } from './mime';
import { FILE_PATH, UPLOAD_PATH, type StorageCore } from './core';

/** Largest file node-sdk may PUT. COS allows 5 GB; a local emulator has no business storing that much. */
export const SDK_UPLOAD_LIMIT = 100 * 1024 * 1024;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * COS answers failures with an XML `<Error>`. node-sdk's uploadFile parses it and reads Code,
 * Message, RequestId and TraceId (all four must be present), turning SignatureDoesNotMatch into
 * SYS_ERR and anything else into STORAGE_REQUEST_FAIL.
 */
function sendCosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${randomUUID()}</RequestId>` +
    `<TraceId>${randomUUID()}</TraceId></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
    'access-control-allow-origin': '*',
  });
  res.end(body);
}

/** The cloudPath after a route prefix, or undefined when the path is not valid percent-encoding or not a valid key. */
function pathAfter(url: URL, prefix: string): string | undefined {
  try {
    const cloudPath = decodeURIComponent(url.pathname.slice(prefix.length));
    return cloudPathProblem(cloudPath) ? undefined : cloudPath;
  } catch {
    return undefined;
  }
}

/** `Authorization` as core.uploadTarget issued it: `EMULATOR-HMAC-SHA256 Expires=<t>, Signature=<sig>`. */
function parseUploadAuth(header: string | undefined): { expires?: string; signature?: string } {
  const m = /Expires=(\d+),\s*Signature=([A-Za-z0-9_-]+)/.exec(header ?? '');
  return { expires: m?.[1], signature: m?.[2] };
}

async function handleUpload(core: StorageCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const cloudPath = pathAfter(url, UPLOAD_PATH);
  if (cloudPath === undefined) return sendCosError(res, 400, 'InvalidURI', 'bad object key', url.pathname);
  const { expires, signature } = parseUploadAuth(req.headers.authorization);
  const verdict = core.signer.verify('put', cloudPath, expires, signature, core.nowSeconds());
  if (verdict === 'bad-signature') {
    return sendCosError(res, 403, 'SignatureDoesNotMatch', 'The calculated signature does not match', cloudPath);
  }
  if (verdict === 'expired') return sendCosError(res, 403, 'AccessDenied', 'Request has expired', cloudPath);
  if (Number(req.headers['content-length'] ?? 0) > SDK_UPLOAD_LIMIT) {
    return sendCosError(res, 413, 'EntityTooLarge', `file exceeds ${SDK_UPLOAD_LIMIT} bytes`, cloudPath);
  }
  const result = await core.store.write(cloudPath, req, SDK_UPLOAD_LIMIT);
  if (!result.ok) return sendCosError(res, 413, 'EntityTooLarge', `file exceeds ${SDK_UPLOAD_LIMIT} bytes`, cloudPath);
  // COS answers a successful PUT with an empty body, which node-sdk's XML parse reads as success.
  res.writeHead(200, { 'content-length': 0, 'x-cos-request-id': randomUUID() });
  res.end();
}

async function handleFile(core: StorageCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const cloudPath = pathAfter(url, FILE_PATH);
  if (cloudPath === undefined) return sendCosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', url.pathname);
  const verdict = core.signer.verify(
    'get',
    cloudPath,
    url.searchParams.get('t') ?? undefined,
    url.searchParams.get('sign') ?? undefined,
    core.nowSeconds(),
  );
  // Signature before existence, so probing with unsigned URLs reveals nothing about what is stored.
  if (verdict === 'bad-signature') return sendCosError(res, 403, 'AccessDenied', 'Invalid signature', cloudPath);
  if (verdict === 'expired') return sendCosError(res, 403, 'AccessDenied', 'Request has expired', cloudPath);
  const file = core.store.open(cloudPath);
  if (!file) return sendCosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', cloudPath);
  res.writeHead(200, {
    ...servingHeaders(cloudPath, file.head),
    'content-length': file.size,
    'access-control-allow-origin': '*',
    'cache-control': 'private, no-cache',
  });
  if (req.method === 'HEAD') {
    file.stream.destroy();
    res.end();
    return;
  }
  file.stream.on('error', () => res.destroy());
  file.stream.pipe(res);
}

/** The two URLs the SDK is handed instead of COS ones: the upload target and the temp file URL. */
export function fileRoutes(core: StorageCore): Route[] {
  const file = (method: string): Route => ({
    method,
    path: FILE_PATH,
    handle: (req, res, url) => handleFile(core, req, res, url),
  });
  return [
    { method: 'PUT', path: UPLOAD_PATH, handle: (req, res, url) => handleUpload(core, req, res, url) },
    file('GET'),
    file('HEAD'),
  ];
}
