import { buildBuilding, buildRoom, buildRoster, buildUser, daysAgo, nextId, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Issue 12 point 3, the audit view (account.auditLog): who did what to whom with before and after in
 * Chinese, newest first, cursor-paged, filtered by action, actor, target and China dates, each
 * filter index-served over a crowd of other records. An admin sees the school; a counselor only the
 * records of their buildings, never another building's nor a record without a building.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const roomA = buildRoom({ buildingId: a._id, number: '301', floor: 3 });
const roomB = buildRoom({ buildingId: b._id, number: '101', floor: 1 });
const personA = buildRoster({ name: '周敏', buildingId: a._id, roomId: roomA._id });
const personB = buildRoster({ name: '陈同学', buildingId: b._id, roomId: roomB._id });
const counselorA = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin', name: '校管理员' });

const log = (openid: string, input: Record<string, unknown> = {}) => app.call(openid, 'account', 'auditLog', input);
const ids = (reply: Awaited<ReturnType<typeof log>>) => (reply.ok ? reply.data.items.map((i) => i.id) : reply);
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [roomA, roomB]);
  await app.insert('plaques', [plaqueFor(roomA, a), plaqueFor(roomB, b)]);
  await app.insert('roster', [personA, personB]);
  await app.insert('users', [counselorA, counselorB, admin]);
  // A crowd the filters must not read through: older records of both buildings, other actions and
  // actors, and records from before the building stamp existed (no buildingId).
  const crowd = (i: number, o: Record<string, unknown>) => ({
    _id: nextId('au'), actorOpenid: `o-someone${i % 4}`, actorRole: 'counselor', action: 'checkin.makeUpVisit', target: { collection: 'visits_records', id: nextId('v') },
    before: null, after: { status: 'confirmed' }, at: new Date(Date.now() - (5 + i / 10) * DAY), ...o,
  });
  await app.insert('audit', [
    ...Array.from({ length: 60 }, (_, i) => crowd(i, { buildingId: a._id })),
    ...Array.from({ length: 60 }, (_, i) => crowd(i, { buildingId: b._id })),
    ...Array.from({ length: 60 }, (_, i) => crowd(i, { action: 'account.bind' })),
  ]);
});
afterAll(() => app.stop());

describe('the audit view', () => {
  it('a counselor sees their building’s changes with who, what, whom and before/after in Chinese, newest first', async () => {
    expect(await app.call(counselorA.openid, 'develop', 'recordStep', { person: { rosterId: personA._id }, stage: 'applied', date: daysAgo(40) })).toMatchObject({ ok: true });
    expect(await app.call(counselorA.openid, 'develop', 'recordStep', { person: { rosterId: personA._id }, stage: 'activist', date: daysAgo(20) })).toMatchObject({ ok: true });
    expect(await app.call(counselorB.openid, 'develop', 'recordStep', { person: { rosterId: personB._id }, stage: 'applied', date: daysAgo(10) })).toMatchObject({ ok: true });
    expect(await app.call(admin.openid, 'develop', 'setPointRules', { rules: [{ kind: 'hour', points: 1, capPerTerm: 30 }] })).toMatchObject({ ok: true });

    const mine = await log(counselorA.openid, { limit: 5 });
    if (!mine.ok) throw new Error(JSON.stringify(mine));
    expectIndexServed(app, mine.invocationId);
    expect(mine.data.buildingId).toBe(a._id);
    expect(mine.data.items.every((i) => i.buildingId === a._id)).toBe(true);
    const [latest, first] = mine.data.items;
    expect(latest).toMatchObject({
      action: 'develop.recordStep', actionLabel: '记录发展步骤', actor: { userId: counselorA._id, name: '张老师', role: 'counselor' },
      target: { collection: 'develop_people', id: personA._id }, reason: null,
    });
    expect(latest.changes).toEqual(expect.arrayContaining([
      { field: 'stage', label: '发展阶段', before: '已递交入党申请', after: '入党积极分子' },
      { field: 'memberCreated', label: '新建党员档案', before: '—', after: '是' },
    ]));
    expect(first).toMatchObject({ action: 'develop.recordStep', changes: expect.arrayContaining([{ field: 'stage', label: '发展阶段', before: '—', after: '已递交入党申请' }]) });
    expect(new Date(latest.at).getTime()).toBeGreaterThanOrEqual(new Date(first.at).getTime());
  });

  it('scope: a counselor never sees another building nor a record without a building; asking for one is refused; an admin sees all', async () => {
    expect(await log(counselorA.openid, { buildingId: b._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只能查看自己负责楼栋的操作记录' } });
    const rules = await log(counselorA.openid, { action: 'develop.setPointRules' });
    expect(rules).toMatchObject({ ok: true, data: { items: [] } });
    const bind = await log(counselorA.openid, { action: 'account.bind', limit: 50 });
    expect(bind).toMatchObject({ ok: true, data: { items: [] } });
    const ofB = await log(counselorA.openid, { targetId: personB._id });
    expect(ofB).toMatchObject({ ok: true, data: { items: [] } });

    const school = await log(admin.openid, { limit: 50 });
    if (!school.ok) throw new Error(JSON.stringify(school));
    expect(school.data.buildingId).toBeNull();
    expect(school.data.items.slice(0, 4).map((i) => i.action)).toEqual(['develop.setPointRules', 'develop.recordStep', 'develop.recordStep', 'develop.recordStep']);
    expect(school.data.items[0]).toMatchObject({ actor: { name: '校管理员', role: 'admin' }, actionLabel: '修改积分规则', buildingId: null });
    expect(ids(await log(admin.openid, { action: 'account.bind', limit: 50 }))).toHaveLength(50);
    const bSteps = await log(admin.openid, { buildingId: b._id, action: 'develop.recordStep' });
    expect(bSteps.ok && bSteps.data.items.map((i) => i.target.id)).toEqual([personB._id]);
  });

  it('each filter (action, actor, target, dates) is served by an index, alone or within a building', async () => {
    const cases: Array<[string, Record<string, unknown>, number]> = [
      ['by action', { action: 'develop.recordStep' }, 3],
      ['by actor', { actorUserId: counselorB._id }, 1],
      ['by target', { targetId: personA._id }, 2],
      ['by dates', { from: daysAgo(0), to: daysAgo(0) }, 4],
      ['building + action', { buildingId: a._id, action: 'develop.recordStep' }, 2],
      ['building + actor', { buildingId: a._id, actorUserId: counselorA._id }, 2],
      ['building + target + dates', { buildingId: a._id, targetId: personA._id, from: daysAgo(1), to: daysAgo(0) }, 2],
      ['old dates only', { buildingId: b._id, from: daysAgo(12), to: daysAgo(5) }, 50],
    ];
    for (const [label, input, count] of cases) {
      const reply = await log(admin.openid, { ...input, limit: 50 });
      if (!reply.ok) throw new Error(`${label}: ${JSON.stringify(reply)}`);
      expect([label, reply.data.items.length]).toEqual([label, count]);
      expectIndexServed(app, reply.invocationId);
    }
    expect(ids(await log(admin.openid, { actorUserId: 'no-such-user' }))).toEqual([]);
  });

  it('pages with a cursor, newest first, with no gap or repeat while new records arrive', async () => {
    const seen = await collectPages(app, (cursor) => log(counselorB.openid, { limit: 7, ...(cursor ? { cursor } : {}) }) as never, async () => {
      // A change made while the counselor pages: newer than the cursor, so it is not in the later pages.
      await app.call(counselorB.openid, 'develop', 'recordStep', { person: { rosterId: personB._id }, stage: 'activist', date: daysAgo(1) });
    });
    expect(seen).toHaveLength(61);
    expect(new Set(seen).size).toBe(61);
    const again = await log(counselorB.openid, { limit: 1 });
    expect(again.ok && again.data.items[0].changes).toEqual(expect.arrayContaining([{ field: 'stage', label: '发展阶段', before: '已递交入党申请', after: '入党积极分子' }]));
  });

  it('bad filters get a clear Chinese answer', async () => {
    expect(await log(admin.openid, { action: 'develop.recordStep', targetId: personA._id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('一次只能按其中一项筛选') } });
    expect(await log(admin.openid, { from: daysAgo(0), to: daysAgo(3) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('开始日期不能晚于结束日期') } });
    expect(await log(admin.openid, { cursor: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '分页参数无效，请刷新列表' } });
  });
});
