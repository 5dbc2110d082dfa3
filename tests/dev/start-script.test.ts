import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fakeH5Build, INDEX_HTML, tempDir } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const dataDir = tempDir('dph-start-');
const h5 = fakeH5Build();
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(h5.root, { recursive: true, force: true });
});

/**
 * `scripts/start.ts` as `npm start` runs it, on an ephemeral port and a temp data directory, serving
 * a stand-in h5 build (`--no-build`: the test must not depend on the app build). Resolves with the
 * printed URL once it is up.
 */
function start(...extra: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build', '--port', '0', '--data', dataDir, '--static', h5.dir, ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed in 45 s:\n${out}`)), 45000);
    child.stdout!.on('data', () => {
      const match = /社区党建 local demo: (http:\/\/\S+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start.ts exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

describe('npm start (scripts/start.ts)', () => {
  it('seeds, prints the URL and serves the app and the dev pages', async () => {
    const { child, url, output } = await start();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(url).not.toBe('http://127.0.0.1:0/');
      expect(output()).toMatch(/seeded demo data in \d+ ms: .*rooms 300, plaques 303, roster 1200, members 150/);
      expect(output()).not.toContain('WARNING');
      const index = await fetch(url);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toBe(INDEX_HTML);
      expect((await (await fetch(`${url}__dev/demo-users`)).json()).users.length).toBeGreaterThan(10);
      expect(output()).toContain(`demo users: ${url}__dev/demo-users`);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('keeps the data between runs', async () => {
    const { child, output } = await start();
    try {
      expect(output()).toContain(`kept the data in ${dataDir}`);
      expect(output()).not.toContain('seeded demo data');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('--reset reseeds; --host listens there, warns, and serves the app there', async () => {
    const { child, url, output } = await start('--reset', '--host', '127.0.0.2');
    try {
      expect(output()).toMatch(/WARNING: listening on 127\.0\.0\.2/);
      expect(output()).toMatch(/seeded demo data in \d+ ms/);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
      expect(await (await fetch(url)).text()).toBe(INDEX_HTML);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('--reset on a fresh clone, where the data directory does not exist yet, seeds it', async () => {
    const fresh = path.join(dataDir, 'not-there-yet');
    const { child, output } = await start('--reset', '--data', fresh);
    try {
      expect(output()).toContain(`reset ${fresh}`);
      expect(output()).toMatch(/seeded demo data in \d+ ms/);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });
});
