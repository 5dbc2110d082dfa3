import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export const INDEX_HTML = '<!doctype html><title>h5 test build</title><div id="app">dorm-party-hub h5</div>';
export const SECRET = 'outside-the-app-dir-secret';

/** A stand-in h5 build (not the app's: these tests must not depend on it) with a secret file beside it. */
export function fakeH5Build(): { root: string; dir: string } {
  const root = tempDir('dph-static-');
  const dir = path.join(root, 'dist-h5');
  fs.mkdirSync(path.join(dir, 'js'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(dir, 'style.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dir, 'leak.txt'));
  return { root, dir };
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away before sending). */
export function rawGet(base: string, rawPath: string): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}
