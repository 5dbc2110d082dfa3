import type { IncomingMessage } from 'node:http';
import { CloudBaseError, DbErrorCode } from '../errors';
import { parseBoundedJson } from './json-depth';

/** Reads a request body, refusing (with CloudBase's shape) anything over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new CloudBaseError(DbErrorCode.RequestTooLarge, `request body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new CloudBaseError(DbErrorCode.RequestTooLarge, `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** A JSON body, refused with INVALID_PARAM when malformed or nested deeper than MAX_JSON_DEPTH. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return parseBoundedJson(await readBody(req, limit), 'request body');
}
