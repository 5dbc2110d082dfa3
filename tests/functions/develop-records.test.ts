import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import type { DevelopNoticeDoc } from '../../cloudfunctions/_common/repositories/develop-records';
import { cstAt } from '../../src/shared/domain/china-time';
import { DEFAULT_CHECKLIST } from '../../src/shared/domain/inspection';
import { auditOf, docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, daysAgo, nextId, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Issue 11 point 4 (develop/records): the timeline 入党申请 -> 积极分子 -> 发展对象 -> 预备党员 -> 转正 with
 * dates in order, corrections as new records, the 脏乱差 veto and its lifting by a re-inspection, the
 * 公示 on the building's wall for its days (at fake times), objections and their answers, and scope.
 */
let app: App;
const DAY = 86_400_000;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const room = buildRoom({ buildingId: a._id, number: '301', floor: 3 });
const otherRoom = buildRoom({ buildingId: a._id, number: '302', floor: 3 });
const roomB = buildRoom({ buildingId: b._id, number: '101', floor: 1 });

const applicantRoster = buildRoster({ name: '周敏', buildingId: a._id, roomId: room._id });
const applicant = buildUser({ role: 'student', name: '周敏', rosterId: applicantRoster._id, buildingId: a._id });
applicantRoster.boundUserId = applicant._id;
const residentRoster = buildRoster({ name: '郑同学', buildingId: a._id, roomId: otherRoom._id });
const resident = buildUser({ role: 'student', name: '郑同学', rosterId: residentRoster._id, buildingId: a._id });
const racerRoster = buildRoster({ name: '冯同学', buildingId: a._id, roomId: otherRoom._id });
const racer = buildUser({ role: 'student', name: '冯同学', rosterId: racerRoster._id, buildingId: a._id });
const outsiderRoster = buildRoster({ name: '陈同学', buildingId: b._id, roomId: roomB._id });
const outsider = buildUser({ role: 'student', name: '陈同学', rosterId: outsiderRoster._id, buildingId: b._id });
const raceRoster = buildRoster({ name: '孙同学', buildingId: a._id, roomId: otherRoom._id });
const probationerRoster = buildRoster({ name: '吴刚', buildingId: a._id, roomId: otherRoom._id, memberStatus: 'probationary' });
const probationer = buildMember({ rosterId: probationerRoster._id, name: '吴刚', status: 'probationary', buildingId: a._id, buildingName: a.name, roomId: otherRoom._id, roomNumber: '302', branchName: '智园1号楼党支部' });
const counselorA = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const counselorA2 = buildUser({ role: 'counselor', name: '刘老师', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [b._id] });
const counselors = Array.from({ length: 8 }, (_, i) => buildUser({ role: 'counselor', name: `辅导员${i}`, buildingIds: [a._id] }));
const guest = 'o-develop-guest';

const record = (openid: string, rosterId: string, stage: string, date: string, extra: Record<string, unknown> = {}) =>
  app.call(openid, 'develop', 'recordStep', { person: { rosterId }, stage, date, ...extra });
const zero = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: 0 }));
const full = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore }));
const cost = (label: string, invocationId: string | undefined) => {
  const m = app.meterOf(invocationId)!;
  console.log(`${label}: ${m.reads} reads, ${m.writes} writes`);
  return m;
};

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [room, otherRoom, roomB]);
  await app.insert('plaques', [plaqueFor(room, a), plaqueFor(otherRoom, a), plaqueFor(roomB, b)]);
  await app.insert('roster', [applicantRoster, residentRoster, racerRoster, outsiderRoster, raceRoster, probationerRoster]);
  await app.insert('members', probationer);
  await app.insert('users', [applicant, resident, racer, outsider, counselorA, counselorA2, counselorB, ...counselors]);
});
afterAll(() => app.stop());

describe('the development timeline', () => {
  it('an application is recorded for a roster student who is not a member: no member document yet', async () => {
    const applied = await record(counselorA.openid, applicantRoster._id, 'applied', daysAgo(60), { note: '递交书面申请' });
    expect(applied).toMatchObject({ ok: true, data: { rosterId: applicantRoster._id, memberId: null, stage: 'applied', noticeId: null } });
    cost('recordStep applied (first step, no member)', applied.invocationId);
    expect(await findDocs(app, 'members', { rosterId: applicantRoster._id })).toHaveLength(0);
    expect(await docOf(app, 'roster', applicantRoster._id)).toMatchObject({ memberStatus: null });
    expect(await docOf(app, 'develop_people', applicantRoster._id)).toMatchObject({ stage: 'applied', dates: { applied: daysAgo(60) }, roomLabel: '智园1号楼 301' });
    expect(await auditOf(app, 'develop.recordStep', applicantRoster._id)).toMatchObject([{ actorOpenid: counselorA.openid, before: { stage: null }, after: { stage: 'applied' } }]);
  });

  it('steps go in order, never dated in the future nor before the step before; out of scope is refused; nothing is stored', async () => {
    const skip = await record(counselorA.openid, applicantRoster._id, 'candidate', daysAgo(10));
    expect(skip).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '周敏已递交入党申请，下一步只能是“确定为入党积极分子”' } });
    const early = await record(counselorA.openid, applicantRoster._id, 'activist', daysAgo(61));
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: `日期不能早于上一步的日期（${daysAgo(60)}）` } });
    const future = await record(counselorA.openid, applicantRoster._id, 'activist', daysAgo(-2));
    expect(future).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '日期不能晚于今天' } });
    expect(await record(counselorB.openid, applicantRoster._id, 'activist', daysAgo(40))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await record(resident.openid, applicantRoster._id, 'activist', daysAgo(40))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await record(counselorA.openid, 'no-such-roster', 'applied', daysAgo(1))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await findDocs(app, 'develop_steps', { rosterId: applicantRoster._id })).toHaveLength(1);
  });

  it('积极分子确定 creates the member document from the roster (building, room) and makes the bound student a member', async () => {
    const activist = await record(counselorA.openid, applicantRoster._id, 'activist', daysAgo(40));
    expect(activist).toMatchObject({ ok: true, data: { stage: 'activist', memberId: expect.any(String) } });
    cost('recordStep activist (creates the member)', activist.invocationId);
    if (!activist.ok) return;
    const member = await docOf<MemberDoc>(app, 'members', activist.data.memberId!);
    expect(member).toMatchObject({ rosterId: applicantRoster._id, name: '周敏', status: 'activist', buildingId: a._id, buildingName: '智园1号楼', roomId: room._id, roomNumber: '301', floor: 3, consent: { public: false } });
    expect(await docOf(app, 'roster', applicantRoster._id)).toMatchObject({ memberStatus: 'activist' });
    expect(await docOf(app, 'users', applicant._id)).toMatchObject({ role: 'member', memberId: activist.data.memberId });
    const me = await app.call(applicant.openid, 'account', 'me', {});
    expect(me).toMatchObject({ ok: true, data: { role: 'member', member: { status: 'activist' } } });
  });

  it('the veto: a resident of a flagged room is not developed; a re-inspection by another inspector lifts it', async () => {
    const flagged = await app.call(counselorA.openid, 'checkin', 'inspectRoom', { roomId: room._id, scores: zero, note: '' });
    expect(flagged).toMatchObject({ ok: true, data: { rating: 'failing', flag: { flagged: true } } });
    const refused = await record(counselorA.openid, applicantRoster._id, 'candidate', daysAgo(30));
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROOM_FLAGGED', message: expect.stringContaining('智园1号楼 301被评为“脏乱差”') } });
    if (!refused.ok) expect(refused.error.message).toContain('不得发展');
    expect(await findDocs(app, 'develop_steps', { rosterId: applicantRoster._id, stage: 'candidate' })).toHaveLength(0);
    expect(await docOf(app, 'develop_people', applicantRoster._id)).toMatchObject({ stage: 'activist' });

    const cleared = await app.call(counselorA2.openid, 'checkin', 'inspectRoom', { roomId: room._id, scores: full, note: '' });
    expect(cleared).toMatchObject({ ok: true, data: { flag: { flagged: false } } });
    const candidate = await record(counselorA.openid, applicantRoster._id, 'candidate', daysAgo(30));
    expect(candidate).toMatchObject({ ok: true, data: { stage: 'candidate' } });
    cost('recordStep candidate', candidate.invocationId);
  });

  it('预备党员 starts probation on its date and a 公示 of 7 days on the building’s wall', async () => {
    const admitted = await record(counselorA.openid, applicantRoster._id, 'probationary', daysAgo(1));
    expect(admitted).toMatchObject({ ok: true, data: { stage: 'probationary', noticeId: expect.any(String) } });
    cost('recordStep probationary (with its 公示)', admitted.invocationId);
    if (!admitted.ok) return;
    const member = await docOf<MemberDoc>(app, 'members', admitted.data.memberId!);
    expect(new Date(member!.probationStartedAt!).getTime()).toBe(cstAt(daysAgo(1), '00:00').getTime());
    const notice = await docOf<DevelopNoticeDoc>(app, 'develop_notices', admitted.data.noticeId!);
    expect(new Date(notice!.until).getTime() - new Date(notice!.from).getTime()).toBe(7 * DAY);

    const wall = await app.call(guest, 'develop', 'wallNotices', { buildingId: a._id });
    expect(wall).toMatchObject({ ok: true, data: { items: [{ id: admitted.data.noticeId, name: '周敏', stage: 'probationary', date: daysAgo(1), branchName: null, buildingName: '智园1号楼', daysLeft: 7 }], nextCursor: null } });
    // What a public notice shows, field by field: never a 学号, phone or ID number.
    if (wall.ok) expect(Object.keys(wall.data.items[0]).sort()).toEqual(['branchName', 'buildingName', 'date', 'daysLeft', 'from', 'id', 'name', 'stage', 'until']);
    expect(JSON.stringify(wall)).not.toContain(applicantRoster.studentNo);
    expectIndexServed(app, wall.invocationId);
    cost('wallNotices (guest)', wall.invocationId);
    expect(await app.call(guest, 'develop', 'wallNotices', { buildingId: b._id })).toMatchObject({ ok: true, data: { items: [] } });
  });

  it('公示 days are configurable within bounds', async () => {
    const tooShort = await app.call(counselorA.openid, 'develop', 'recordStep', { person: { memberId: probationer._id }, stage: 'full', date: daysAgo(0), noticeDays: 3 });
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const converted = await app.call(counselorA.openid, 'develop', 'recordStep', { person: { memberId: probationer._id }, stage: 'full', date: daysAgo(0), noticeDays: 10 });
    expect(converted).toMatchObject({ ok: true, data: { stage: 'full', memberId: probationer._id } });
    cost('recordStep full (member from before the timeline, with its 公示)', converted.invocationId);
    if (!converted.ok) return;
    const notice = await docOf<DevelopNoticeDoc>(app, 'develop_notices', converted.data.noticeId!);
    expect(notice).toMatchObject({ name: '吴刚', stage: 'full', branchName: '智园1号楼党支部', days: 10 });
    expect(new Date(notice!.until).getTime() - new Date(notice!.from).getTime()).toBe(10 * DAY);
    expect(await docOf(app, 'members', probationer._id)).toMatchObject({ status: 'full' });
    expect(await docOf(app, 'roster', probationerRoster._id)).toMatchObject({ memberStatus: 'full' });
  });

  it('a correction is a new record with its reason; the original stays; dates follow; bounds hold', async () => {
    const [activistStep] = await findDocs<{ _id: string; date: string }>(app, 'develop_steps', { rosterId: applicantRoster._id, stage: 'activist' });
    const before = await app.call(counselorA.openid, 'develop', 'correctStep', { stepId: activistStep._id, date: daysAgo(61), reason: '核对材料' });
    expect(before).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('不能早于上一步') } });
    const after = await app.call(counselorA.openid, 'develop', 'correctStep', { stepId: activistStep._id, date: daysAgo(20), reason: '核对材料' });
    expect(after).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('不能晚于下一步') } });
    expect(await app.call(counselorB.openid, 'develop', 'correctStep', { stepId: activistStep._id, date: daysAgo(45), reason: '核对材料' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const corrected = await app.call(counselorA.openid, 'develop', 'correctStep', { stepId: activistStep._id, date: daysAgo(45), reason: '支部会议记录为更早日期' });
    expect(corrected).toMatchObject({ ok: true, data: { correctsId: activistStep._id } });
    expect(await docOf(app, 'develop_steps', activistStep._id)).toMatchObject({ kind: 'step', date: daysAgo(40) });
    expect(await docOf(app, 'develop_people', applicantRoster._id)).toMatchObject({ dates: { activist: daysAgo(45) } });
    expect(await auditOf(app, 'develop.correctStep', activistStep._id)).toMatchObject([{ reason: '支部会议记录为更早日期', before: { date: daysAgo(40) }, after: { date: daysAgo(45) } }]);

    // Correcting the admission moves the probation start and the notice's date.
    const [admission] = await findDocs<{ _id: string }>(app, 'develop_steps', { rosterId: applicantRoster._id, stage: 'probationary' });
    expect(await app.call(counselorA.openid, 'develop', 'correctStep', { stepId: admission._id, date: daysAgo(2), reason: '以党委批复日期为准' })).toMatchObject({ ok: true });
    const member = (await findDocs<MemberDoc>(app, 'members', { rosterId: applicantRoster._id }))[0];
    expect(new Date(member.probationStartedAt!).getTime()).toBe(cstAt(daysAgo(2), '00:00').getTime());
    expect(await docOf(app, 'develop_notices', admission._id)).toMatchObject({ date: daysAgo(2) });
  });

  it('the timeline for the counselor and for the person: steps, corrections, notices', async () => {
    const view = await app.call(counselorA.openid, 'develop', 'timeline', { person: { studentNo: applicantRoster.studentNo } });
    expect(view).toMatchObject({ ok: true, data: { person: { name: '周敏', stage: 'probationary', dates: { applied: daysAgo(60), activist: daysAgo(45), candidate: daysAgo(30), probationary: daysAgo(2) } } } });
    if (!view.ok) return;
    expect(view.data.steps.map((s) => [s.kind, s.stage, s.date, s.superseded])).toEqual([
      ['step', 'applied', daysAgo(60), false],
      ['step', 'activist', daysAgo(40), true],
      ['step', 'candidate', daysAgo(30), false],
      ['step', 'probationary', daysAgo(1), true],
      ['correction', 'activist', daysAgo(45), false],
      ['correction', 'probationary', daysAgo(2), false],
    ]);
    expect(view.data.notices).toMatchObject([{ stage: 'probationary', date: daysAgo(2), running: true }]);
    expectIndexServed(app, view.invocationId);
    cost('timeline (counselor, by 学号)', view.invocationId);
    expect(await app.call(counselorB.openid, 'develop', 'timeline', { person: { rosterId: applicantRoster._id } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const own = await app.call(applicant.openid, 'develop', 'myTimeline', {});
    expect(own).toMatchObject({ ok: true, data: { person: { stage: 'probationary' }, notices: [{ stage: 'probationary' }] } });
    if (own.ok) expect(own.data!.steps).toHaveLength(6);
    expect(await app.call(resident.openid, 'develop', 'myTimeline', {})).toEqual({ ok: true, data: null });
  });
});

describe('公示 objections', () => {
  const noticeOf = async () => (await findDocs<DevelopNoticeDoc>(app, 'develop_notices', { rosterId: applicantRoster._id }))[0];

  it('a resident of the building objects once while it is open; others are refused; the counselor answers', async () => {
    const notice = await noticeOf();
    const text = '该同学上学期多次夜不归宿，请核实';
    expect(await app.call(outsider.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('本楼') } });
    expect(await app.call(applicant.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(resident.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: '他参与赌博' })).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
    expect(await findDocs(app, 'develop_objections', { noticeId: notice._id })).toHaveLength(0);

    const raised = await app.call(resident.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text });
    expect(raised).toMatchObject({ ok: true, data: { objection: { noticeId: notice._id, name: '周敏', stage: 'probationary', text, fromName: '郑同学', status: 'open' } } });
    cost('objectToNotice', raised.invocationId);
    const again = await app.call(resident.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: '补充：还有其他问题需要说明' });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('等待答复') } });

    expect(await app.call(counselorB.openid, 'develop', 'noticeObjections', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const open = await app.call(counselorA.openid, 'develop', 'noticeObjections', { buildingId: a._id });
    expect(open).toMatchObject({ ok: true, data: { items: [{ text, fromName: '郑同学', status: 'open' }], nextCursor: null } });
    expectIndexServed(app, open.invocationId);
    if (!raised.ok) return;
    const id = raised.data.objection.id;
    expect(await app.call(counselorB.openid, 'develop', 'answerNoticeObjection', { id, answer: '已核实' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const answered = await app.call(counselorA.openid, 'develop', 'answerNoticeObjection', { id, answer: '经核实为请假离校，不影响发展' });
    expect(answered).toEqual({ ok: true, data: { done: true } });
    cost('answerNoticeObjection', answered.invocationId);
    expect(await app.call(counselorA.openid, 'develop', 'answerNoticeObjection', { id, answer: '再次答复' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await auditOf(app, 'develop.answerObjection', id)).toHaveLength(1);

    const mine = await app.call(resident.openid, 'develop', 'myObjections', {});
    expect(mine).toMatchObject({ ok: true, data: { items: [{ id, status: 'answered', answer: '经核实为请假离校，不影响发展' }] } });
    expectIndexServed(app, mine.invocationId);
    const timeline = await app.call(counselorA.openid, 'develop', 'timeline', { person: { rosterId: applicantRoster._id } });
    expect(timeline).toMatchObject({ ok: true, data: { objections: [{ id, status: 'answered' }] } });
    // Answered: the resident may raise another.
    expect(await app.call(resident.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: '补充：还有其他问题需要说明' })).toMatchObject({ ok: true });
    expect(await app.call(resident.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: '第四次提交异议内容' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(resident.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: '第四次提交异议内容' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('three objections by one person at once store one', async () => {
    const notice = await noticeOf();
    const replies = await Promise.all([1, 2, 3].map((i) => app.call(racer.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: `同时提交的异议第${i}条` })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(['INVALID_STATE', 'CONFLICT']).toContain(r.error.code);
    expect(await findDocs(app, 'develop_objections', { noticeId: notice._id, rosterId: racerRoster._id })).toHaveLength(1);
  });

  it('the notice shows for its 7 days at fake times, then leaves the wall and takes no more objections', async () => {
    const notice = await noticeOf();
    const from = new Date(notice.from).getTime();
    try {
      app.emu.clock.set(new Date(from + 7 * DAY - 60_000));
      const last = await app.call(guest, 'develop', 'wallNotices', { buildingId: a._id });
      expect(last.ok && last.data.items.map((n) => [n.id, n.daysLeft])).toContainEqual([notice._id, 1]);
      app.emu.clock.set(new Date(from + 7 * DAY));
      const after = await app.call(guest, 'develop', 'wallNotices', { buildingId: a._id });
      expect(after.ok && after.data.items.map((n) => n.id)).not.toContain(notice._id);
      expectIndexServed(app, after.invocationId);
      const late = await app.call(outsider.openid, 'develop', 'myObjections', {});
      expect(late).toMatchObject({ ok: true, data: { items: [] } });
      const closed = await app.call(racer.openid, 'develop', 'objectToNotice', { noticeId: notice._id, text: '公示结束后提交的异议' });
      expect(closed).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '公示期已结束，不能再提出异议' } });
    } finally {
      app.emu.clock.reset();
    }
  });

  it('the wall’s notices page by cursor without repeats or gaps while a notice is added', async () => {
    const now = Date.now();
    const notice = (i: number): DevelopNoticeDoc => ({
      _id: nextId('dn'), rosterId: nextId('s'), memberId: null, buildingId: b._id, buildingName: b.name, name: `党员${i}`, branchName: null, stage: 'full', date: daysAgo(1),
      days: 7, from: new Date(now - DAY), until: new Date(now + 6 * DAY - i * 60_000), createdBy: counselorB._id,
    });
    await app.insert('develop_notices', [1, 2, 3, 4, 5].map(notice));
    const staffOpenid = counselorB.openid;
    const seen = await collectPages(app, (cursor) => app.call(staffOpenid, 'develop', 'wallNotices', { buildingId: b._id, limit: 2, ...(cursor ? { cursor } : {}) }), async () => {
      await app.insert('develop_notices', notice(9));
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(await app.call(guest, 'develop', 'wallNotices', { buildingId: b._id, cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('contention', () => {
  it('eight counselors record the same application at once: one step is stored', async () => {
    const replies = await Promise.all(counselors.map((c) => record(c.openid, raceRoster._id, 'applied', daysAgo(3))));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(['CONFLICT', 'INVALID_STATE']).toContain(r.error.code);
    expect(await findDocs(app, 'develop_steps', { rosterId: raceRoster._id })).toHaveLength(1);
    expect(await auditOf(app, 'develop.recordStep', raceRoster._id)).toHaveLength(1);
  });
});
