import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DOSSIER_ENTRY_LIMIT, DOSSIER_VERIFY_PAGE, dossierIdOf } from '../../src/shared/domain/dossier';
import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import { buildEntry, buildMember, buildRoster, buildUser, daysAgo } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';
import { pdfQrText, pdfText } from './pdf-reading';
import { seedWorld, type World } from './world';

/**
 * The conversion evidence pack (issue 11 point 6) through the local CloudBase: a counselor issues a
 * probationary member's PDF; its text holds the member, the hours with dates and the totals; its QR
 * decodes to the verification page with the issue id, which answers the issue record only and
 * NOT_FOUND for a forged id; the file is readable by its creator and the member only.
 */
let app: App;
let w: World;
let issued: { id: string; fileID: string; url: string; digest: string; pages: number; entriesLeftOut: number };
let pdf: Buffer;
let issueMs = 0;

// A second probationary member of building A, with more approved entries than a pack lists.
const busyRoster = buildRoster({ name: '林晓', memberStatus: 'probationary' });
const busy = buildMember({ rosterId: busyRoster._id, name: '林晓', status: 'probationary', probationStartedAt: new Date(Date.now() - 200 * 86_400_000), hoursOverall: { verified: 0, selfReported: DOSSIER_ENTRY_LIMIT + 5 } });
const otherMemberRoster = buildRoster({ name: '周宁', memberStatus: 'full' });
const otherMember = buildMember({ rosterId: otherMemberRoster._id, name: '周宁', status: 'full' });
const otherUser = buildUser({ openid: 'd-other-member', role: 'member', name: '周宁', rosterId: otherMemberRoster._id, memberId: otherMember._id });
const counselorB = buildUser({ openid: 'd-counselor-b', role: 'counselor', name: '刘老师', buildingIds: [] });

const tokens = new Map<string, string>();
const tokenOf = (openid: string) => tokens.get(openid) ?? tokens.set(openid, app.emu.sessions.signIn({ openid, source: 'wx_client' })).get(openid)!;
/** wx.cloud.getTempFileURL from a client, under the storage rules. */
async function clientTempUrl(openid: string, fileID: string) {
  const res = await fetch(`${app.emu.url}/client/storage/temp-urls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(openid)}` },
    body: JSON.stringify({ fileList: [fileID] }),
  });
  return ((await res.json()) as { fileList: Array<{ status: number; tempFileURL?: string }> }).fileList[0];
}
const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
const cost = (app: App, id: string | undefined) => {
  const m = app.meterOf(id)!;
  return { reads: m.reads, writes: m.writes };
};

beforeAll(async () => {
  app = await startApp();
  w = await seedWorld(app);
  const started = new Date(Date.now() - 300 * 86_400_000);
  await app.db.collection('members').doc(w.member._id).update({
    probationStartedAt: started, hoursOverall: { verified: 3, selfReported: 4.5 }, branchName: '智园1号楼党支部', groupName: '第一党小组', stars: ['2026-10'],
  });
  const approved = (o: Parameters<typeof buildEntry>[0]) =>
    buildEntry({ memberId: w.member._id, userId: w.users.member._id, memberName: w.member.name, buildingId: w.a._id, status: 'approved', ...o });
  await app.insert('volunteer_entries', [
    approved({ title: '迎新志愿服务', date: daysAgo(20), start: '09:00', end: '11:30', approvedHours: 2.5 }),
    approved({ title: '社区图书角整理', date: daysAgo(12), start: '14:00', end: '16:00', approvedHours: 2 }),
    approved({ title: '防诈骗宣讲活动', date: daysAgo(6), start: '19:00', end: '22:00', approvedHours: 3, verified: true, category: 'outreach' }),
  ]);

  Object.assign(busy, { buildingId: w.a._id, buildingName: w.a.name, roomId: w.roomA._id, roomNumber: '301' });
  Object.assign(busyRoster, { buildingId: w.a._id, roomId: w.roomA._id });
  await app.insert('roster', [busyRoster, otherMemberRoster]);
  await app.insert('members', [busy, { ...otherMember, buildingId: w.a._id, userId: otherUser._id }]);
  await app.insert('users', [otherUser, counselorB]);
  const many = Array.from({ length: DOSSIER_ENTRY_LIMIT + 5 }, (_, i) =>
    buildEntry({ memberId: busy._id, memberName: busy.name, buildingId: w.a._id, status: 'approved', approvedHours: 1, title: `楼道清扫${i + 1}`, date: daysAgo(1 + (i % 28)), start: `${String(6 + Math.floor(i / 28)).padStart(2, '0')}:00`, end: `${String(6 + Math.floor(i / 28)).padStart(2, '0')}:30` }),
  );
  await app.insert('volunteer_entries', many);

  const t0 = Date.now();
  const reply = await app.call(w.openids.counselor, 'develop', 'issueDossier', { memberId: w.member._id });
  issueMs = Date.now() - t0;
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  issued = reply.data;
  console.log(`issueDossier: ${issueMs} ms, ${reply.data.pages} page(s), reads/writes ${JSON.stringify(cost(app, reply.invocationId))}`);
  pdf = await download(issued.url);
}, 120_000);

afterAll(() => app?.stop());

describe('issueDossier', () => {
  it('writes a PDF whose text holds the member as the branch knows them, the hours with dates and the totals', async () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await pdfText(pdf);
    for (const expected of [
      '预备党员转正材料', '韩梅梅', w.memberRoster.studentNo, '智园1号楼党支部', '第一党小组', '智园1号楼 301',
      '累计已认定 7.5 小时', '活动签到核实 3 小时', '本人申报（经辅导员审核） 4.5 小时', '还差 42.5 小时',
      '迎新志愿服务', daysAgo(20), '社区图书角整理', '防诈骗宣讲活动', '2026年10月 每月之星',
      '出具人 张老师', `材料编号 ${issued.id}`,
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    }
    // The eligibility checklist, its blockers (hours short of 50) and their evidence.
    expect(text).toContain('待解决事项：志愿服务满 50 小时。');
    expect(text).toContain('防诈骗宣讲活动 3 小时（活动核验）');
  });

  it('embeds a QR that decodes to the verification page with the issue id', () => {
    const decoded = pdfQrText(pdf);
    expect(decoded).not.toBeNull();
    const [page, query] = decoded!.split('?');
    expect(page).toBe(DOSSIER_VERIFY_PAGE);
    expect(fs.readFileSync(path.join(__dirname, '../../src/app.config.ts'), 'utf8')).toContain(`'${DOSSIER_VERIFY_PAGE}'`);
    const scene = new URLSearchParams(query).get('scene') ?? undefined;
    expect(dossierIdOf({ scene })).toBe(issued.id);
  });

  it('records the issue with the digest of the stored file, audited in the same transaction', async () => {
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(issued.digest);
    const { data } = await app.db.collection('develop_dossiers').doc(issued.id).get();
    expect(data[0]).toMatchObject({ memberId: w.member._id, issuedBy: w.users.counselor._id, issuedByName: '张老师', fileID: issued.fileID, digest: issued.digest });
    const audit = await app.db.collection('audit').where({ action: 'develop.issueDossier' }).get();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({ actorOpenid: w.openids.counselor, target: { collection: 'develop_dossiers', id: issued.id } });
  });

  it('lists at most the entry limit and says how many it left out; a flagged room is a blocker', async () => {
    // Their room is flagged 脏乱差: the pack names it among the blockers.
    await app.insert('inspections_rooms', {
      _id: w.roomA._id, buildingId: w.a._id, floor: 3, roomLabel: '智园1号楼 301', flagged: true, flaggedAt: new Date(), deadline: new Date(Date.now() + 7 * 86_400_000),
      flaggedBy: w.users.counselor._id, flaggedByName: '张老师', flagInspectionId: w.inspection._id, lastInspectionId: w.inspection._id, lastRating: 'failing', lastAt: new Date(), clearedAt: null,
    });
    const t0 = Date.now();
    const reply = await app.call(w.openids.admin, 'develop', 'issueDossier', { memberId: busy._id });
    const ms = Date.now() - t0;
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data.entriesLeftOut).toBe(5);
    expectIndexServed(app, reply.invocationId);
    const { text } = await pdfText(await download(reply.data.url));
    expect(text).toContain(`已认定记录共 ${DOSSIER_ENTRY_LIMIT + 5} 条，本材料只列出最近的 ${DOSSIER_ENTRY_LIMIT} 条，未列出 5 条`);
    expect(text).toContain('被评为“脏乱差”，整改期限');
    expect(text).toContain('待解决事项：寝室无“脏乱差”。');
    // The room's evidence line names the rating as people read it, not the stored code.
    expect(text).toContain('最近一次检查：脏乱差');
    expect(text).not.toContain('failing');
    console.log(`issueDossier with ${DOSSIER_ENTRY_LIMIT + 5} entries (warm instance): ${ms} ms, ${reply.data.pages} pages, reads/writes ${JSON.stringify(cost(app, reply.invocationId))}`);
  }, 60_000);

  it('is only for probationary members in the caller\'s buildings', async () => {
    expect(await app.call(w.openids.counselor, 'develop', 'issueDossier', { memberId: otherMember._id })).toMatchObject({ ok: false, error: { code: 'NOT_ELIGIBLE' } });
    expect(await app.call(counselorB.openid, 'develop', 'issueDossier', { memberId: w.member._id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(w.openids.member, 'develop', 'issueDossier', { memberId: w.member._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('verifyDossier', () => {
  it('answers the issue record only, to anyone, guests included', async () => {
    const reply = await app.call(w.openids.guest, 'develop', 'verifyDossier', { id: issued.id });
    expect(reply).toEqual({ ok: true, data: { id: issued.id, memberName: '韩梅梅', issuedByName: '张老师', issuedAt: expect.any(String), digest: issued.digest } });
    expect(cost(app, reply.invocationId).reads).toBeLessThanOrEqual(2);
    console.log(`verifyDossier: reads/writes ${JSON.stringify(cost(app, reply.invocationId))}`);
  });

  it('answers NOT_FOUND for a forged or unknown id', async () => {
    const forged = issued.id.slice(0, -1) + (issued.id.endsWith('0') ? '1' : '0');
    for (const id of [forged, 'abc', `${issued.id}x`, '../../etc/passwd']) {
      expect(await app.call(w.openids.student, 'develop', 'verifyDossier', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('is rate-limited per user', async () => {
    const openid = 'd-scraper';
    for (let i = 0; i < RATE_LIMITS.dossierVerify.limit; i++) {
      expect((await app.call(openid, 'develop', 'verifyDossier', { id: `${i}`.padStart(24, 'f') })).ok).toBe(false);
    }
    expect(await app.call(openid, 'develop', 'verifyDossier', { id: issued.id })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  }, 60_000);
});

describe('who can read a pack', () => {
  it('its creator and its member get a download link; another member, another counselor and an admin do not', async () => {
    for (const openid of [w.openids.counselor, w.openids.member]) {
      const reply = await app.call(openid, 'develop', 'dossierFile', { id: issued.id });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      expect(createHash('sha256').update(await download(reply.data.url)).digest('hex')).toBe(issued.digest);
    }
    for (const openid of [otherUser.openid, counselorB.openid, w.openids.admin]) {
      expect(await app.call(openid, 'develop', 'dossierFile', { id: issued.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('no client reads the file through the storage rules', async () => {
    for (const openid of [otherUser.openid, w.openids.student, w.openids.member, w.openids.counselor]) {
      expect(await clientTempUrl(openid, issued.fileID)).toMatchObject({ status: -503002 });
    }
  });

  it('the member lists their own packs, the counselor the packs they issued, newest first, on their indexes', async () => {
    const mine = await app.call(w.openids.member, 'develop', 'listDossiers', { limit: 1 });
    if (!mine.ok) throw new Error(JSON.stringify(mine));
    expect(mine.data.items.map((d) => d.id)).toEqual([issued.id]);
    expect(mine.data.nextCursor).not.toBeNull();
    expectIndexServed(app, mine.invocationId);
    const more = await app.call(w.openids.member, 'develop', 'listDossiers', { limit: 5, cursor: mine.data.nextCursor! });
    expect(more.ok && more.data.items.map((d) => d.id)).toEqual([w.dossier._id]);

    const theirs = await app.call(w.openids.counselor, 'develop', 'listDossiers', {});
    expect(theirs.ok && theirs.data.items.map((d) => d.id)).toEqual([issued.id, w.dossier._id]);
    expectIndexServed(app, theirs.invocationId);
    const other = await app.call(otherUser.openid, 'develop', 'listDossiers', {});
    expect(other).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });
});

describe('the issue and its audit commit together', () => {
  it('when the audit cannot be written, no issue is recorded and the uploaded file is deleted again', async () => {
    const store = app.emu.database.state.store;
    const indexes = store.indexesOf('audit');
    const before = (await app.db.collection('develop_dossiers').where({ memberId: w.member._id }).count()).total;
    store.dropCollection('audit');
    let reply;
    try {
      reply = await app.call(w.openids.counselor, 'develop', 'issueDossier', { memberId: w.member._id });
    } finally {
      store.ensureCollection('audit', indexes, () => new Map());
    }
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect((await app.db.collection('develop_dossiers').where({ memberId: w.member._id }).count()).total).toBe(before);
    // The delete after the failed transaction succeeded: nothing is left for the nightly sweep's retry list.
    expect((await app.db.collection('file_deletions').count()).total).toBe(0);
  }, 60_000);
});
