import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { adminPost, collections, sdkFor, startTestEmulator, tempDir, type TestEmulator } from './helpers';
import { FIXTURE_FUNCTIONS } from './functions-helpers';
import { CREDENTIALS_FILE, readCredentials } from '../src/credentials';
import { signRequest } from '../src/http/tc3';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, schema: collections('things') });
});
afterAll(() => emu.cleanup());

const count = { action: 'database.calculateDocument', collectionName: 'things', queryType: 'WHERE', query: '{}' };
const insert = { action: 'database.insertDocument', collectionName: 'things', data: ['{"a":{"$numberInt":"1"}}'] };
const stored = async () => (await sdkFor(emu).database().collection('things').count()).total;

/** A raw request with full control of the headers fetch would set itself (Host). */
function rawRequest(method: string, pathName: string, headers: Record<string, string>, body = ''): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  const { port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathName, method, headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the admin endpoint checks the TC3-HMAC-SHA256 signature', () => {
  it('refuses an unsigned SDK-shaped call, and one naming the secretId without a valid signature', async () => {
    const unsigned = await adminPost(emu, insert, { credentials: null });
    expect(unsigned.body).toMatchObject({ code: 'SIGN_PARAM_INVALID', message: expect.stringMatching(/Authorization/) });
    // What the old check accepted: the right secretId in the credential, and no real signature.
    const idOnly = `TC3-HMAC-SHA256 Credential=${emu.secretId}/2026-01-01/tcb/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`;
    const forged = await adminPost(emu, insert, { credentials: null, headers: { authorization: idOnly, 'x-timestamp': String(Math.floor(Date.now() / 1000)) } });
    expect(forged.body.code).toBe('SIGN_PARAM_INVALID');
    expect(await stored()).toBe(0);
  });

  it('refuses a call signed with the right secretId and a wrong key, by hand and through the real SDK; serves the right key', async () => {
    const wrongKey = { secretId: emu.secretId, secretKey: 'not-the-key' };
    const byHand = await adminPost(emu, insert, { credentials: wrongKey });
    expect(byHand.body).toMatchObject({ code: 'SIGN_PARAM_INVALID', message: expect.stringMatching(/signature mismatch/) });
    const app = tcb.init({ ...emu.sdkConfig(), ...wrongKey, timeout: 20000 });
    await expect(app.database().collection('things').add({ a: 1 })).rejects.toMatchObject({ code: 'SIGN_PARAM_INVALID' });
    await expect(app.callFunction({ name: 'sleeper', data: {} })).rejects.toMatchObject({ code: 'SIGN_PARAM_INVALID' });
    expect(await stored()).toBe(0);

    // The same calls signed with the emulator's key (as emu.sdkConfig() hands it out) are served.
    const right = sdkFor(emu);
    await right.database().collection('things').add({ _id: 'signed', a: 1 });
    expect((await right.database().collection('things').doc('signed').get()).data).toEqual([{ _id: 'signed', a: 1 }]);
    expect(await right.callFunction({ name: 'sleeper', data: { ms: 0 } })).toMatchObject({ result: { slept: 0 } });
    const { fileID } = await right.uploadFile({ cloudPath: 'signed/a.txt', fileContent: Buffer.from('hi') });
    expect(emu.storage.read(fileID)?.toString()).toBe('hi');
    await right.database().collection('things').doc('signed').remove();
  });

  it('refuses a signed request whose params were changed or extended, or that was signed too long ago, and serves it unchanged', async () => {
    const target = `/admin?env=${emu.envId}`;
    const headers = { 'content-type': 'application/json', host: new URL(emu.url).host };
    const auth = signRequest({ method: 'POST', url: target, headers, params: count }, emu);
    const send = async (params: object) => {
      const res = await fetch(`${emu.url}${target}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(params) });
      return (await res.json()) as { code?: string; message?: string };
    };
    expect(await send(count)).toMatchObject({ data: { total: 0 } });
    expect(await send({ ...count, collectionName: 'other' })).toMatchObject({ code: 'SIGN_PARAM_INVALID' });
    expect(await send({ ...count, limit: 5 })).toMatchObject({ code: 'SIGN_PARAM_INVALID', message: expect.stringMatching(/not covered/) });
    // The server parses a header's scope once per client; a header with a scope it knows and another
    // signature is still checked whole.
    const sig = auth.authorization.slice(-64);
    const otherSig = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const tampered = await fetch(`${emu.url}${target}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, authorization: `${auth.authorization.slice(0, -64)}${otherSig}` },
      body: JSON.stringify(count),
    });
    expect(await tampered.json()).toMatchObject({ code: 'SIGN_PARAM_INVALID', message: expect.stringMatching(/signature mismatch/) });
    const stale = await adminPost(emu, count, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.body).toMatchObject({ code: 'SIGN_PARAM_INVALID', message: expect.stringMatching(/expired/) });
  });
});

describe('a request target that is not a URL', () => {
  it('is answered with 400 and the local CloudBase goes on serving', async () => {
    const host = new URL(emu.url).host;
    for (const target of ['//', '/\\', '//[::']) {
      const res = await rawRequest('GET', target, { host });
      expect({ target, status: res.status, code: res.body?.code }).toEqual({ target, status: 400, code: 'INVALID_URL' });
    }
    expect(await stored()).toBe(0);
  });
});

describe('only the app itself may call from a browser', () => {
  const own = () => emu.url;

  it('refuses a cross-origin sign-in (a "simple" request, no preflight) with 403 and no CORS header; serves its own origin', async () => {
    for (const contentType of ['application/json', 'text/plain']) {
      const res = await fetch(`${emu.url}/client/signin`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': contentType },
        body: JSON.stringify({ openid: 'o-admin' }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.json()).toEqual({ code: 'FORBIDDEN_ORIGIN', message: expect.stringContaining('https://evil.example') });
    }
    const preflight = await fetch(`${emu.url}/client/functions/whoami`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    for (const origin of ['null', `${own()}.evil.example`, own().replace('http:', 'https:')]) {
      const res = await fetch(`${emu.url}/client/signin`, { method: 'POST', headers: { origin }, body: '{"openid":"o-x"}' });
      expect(res.status).toBe(403);
    }

    // The app's own origin, under each loopback name, signs in as before.
    const { port } = new URL(emu.url);
    for (const origin of [own(), `http://localhost:${port}`]) {
      const res = await rawRequest('POST', '/client/signin', { host: new URL(origin).host, origin, 'content-type': 'application/json' }, '{"openid":"o-me"}');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token: expect.any(String) });
    }
  });

  it('refuses every route under a foreign Host (DNS rebinding), and serves its own', async () => {
    const { port } = new URL(emu.url);
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`]) {
      const signin = await rawRequest('POST', '/client/signin', { host, 'content-type': 'application/json' }, '{"openid":"o-admin"}');
      expect(signin.status).toBe(403);
      expect(signin.body).toMatchObject({ code: 'FORBIDDEN_HOST' });
      expect((await rawRequest('GET', '/__emulator/metering', { host })).status).toBe(403);
    }
    // Without an Origin (a same-origin GET, a script, a test) under its own Host nothing changes.
    expect((await fetch(`${emu.url}/__emulator/metering`)).status).toBe(200);
  });
});

describe('the key pair belongs to the data directory', () => {
  it('is generated at random on first start, kept owner-only, and reused on restart; given keys are used as given', async () => {
    const dirA = tempDir();
    const dirB = tempDir();
    try {
      const first = await startTestEmulator({ dataDir: dirA });
      const pair = { secretId: first.secretId, secretKey: first.secretKey };
      await first.stop();
      expect(pair.secretId).toMatch(/^AKID[0-9a-f]{32}$/);
      expect(pair.secretId).not.toBe('AKIDlocalemulator');
      expect(readCredentials(dirA)).toEqual(pair);
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dirA, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);

      const again = await startTestEmulator({ dataDir: dirA });
      expect({ secretId: again.secretId, secretKey: again.secretKey }).toEqual(pair);
      expect(again.sdkEnv()).toMatchObject({ TENCENTCLOUD_SECRETID: pair.secretId, TENCENTCLOUD_SECRETKEY: pair.secretKey });
      await again.stop();

      const other = await startTestEmulator({ dataDir: dirB, secretId: 'AKIDgiven', secretKey: 'given-key' });
      expect(other.sdkConfig()).toMatchObject({ secretId: 'AKIDgiven', secretKey: 'given-key' });
      expect((await sdkFor(other).database().collection('x').count().catch((e) => e)).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
      await other.stop();
      expect(fs.existsSync(path.join(dirB, CREDENTIALS_FILE))).toBe(false);

      const third = await startTestEmulator({ dataDir: dirB });
      expect(third.secretKey).not.toBe(pair.secretKey);
      await third.stop();
    } finally {
      fs.rmSync(dirA, { recursive: true, force: true });
      fs.rmSync(dirB, { recursive: true, force: true });
    }
  });
});
