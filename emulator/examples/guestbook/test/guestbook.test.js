/**
 * The guestbook's own tests, as any CloudBase project would write them: start the local CloudBase
 * through its bin on this project's functions and schema, point the unmodified SDK at it through the
 * environment CloudBase itself uses, and call the functions.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tcb = require('@cloudbase/node-sdk');

const project = path.join(__dirname, '..');
const pkgDir = path.dirname(require.resolve('cloudbase-local/package.json'));
const bin = path.join(pkgDir, require('cloudbase-local/package.json').bin['cloudbase-local']);

const secretId = `AKID${crypto.randomBytes(16).toString('hex')}`;
const secretKey = crypto.randomBytes(24).toString('hex');
let child;
let dataDir;
let url;
let output = '';
let app;
const saved = { ...process.env };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestbook-'));
  // npx cloudbase-local --functions ./cloudfunctions --schema ./cloudfunctions/database.json ...
  const args = ['--functions', './cloudfunctions', '--schema', './cloudfunctions/database.json', '--port', '0', '--data-dir', dataDir];
  child = spawn(process.execPath, [bin, ...args, '--secret-id', secretId, '--secret-key', secretKey], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = /admin URL (http:\/\/\S+)\/admin/.exec(output);
      if (m) resolve(m[1]);
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`cloudbase-local exited (${code}) before ready: ${output}`)));
  });
  // What CloudBase sets in a function's environment; the project's code reads nothing else.
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: secretKey,
    TCB_ENV: 'local-dev',
    TENCENTCLOUD: 'true',
  });
  app = tcb.init({ env: 'local-dev', timeout: 20000 });
});

afterAll(async () => {
  process.env = saved;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = async (data) => (await app.callFunction({ name: 'guestbook', data })).result;

describe('the guestbook on the local CloudBase', () => {
  it('signs, lists newest first through the index, and refuses an empty entry', async () => {
    expect(await call({ action: 'sign', text: 'first' })).toEqual({ ok: true, id: expect.any(String) });
    expect(await call({ action: 'sign', text: 'second' })).toEqual({ ok: true, id: expect.any(String) });
    expect(await call({ action: 'sign', text: '  ' })).toEqual({ ok: false, error: 'text must be 1 to 140 characters' });
    const listed = await call({ action: 'list', limit: 10 });
    expect(listed).toMatchObject({ ok: true, total: 2 });
    expect(listed.items.map((e) => e.text)).toEqual(['second', 'first']);
    // The database the functions wrote is the one the SDK reads from outside.
    const { data } = await app.database().collection('entries').where({ text: 'first' }).get();
    expect(data).toEqual([expect.objectContaining({ text: 'first', likes: 0, author: null })]);
  });

  it('counts likes in a transaction, each once, under concurrent calls', async () => {
    const { id } = await call({ action: 'sign', text: 'popular' });
    // node-sdk's runTransaction runs the callback again after a conflict (first writer wins): every like lands, once.
    const replies = await Promise.all(Array.from({ length: 5 }, () => call({ action: 'like', id }).catch((err) => ({ ok: false, error: String(err) }))));
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    const { data } = await app.database().collection('entries').doc(id).get();
    expect(data[0].likes).toBe(5);
  });

  it('gives the function the signed-in caller, as wx.cloud.callFunction does', async () => {
    const signin = await fetch(`${url}/client/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'o-guest-1' }) });
    const { token } = await signin.json();
    const res = await fetch(`${url}/client/functions/guestbook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ data: { action: 'sign', text: 'from a phone' } }),
    });
    expect(await res.json()).toMatchObject({ errMsg: 'cloud.callFunction:ok', result: { ok: true } });
    const { data } = await app.database().collection('entries').where({ text: 'from a phone' }).get();
    expect(data[0].author).toBe('o-guest-1');
  });

  it('lists its timer trigger and runs it on request', async () => {
    for (let i = 0; i < 200 && !output.includes('timer trigger'); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toMatch(/timer trigger tidy\/nightly \(0 0 4 \* \* \* \*\): next \d{4}-\d\d-\d\d 04:00:00 China time/);
    await app.database().collection('entries').add({ text: 'old', likes: 0, createdAt: new Date(Date.now() - 40 * 24 * 3600 * 1000) });
    const fired = await fetch(`${url}/__emulator/triggers/tidy/nightly`, { method: 'POST' });
    expect(fired.status).toBe(200);
    expect(await fired.json()).toMatchObject({ result: { deleted: 1 } });
    expect((await app.database().collection('entries').where({ text: 'old' }).count()).total).toBe(0);
  });
});
