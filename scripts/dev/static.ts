import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { sendJson, type Route } from 'cloudbase-local';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Paths the emulator and the dev pages own: never answered with the app's index.html. */
const RESERVED = /^\/(admin|client|storage|__emulator|__dev)(\/|$)/;

export const contentTypeOf = (file: string) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

export interface StaticOptions {
  /** The build directory (checked per request, so a build finished later is picked up). */
  dir: string;
  /** The page served when the directory has no index.html (the h5 build is missing). */
  missingPage: () => string;
}

/**
 * GET for the h5 build: files with their content type, `index.html` for directories and for
 * extensionless paths that match no file (the app's own routes), 404 for other missing files.
 * Whatever the path says, only files inside `dir` (after resolving symlinks) are ever read.
 */
export function staticRoute(options: StaticOptions): Route {
  return {
    method: 'GET',
    path: '/',
    async handle(req, res, url) {
      req.resume();
      if (RESERVED.test(url.pathname)) return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for GET ${url.pathname}` });
      const root = realDir(options.dir);
      const index = root && insideFile(root, 'index.html');
      if (!root || !index) return send(res, 200, 'text/html; charset=utf-8', options.missingPage());

      let decoded: string;
      try {
        decoded = decodeURIComponent(url.pathname);
      } catch {
        return sendJson(res, 400, { code: 'BAD_REQUEST', message: 'malformed path' });
      }
      if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) {
        return sendJson(res, 403, { code: 'FORBIDDEN', message: 'path leaves the app directory' });
      }
      const relative = decoded.replace(/^\/+/, '');
      const target = insideFile(root, relative) ?? insideFile(root, path.join(relative, 'index.html'));
      if (target) return sendFile(res, target);
      if (path.extname(relative) === '') return sendFile(res, index);
      return sendJson(res, 404, { code: 'NOT_FOUND', message: `no file ${url.pathname}` });
    },
  };
}

function realDir(dir: string): string | null {
  try {
    const real = fs.realpathSync(dir);
    return fs.statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/** The real path of a regular file under root, or null (missing, a directory, or outside root). */
function insideFile(root: string, relative: string): string | null {
  try {
    const real = fs.realpathSync(path.resolve(root, relative));
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache' });
  res.end(body);
}

function sendFile(res: ServerResponse, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const size = fs.statSync(file).size;
    const stream = fs.createReadStream(file);
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': contentTypeOf(file), 'content-length': size, 'cache-control': 'no-cache' });
      stream.pipe(res);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve());
  });
}
