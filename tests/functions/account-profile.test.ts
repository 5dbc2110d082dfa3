import { termOf } from '../../src/shared/domain/term';
import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { sdkFor } from 'cloudbase-local/testing';
import { auditOf, docOf, newOpenid, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';

let app: App;
let place: Place;

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
});
afterAll(() => app.stop());

const term = termOf(new Date()).key;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const upload = async (cloudPath: string, fileContent = PNG) => (await sdkFor(app.emu).uploadFile({ cloudPath, fileContent })).fileID as string;
const memberDoc = (id: string) => docOf<MemberDoc>(app, 'members', id);
const onPlaque = async (memberId: string) => {
  const reply = await app.call(newOpenid('scanner'), 'plaque', 'view', { code: place.room.plaqueCode });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data.members.some((m) => m.id === memberId);
};

describe('account.me', () => {
  it('answers a guest with role guest and nulls', async () => {
    expect(await app.call(newOpenid(), 'account', 'me')).toEqual({ ok: true, data: { role: 'guest', name: null, room: null, member: null, counselor: null } });
  });

  it('gives a member their room, status, consent, pledge, posts, this term hours and current badges', async () => {
    // Badges from the awards projection: the expired one is not shown (issue 11).
    const awards = [{ awardId: 'aw-1', code: 'theoryTeam', name: '理论宣讲团', until: null }, { awardId: 'aw-2', code: 'dutyZone', name: '党员责任区', until: '2001-01-31' }];
    const member = await seedUser(app, place, 'member', { status: 'candidate', posts: ['groupLeader'], hours: { [term]: 7.5, '2001-2002-1': 40 }, pledge: '服务同学', awards });
    expect(await app.call(member.openid, 'account', 'me')).toEqual({
      ok: true,
      data: {
        role: 'member', name: '陈晨', counselor: null,
        room: { id: place.room._id, number: '305', floor: 3, buildingId: place.building._id, buildingName: '智园3号楼' },
        member: {
          id: member.member!._id, status: 'candidate', consent: { public: true, changedAt: '2026-09-02T00:00:00.000Z' }, pledge: '服务同学',
          photoUrl: null, posts: ['groupLeader'], termHours: 7.5, badges: [{ code: 'theoryTeam', name: '理论宣讲团' }], uploadDir: `user/${member.openid}`,
        },
      },
    });
  });

  it('gives a counselor their buildings and an admin just the role', async () => {
    const counselor = await seedUser(app, place, 'counselor');
    expect(await app.call(counselor.openid, 'account', 'me')).toMatchObject({ ok: true, data: { role: 'counselor', counselor: { buildings: [{ id: place.building._id, name: '智园3号楼' }] }, room: null } });
    const admin = await seedUser(app, place, 'admin');
    expect(await app.call(admin.openid, 'account', 'me')).toEqual({ ok: true, data: { role: 'admin', name: '管理员', room: null, member: null, counselor: null, uploadDir: `user/${admin.openid}` } });
  });
});

describe('account.setConsent', () => {
  it('withdraws and gives consent: the member vanishes from the plaque and comes back, each change audited', async () => {
    const member = await seedUser(app, place, 'member');
    const id = member.member!._id;
    expect(await onPlaque(id)).toBe(true);

    const withdrawn = await app.call(member.openid, 'account', 'setConsent', { public: false });
    expect(withdrawn).toEqual({ ok: true, data: { consent: { public: false, changedAt: expect.any(String) } } });
    expect(await memberDoc(id)).toMatchObject({ consent: { public: false, changedAt: expect.any(Date) } });
    expect(await onPlaque(id)).toBe(false);
    const [record] = await auditOf(app, 'account.setConsent', id);
    expect(record).toMatchObject({ actorOpenid: member.openid, actorRole: 'member', before: { consent: { public: true } }, after: { consent: { public: false } } });

    expect((await app.call(member.openid, 'account', 'setConsent', { public: true })).ok).toBe(true);
    expect(await onPlaque(id)).toBe(true);
    expect(await auditOf(app, 'account.setConsent', id)).toHaveLength(2);
  });

  it('changes only the caller own profile: identity never comes from input', async () => {
    const member = await seedUser(app, place, 'member');
    const other = await seedUser(app, place, 'member');
    expect(await app.call(member.openid, 'account', 'setConsent', { public: false, memberId: other.member!._id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A user whose link points at a profile linked to someone else cannot change it.
    await app.db.collection('users').doc(member.user._id).update({ memberId: other.member!._id });
    expect(await app.call(member.openid, 'account', 'setConsent', { public: false })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await memberDoc(other.member!._id)).toMatchObject({ consent: { public: true } });
  });
});

describe('account.updateProfile', () => {
  it('stores a pledge that passes the content check, audited, and shows it on the plaque', async () => {
    const member = await seedUser(app, place, 'member');
    const reply = await app.call(member.openid, 'account', 'updateProfile', { pledge: '  带头保持寝室整洁  ' });
    expect(reply).toMatchObject({ ok: true, data: { member: { pledge: '带头保持寝室整洁' } } });
    expect(await memberDoc(member.member!._id)).toMatchObject({ pledge: '带头保持寝室整洁' });
    const [record] = await auditOf(app, 'account.updateProfile', member.member!._id);
    expect(record).toMatchObject({ before: { pledge: '亮身份，作表率' }, after: { pledge: '带头保持寝室整洁' } });
    const view = await app.call(newOpenid('scanner'), 'plaque', 'view', { code: place.room.plaqueCode });
    expect(view.ok && view.data.members.find((m) => m.id === member.member!._id)?.pledge).toBe('带头保持寝室整洁');
  });

  it('rejects a pledge the content check flags and stores nothing, not even the photo sent with it', async () => {
    const member = await seedUser(app, place, 'member');
    const fileId = await upload(`user/${member.openid}/photo/me.jpg`);
    const reply = await app.call(member.openid, 'account', 'updateProfile', { pledge: '周末一起赌博', photoFileId: fileId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
    expect(await memberDoc(member.member!._id)).toMatchObject({ pledge: '亮身份，作表率', photoFileId: null });
    expect(await auditOf(app, 'account.updateProfile', member.member!._id)).toEqual([]);
  });

  it('a content-check outage is not the pledge\'s fault: CONTENT_CHECK_UNAVAILABLE, and nothing stored', async () => {
    const member = await seedUser(app, place, 'member');
    app.emu.wx.failNext('/wxa/msg_sec_check', { errcode: -1, errmsg: 'system error' });
    const reply = await app.call(member.openid, 'account', 'updateProfile', { pledge: '按时参加组织生活' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONTENT_CHECK_UNAVAILABLE' } });
    expect(await memberDoc(member.member!._id)).toMatchObject({ pledge: '亮身份，作表率' });
    expect(await auditOf(app, 'account.updateProfile', member.member!._id)).toEqual([]);
  });

  it('takes a photo from the member own upload folder that exists and is a photo by its bytes, and clears it with null', async () => {
    const member = await seedUser(app, place, 'member');
    const other = await seedUser(app, place, 'member');
    const id = member.member!._id;
    const theirs = await upload(`user/${other.openid}/photo/me.jpg`);
    expect(await app.call(member.openid, 'account', 'updateProfile', { photoFileId: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const traversal = theirs.replace(`user/${other.openid}/`, `user/${member.openid}/../${other.openid}/`);
    expect(await app.call(member.openid, 'account', 'updateProfile', { photoFileId: traversal })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const legacy = await upload(`member-photos/${id}/me.jpg`);
    expect(await app.call(member.openid, 'account', 'updateProfile', { photoFileId: legacy })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const missing = theirs.replace(`user/${other.openid}/photo/me.jpg`, `user/${member.openid}/photo/never-uploaded.jpg`);
    expect(await app.call(member.openid, 'account', 'updateProfile', { photoFileId: missing })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const page = await upload(`user/${member.openid}/photo/page.jpg`, Buffer.from('<html><script>alert(1)</script></html>'));
    expect(await app.call(member.openid, 'account', 'updateProfile', { photoFileId: page })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await memberDoc(id)).toMatchObject({ photoFileId: null });

    const mine = await upload(`user/${member.openid}/photo/me.jpg`);
    const set = await app.call(member.openid, 'account', 'updateProfile', { photoFileId: mine });
    expect(set).toMatchObject({ ok: true, data: { member: { photoUrl: expect.stringMatching(/^http/) } } });
    expect(await memberDoc(id)).toMatchObject({ photoFileId: mine });
    expect(await app.call(member.openid, 'account', 'me')).toMatchObject({ ok: true, data: { member: { photoUrl: expect.stringMatching(/^http/) } } });

    expect(await app.call(member.openid, 'account', 'updateProfile', { photoFileId: null })).toMatchObject({ ok: true, data: { member: { photoUrl: null } } });
    expect(await memberDoc(id)).toMatchObject({ photoFileId: null });
    expect(await auditOf(app, 'account.updateProfile', id)).toHaveLength(2);
  });
});
