import { buildBuilding, buildMember, buildUser, nextId } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/** Function `org`: branches (支部) and groups (党小组), and counselors' scopes. */
let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const admin = buildUser({ role: 'admin' });
const counselor = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const student = buildUser({ role: 'student' });

const doc = async <T>(collection: string, id: string) => (await app.db.collection(collection).doc(id).get()).data[0] as T;
const actions = async (action: string) => (await app.db.collection('audit').where({ action }).get()).data as Array<{ target: { id: string }; before: unknown; after: unknown }>;
const created = (reply: { ok: boolean; data?: unknown }) => (reply.ok ? (reply.data as { id: string }).id : '');

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('users', [admin, counselor, student]);
});
afterAll(() => app.stop());

describe('branches and groups', () => {
  let branchId = '';
  let groupId = '';

  it('creates a branch and a floor group, audited; names are unique where they live', async () => {
    branchId = created(await app.call(admin.openid, 'org', 'createBranch', { buildingId: a._id, name: '智园1号楼第一党支部' }));
    expect(await doc('branches', branchId)).toMatchObject({ buildingId: a._id, name: '智园1号楼第一党支部', closedAt: null });
    expect(await app.call(admin.openid, 'org', 'createBranch', { buildingId: a._id, name: '智园1号楼第一党支部' })).toMatchObject({
      ok: false, error: { code: 'INVALID_STATE', message: '智园1号楼已有“智园1号楼第一党支部”' },
    });
    groupId = created(await app.call(admin.openid, 'org', 'createGroup', { branchId, floor: 3, name: '三层党小组' }));
    expect(await doc('groups', groupId)).toMatchObject({ branchId, buildingId: a._id, floor: 3, name: '三层党小组' });
    expect(await app.call(admin.openid, 'org', 'createGroup', { branchId, floor: 9, name: '九层党小组' })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: '智园1号楼共6层，楼层应在1到6之间' },
    });
    expect((await actions('org.createBranch')).map((e) => e.target.id)).toEqual([branchId]);
    expect((await actions('org.createGroup')).map((e) => e.target.id)).toEqual([groupId]);
  });

  it('lists branches and groups a page at a time, index-served', async () => {
    for (const name of ['智园1号楼第二党支部', '智园1号楼第三党支部']) await app.call(admin.openid, 'org', 'createBranch', { buildingId: a._id, name });
    const ids = await collectPages(app, (cursor) => app.call(admin.openid, 'org', 'branches', { buildingId: a._id, cursor, limit: 2 }), async () => {});
    expect(ids).toHaveLength(3);
    for (const [floor, name] of [[2, '二层党小组'], [3, '三层第二党小组']] as const) await app.call(admin.openid, 'org', 'createGroup', { branchId, floor, name });
    const groups = await app.call(admin.openid, 'org', 'groups', { branchId, limit: 2 });
    expectIndexServed(app, groups.invocationId);
    expect(groups.ok && groups.data.items.map((g) => g.name)).toEqual(['二层党小组', '三层党小组']);
    const rest = await app.call(admin.openid, 'org', 'groups', { branchId, cursor: groups.ok ? groups.data.nextCursor ?? undefined : undefined });
    expect(rest.ok && rest.data.items.map((g) => g.name)).toEqual(['三层第二党小组']);
  });

  it("renames a branch and a group with the members' copies of the names", async () => {
    const members = Array.from({ length: 3 }, () => buildMember({ buildingId: a._id, branchId, branchName: '智园1号楼第一党支部', groupId, groupName: '三层党小组' }));
    await app.insert('members', members);
    expect(await app.call(admin.openid, 'org', 'renameBranch', { branchId, name: '智园1号楼学生第一党支部' })).toEqual({ ok: true, data: { copiesPending: false } });
    expect(await app.call(admin.openid, 'org', 'renameGroup', { groupId, name: '三层第一党小组' })).toEqual({ ok: true, data: { copiesPending: false } });
    for (const m of members) expect(await doc('members', m._id)).toMatchObject({ branchName: '智园1号楼学生第一党支部', groupName: '三层第一党小组' });
    expect(await actions('org.renameBranch')).toEqual([expect.objectContaining({ before: { name: '智园1号楼第一党支部' }, after: { name: '智园1号楼学生第一党支部' } })]);
    // Members stay: neither closes while they are in it.
    expect(await app.call(admin.openid, 'org', 'closeGroup', { groupId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '“三层第一党小组”还有党员，请先把他们转到其他党小组' } });
    expect(await app.call(admin.openid, 'org', 'closeBranch', { branchId })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('closes an empty group, then a branch without open groups; both stay listed, marked closed', async () => {
    const other = created(await app.call(admin.openid, 'org', 'createBranch', { buildingId: b._id, name: '智园2号楼党支部' }));
    const g = created(await app.call(admin.openid, 'org', 'createGroup', { branchId: other, floor: 1, name: '一层党小组' }));
    expect(await app.call(admin.openid, 'org', 'closeBranch', { branchId: other })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '“智园2号楼党支部”还有未撤销的党小组，请先撤销党小组' } });
    expect(await app.call(admin.openid, 'org', 'closeGroup', { groupId: g })).toEqual({ ok: true, data: { changed: true } });
    expect(await app.call(admin.openid, 'org', 'closeBranch', { branchId: other })).toEqual({ ok: true, data: { changed: true } });
    expect(await app.call(admin.openid, 'org', 'closeBranch', { branchId: other })).toEqual({ ok: true, data: { changed: false } });
    expect(await app.call(admin.openid, 'org', 'branches', { buildingId: b._id })).toMatchObject({ ok: true, data: { items: [{ id: other, closed: true }] } });
    expect(await app.call(admin.openid, 'org', 'createGroup', { branchId: other, floor: 2, name: '二层党小组' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await actions('org.closeBranch')).toHaveLength(1);
  });
});

describe("counselors' scopes", () => {
  it('lists counselors with their buildings', async () => {
    const reply = await app.call(admin.openid, 'org', 'counselors', {});
    expectIndexServed(app, reply.invocationId);
    expect(reply).toEqual({ ok: true, data: { items: [{ id: counselor._id, name: '张老师', buildings: [{ id: a._id, name: '智园1号楼' }] }], nextCursor: null } });
  });

  it("sets a counselor's buildings, audited; the counselor's next request has the new scope", async () => {
    expect(await app.call(counselor.openid, 'plaque', 'rooms', { buildingId: b._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(admin.openid, 'org', 'setCounselorBuildings', { userId: counselor._id, buildingIds: [b._id, b._id] })).toEqual({ ok: true, data: { buildingIds: [b._id] } });
    expect(await app.call(counselor.openid, 'plaque', 'rooms', { buildingId: b._id })).toMatchObject({ ok: true });
    expect(await app.call(counselor.openid, 'plaque', 'rooms', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const me = await app.call(counselor.openid, 'account', 'me', {});
    expect(me).toMatchObject({ ok: true, data: { counselor: { buildings: [{ id: b._id, name: '智园2号楼' }] } } });
    expect(await actions('org.setCounselorBuildings')).toEqual([expect.objectContaining({ target: expect.objectContaining({ id: counselor._id }), before: { buildingIds: [a._id] }, after: { buildingIds: [b._id] } })]);
  });

  it('refuses buildings that do not exist and users who are not counselors, storing nothing', async () => {
    expect(await app.call(admin.openid, 'org', 'setCounselorBuildings', { userId: counselor._id, buildingIds: [nextId('nob')] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '有楼栋不存在，请刷新后重试' } });
    expect(await app.call(admin.openid, 'org', 'setCounselorBuildings', { userId: student._id, buildingIds: [a._id] })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '只能为辅导员设置负责楼栋' } });
    expect(await doc('users', student._id)).toMatchObject({ buildingIds: [] });
    expect(await app.call(counselor.openid, 'org', 'setCounselorBuildings', { userId: counselor._id, buildingIds: [a._id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
