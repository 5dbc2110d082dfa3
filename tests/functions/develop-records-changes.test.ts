import type { BranchDoc, GroupDoc } from '../../cloudfunctions/_common/docs';
import { auditOf, docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, daysAgo, nextId, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Issue 11 gaps and issue 12 point 3 on the development timeline: a step recorded by mistake is
 * withdrawn by a record of its own (status back, its 公示 closed, shown struck through), a member's
 * 转入/转出支部 and 党小组变更 go through the timeline, and the counselor pages everyone on the timeline
 * of their building by stage. Through the local CloudBase; scope throughout.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const room = buildRoom({ buildingId: a._id, number: '401', floor: 4 });
const roomB = buildRoom({ buildingId: b._id, number: '101', floor: 1 });
const counselorA = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin', name: '校管理员' });
const guest = 'o-changes-guest';

const branch1: BranchDoc = { _id: nextId('br'), buildingId: a._id, name: '智园1号楼第一党支部' };
const branch2: BranchDoc = { _id: nextId('br'), buildingId: a._id, name: '智园1号楼第二党支部' };
const group1: GroupDoc = { _id: nextId('g'), branchId: branch1._id, buildingId: a._id, floor: 4, name: '第一党小组' };
const group2: GroupDoc = { _id: nextId('g'), branchId: branch1._id, buildingId: a._id, floor: 5, name: '第二党小组' };
const group3: GroupDoc = { _id: nextId('g'), branchId: branch2._id, buildingId: a._id, floor: 4, name: '第三党小组' };

const climberRoster = buildRoster({ name: '林晓', buildingId: a._id, roomId: room._id });
const applicantRoster = buildRoster({ name: '何芳', buildingId: a._id, roomId: room._id });
const memberRoster = buildRoster({ name: '宋涛', buildingId: a._id, roomId: room._id, memberStatus: 'full' });
const member = buildMember({
  rosterId: memberRoster._id, name: '宋涛', status: 'full', buildingId: a._id, buildingName: a.name, roomId: room._id, roomNumber: '401',
  branchId: branch1._id, branchName: branch1.name, groupId: group1._id, groupName: group1.name,
});

const record = (openid: string, rosterId: string, stage: string, date: string) => app.call(openid, 'develop', 'recordStep', { person: { rosterId }, stage, date });
const withdraw = (openid: string, stepId: string, reason = '误记，支部大会尚未讨论') => app.call(openid, 'develop', 'withdrawStep', { stepId, reason });
const cost = (label: string, invocationId: string | undefined) => {
  const m = app.meterOf(invocationId)!;
  console.log(`${label}: ${m.reads} reads, ${m.writes} writes`);
};

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [room, roomB]);
  await app.insert('plaques', [plaqueFor(room, a), plaqueFor(roomB, b)]);
  await app.insert('branches', [branch1, branch2]);
  await app.insert('groups', [group1, group2, group3]);
  await app.insert('roster', [climberRoster, applicantRoster, memberRoster]);
  await app.insert('members', member);
  await app.insert('users', [counselorA, counselorB, admin]);
});
afterAll(() => app.stop());

describe('withdrawing a step recorded by mistake', () => {
  const steps: Record<string, string> = {};

  it('the latest step is withdrawn: status back, the 公示 closes, the timeline shows it struck through with the reason, audited with the building', async () => {
    for (const [stage, date] of [['applied', daysAgo(90)], ['activist', daysAgo(60)], ['candidate', daysAgo(30)], ['probationary', daysAgo(1)]] as const) {
      const r = await record(counselorA.openid, climberRoster._id, stage, date);
      expect(r).toMatchObject({ ok: true });
      if (r.ok) steps[stage] = r.data.stepId;
    }
    const memberId = (await docOf<{ memberId: string }>(app, 'develop_people', climberRoster._id))!.memberId;
    const wall = await app.call(guest, 'develop', 'wallNotices', { buildingId: a._id });
    expect(wall.ok && wall.data.items.map((n) => n.id)).toEqual([steps.probationary]);

    const done = await withdraw(counselorA.openid, steps.probationary);
    expect(done).toMatchObject({ ok: true, data: { stepId: steps.probationary, stage: 'candidate', noticeClosed: true } });
    cost('withdrawStep (with a running 公示)', done.invocationId);
    expect(await docOf(app, 'members', memberId)).toMatchObject({ status: 'candidate', probationStartedAt: null });
    expect(await docOf(app, 'roster', climberRoster._id)).toMatchObject({ memberStatus: 'candidate' });
    const person = await docOf<{ stage: string; dates: Record<string, string> }>(app, 'develop_people', climberRoster._id);
    expect(person?.stage).toBe('candidate');
    expect(Object.keys(person!.dates).sort()).toEqual(['activist', 'applied', 'candidate']);
    // The notice left the wall at once; the step stays on record.
    expect(await app.call(guest, 'develop', 'wallNotices', { buildingId: a._id })).toMatchObject({ ok: true, data: { items: [] } });
    expect(await docOf(app, 'develop_steps', steps.probationary)).toMatchObject({ kind: 'step', stage: 'probationary' });

    const timeline = await app.call(counselorA.openid, 'develop', 'timeline', { person: { rosterId: climberRoster._id } });
    if (!timeline.ok) throw new Error(JSON.stringify(timeline));
    const struck = timeline.data.steps.find((s) => s.id === steps.probationary);
    expect(struck).toMatchObject({ kind: 'step', withdrawn: true });
    expect(timeline.data.steps.find((s) => s.kind === 'withdrawal')).toMatchObject({ correctsId: steps.probationary, reason: '误记，支部大会尚未讨论', byName: '张老师', withdrawn: false });
    expect(timeline.data.notices).toEqual([expect.objectContaining({ id: steps.probationary, running: false })]);
    expect(timeline.data.person.stage).toBe('candidate');

    const [audit] = await auditOf(app, 'develop.withdrawStep', climberRoster._id);
    expect(audit).toMatchObject({ actorOpenid: counselorA.openid, buildingId: a._id, before: { stage: 'probationary', stepId: steps.probationary }, after: { stage: 'candidate', noticeClosed: true }, reason: '误记，支部大会尚未讨论' });
  });

  it('only the latest step, once, in scope; a withdrawn step cannot be corrected; nothing is stored on refusal', async () => {
    const before = await findDocs(app, 'develop_steps', { rosterId: climberRoster._id });
    expect(await withdraw(counselorA.openid, steps.activist)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '林晓目前已确定为发展对象，只能撤回最近的一步（“确定为发展对象”）' } });
    expect(await withdraw(counselorA.openid, steps.probationary)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '这一步已经撤回过了' } });
    expect(await withdraw(counselorB.openid, steps.candidate)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await withdraw(counselorA.openid, `${steps.probationary}-w`)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(counselorA.openid, 'develop', 'correctStep', { stepId: steps.probationary, date: daysAgo(2), reason: '核对日期' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await findDocs(app, 'develop_steps', { rosterId: climberRoster._id })).toHaveLength(before.length);
    expect(await docOf(app, 'develop_people', climberRoster._id)).toMatchObject({ stage: 'candidate' });
  });

  it('the step can be recorded again after its withdrawal, and the new one then withdrawn (the old withdrawal does not block it)', async () => {
    const again = await record(counselorA.openid, climberRoster._id, 'probationary', daysAgo(0));
    expect(again).toMatchObject({ ok: true, data: { stage: 'probationary' } });
    if (!again.ok) return;
    expect(again.data.noticeId).toBe(again.data.stepId);
    expect(await app.call(counselorA.openid, 'develop', 'correctStep', { stepId: steps.probationary, date: daysAgo(0), reason: '核对日期' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    // Two counselors withdraw the same step at once: one withdrawal, one audit; the other is told.
    const replies = await Promise.all([withdraw(counselorA.openid, again.data.stepId), withdraw(admin.openid, again.data.stepId)]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(['INVALID_STATE', 'CONFLICT']).toContain(r.ok ? '' : r.error.code);
    expect(await findDocs(app, 'develop_steps', { correctsId: again.data.stepId, kind: 'withdrawal' })).toHaveLength(1);
    expect(await auditOf(app, 'develop.withdrawStep', climberRoster._id)).toHaveLength(2);
  });

  it('积极分子确定 is not withdrawn while its member document exists; an application alone is, and the person leaves the stage lists', async () => {
    expect(await withdraw(counselorA.openid, steps.candidate)).toMatchObject({ ok: true, data: { stage: 'activist' } });
    expect(await withdraw(counselorA.openid, steps.activist)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '林晓已建立党员档案，“确定为入党积极分子”不能在时间线上撤回，请联系管理员处理' } });

    const applied = await record(counselorA.openid, applicantRoster._id, 'applied', daysAgo(5));
    if (!applied.ok) throw new Error(JSON.stringify(applied));
    expect(await withdraw(counselorA.openid, applied.data.stepId, '学号录错，申请人不是本人')).toMatchObject({ ok: true, data: { stage: null } });
    expect(await docOf(app, 'develop_people', applicantRoster._id)).toMatchObject({ stage: null, dates: {} });
    expect(await docOf(app, 'roster', applicantRoster._id)).toMatchObject({ memberStatus: null });
    const list = await app.call(counselorA.openid, 'develop', 'timelinePeople', { stage: 'applied' });
    expect(list.ok && list.data.items.map((p) => p.rosterId)).not.toContain(applicantRoster._id);
    // Withdrawn, not blocked: the application can be recorded again.
    expect(await record(counselorA.openid, applicantRoster._id, 'applied', daysAgo(1))).toMatchObject({ ok: true });
  });
});

describe('membership changes through the timeline', () => {
  const change = (openid: string, input: Record<string, unknown>) =>
    app.call(openid, 'develop', 'changeMembership', { memberId: member._id, date: daysAgo(1), reason: '按支部调整安排', ...input });

  it('the form offers the building’s branches with their groups, in scope only', async () => {
    const options = await app.call(counselorA.openid, 'develop', 'membershipOptions', { buildingId: a._id });
    expect(options).toMatchObject({ ok: true, data: { branches: expect.arrayContaining([
      { id: branch1._id, name: branch1.name, groups: [{ id: group1._id, name: '第一党小组' }, { id: group2._id, name: '第二党小组' }] },
      { id: branch2._id, name: branch2.name, groups: [{ id: group3._id, name: '第三党小组' }] },
    ]) } });
    expectIndexServed(app, options.invocationId);
    expect(await app.call(counselorB.openid, 'develop', 'membershipOptions', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('党小组变更 within the branch changes the member document, is on the timeline (the person made for a member from before the timeline) and audited', async () => {
    expect(await docOf(app, 'develop_people', memberRoster._id)).toBeNull();
    const done = await change(counselorA.openid, { kind: 'group', groupId: group2._id });
    expect(done).toMatchObject({ ok: true, data: { branchName: branch1.name, groupName: '第二党小组' } });
    cost('changeMembership (group)', done.invocationId);
    expect(await docOf(app, 'members', member._id)).toMatchObject({ branchId: branch1._id, groupId: group2._id, groupName: '第二党小组', status: 'full' });
    const timeline = await app.call(counselorA.openid, 'develop', 'timeline', { person: { memberId: member._id } });
    expect(timeline).toMatchObject({ ok: true, data: { person: { stage: 'full' }, steps: [{ kind: 'change', date: daysAgo(1), reason: '按支部调整安排', change: { kind: 'group', before: { groupName: '第一党小组' }, after: { groupName: '第二党小组' } } }] } });
    expect(await auditOf(app, 'develop.changeMembership', member._id)).toMatchObject([{ buildingId: a._id, before: { groupName: '第一党小组' }, after: { kind: 'group', groupName: '第二党小组' }, reason: '按支部调整安排' }]);
  });

  it('refuses a group of another branch, a branch it is already in, a future date, an unknown branch and another building’s counselor; nothing changes', async () => {
    expect(await change(counselorA.openid, { kind: 'group', groupId: group3._id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '只能调整到本支部的党小组；跨支部请办理转入支部' } });
    expect(await change(counselorA.openid, { kind: 'transferIn', branchId: branch1._id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '宋涛已在该支部' } });
    expect(await change(counselorA.openid, { kind: 'transferIn', branchId: branch2._id, groupId: group1._id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '所选党小组不属于该支部' } });
    expect(await change(counselorA.openid, { kind: 'group', groupId: group2._id, date: daysAgo(-3) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '日期不能晚于今天' } });
    expect(await change(counselorA.openid, { kind: 'transferIn', branchId: 'no-such-branch' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await change(counselorB.openid, { kind: 'transferOut' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await docOf(app, 'members', member._id)).toMatchObject({ branchId: branch1._id, groupId: group2._id });
    expect(await findDocs(app, 'develop_steps', { rosterId: memberRoster._id })).toHaveLength(1);
  });

  it('转入 another branch with its group, then 转出: the member follows each, the timeline lists both', async () => {
    expect(await change(admin.openid, { kind: 'transferIn', branchId: branch2._id, groupId: group3._id })).toMatchObject({ ok: true, data: { branchName: branch2.name, groupName: '第三党小组' } });
    expect(await change(counselorA.openid, { kind: 'transferOut', reason: '毕业，组织关系转至工作单位' })).toMatchObject({ ok: true, data: { branchName: null, groupName: null } });
    expect(await docOf(app, 'members', member._id)).toMatchObject({ branchId: null, branchName: null, groupId: null, groupName: null, status: 'full' });
    expect(await change(counselorA.openid, { kind: 'transferOut' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '宋涛目前没有所属支部，无需转出' } });
    const timeline = await app.call(counselorA.openid, 'develop', 'timeline', { person: { memberId: member._id } });
    expect(timeline.ok && timeline.data.steps.map((s) => s.change?.kind)).toEqual(['group', 'transferIn', 'transferOut']);
  });
});

describe('everyone on the timeline of a building, by stage', () => {
  it('the counselor pages their building’s people (by stage or all), latest change first, index-served; another building’s never appear', async () => {
    const stages = ['applied', 'activist', 'candidate', 'probationary', 'full'] as const;
    const now = Date.now();
    const crowd = (buildingId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        _id: nextId('pp'), name: `同学${i}`, buildingId, roomId: room._id, roomLabel: '智园 401', memberId: null, stage: stages[i % 5], dates: { [stages[i % 5]]: daysAgo(10) }, updatedAt: new Date(now - (i + 10) * 60_000),
      }));
    const mine = crowd(a._id, 40);
    await app.insert('develop_people', [...mine, ...crowd(b._id, 40)]);

    const page = async (cursor: string | undefined) => {
      const reply = await app.call(counselorA.openid, 'develop', 'timelinePeople', { stage: 'candidate', limit: 3, ...(cursor ? { cursor } : {}) });
      const items = reply.ok ? reply.data.items.map((p) => ({ id: p.rosterId })) : [];
      return Object.assign({ ok: reply.ok, data: reply.ok ? { items, nextCursor: reply.data.nextCursor } : undefined }, { invocationId: reply.invocationId });
    };
    const seen = await collectPages(app, page, async () => {});
    const candidates = await findDocs<{ _id: string }>(app, 'develop_people', { buildingId: a._id, stage: 'candidate' });
    expect(seen.length).toBe(new Set(seen).size);
    expect([...seen].sort()).toEqual(candidates.map((c) => c._id).sort());

    const all = await app.call(counselorA.openid, 'develop', 'timelinePeople', { limit: 50 });
    if (!all.ok) throw new Error(JSON.stringify(all));
    expectIndexServed(app, all.invocationId);
    expect(all.data.buildingId).toBe(a._id);
    expect(all.data.items.every((p) => p.buildingId === a._id)).toBe(true);
    const times = all.data.items.map((p) => p.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
    // The people recorded in this file come first: their timelines changed last.
    expect(all.data.items[0].rosterId).toBe(memberRoster._id);

    expect(await app.call(counselorB.openid, 'develop', 'timelinePeople', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorA.openid, 'develop', 'timelinePeople', { cursor: 'bogus' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
