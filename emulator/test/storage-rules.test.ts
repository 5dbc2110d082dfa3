import fs from 'node:fs';
import path from 'node:path';
import { compileRules, parseExpression, RuleSyntaxError, type RuleContext } from '../src/storage/rules';
import type { ClientUploadRule } from '../src/storage/uploads';
import { sdkFor, startTestEmulator, tempDir, type TestEmulator } from './helpers';

/** Rules a project might ship (owner-only files in `user/<openid>/`) and client upload rules of the same project. */
const SHIPPED = path.join(__dirname, 'fixtures', 'storage.rules.json');
const RULES: unknown = JSON.parse(fs.readFileSync(SHIPPED, 'utf8'));
const UPLOADS: ClientUploadRule[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'client-uploads.json'), 'utf8'));

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([20, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(8)]);
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

const ctx = (openid: string | null, owner: string, p: string): RuleContext => ({
  auth: openid ? { openid, uid: openid, loginType: 'WECHAT' } : null,
  resource: { openid: owner, path: p },
  now: Date.now(),
});

describe('storage rule language (no eval: a parser and an evaluator)', () => {
  it('evaluates the documented forms', () => {
    const rules = compileRules({ read: 'auth != null', write: "auth == null || auth.uid == resource.openid && auth.loginType != 'ANONYMOUS'" });
    expect(rules.allows('read', ctx('o1', '', 'a'))).toBe(true);
    expect(rules.allows('read', ctx(null, '', 'a'))).toBe(false);
    expect(rules.allows('write', ctx(null, 'o1', 'a'))).toBe(true);
    expect(rules.allows('write', ctx('o1', 'o1', 'a'))).toBe(true);
    expect(rules.allows('write', ctx('o2', 'o1', 'a'))).toBe(false);
    expect(compileRules({ read: true, write: false }).allows('write', ctx('o1', 'o1', 'a'))).toBe(false);
    expect(compileRules({ read: '(1 < 2) && !(2 <= 1) && now > 0' }).allows('read', ctx(null, '', 'a'))).toBe(true);
  });

  it('denies what is not granted, and whatever fails to evaluate', () => {
    expect(compileRules({}).allows('read', ctx('o1', 'o1', 'a'))).toBe(false);
    // A guest has no auth: `auth.openid + ...` is not a string join, so the rule denies rather than throws.
    expect(compileRules({ write: "resource.path.startsWith('user/' + auth.openid)" }).allows('write', ctx(null, '', 'user/'))).toBe(false);
    expect(compileRules({ read: 'resource.size < 10' }).allows('read', ctx('o1', '', 'a'))).toBe(false);
  });

  it('refuses anything outside the subset, so nothing can run code', () => {
    for (const bad of ['process.exit()', 'auth.constructor("x")', 'resource.path.replace("a","b")', 'auth.openid = 1', '`x`', 'a ? b : c', 'auth[0]', '((((((((((((((((((((((((((((((((((true))))))))))))))))))))))))))))))))))', "'a\\'b'", 'auth ==']) {
      expect(() => parseExpression(bad)).toThrow(RuleSyntaxError);
    }
    expect(() => compileRules({ read: 1 })).toThrow(RuleSyntaxError);
    expect(() => compileRules({ delete: true })).toThrow(RuleSyntaxError);
    // Properties only of the context objects themselves: no prototype walk.
    expect(compileRules({ read: 'auth.constructor != null' }).allows('read', ctx('o1', '', 'a'))).toBe(false);
  });

  it('a malformed rules file stops the emulator from starting, naming the problem', async () => {
    await expect(startTestEmulator({ storageRules: { read: 'require("fs")' } })).rejects.toThrow(/unknown variable "require"/);
  });

  it('the shipped file parses, and says: own folder for writes, own uploads for reads', () => {
    const rules = compileRules(JSON.parse(fs.readFileSync(SHIPPED, 'utf8')));
    expect(rules.allows('write', ctx('o1', 'o1', 'user/o1/photo/a.jpg'))).toBe(true);
    expect(rules.allows('write', ctx('o1', 'o1', 'user/o2/photo/a.jpg'))).toBe(false);
    expect(rules.allows('write', ctx('o1', 'o1', 'user/o1x/photo/a.jpg'))).toBe(false);
    expect(rules.allows('write', ctx('o1', 'o2', 'user/o1/photo/a.jpg'))).toBe(false);
    expect(rules.allows('write', ctx('o1', 'o1', 'exports/o1/a.xlsx'))).toBe(false);
    expect(rules.allows('write', ctx(null, '', 'user//a.jpg'))).toBe(false);
    expect(rules.allows('read', ctx('o1', 'o1', 'user/o1/photo/a.jpg'))).toBe(true);
    expect(rules.allows('read', ctx('o2', 'o1', 'user/o1/photo/a.jpg'))).toBe(false);
    expect(rules.allows('read', ctx('o1', '', 'exports/o1/a.xlsx'))).toBe(false);
    expect(rules.allows('read', ctx(null, 'o1', 'user/o1/photo/a.jpg'))).toBe(false);
  });
});

describe('client storage endpoints obey the shipped rules', () => {
  let emu: TestEmulator;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    emu = await startTestEmulator({ storageRules: RULES, clientUploads: UPLOADS });
    for (const who of ['o-alice', 'o-bob']) tokens[who] = emu.sessions.signIn({ openid: who, source: 'wx_client' });
  });
  afterAll(() => emu.cleanup());

  const upload = (who: string, cloudPath: string, body: Buffer) =>
    fetch(`${emu.url}/client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: new Uint8Array(body) });
  const post = async (who: string, route: string, fileList: unknown[]) =>
    (await (
      await fetch(`${emu.url}/client/storage/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
        body: JSON.stringify({ fileList }),
      })
    ).json()) as { fileList: Array<{ fileID: string; status: number; tempFileURL?: string; code?: string }> };

  it('writes only under the caller\'s own folder, and never over another\'s file', async () => {
    const ok = await upload('o-alice', 'user/o-alice/photo/me.png', PNG);
    expect(ok.status).toBe(200);
    const { fileID } = (await ok.json()) as { fileID: string };
    expect(emu.storage.ownerOf(fileID)).toBe('o-alice');

    const intoTheirs = await upload('o-bob', 'user/o-alice/photo/me.png', JPEG);
    expect(intoTheirs.status).toBe(403);
    expect(await intoTheirs.json()).toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    expect(emu.storage.read(fileID)?.equals(PNG)).toBe(true);
    expect((await upload('o-bob', 'user/o-alice/photo/new.png', PNG)).status).toBe(403);
    expect((await upload('o-bob', 'member-photos/m1/x.png', PNG)).status).toBe(403);
    expect(emu.storage.has(emu.storage.fileIdFor('user/o-alice/photo/new.png'))).toBe(false);

    // The server SDK is not restricted, and a file it writes has no client owner.
    const { fileID: serverFile } = await sdkFor(emu).uploadFile({ cloudPath: 'user/o-bob/photo/by-server.png', fileContent: PNG });
    expect(emu.storage.ownerOf(serverFile)).toBe('');
    expect((await upload('o-bob', 'user/o-bob/photo/by-server.png', PNG)).status).toBe(403);
  });

  it('gives temp URLs only for the caller\'s own uploads, and deletes only those', async () => {
    const mine = emu.storage.fileIdFor('user/o-alice/photo/me.png');
    const theirs = await post('o-bob', 'temp-urls', [mine]);
    expect(theirs.fileList[0]).toMatchObject({ status: -503002, code: 'STORAGE_EXCEED_AUTHORITY', tempFileURL: '' });
    const own = await post('o-alice', 'temp-urls', [mine]);
    expect(own.fileList[0]).toMatchObject({ status: 0, tempFileURL: expect.stringMatching(/^http/) });

    expect((await post('o-bob', 'delete', [mine])).fileList[0]).toMatchObject({ status: -503002 });
    expect(emu.storage.has(mine)).toBe(true);
    const { fileID: spare } = (await (await upload('o-alice', 'user/o-alice/photo/spare.webp', WEBP)).json()) as { fileID: string };
    expect((await post('o-alice', 'delete', [spare])).fileList[0]).toMatchObject({ status: 0 });
    expect(emu.storage.has(spare)).toBe(false);
    expect((await post('o-alice', 'temp-urls', [spare])).fileList[0]).toMatchObject({ status: -503003 });
  });

  it('takes only JPEG, PNG or WebP by content: HTML or SVG named .jpg is refused and stores nothing', async () => {
    for (const [name, bytes] of [['page.jpg', HTML], ['icon.jpg', SVG], ['icon.svg', SVG], ['x.png', Buffer.alloc(0)]] as const) {
      const res = await upload('o-alice', `user/o-alice/photo/${name}`, bytes);
      expect(res.status).toBe(415);
      expect(emu.storage.has(emu.storage.fileIdFor(`user/o-alice/photo/${name}`))).toBe(false);
    }
    expect((await upload('o-alice', 'user/o-alice/photo/a.jpg', JPEG)).status).toBe(200);
  });

  it('takes roster files (.xlsx, .csv) in the caller\'s own imports folder only, checked by content and size', async () => {
    const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
    const CSV = Buffer.from('\ufeff学号,姓名,楼栋,房间\n2023010101,张三,智园1号楼,301\n');
    const GBK_CSV = Buffer.from([0xd1, 0xa7, 0xba, 0xc5, 0x2c, 0x31, 0x0a]);
    const UTF16_CSV = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('学号,姓名\n', 'utf16le')]);
    const stored = (p: string) => emu.storage.has(emu.storage.fileIdFor(p));
    for (const [name, bytes] of [['a.xlsx', XLSX], ['b.csv', CSV], ['c.csv', GBK_CSV], ['d.csv', UTF16_CSV]] as const) {
      const res = await upload('o-alice', `user/o-alice/imports/${name}`, bytes);
      expect(res.status).toBe(200);
      expect(stored(`user/o-alice/imports/${name}`)).toBe(true);
    }
    // Bytes that disagree with the name, markup, binaries, old .xls, photos: refused, nothing stored.
    const refused = [
      ['fake.xlsx', CSV],
      ['page.csv', HTML],
      ['icon.csv', SVG],
      ['zip.csv', XLSX],
      ['photo.csv', PNG],
      ['nul.csv', Buffer.from([0x31, 0x00, 0x32])],
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
      ['me.png', PNG],
      ['empty.csv', Buffer.alloc(0)],
    ] as const;
    for (const [name, bytes] of refused) {
      expect({ name, status: (await upload('o-alice', `user/o-alice/imports/${name}`, bytes)).status }).toEqual({ name, status: 415 });
      expect(stored(`user/o-alice/imports/${name}`)).toBe(false);
    }
    // Outside an imports folder a spreadsheet is not a photo; in someone else's folder the rule refuses it.
    expect((await upload('o-alice', 'user/o-alice/photo/list.xlsx', XLSX)).status).toBe(415);
    expect((await upload('o-alice', 'user/o-alice/imports/deeper/list.xlsx', XLSX)).status).toBe(415);
    expect((await upload('o-bob', 'user/o-alice/imports/bob.xlsx', XLSX)).status).toBe(403);
    expect(stored('user/o-alice/imports/bob.xlsx')).toBe(false);
    // The size limit holds for roster files as for photos.
    const big = Buffer.concat([XLSX, Buffer.alloc(10 * 1024 * 1024)]);
    expect((await upload('o-alice', 'user/o-alice/imports/big.xlsx', big)).status).toBe(413);
    expect(stored('user/o-alice/imports/big.xlsx')).toBe(false);
    // Served as a download, never shown.
    const served = await fetch(encodeURI(emu.storage.signedUrl(emu.storage.fileIdFor('user/o-alice/imports/b.csv'))));
    expect(served.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves every file with nosniff, photos by their bytes, and nothing as HTML or SVG', async () => {
    // Named .png but JPEG inside: served as what it is.
    await upload('o-alice', 'user/o-alice/photo/named-png.png', JPEG);
    const photo = await fetch(encodeURI(emu.storage.signedUrl(emu.storage.fileIdFor('user/o-alice/photo/named-png.png'))));
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(photo.headers.get('content-disposition')).toBeNull();

    // The server SDK can store anything; it is still never served as a page or a drawing.
    const app = sdkFor(emu);
    for (const [cloudPath, bytes] of [['odd/page.html', HTML], ['odd/icon.svg', SVG], ['odd/fake.jpg', HTML]] as const) {
      const { fileID } = await app.uploadFile({ cloudPath, fileContent: bytes });
      const res = await fetch(encodeURI(emu.storage.signedUrl(fileID)));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    }
    const missing = await fetch(encodeURI(emu.storage.signedUrl(emu.storage.fileIdFor('odd/none.png'))));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('client upload rules are the project\'s, not the emulator\'s', () => {
  const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
  const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\n');
  const uploadAs = async (emu: TestEmulator, cloudPath: string, body: Buffer) => {
    const token = emu.sessions.signIn({ openid: 'o-carol', source: 'wx_client' });
    return fetch(`${emu.url}/client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Uint8Array(body) });
  };

  it('without rules, takes any bytes under any name the storage rules allow, as CloudBase\'s client upload does', async () => {
    const emu = await startTestEmulator({ storageRules: RULES });
    try {
      for (const [name, bytes] of [['notes/a.txt', Buffer.from('hello')], ['docs/list.xlsx', XLSX], ['anything/page.jpg', HTML], ['x/imports/y/z.bin', Buffer.from([0, 1, 2])]] as const) {
        const res = await uploadAs(emu, `user/o-carol/${name}`, bytes);
        expect({ name, status: res.status }).toEqual({ name, status: 200 });
        expect(emu.storage.read(emu.storage.fileIdFor(`user/o-carol/${name}`))?.equals(bytes)).toBe(true);
      }
      // The storage rules still decide who may write where.
      expect((await uploadAs(emu, 'user/o-dave/a.txt', Buffer.from('x'))).status).toBe(403);
    } finally {
      await emu.cleanup();
    }
  });

  it('with rules, the first rule whose path matches decides by content; a path no rule matches is refused', async () => {
    const clientUploads: ClientUploadRule[] = [
      { path: 'user/*/reports/**', types: ['pdf'] },
      { path: 'user/*/avatar.*', types: ['png', 'gif'] },
    ];
    const emu = await startTestEmulator({ storageRules: RULES, clientUploads });
    try {
      const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
      const cases: Array<[string, Buffer, number]> = [
        ['reports/2026/q1.pdf', PDF, 200],
        ['reports/q1.pdf', PNG, 415], // a photo named .pdf
        ['reports/q1.png', PDF, 415], // a PDF not named .pdf
        ['avatar.gif', GIF, 200],
        ['avatar.png', PNG, 200],
        ['avatar.jpg', JPEG, 415],
        ['photo/me.png', PNG, 415], // no rule for this path
      ];
      for (const [name, bytes, status] of cases) {
        const res = await uploadAs(emu, `user/o-carol/${name}`, bytes);
        expect({ name, status: res.status }).toEqual({ name, status });
        expect(emu.storage.has(emu.storage.fileIdFor(`user/o-carol/${name}`))).toBe(status === 200);
      }
      const refused = await uploadAs(emu, 'user/o-carol/avatar.jpg', JPEG);
      expect(await refused.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringContaining('png, gif') });
    } finally {
      await emu.cleanup();
    }
  });

  it('malformed upload rules stop the emulator from starting, naming the problem', async () => {
    const dataDir = tempDir();
    try {
      await expect(startTestEmulator({ dataDir, clientUploads: [{ path: '**', types: ['exe' as never] }] })).rejects.toThrow(/client upload rules: 0\.types\.0/);
      // Refused before the data directory was taken: a corrected start on it works.
      const fixed = await startTestEmulator({ dataDir, clientUploads: [{ path: '**', types: ['any'] }] });
      await fixed.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
