import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { CREDENTIALS_FILE, readCredentials } from '../src/credentials';
import { tempDir } from './helpers';

// The emulator as its bin runs it: a process of its own, on a project's functions and schema (the
// example guestbook), so a request that kills it shows as a dead process, not as a failed promise in jest.
const pkg = path.resolve(__dirname, '..');
const project = path.join(pkg, 'examples', 'guestbook');

let child: ChildProcess;
let dataDir: string;
let url: string;
let output = '';

beforeAll(async () => {
  dataDir = tempDir();
  const args = ['start', '--functions', './cloudfunctions', '--schema', './cloudfunctions/database.json', '--port', '0', '--data-dir', dataDir, '--env', 'gb-test'];
  // Files given on the command line win over the project's own (its storage.rules.json lets anyone read).
  args.push('--storage-rules', path.join(__dirname, 'fixtures', 'storage.rules.json'), '--client-uploads', path.join(__dirname, 'fixtures', 'client-uploads.json'));
  child = spawn(process.execPath, [path.join(pkg, 'bin', 'cloudbase-local.js'), ...args], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const m = /admin URL (http:\/\/\S+)\/admin/.exec(output);
      if (m) {
        url = m[1];
        resolve();
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}) before ready: ${output}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const post = async (pathName: string, body: string, token?: string) => {
  const res = await fetch(`${url}${pathName}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('the emulator process', () => {
  it('generates a key pair for its data directory, keeps it owner-only, and prints the secretId but never the key', () => {
    const credentials = readCredentials(dataDir)!;
    expect(credentials.secretId).toMatch(/^AKID[0-9a-f]{32}$/);
    expect(credentials.secretKey.length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dataDir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    expect(output).toContain(`secretId ${credentials.secretId}`);
    expect(output).not.toContain(credentials.secretKey);
  });

  it('survives a function call nested 5000 levels deep, refuses it clearly, and keeps serving', async () => {
    const token = (await post('/client/signin', JSON.stringify({ openid: 'o-deep' }))).body.token as string;
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = `{"data":{"action":"list","a":${deep}}}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(10_000);

    const refused = await post('/client/functions/guestbook', body, token);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ errCode: -401002, errMsg: 'cloud.callFunction:fail request body nests deeper than 100 levels' });

    // Still alive: another function call (which itself signs its SDK calls with the generated key) ...
    const listed = await post('/client/functions/guestbook', JSON.stringify({ data: { action: 'list' } }), token);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ errMsg: 'cloud.callFunction:ok', result: { ok: true, total: 0 } });
    // ... and an SDK call from outside, signed with the data directory's key.
    const app = tcb.init({ env: 'gb-test', ...readCredentials(dataDir), serviceUrl: `${url}/admin`, timeout: 10000 });
    expect((await app.database().collection('entries').count()).total).toEqual(expect.any(Number));
    expect(child.exitCode).toBeNull();
  });

  it('applies the storage rules and client upload rules files it was given', async () => {
    const token = (await post('/client/signin', JSON.stringify({ openid: 'o-up' }))).body.token as string;
    const upload = async (cloudPath: string, body: Buffer) =>
      (await fetch(`${url}/client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Uint8Array(body) })).status;
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    expect(await upload('user/o-up/photo/a.png', PNG)).toBe(200);
    expect(await upload('user/o-up/photo/b.jpg', Buffer.from('<html></html>'))).toBe(415); // client-uploads.json: photos only
    expect(await upload('user/someone/photo/c.png', PNG)).toBe(403); // storage.rules.json: own folder only
  });

  it('lists the timer triggers it runs, with the next instant in China time', async () => {
    // Printed just after the ready line: a bounded wait for it, not for a speed.
    for (let i = 0; i < 200 && !output.includes('timer trigger'); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toMatch(/timer trigger tidy\/nightly \(0 0 4 \* \* \* \*\): next \d{4}-\d\d-\d\d 04:00:00 China time/);
  });
});
