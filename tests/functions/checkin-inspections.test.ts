import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { cstDate } from '../../src/shared/domain/china-time';
import { DEFAULT_CHECKLIST, RECTIFY_DAYS } from '../../src/shared/domain/inspection';
import { auditOf, docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Room inspections (issue 10, point 3; the veto of points 3 and 4): the flag a 脏乱差 rating sets, the
 * re-inspection only another inspector may make, the development steps the flag blocks until then,
 * corrections that leave the original, and appointed student inspectors held to their building.
 */
let app: App;
const DAY = 86_400_000;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const failingRoom = buildRoom({ buildingId: a._id, number: '201', floor: 2 });
const otherA = buildRoom({ buildingId: a._id, number: '202', floor: 2 });
const leaderRoom = buildRoom({ buildingId: a._id, number: '601', floor: 6 });
const roomB = buildRoom({ buildingId: b._id, number: '101', floor: 1 });

const resident = (name: string, status: MemberDoc['status'], room = failingRoom) => {
  const roster = buildRoster({ name, buildingId: room.buildingId, roomId: room._id, memberStatus: status });
  const member = buildMember({ rosterId: roster._id, name, status, buildingId: room.buildingId, buildingName: a.name, roomId: room._id, roomNumber: room.number });
  return { roster, member };
};
const activist = resident('周敏', 'activist');
const probationer = resident('吴刚', 'probationary');
const counselorA = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const counselorA2 = buildUser({ role: 'counselor', name: '刘老师', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [b._id] });
const leaderRoster = buildRoster({ name: '孙楼长', buildingId: a._id, roomId: leaderRoom._id });
const leader = buildUser({ role: 'student', name: '孙楼长', rosterId: leaderRoster._id });
leaderRoster.boundUserId = leader._id;
const residentRoster = buildRoster({ name: '郑同学', buildingId: a._id, roomId: failingRoom._id });
const residentUser = buildUser({ role: 'student', name: '郑同学', rosterId: residentRoster._id });
const outsiderRoster = buildRoster({ name: '冯同学', buildingId: a._id, roomId: otherA._id });
const outsider = buildUser({ role: 'student', name: '冯同学', rosterId: outsiderRoster._id });

const full = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore }));
const half = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: Math.floor(i.maxScore / 2) }));
const today = () => cstDate(new Date());

const inspect = (openid: string, roomId: string, scores = full) => app.call(openid, 'checkin', 'inspectRoom', { roomId, scores, note: '' });
const advance = (openid: string, memberId: string, to: MemberDoc['status']) => app.call(openid, 'develop', 'recordStep', { person: { memberId }, stage: to, date: today() });
const recordsOf = (roomId: string) => findDocs(app, 'inspections_records', { roomId });

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [failingRoom, otherA, leaderRoom, roomB]);
  await app.insert('plaques', [failingRoom, otherA, leaderRoom].map((r) => plaqueFor(r, a)));
  await app.insert('roster', [activist.roster, probationer.roster, leaderRoster, residentRoster, outsiderRoster]);
  await app.insert('members', [activist.member, probationer.member]);
  await app.insert('users', [counselorA, counselorA2, counselorB, leader, residentUser, outsider]);
});
afterAll(() => app.stop());

describe('inspections, the 脏乱差 flag and the development veto', () => {
  it('a 脏乱差 rating flags the room with a deadline; the same inspector may not re-inspect it, and nothing is stored', async () => {
    const first = await inspect(counselorA.openid, failingRoom._id, half);
    expect(first).toMatchObject({ ok: true, data: { rating: 'failing', flag: { flagged: true, overdue: false } } });
    if (!first.ok) return;
    expect(Date.parse(first.data.flag.deadline!) - Date.parse(first.data.flag.flaggedAt!)).toBe(RECTIFY_DAYS * DAY);
    const m = app.meterOf(first.invocationId)!;
    console.log(`inspectRoom (counselor, flags the room): ${m.reads} reads, ${m.writes} writes`);

    const again = await inspect(counselorA.openid, failingRoom._id, full);
    expect(again).toMatchObject({ ok: false, error: { code: 'REINSPECTION_SAME_INSPECTOR' } });
    expect(await recordsOf(failingRoom._id)).toHaveLength(1);
    expect(await docOf(app, 'inspections_rooms', failingRoom._id)).toMatchObject({ flagged: true, flaggedBy: counselorA._id });
    expect(await auditOf(app, 'inspections.inspect', first.data.id)).toHaveLength(1);
  });

  it('while flagged, the residents’ development and conversion are refused with the room and the deadline; nothing changes', async () => {
    const develop = await advance(counselorA.openid, activist.member._id, 'candidate');
    expect(develop).toMatchObject({ ok: false, error: { code: 'ROOM_FLAGGED', message: expect.stringContaining('智园1号楼 201') } });
    if (!develop.ok) expect(develop.error.message).toContain('发展');
    const convert = await advance(counselorA.openid, probationer.member._id, 'full');
    expect(convert).toMatchObject({ ok: false, error: { code: 'ROOM_FLAGGED', message: expect.stringContaining('转正') } });
    const flag = await docOf<{ deadline: Date }>(app, 'inspections_rooms', failingRoom._id);
    if (!convert.ok) expect(convert.error.message).toContain(cstDate(new Date(flag!.deadline)));
    expect(await docOf(app, 'members', activist.member._id)).toMatchObject({ status: 'activist' });
    expect(await docOf(app, 'members', probationer.member._id)).toMatchObject({ status: 'probationary' });
    expect(await findDocs(app, 'develop_steps', {})).toHaveLength(0);
  });

  it('the flag shows on the counselor’s list with days open and the residents it blocks; the dashboard counts it', async () => {
    const list = await app.call(counselorA.openid, 'checkin', 'flaggedRooms', {});
    expect(list).toMatchObject({ ok: true, data: { items: [{ id: failingRoom._id, roomLabel: '智园1号楼 201', daysOpen: 0, overdue: false, flaggedByName: '张老师' }] } });
    if (list.ok) expect(list.data.items[0].residents.map((r) => r.name).sort()).toEqual(['吴刚', '周敏']);
    expectIndexServed(app, list.invocationId);
    expect(await app.call(counselorB.openid, 'checkin', 'flaggedRooms', {})).toMatchObject({ ok: true, data: { items: [] } });
    const dash = await app.call(counselorA.openid, 'checkin', 'inspectionDashboard', {});
    expect(dash).toMatchObject({ ok: true, data: { inspections: 1, flaggedNow: 1, byFloor: [{ buildingName: '智园1号楼', floor: 2, failing: 1, excellent: 0 }] } });
    expectIndexServed(app, dash.invocationId);
  });

  it('residents see their room’s results; a student of another room may not', async () => {
    const own = await app.call(residentUser.openid, 'checkin', 'roomInspections', {});
    expect(own).toMatchObject({ ok: true, data: { roomLabel: '智园1号楼 201', flag: { flagged: true }, items: [{ rating: 'failing', inspectorName: '张老师' }] } });
    const other = await app.call(outsider.openid, 'checkin', 'roomInspections', { roomId: failingRoom._id });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('an appointed student inspector inspects only in their building, never their own room, and not once revoked', async () => {
    expect(await inspect(leader.openid, otherA._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const appointed = await app.call(counselorA.openid, 'checkin', 'appointInspector', { buildingId: a._id, studentNo: leaderRoster.studentNo });
    expect(appointed).toMatchObject({ ok: true });
    expect(await app.call(counselorB.openid, 'checkin', 'appointInspector', { buildingId: a._id, studentNo: leaderRoster.studentNo })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(leader.openid, 'checkin', 'myInspectorBuildings', {})).toEqual({ ok: true, data: { buildings: [{ id: a._id, name: a.name, floors: 6 }], uploadDir: `user/${leader.openid}` } });
    const rooms = await app.call(leader.openid, 'checkin', 'inspectableRooms', { buildingId: a._id });
    expect(rooms.ok && rooms.data.items.filter((r) => r.flagged).map((r) => r.id)).toEqual([failingRoom._id]);
    expect(await app.call(leader.openid, 'checkin', 'inspectableRooms', { buildingId: b._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await inspect(leader.openid, roomB._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await inspect(leader.openid, leaderRoom._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '不能检查自己住的寝室' } });
    const good = await inspect(leader.openid, otherA._id);
    expect(good).toMatchObject({ ok: true, data: { rating: 'excellent', flag: { flagged: false } } });
    const m = app.meterOf(good.invocationId)!;
    console.log(`inspectRoom (appointed student, no flag): ${m.reads} reads, ${m.writes} writes`);

    if (!appointed.ok) return;
    expect(await app.call(counselorA.openid, 'checkin', 'revokeInspector', { id: appointed.data.id, reason: '任期结束' })).toMatchObject({ ok: true });
    expect(await inspect(leader.openid, otherA._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await docOf(app, 'inspections_appointments', appointed.data.id)).toMatchObject({ active: false, revokeReason: '任期结束' });
    expect(await auditOf(app, 'inspections.revokeInspector', appointed.data.id)).toHaveLength(1);
  });

  it('a re-inspection by a different inspector clears the flag and lifts the block', async () => {
    const recheck = await inspect(counselorA2.openid, failingRoom._id, full);
    expect(recheck).toMatchObject({ ok: true, data: { rating: 'excellent', flag: { flagged: false } } });
    const developed = await advance(counselorA.openid, activist.member._id, 'candidate');
    expect(developed).toMatchObject({ ok: true, data: { stage: 'candidate' } });
    const converted = await advance(counselorA.openid, probationer.member._id, 'full');
    expect(converted).toMatchObject({ ok: true, data: { stage: 'full' } });
    expect(await docOf(app, 'members', probationer.member._id)).toMatchObject({ status: 'full' });
    expect(await docOf(app, 'roster', probationer.roster._id)).toMatchObject({ memberStatus: 'full' });
    expect(await findDocs(app, 'develop_steps', { memberId: activist.member._id })).toMatchObject([{ kind: 'step', stage: 'candidate', date: today() }]);
    if (converted.ok) expect(await auditOf(app, 'develop.recordStep', probationer.roster._id)).toMatchObject([{ after: { stage: 'full', stepId: converted.data.stepId } }]);
    expect(await app.call(counselorA.openid, 'checkin', 'flaggedRooms', {})).toMatchObject({ ok: true, data: { items: [] } });
  });

  it('development goes one step forward only, in scope, never dated in the future', async () => {
    expect(await advance(counselorA.openid, activist.member._id, 'full')).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('下一步只能是“接收为预备党员”') } });
    expect(await advance(counselorB.openid, activist.member._id, 'probationary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const future = await app.call(counselorA.openid, 'develop', 'recordStep', { person: { memberId: activist.member._id }, stage: 'probationary', date: cstDate(new Date(Date.now() + 3 * DAY)) });
    expect(future).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await docOf(app, 'members', activist.member._id)).toMatchObject({ status: 'candidate' });
  });

  it('a correction is a new record with a reason; the original stays; the month’s ratings follow the correction', async () => {
    const before = await recordsOf(otherA._id);
    expect(before).toHaveLength(1);
    const original = before[0] as { _id: string; rating: string; total: number };
    const corrected = await app.call(counselorA.openid, 'checkin', 'correctInspection', { id: original._id, scores: half, reason: '照片显示地面有垃圾，复核更正' });
    expect(corrected).toMatchObject({ ok: true, data: { rating: 'failing', flag: { flagged: true } } });
    expect(await docOf(app, 'inspections_records', original._id)).toMatchObject({ rating: 'excellent', total: 100, kind: 'inspection' });
    const list = await app.call(residentUser.openid, 'checkin', 'roomInspections', { roomId: otherA._id });
    expect(list).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const staff = await app.call(counselorA.openid, 'checkin', 'roomInspections', { roomId: otherA._id });
    expect(staff).toMatchObject({
      ok: true,
      data: { items: [{ kind: 'correction', correctsId: original._id, reason: '照片显示地面有垃圾，复核更正', rating: 'failing' }, { id: original._id, rating: 'excellent', correctedBy: corrected.ok ? corrected.data.id : '' }] },
    });
    expectIndexServed(app, staff.invocationId);
    if (corrected.ok) expect(await auditOf(app, 'inspections.correct', corrected.data.id)).toMatchObject([{ reason: '照片显示地面有垃圾，复核更正' }]);
    // The dashboard counts the inspection once, at its corrected rating.
    const dash = await app.call(counselorA.openid, 'checkin', 'inspectionDashboard', { buildingId: a._id });
    expect(dash.ok && dash.data.byFloor.find((f) => f.floor === 2)).toMatchObject({ excellent: 1, failing: 2 });
    expect(dash).toMatchObject({ ok: true, data: { inspections: 3, flaggedNow: 1 } });
  });

  it('文明寝室: every inspection of the month rated 优秀; a 脏乱差 one (after correction) keeps a room off the list', async () => {
    const list = await app.call(counselorA.openid, 'checkin', 'civilisedRooms', {});
    expect(list).toMatchObject({ ok: true });
    // failingRoom: 脏乱差 then 优秀 this month -> not civilised; otherA: corrected to 脏乱差 -> not civilised.
    if (list.ok) expect(list.data.items).toEqual([]);
    const clean = buildRoom({ buildingId: a._id, number: '203', floor: 2 });
    await app.insert('rooms', clean);
    await inspect(counselorA.openid, clean._id);
    await inspect(counselorA2.openid, clean._id);
    const after = await app.call(counselorA.openid, 'checkin', 'civilisedRooms', {});
    expect(after).toMatchObject({ ok: true, data: { items: [{ id: clean._id, roomLabel: '智园1号楼 203', inspections: 2 }] } });
    expectIndexServed(app, after.invocationId);
    expect(await app.call(counselorB.openid, 'checkin', 'civilisedRooms', {})).toMatchObject({ ok: true, data: { items: [] } });
  });

  it('the checklist is the default until an admin edits it (audited); an inspection must score every item of it', async () => {
    expect(await app.call(counselorA.openid, 'checkin', 'inspectionChecklist', {})).toEqual({ ok: true, data: { items: DEFAULT_CHECKLIST, updatedAt: null } });
    const admin = buildUser({ role: 'admin', name: '管理员' });
    await app.insert('users', admin);
    const items = [...DEFAULT_CHECKLIST, { id: 'pets', category: 'safety' as const, label: '无饲养宠物', maxScore: 5 }];
    expect(await app.call(admin.openid, 'checkin', 'setChecklist', { items })).toMatchObject({ ok: true });
    expect(await auditOf(app, 'inspections.setChecklist', 'checklist')).toHaveLength(1);
    const missing = await inspect(counselorA.openid, roomB._id);
    expect(missing).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const unscored = await inspect(admin.openid, roomB._id);
    expect(unscored).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请为“无饲养宠物”打分' } });
    expect(await recordsOf(roomB._id)).toHaveLength(0);
    const scores = [...full, { id: 'pets', score: 5 }];
    const photo = (openid: string) => `cloud://local-dev.6c6f-local-dev-1250000000/user/${openid}/evidence/a1.jpg`;
    const foreign = await app.call(admin.openid, 'checkin', 'inspectRoom', { roomId: roomB._id, scores, photoFileIds: [photo(counselorA.openid)] });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '照片须是你本人刚上传的图片' } });
    expect(await recordsOf(roomB._id)).toHaveLength(0);
    const own = await app.call(admin.openid, 'checkin', 'inspectRoom', { roomId: roomB._id, scores, photoFileIds: [photo(admin.openid)] });
    expect(own).toMatchObject({ ok: true, data: { rating: 'excellent' } });
    expect(await recordsOf(roomB._id)).toMatchObject([{ photoFileIds: [photo(admin.openid)] }]);
  });
});

describe('the inspection page’s room picker', () => {
  // A 150-room building: 6 floors of 25 rooms; the picker reads one floor, a page at a time.
  const big = buildBuilding({ name: '智园9号楼', floors: 6 });
  const bigRooms = Array.from({ length: 150 }, (_, i) => buildRoom({ buildingId: big._id, floor: Math.floor(i / 25) + 1, number: `${Math.floor(i / 25) + 1}${String((i % 25) + 1).padStart(2, '0')}` }));
  const bigCounselor = buildUser({ role: 'counselor', name: '马老师', buildingIds: [big._id] });

  beforeAll(async () => {
    await app.insert('buildings', [big]);
    await app.insert('rooms', bigRooms);
    await app.insert('users', [bigCounselor]);
  });

  it('pages a floor’s rooms by number with the flagged ones marked, each page index-served', async () => {
    const flagged = bigRooms.find((r) => r.number === '317')!;
    // The school's checklist (an earlier test edited it), every item at 0: 脏乱差.
    const checklist = await app.call(bigCounselor.openid, 'checkin', 'inspectionChecklist', {});
    if (!checklist.ok) throw new Error(JSON.stringify(checklist));
    const flagging = await inspect(bigCounselor.openid, flagged._id, checklist.data.items.map((i) => ({ id: i.id, score: 0 })));
    expect(flagging).toMatchObject({ ok: true, data: { flag: { flagged: true } } });
    const first = await app.call(bigCounselor.openid, 'checkin', 'inspectableRooms', { buildingId: big._id, floor: 3, limit: 10 });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.data.items.map((r) => r.number)).toEqual(Array.from({ length: 10 }, (_, i) => `3${String(i + 1).padStart(2, '0')}`));
    expect(first.data.nextCursor).not.toBeNull();
    expectIndexServed(app, first.invocationId);
    const seen: Array<{ id: string; number: string; floor: number; flagged: boolean }> = [];
    const ids = await collectPages(
      app,
      async (cursor) => {
        const reply = await app.call(bigCounselor.openid, 'checkin', 'inspectableRooms', { buildingId: big._id, floor: 3, limit: 10, ...(cursor ? { cursor } : {}) });
        if (reply.ok) seen.push(...reply.data.items);
        return reply;
      },
      async () => {},
    );
    expect(ids).toEqual(bigRooms.filter((r) => r.floor === 3).map((r) => r._id));
    expect(seen.filter((r) => r.flagged).map((r) => r.number)).toEqual(['317']);
  });

  it('pages the whole building by floor and number when no floor is asked, never more than a page at once', async () => {
    const ids = await collectPages(app, (cursor) => app.call(bigCounselor.openid, 'checkin', 'inspectableRooms', { buildingId: big._id, limit: 50, ...(cursor ? { cursor } : {}) }), async () => {});
    expect(ids).toEqual(bigRooms.map((r) => r._id));
    const reply = await app.call(bigCounselor.openid, 'checkin', 'inspectableRooms', { buildingId: big._id });
    expect(reply.ok && reply.data.items.length).toBe(20);
    expect(await app.call(bigCounselor.openid, 'checkin', 'inspectableRooms', { buildingId: big._id, cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(bigCounselor.openid, 'checkin', 'myInspectorBuildings', {})).toMatchObject({ ok: true, data: { buildings: [{ id: big._id, floors: 6 }] } });
  });
});
