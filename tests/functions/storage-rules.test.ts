import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { sdkFor } from 'cloudbase-local/testing';
import { entryInput } from './volunteer-seed';
import { docOf, newOpenid, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';

/**
 * The shipped storage rules (cloudfunctions/storage.rules.json) as the local CloudBase enforces them
 * on its client endpoints, per role, together with what the functions hand out past them: plaque
 * photos of consenting members to anyone, evidence to its owner and the reviewing counselor, exports
 * to their creator only, and deletion of what was withdrawn, replaced or downloaded.
 */
let app: App;
let place: Place;
let elsewhere: Place;
type Who = { openid: string; member?: MemberDoc | null };
let guest: Who, student: Who, alice: Who, bob: Who, counselor: Who, otherCounselor: Who, admin: Who;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
const HTML = Buffer.from('<html><body><script>fetch("/admin")</script></body></html>');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

const tokens = new Map<string, string>();
const tokenOf = (openid: string) => tokens.get(openid) ?? tokens.set(openid, app.emu.sessions.signIn({ openid, source: 'wx_client' })).get(openid)!;

/** wx.cloud.uploadFile as the h5 build sends it. */
async function clientUpload(who: Who, cloudPath: string, bytes: Buffer = PNG) {
  const res = await fetch(`${app.emu.url}/client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenOf(who.openid)}` },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as { fileID?: string; code?: string };
  return { status: res.status, fileID: body.fileID ?? '', code: body.code };
}

async function clientCall(who: Who, route: 'temp-urls' | 'delete', fileID: string) {
  const res = await fetch(`${app.emu.url}/client/storage/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(who.openid)}` },
    body: JSON.stringify({ fileList: [fileID] }),
  });
  return ((await res.json()) as { fileList: Array<{ status: number; tempFileURL?: string; code?: string }> }).fileList[0];
}

const own = (who: Who, kind: 'photo' | 'evidence', name: string) => `user/${who.openid}/${kind}/${name}`;
const serverTempUrl = async (fileID: string) => (await sdkFor(app.emu).getTempFileURL({ fileList: [fileID] })).fileList[0];
const get = (url: string) => fetch(encodeURI(url));
const cost = (m: unknown) => ({ reads: (m as { reads: number }).reads, writes: (m as { writes: number }).writes });

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
  elsewhere = await seedPlace(app, '智园9号楼');
  guest = { openid: newOpenid('guest') };
  student = await seedUser(app, place, 'student');
  alice = await seedUser(app, place, 'member');
  bob = await seedUser(app, place, 'member');
  counselor = await seedUser(app, place, 'counselor');
  otherCounselor = await seedUser(app, elsewhere, 'counselor');
  admin = await seedUser(app, place, 'admin');
});
afterAll(() => app.stop());

/** Alice's plaque photo, uploaded from her client and set on her profile. */
async function setPlaquePhoto(name: string): Promise<string> {
  const up = await clientUpload(alice, own(alice, 'photo', name));
  expect(up.status).toBe(200);
  expect(await app.call(alice.openid, 'account', 'updateProfile', { photoFileId: up.fileID })).toMatchObject({ ok: true });
  return up.fileID;
}

async function plaquePhotoUrl(viewer: Who): Promise<string | null> {
  const view = await app.call(viewer.openid, 'plaque', 'view', { code: place.room.plaqueCode });
  if (!view.ok) throw new Error(JSON.stringify(view));
  return view.data.members.find((m) => m.id === alice.member!._id)?.photoUrl ?? null;
}

describe('storage rules per role (client endpoints of the local CloudBase)', () => {
  it('every role uploads into its own folder; none into another’s, nor outside user/', async () => {
    for (const who of [guest, student, alice, bob, counselor, admin]) {
      expect((await clientUpload(who, own(who, 'photo', 'mine.png'))).status).toBe(200);
      const intoAlice = await clientUpload(who === alice ? bob : who, own(alice, 'photo', `from-${who.openid}.png`));
      expect(intoAlice).toMatchObject({ status: 403, code: 'STORAGE_EXCEED_AUTHORITY' });
      expect((await clientUpload(who, `member-photos/${alice.member!._id}/x.png`)).status).toBe(403);
      expect((await clientUpload(who, `exports/${who.openid}/x.png`)).status).toBe(403);
    }
    expect(app.emu.storage.has(app.emu.storage.fileIdFor(own(alice, 'photo', `from-${guest.openid}.png`)))).toBe(false);
  });

  it('a member’s plaque photo cannot be overwritten or deleted by anyone else; anyone sees it through the plaque', async () => {
    const fileID = await setPlaquePhoto('plaque.png');
    for (const who of [guest, student, bob, counselor, admin]) {
      expect((await clientUpload(who, own(alice, 'photo', 'plaque.png'), JPEG)).status).toBe(403);
      expect(await clientCall(who, 'delete', fileID)).toMatchObject({ status: -503002 });
      // A client read is the uploader's alone: no one else mints a URL for it directly.
      expect(await clientCall(who, 'temp-urls', fileID)).toMatchObject({ status: -503002, tempFileURL: '' });
    }
    expect(app.emu.storage.read(fileID)?.equals(PNG)).toBe(true);
    expect(await clientCall(alice, 'temp-urls', fileID)).toMatchObject({ status: 0, tempFileURL: expect.stringMatching(/^http/) });

    // The plaque function (consent checked there) mints the URL for a guest.
    const url = await plaquePhotoUrl(guest);
    expect(url).toEqual(expect.stringMatching(/^http/));
    const res = await get(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('evidence: its owner reads it, the reviewing counselor gets it from the function, a student or another member cannot', async () => {
    const up = await clientUpload(alice, own(alice, 'evidence', 'sweep.png'));
    expect(up.status).toBe(200);
    const draft = await app.call(alice.openid, 'volunteer', 'saveDraft', entryInput({ photoFileIds: [up.fileID] }));
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    expect(await app.call(alice.openid, 'volunteer', 'submit', { id: draft.data.entry.id })).toMatchObject({ ok: true });

    for (const who of [guest, student, bob, counselor, otherCounselor, admin]) {
      expect(await clientCall(who, 'temp-urls', up.fileID)).toMatchObject({ status: -503002 });
    }
    expect(await clientCall(alice, 'temp-urls', up.fileID)).toMatchObject({ status: 0 });
    // Bob cannot borrow it for his own entry either.
    expect(await app.call(bob.openid, 'volunteer', 'saveDraft', entryInput({ photoFileIds: [up.fileID] }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const pending = await app.call(counselor.openid, 'volunteer', 'pendingEntries', {});
    if (!pending.ok) throw new Error(JSON.stringify(pending));
    const entry = pending.data.items.find((e) => e.id === draft.data.entry.id);
    expect(entry?.photoUrls).toEqual([expect.stringMatching(/^http/)]);
    expect((await get(entry!.photoUrls[0])).status).toBe(200);
    const elsewhereQueue = await app.call(otherCounselor.openid, 'volunteer', 'pendingEntries', {});
    expect(elsewhereQueue.ok && elsewhereQueue.data.items.map((e) => e.id)).not.toContain(draft.data.entry.id);
  });

  it('a non-photo named .jpg (HTML, SVG) is refused at upload and stores nothing', async () => {
    for (const [name, bytes] of [['page.jpg', HTML], ['logo.jpg', SVG], ['logo.svg', SVG], ['page.html', HTML]] as const) {
      expect(await clientUpload(alice, own(alice, 'photo', name), bytes)).toMatchObject({ status: 415 });
      expect(app.emu.storage.has(app.emu.storage.fileIdFor(own(alice, 'photo', name)))).toBe(false);
    }
  });
});

describe('exports: only their creator, gone after download or a day', () => {
  it('the creator gets a URL from the function; no client reads it directly; another counselor cannot finish it; downloading deletes it', async () => {
    const reply = await app.call(counselor.openid, 'volunteer', 'exportHours', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const { fileID, url } = reply.data;
    expect(fileID).toContain(`/exports/${counselor.openid}/`);
    for (const who of [counselor, otherCounselor, admin, alice, guest]) {
      expect(await clientCall(who, 'temp-urls', fileID)).toMatchObject({ status: -503002 });
    }
    expect(await app.call(otherCounselor.openid, 'volunteer', 'finishExport', { fileID })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(admin.openid, 'volunteer', 'finishExport', { fileID })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const download = await get(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);

    const finished = await app.call(counselor.openid, 'volunteer', 'finishExport', { fileID });
    expect(finished).toEqual({ ok: true, data: { done: true } });
    console.log('DB per call: exportHours', JSON.stringify(cost(app.meterOf(reply.invocationId))), 'finishExport', JSON.stringify(cost(app.meterOf(finished.invocationId))));
    expect((await get(url)).status).toBe(404);
    expect(await serverTempUrl(fileID)).toMatchObject({ code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
    expect((await app.db.collection('exports').where({ fileID }).get()).data).toEqual([]);
  });

  it('the nightly sweep deletes exports older than a day, keeps newer ones, and retries failed deletions', async () => {
    const old = await app.call(counselor.openid, 'volunteer', 'exportHours', {});
    const fresh = await app.call(counselor.openid, 'volunteer', 'exportHours', {});
    if (!old.ok || !fresh.ok) throw new Error('export failed');
    // The function clock cannot be moved from here, so the record is aged instead: made 25 hours ago.
    await app.db.collection('exports').where({ fileID: old.data.fileID }).update({ createdAt: new Date(Date.now() - 25 * 3_600_000) });
    // A deletion that failed earlier (storage unavailable after a photo was replaced) waits in its record.
    const { fileID: orphan } = await sdkFor(app.emu).uploadFile({ cloudPath: own(bob, 'photo', 'orphan.png'), fileContent: PNG });
    await app.insert('file_deletions', { _id: 'retry-1', fileID: orphan, reason: 'account.updateProfile', since: new Date() });

    const swept = await app.call(admin.openid, 'maintenance', 'sweep', {});
    expect(swept).toMatchObject({ ok: true, data: { exports: 1, fileDeletions: 1 } });
    expect(await serverTempUrl(old.data.fileID)).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    expect((await get(old.data.url)).status).toBe(404);
    expect(await serverTempUrl(fresh.data.fileID)).toMatchObject({ code: 'SUCCESS' });
    expect(app.emu.storage.has(orphan)).toBe(false);
    expect((await app.db.collection('file_deletions').count()).total).toBe(0);
  });
});

describe('withdrawn means gone', () => {
  const memberDoc = () => docOf<MemberDoc>(app, 'members', alice.member!._id);

  it('withdrawing consent deletes the plaque photo: its URL 404s and no new URL can be minted', async () => {
    const fileID = await setPlaquePhoto('before-withdrawal.png');
    const url = await plaquePhotoUrl(guest);
    expect((await get(url!)).status).toBe(200);

    const withdrawn = await app.call(alice.openid, 'account', 'setConsent', { public: false });
    expect(withdrawn).toMatchObject({ ok: true });
    console.log('DB per call: setConsent (withdraw, photo deleted)', JSON.stringify(cost(app.meterOf(withdrawn.invocationId))));
    expect(await memberDoc()).toMatchObject({ photoFileId: null, consent: { public: false } });
    expect((await get(url!)).status).toBe(404);
    expect(await serverTempUrl(fileID)).toMatchObject({ code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
    expect(await clientCall(alice, 'temp-urls', fileID)).toMatchObject({ status: -503003 });
    expect(await app.call(alice.openid, 'account', 'me')).toMatchObject({ ok: true, data: { member: { photoUrl: null } } });

    // Consenting again does not bring it back: the member chooses a photo anew.
    expect(await app.call(alice.openid, 'account', 'setConsent', { public: true })).toMatchObject({ ok: true });
    expect(await memberDoc()).toMatchObject({ photoFileId: null });
    expect(await plaquePhotoUrl(guest)).toBeNull();
  });

  it('a replaced photo and a removed one are deleted', async () => {
    const first = await setPlaquePhoto('first.png');
    const firstUrl = (await plaquePhotoUrl(guest))!;
    const second = await setPlaquePhoto('second.png');
    expect((await get(firstUrl)).status).toBe(404);
    expect(await serverTempUrl(first)).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    expect(await serverTempUrl(second)).toMatchObject({ code: 'SUCCESS' });

    const secondUrl = (await plaquePhotoUrl(guest))!;
    expect(await app.call(alice.openid, 'account', 'updateProfile', { photoFileId: null })).toMatchObject({ ok: true });
    expect((await get(secondUrl)).status).toBe(404);
    expect(await serverTempUrl(second)).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    expect((await app.db.collection('file_deletions').count()).total).toBe(0);
  });

  it('two photo changes at once: whatever was set and then replaced is deleted, nothing answers INTERNAL', async () => {
    for (let round = 0; round < 5; round++) {
      await setPlaquePhoto(`race-base-${round}.png`);
      const ups = await Promise.all([0, 1].map((i) => clientUpload(alice, own(alice, 'photo', `race-${round}-${i}.png`))));
      const replies = await Promise.all(ups.map((u) => app.call(alice.openid, 'account', 'updateProfile', { photoFileId: u.fileID })));
      const current = (await memberDoc())!.photoFileId;
      replies.forEach((reply, i) => {
        if (!reply.ok) expect(reply.error.code).toBe('CONFLICT');
        // A photo that was set and is no longer the profile's must not survive.
        else if (ups[i].fileID !== current) expect(app.emu.storage.has(ups[i].fileID)).toBe(false);
      });
      expect(current && app.emu.storage.has(current)).toBe(true);
    }
  });
});
