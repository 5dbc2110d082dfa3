import type { MemberDoc, PlaqueDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import { sdkFor } from 'cloudbase-local/testing';
import { validUntil } from '../../src/shared/domain/badges';
import { termOf } from '../../src/shared/domain/term';
import { auditOf, docOf, findDocs } from './account-seed';
import { buildUser } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';
import { seedWorld, type World } from './world';

/**
 * Issue 11, points 1 (by hand), 2 and 3: the catalogue the admin edits, awards by hand and their
 * revocation (history kept, the holder's projection and the plaque follow), 党员示范寝室 applications
 * from the room leader to the counselor's decision, and the plaque's two reads with badges.
 */
let app: App;
let w: World;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const STATEMENT = '我们寝室四人坚持每周集体学习党史，轮流值日，寝室整洁有序，同学之间互帮互助，积极参加志愿服务。';
const member = () => docOf<MemberDoc>(app, 'members', w.member._id);
const neighbour = () => docOf<MemberDoc>(app, 'members', w.neighbour._id);
const award = (id: string) => docOf<{ revoked: unknown; until: string | null; code: string }>(app, 'badge_awards', id);

beforeAll(async () => {
  app = await startApp();
  w = await seedWorld(app);
});
afterAll(() => app.stop());

describe('the catalogue', () => {
  it('an admin adds a badge and edits it, audited; holder and source stay; a counselor reads but cannot edit', async () => {
    const def = { code: 'greenTeam', name: '绿色环保队', holder: 'member', source: 'manual', validity: 'term', description: '垃圾分类志愿队', active: true } as const;
    expect(await app.call(w.openids.admin, 'badge', 'saveBadge', def)).toEqual({ ok: true, data: { done: true } });
    expect(await app.call(w.openids.admin, 'badge', 'saveBadge', { ...def, name: '绿色环保先锋队', active: false })).toMatchObject({ ok: true });
    expect(await auditOf(app, 'badge.catalogue.add', 'greenTeam')).toHaveLength(1);
    expect(await auditOf(app, 'badge.catalogue.edit', 'greenTeam')).toMatchObject([{ before: { name: '绿色环保队' }, after: { name: '绿色环保先锋队', active: false } }]);
    expect(await app.call(w.openids.admin, 'badge', 'saveBadge', { ...def, holder: 'room' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(w.openids.admin, 'badge', 'saveBadge', { ...def, code: 'autoThing', source: 'civilRoom' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(w.openids.counselor, 'badge', 'saveBadge', def)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const list = await app.call(w.openids.counselor, 'badge', 'badgeCatalogue', {});
    if (!list.ok) throw new Error(JSON.stringify(list));
    expect(list.data.items.find((b) => b.code === 'greenTeam')).toMatchObject({ name: '绿色环保先锋队', active: false });
    expect(list.data.items.find((b) => b.code === 'hours50')).toMatchObject({ source: 'milestone', milestoneHours: 50 });
    // A retired badge is no longer given.
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'greenTeam', holder: { memberId: w.neighbour._id }, reason: '参加环保活动' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('已停用') } });
  });
});

describe('awards by hand and revocation', () => {
  it('a counselor gives a manual badge in scope: the award, the projection, the audit and the plaque; again is refused', async () => {
    const reply = await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'redServiceTeam', holder: { memberId: w.neighbour._id }, reason: '参加红色服务队一学期' });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const now = new Date();
    expect(reply.data.until).toBe(validUntil('term', now));
    const meter = app.meterOf(reply.invocationId)!;
    console.log(`awardBadge (member): ${meter.reads} reads, ${meter.writes} writes`);
    expect(await award(reply.data.id)).toMatchObject({ code: 'redServiceTeam', until: validUntil('term', now), revoked: null });
    expect((await neighbour())!.awards).toEqual([{ awardId: reply.data.id, code: 'redServiceTeam', name: '红色服务队', until: validUntil('term', now) }]);
    expect(await auditOf(app, 'badge.award', reply.data.id)).toMatchObject([{ actorRole: 'counselor', after: { code: 'redServiceTeam', source: 'manual' } }]);
    const plaque = await app.call('o-badge-scan', 'plaque', 'view', { code: w.roomA.plaqueCode });
    expect(plaque.ok && plaque.data.members.find((m) => m.id === w.neighbour._id)?.badges).toEqual([{ code: 'redServiceTeam', name: '红色服务队' }]);
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'redServiceTeam', holder: { memberId: w.neighbour._id }, reason: '重复授予' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('two counselors giving the same badge at once make one award', async () => {
    const second = buildUser({ openid: 'w-counselor-2', role: 'counselor', name: '刘老师', buildingIds: [w.a._id] });
    await app.insert('users', second);
    const input = { code: 'theoryTeam', holder: { memberId: w.neighbour._id }, reason: '理论宣讲团成员' };
    const replies = await Promise.all([app.call(w.openids.counselor, 'badge', 'awardBadge', input), app.call(second.openid, 'badge', 'awardBadge', input), app.call(w.openids.admin, 'badge', 'awardBadge', input)]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(['INVALID_STATE', 'CONFLICT']).toContain(!r.ok && r.error.code);
    expect(await findDocs(app, 'badge_awards', { 'holder.id': w.neighbour._id, code: 'theoryTeam' })).toHaveLength(1);
    expect((await neighbour())!.awards!.filter((a) => a.code === 'theoryTeam')).toHaveLength(1);
  });

  it('scope: a counselor gives nothing outside their buildings; automatic badges and wrong holders are refused', async () => {
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'modelPost', holder: { memberId: w.visitor._id }, reason: '外楼党员' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'hours50', holder: { memberId: w.neighbour._id }, reason: '手动授予里程碑' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'modelPost', holder: { roomId: w.roomA._id }, reason: '寝室不能得党员徽章' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'nothingHere', holder: { memberId: w.neighbour._id }, reason: '没有的徽章' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'modelPost', holder: {}, reason: '没有对象' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(w.openids.counselor, 'badge', 'revokeAward', { awardId: w.badges.award._id, reason: '撤销' })).toMatchObject({ ok: true });
    expect(await app.call(w.openids.admin, 'badge', 'holderAwards', { memberId: w.visitor._id })).toMatchObject({ ok: true });
    expect(await app.call(w.openids.counselor, 'badge', 'holderAwards', { memberId: w.visitor._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(w.openids.counselor, 'badge', 'buildingAwards', { buildingId: w.b._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(w.openids.member, 'badge', 'holderAwards', { memberId: w.neighbour._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('revoking keeps the award as history, marked; the projection and the plaque drop it; revoking again is the same success', async () => {
    const given = await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'dutyZone', holder: { memberId: w.member._id }, reason: '负责三楼责任区' });
    if (!given.ok) throw new Error(JSON.stringify(given));
    expect((await member())!.awards!.map((a) => a.code)).toContain('dutyZone');
    const revoked = await app.call(w.openids.counselor, 'badge', 'revokeAward', { awardId: given.data.id, reason: '已调整责任区' });
    expect(revoked).toEqual({ ok: true, data: { done: true } });
    console.log(`revokeAward: ${app.meterOf(revoked.invocationId)!.reads} reads, ${app.meterOf(revoked.invocationId)!.writes} writes`);
    expect(await award(given.data.id)).toMatchObject({ code: 'dutyZone', revoked: { reason: '已调整责任区' } });
    expect((await member())!.awards!.map((a) => a.code)).not.toContain('dutyZone');
    expect(await app.call(w.openids.counselor, 'badge', 'revokeAward', { awardId: given.data.id, reason: '再撤一次' })).toEqual({ ok: true, data: { done: true } });
    expect(await auditOf(app, 'badge.revoke', given.data.id)).toHaveLength(1);
    expect(await app.call(w.openids.counselor, 'badge', 'revokeAward', { awardId: 'no-such-award', reason: '不存在' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // The member reads their own history, revoked awards marked.
    const mine = await app.call(w.openids.member, 'badge', 'holderAwards', {});
    if (!mine.ok) throw new Error(JSON.stringify(mine));
    expect(mine.data.items.find((a) => a.id === given.data.id)).toMatchObject({ code: 'dutyZone', current: false, revoked: { reason: '已调整责任区' } });
    const plaque = await app.call('o-badge-scan-2', 'plaque', 'view', { code: w.roomA.plaqueCode });
    expect(plaque.ok && plaque.data.members.find((m) => m.id === w.member._id)?.badges.map((b) => b.code)).not.toContain('dutyZone');
    // After a revocation the badge may be given again (a new award; the old one stays).
    expect(await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'dutyZone', holder: { memberId: w.member._id }, reason: '重新负责三楼' })).toMatchObject({ ok: true });
    expect(await findDocs(app, 'badge_awards', { 'holder.id': w.member._id, code: 'dutyZone' })).toHaveLength(2);
  });

  it('a manual room badge goes on the room and its active plaque; the plaque shows it in two reads until the room is flagged', async () => {
    await app.call(w.openids.admin, 'badge', 'saveBadge', { code: 'safeRoom', name: '平安寝室', holder: 'room', source: 'manual', validity: 'month', description: '用电安全检查全部合格', active: true });
    const given = await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'safeRoom', holder: { roomId: w.roomA._id }, reason: '本月用电安全检查全部合格' });
    if (!given.ok) throw new Error(JSON.stringify(given));
    const meter = app.meterOf(given.invocationId)!;
    console.log(`awardBadge (room): ${meter.reads} reads, ${meter.writes} writes`);
    const room = await docOf<RoomDoc>(app, 'rooms', w.roomA._id);
    const plaque = await docOf<PlaqueDoc>(app, 'plaques', w.roomA.plaqueCode);
    expect(room!.roomAwards).toEqual([{ awardId: given.data.id, code: 'safeRoom', name: '平安寝室', until: validUntil('month', new Date()) }]);
    expect(plaque!.roomAwards).toEqual(room!.roomAwards);
    const view = await app.call('o-badge-scan-3', 'plaque', 'view', { code: w.roomA.plaqueCode });
    expect(view).toMatchObject({ ok: true, data: { roomBadges: [{ code: 'safeRoom', name: '平安寝室' }] } });
    const viewMeter = app.meterOf(view.invocationId)!;
    console.log(`plaque.view with badges: ${viewMeter.reads} reads, ${viewMeter.writes} writes`);
    expect(viewMeter.reads).toBe(2);
    await app.db.collection('plaques').doc(w.roomA.plaqueCode).update({ roomFlagged: true });
    expect(await app.call('o-badge-scan-3', 'plaque', 'view', { code: w.roomA.plaqueCode })).toMatchObject({ ok: true, data: { roomBadges: [] } });
    await app.db.collection('plaques').doc(w.roomA.plaqueCode).update({ roomFlagged: false });
    // A new code on the door carries the room's badges.
    await app.call(w.openids.counselor, 'badge', 'awardBadge', { code: 'safeRoom', holder: { roomId: w.roomA2._id }, reason: '本月用电安全检查全部合格' });
    const reissued = await app.call(w.openids.admin, 'plaque', 'issueCode', { roomId: w.roomA2._id });
    if (!reissued.ok) throw new Error(JSON.stringify(reissued));
    expect(await app.call('o-badge-scan-5', 'plaque', 'view', { code: reissued.data.code })).toMatchObject({ ok: true, data: { roomBadges: [{ code: 'safeRoom' }] } });
  });

  it("a holder's history and a building's recent awards are paged on their indexes, without repeats", async () => {
    for (const code of ['modelPost', 'vanguardPost']) await app.call(w.openids.counselor, 'badge', 'awardBadge', { code, holder: { memberId: w.neighbour._id }, reason: '分页测试' });
    const all = await findDocs<{ _id: string }>(app, 'badge_awards', { 'holder.id': w.neighbour._id });
    const seen = await collectPages(app, (cursor) => app.call(w.openids.counselor, 'badge', 'holderAwards', { memberId: w.neighbour._id, limit: 2, cursor }) as never, async () => undefined);
    expect(seen.sort()).toEqual(all.map((a) => a._id).sort());
    const building = await findDocs<{ _id: string }>(app, 'badge_awards', { buildingId: w.a._id });
    const seenBuilding = await collectPages(app, (cursor) => app.call(w.openids.counselor, 'badge', 'buildingAwards', { buildingId: w.a._id, limit: 3, cursor }) as never, async () => undefined);
    expect(new Set(seenBuilding).size).toBe(seenBuilding.length);
    expect(seenBuilding.sort()).toEqual(building.map((a) => a._id).sort());
    expect(await app.call(w.openids.counselor, 'badge', 'buildingAwards', { buildingId: w.a._id, cursor: 'garbage' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('党员示范寝室 applications', () => {
  const evidence = async (name: string) => (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${w.openids.member}/evidence/${name}.png`, fileContent: PNG })).fileID as string;

  it('only the room leader applies; one application per room and term; the counselor declines with a reason, the leader applies again, approval gives the room the badge for the term', async () => {
    const photo = await evidence('room-1');
    // Not the room leader (without the 宿舍长 post): refused, nothing stored.
    await app.db.collection('members').doc(w.member._id).update({ posts: [] });
    expect(await app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: STATEMENT, photoFileIds: [photo] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await app.db.collection('members').doc(w.member._id).update({ posts: ['roomLeader'] });
    expect(await app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: '太短', photoFileIds: [photo] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: STATEMENT, photoFileIds: [`cloud://local/user/${w.openids.student}/evidence/x.png`] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const termKey = termOf(new Date()).key;
    expect(await findDocs(app, 'badge_applications', { roomId: w.roomA._id })).toHaveLength(0);

    const applied = await app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: STATEMENT, photoFileIds: [photo] });
    if (!applied.ok) throw new Error(JSON.stringify(applied));
    const id = applied.data.id;
    expect(id).toBe(`mr_${termKey}_${w.roomA._id}`);
    // Twice, or twice at once: one application.
    const again = await Promise.all([1, 2].map(() => app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: STATEMENT, photoFileIds: [photo] })));
    for (const r of again) expect(r).toMatchObject({ ok: false, error: { code: 'ALREADY_APPLIED' } });
    expect(await findDocs(app, 'badge_applications', { roomId: w.roomA._id })).toHaveLength(1);
    expect(await auditOf(app, 'badge.application.submit', id)).toHaveLength(1);

    const mine = await app.call(w.openids.member, 'badge', 'myRoomApplication', {});
    expect(mine).toMatchObject({ ok: true, data: { roomLeader: true, application: { id, status: 'pending', photoUrls: [expect.any(String)] } } });

    // The counselor sees it waiting (with the photos), index-served; a counselor of another building may not decide.
    const pending = await app.call(w.openids.counselor, 'badge', 'pendingApplications', { limit: 10 });
    if (!pending.ok) throw new Error(JSON.stringify(pending));
    expectIndexServed(app, pending.invocationId);
    expect(pending.data.items.find((a) => a.id === id)).toMatchObject({ roomLabel: '智园1号楼301室', applicantName: w.member.name, photoUrls: [expect.any(String)] });
    const outsider = buildUser({ openid: 'w-counselor-b', role: 'counselor', name: '陈老师', buildingIds: [w.b._id] });
    await app.insert('users', outsider);
    expect(await app.call(outsider.openid, 'badge', 'decideApplication', { id, approve: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(outsider.openid, 'badge', 'pendingApplications', {})).toEqual({ ok: true, data: { items: [], nextCursor: null } });

    // Declining needs a reason; then the leader may apply again in the same term (the decline kept).
    expect(await app.call(w.openids.counselor, 'badge', 'decideApplication', { id, approve: false })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(w.openids.counselor, 'badge', 'decideApplication', { id, approve: false, reason: '请补充近期卫生检查照片' })).toEqual({ ok: true, data: { done: true } });
    expect(await auditOf(app, 'badge.application.decline', id)).toMatchObject([{ reason: '请补充近期卫生检查照片' }]);
    expect(await app.call(w.openids.counselor, 'badge', 'decideApplication', { id, approve: true })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: STATEMENT, photoFileIds: [photo, await evidence('room-2')] })).toMatchObject({ ok: true, data: { id } });
    const resubmitted = await app.call(w.openids.member, 'badge', 'myRoomApplication', {});
    expect(resubmitted).toMatchObject({ ok: true, data: { application: { status: 'pending', decision: null, declines: [{ reason: '请补充近期卫生检查照片' }] } } });

    // Approval: the room and its plaque carry 党员示范寝室 to the end of the term; approving again is the same success.
    const approved = await app.call(w.openids.counselor, 'badge', 'decideApplication', { id, approve: true });
    expect(approved).toEqual({ ok: true, data: { done: true } });
    const meter = app.meterOf(approved.invocationId)!;
    console.log(`decideApplication (approve): ${meter.reads} reads, ${meter.writes} writes`);
    expect(await app.call(w.openids.counselor, 'badge', 'decideApplication', { id, approve: true })).toEqual({ ok: true, data: { done: true } });
    expect(await award(`app_${id}`)).toMatchObject({ code: 'modelRoom', until: validUntil('term', new Date()), revoked: null });
    expect(await findDocs(app, 'badge_awards', { sourceRef: id })).toHaveLength(1);
    expect((await docOf<RoomDoc>(app, 'rooms', w.roomA._id))!.roomAwards!.map((a) => a.code)).toContain('modelRoom');
    const view = await app.call('o-badge-scan-4', 'plaque', 'view', { code: w.roomA.plaqueCode });
    expect(view.ok && view.data.roomBadges.map((b) => b.name)).toContain('党员示范寝室');
    expect(app.meterOf(view.invocationId)!.reads).toBe(2);
    expect(await auditOf(app, 'badge.application.approve', id)).toHaveLength(1);
    expect(await app.call(w.openids.member, 'badge', 'applyModelRoom', { statement: STATEMENT, photoFileIds: [photo] })).toMatchObject({ ok: false, error: { code: 'ALREADY_APPLIED' } });
  });

  it('a seeded pending application is listed and approved once however many decide at once', async () => {
    const id = w.badges.application._id;
    const replies = await Promise.all([app.call(w.openids.counselor, 'badge', 'decideApplication', { id, approve: true }), app.call(w.openids.admin, 'badge', 'decideApplication', { id, approve: true })]);
    for (const r of replies) expect(['ok', 'CONFLICT']).toContain(r.ok ? 'ok' : r.error.code);
    expect(await findDocs(app, 'badge_awards', { sourceRef: id })).toHaveLength(1);
    expect((await docOf<RoomDoc>(app, 'rooms', w.roomA2._id))!.roomAwards!.filter((a) => a.code === 'modelRoom')).toHaveLength(1);
  });
});
