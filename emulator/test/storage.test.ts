import fs from 'node:fs';
import path from 'node:path';
import { startTestEmulator, sdkFor, tempDir, type TestEmulator } from './helpers';

// A real 1x1 PNG followed by every byte value, so any text decoding on the way would show.
const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function fetchBytes(url: string, init?: RequestInit) {
  const res = await fetch(encodeURI(url), init);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** Files the store holds, counted on disk (the layout is the store's business; the count is not). */
function storedFiles(emu: TestEmulator): string[] {
  const dir = path.join(emu.dataDir, 'storage', 'objects');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('storage through node-sdk', () => {
  let emu: TestEmulator;
  let app: ReturnType<typeof sdkFor>;

  beforeAll(async () => {
    emu = await startTestEmulator();
    app = sdkFor(emu);
  });
  afterAll(() => emu.cleanup());

  it('uploads, hands out a temp URL and serves the exact bytes', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'avatars/测试 a|b.png', fileContent: PNG });
    const bucket = `${Buffer.from(emu.envId.slice(0, 2)).toString('hex')}-${emu.envId}-`;
    expect(fileID.startsWith(`cloud://${emu.envId}.${bucket}`)).toBe(true);
    expect(fileID.endsWith('/avatars/测试 a|b.png')).toBe(true);
    expect(emu.storage.has(fileID)).toBe(true);

    const { fileList } = await app.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] });
    expect(fileList[0]).toMatchObject({ fileID, code: 'SUCCESS' });
    const t = Number(new URL(encodeURI(fileList[0].tempFileURL)).searchParams.get('t'));
    expect(Math.abs(t - (nowSeconds() + 60))).toBeLessThanOrEqual(2);

    const { res, body } = await fetchBytes(fileList[0].tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(PNG.length));
    expect(body.equals(PNG)).toBe(true);
  });

  it('downloadFile returns the bytes', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'docs/report.pdf', fileContent: PNG });
    const { fileContent } = await app.downloadFile({ fileID });
    expect(Buffer.isBuffer(fileContent) && fileContent.equals(PNG)).toBe(true);
  });

  it('deletes, after which the file is reported missing per file', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'tmp/gone.txt', fileContent: Buffer.from('bye') });
    const oldUrl = (await app.getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL;
    const other = (await app.uploadFile({ cloudPath: 'tmp/kept.txt', fileContent: Buffer.from('hi') })).fileID;

    const deleted = await app.deleteFile({ fileList: [fileID] });
    expect(deleted.fileList).toEqual([{ fileID, code: 'SUCCESS' }]);
    expect(emu.storage.has(fileID)).toBe(false);
    expect(emu.storage.has(other)).toBe(true);

    const after = await app.getTempFileURL({ fileList: [fileID, other] });
    expect(after.fileList[0]).toMatchObject({ fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
    expect(after.fileList[1]).toMatchObject({ fileID: other, code: 'SUCCESS' });
    expect((await app.deleteFile({ fileList: [fileID] })).fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
    expect((await fetchBytes(oldUrl)).res.status).toBe(404);
    await expect(app.downloadFile({ fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  });

  it('refuses an expired URL', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'exp/old.png', fileContent: PNG });
    const expired = emu.storage.signedUrl(fileID, nowSeconds() - 5);
    const { res, body } = await fetchBytes(expired);
    expect(res.status).toBe(403);
    expect(body.toString()).toContain('Request has expired');
    expect((await fetchBytes(emu.storage.signedUrl(fileID, nowSeconds() + 5))).res.status).toBe(200);
  });

  it('refuses a tampered, moved or unsigned URL', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'sig/a.png', fileContent: PNG });
    await app.uploadFile({ cloudPath: 'sig/b.png', fileContent: PNG });
    const good = new URL(encodeURI((await app.getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL));
    const sign = good.searchParams.get('sign') as string;

    const tampered = new URL(good);
    tampered.searchParams.set('sign', (sign[0] === 'A' ? 'B' : 'A') + sign.slice(1));
    const longer = new URL(good);
    longer.searchParams.set('t', String(Number(good.searchParams.get('t')) + 3600));
    const moved = new URL(good);
    moved.pathname = moved.pathname.replace('a.png', 'b.png');
    const unsigned = new URL(good);
    unsigned.search = '';

    for (const url of [tampered, longer, moved, unsigned]) {
      expect((await fetch(url)).status).toBe(403);
    }
    expect((await fetch(good)).status).toBe(200);
  });

  it('refuses bad cloudPaths and stores nothing', async () => {
    const before = storedFiles(emu).length;
    for (const cloudPath of ['../etc/passwd', 'a/../../b.png', '/abs.png', 'a\\b.png', 'a//b.png', 'dir/', 'x'.repeat(900), 'q?.png']) {
      await expect(app.uploadFile({ cloudPath, fileContent: PNG })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    }
    expect(storedFiles(emu).length).toBe(before);
  });

  it('refuses an upload whose signature does not match and stores nothing', async () => {
    const before = storedFiles(emu).length;
    const meta = await app.getUploadMetadata({ cloudPath: 'forged/x.png' });
    const res = await fetch(meta.data.url, { method: 'PUT', headers: { authorization: 'forged' }, body: PNG });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(storedFiles(emu).length).toBe(before);
    expect(emu.storage.has(meta.data.fileId)).toBe(false);
  });

  it('rejects more than 50 files per call, as CloudBase does', async () => {
    const fileList = Array.from({ length: 51 }, (_, i) => emu.storage.fileIdFor(`n/${i}.png`));
    await expect(app.getTempFileURL({ fileList })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });
});

describe('storage through wx-server-sdk', () => {
  let emu: TestEmulator;
  const saved = { ...process.env };

  beforeAll(async () => {
    emu = await startTestEmulator();
    Object.assign(process.env, emu.sdkEnv());
  });
  afterAll(async () => {
    for (const key of Object.keys(emu.sdkEnv())) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await emu.cleanup();
  });

  it('uploads, gets temp URLs and deletes', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk');
    cloud.init({ env: emu.envId });
    const up = await cloud.uploadFile({ cloudPath: 'wx/photo.png', fileContent: PNG });
    expect(up.fileID).toBe(emu.storage.fileIdFor('wx/photo.png'));

    const missing = emu.storage.fileIdFor('wx/none.png');
    const { fileList } = await cloud.getTempFileURL({ fileList: [up.fileID, missing] });
    expect(fileList[0]).toMatchObject({ fileID: up.fileID, status: 0, errMsg: 'ok' });
    expect(fileList[1]).toMatchObject({ fileID: missing, status: -503003, tempFileURL: '' });
    const { body } = await fetchBytes(fileList[0].tempFileURL);
    expect(body.equals(PNG)).toBe(true);

    const del = await cloud.deleteFile({ fileList: [up.fileID] });
    expect(del.fileList[0]).toMatchObject({ fileID: up.fileID, status: 0 });
    expect(emu.storage.has(up.fileID)).toBe(false);
  });
});

describe('client storage endpoint', () => {
  let emu: TestEmulator;
  let token: string;

  beforeAll(async () => {
    const storageRules = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'storage.rules.json'), 'utf8'));
    emu = await startTestEmulator({ allowedOrigins: ['http://localhost:10086'], storageRules });
    token = emu.sessions.signIn({ openid: 'o-student-1', source: 'wx_client' });
  });
  afterAll(() => emu.cleanup());

  const upload = (cloudPath: string, body: typeof PNG, auth = true) =>
    fetch(`${emu.url}/client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: auth ? { authorization: `Bearer ${token}` } : {},
      body,
    });
  const tempUrls = (fileList: unknown[], auth = true) =>
    fetch(`${emu.url}/client/storage/temp-urls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ fileList }),
    });

  it('uploads raw bytes for a signed-in user and serves them back', async () => {
    const res = await upload('user/o-student-1/pic.png', PNG);
    expect(res.status).toBe(200);
    const { fileID } = (await res.json()) as { fileID: string };
    expect(fileID).toBe(emu.storage.fileIdFor('user/o-student-1/pic.png'));
    expect(emu.storage.read(fileID)?.equals(PNG)).toBe(true);

    const missing = emu.storage.fileIdFor('user/o-student-1/none.png');
    const urls = await tempUrls([fileID, { fileID: missing, maxAge: 60 }]);
    const { fileList } = (await urls.json()) as { fileList: Array<Record<string, unknown>> };
    expect(fileList[0]).toMatchObject({ fileID, status: 0, errMsg: 'ok' });
    expect(fileList[1]).toMatchObject({ fileID: missing, status: -503003, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
    const { body } = await fetchBytes(fileList[0].tempFileURL as string);
    expect(body.equals(PNG)).toBe(true);
  });

  it('answers 401 without a session and stores nothing', async () => {
    const res = await upload('user/o-student-1/anon.png', PNG, false);
    expect(res.status).toBe(401);
    expect(emu.storage.has(emu.storage.fileIdFor('user/o-student-1/anon.png'))).toBe(false);
    expect((await tempUrls([emu.storage.fileIdFor('user/o-student-1/pic.png')], false)).status).toBe(401);
  });

  it('refuses a bad cloudPath (400) and an oversized file (413)', async () => {
    expect((await upload('../up.png', PNG)).status).toBe(400);
    const big = await upload('user/o-student-1/big.bin', Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(emu.storage.has(emu.storage.fileIdFor('user/o-student-1/big.bin'))).toBe(false);
  });

  it('answers the CORS preflight of an allowed origin (the h5 dev server)', async () => {
    const res = await fetch(`${emu.url}/client/storage/upload`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });
});

describe('storage persistence', () => {
  it('keeps files across a restart on the same data directory, but not old URLs', async () => {
    const dataDir = tempDir();
    try {
      const first = await startTestEmulator({ dataDir });
      const { fileID } = await sdkFor(first).uploadFile({ cloudPath: 'keep/me.png', fileContent: PNG });
      const oldUrl = new URL(encodeURI((await sdkFor(first).getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL));
      await first.cleanup();

      const second = await startTestEmulator({ dataDir });
      try {
        expect(second.storage.has(fileID)).toBe(true);
        const { fileContent } = await sdkFor(second).downloadFile({ fileID });
        expect(Buffer.isBuffer(fileContent) && fileContent.equals(PNG)).toBe(true);
        // The signing key lives only in a process, so the previous run's URL is refused here.
        const replayed = new URL(oldUrl.pathname + oldUrl.search, second.url);
        expect((await fetch(replayed)).status).toBe(403);
      } finally {
        await second.cleanup();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
