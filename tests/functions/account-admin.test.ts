import type { MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { auditOf, docOf, findDocs, newOpenid, seedPlace, seedUser, type Place } from './account-seed';
import { buildUser } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

let app: App;
let place: Place;
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
  admin = await seedUser(app, place, 'admin');
});
afterAll(() => app.stop());

const unbind = (userId: string, reason = '毕业离校', openid = admin.openid) => app.call(openid, 'account', 'unbind', { userId, reason });

describe('account.listUsers', () => {
  it('lists users by role and name, with the room of students and members only', async () => {
    const student = await seedUser(app, place, 'student');
    const member = await seedUser(app, place, 'member');
    const counselor = await seedUser(app, place, 'counselor');
    const all = await app.call(admin.openid, 'account', 'listUsers', {});
    expect(all.ok && all.data.items).toEqual(
      expect.arrayContaining([
        { id: student.user._id, name: '陈晨', role: 'student', roomLabel: '智园3号楼 305' },
        { id: member.user._id, name: '陈晨', role: 'member', roomLabel: '智园3号楼 305' },
        { id: counselor.user._id, name: '张老师', role: 'counselor', roomLabel: null },
      ]),
    );
    const counselors = await app.call(admin.openid, 'account', 'listUsers', { role: 'counselor' });
    expect(counselors.ok && counselors.data.items.every((u) => u.role === 'counselor')).toBe(true);
    expect(await app.call(admin.openid, 'account', 'listUsers', { name: '张老师' })).toMatchObject({ ok: true, data: { items: [{ id: counselor.user._id }], nextCursor: null } });
    // The start of a name: the middle of one finds nothing, and input is matched literally, never as a pattern.
    expect(await app.call(admin.openid, 'account', 'listUsers', { name: '张' })).toMatchObject({ ok: true, data: { items: [{ id: counselor.user._id }], nextCursor: null } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { name: '老师' })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { name: '张.' })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { name: '.*' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { role: 'guest' })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(JSON.stringify(all)).not.toMatch(/studentNo|phone|openid|13800138000/);
  });

  it('finds a user by 学号 through the roster entry they are bound to; an unbound or unknown number finds nobody', async () => {
    const member = await seedUser(app, place, 'member');
    expect(await app.call(admin.openid, 'account', 'listUsers', { studentNo: member.roster!.studentNo })).toEqual({
      ok: true,
      data: { items: [{ id: member.user._id, name: '陈晨', role: 'member', roomLabel: '智园3号楼 305' }], nextCursor: null },
    });
    expect(await app.call(admin.openid, 'account', 'listUsers', { studentNo: member.roster!.studentNo, role: 'student' })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { studentNo: '99999999' })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { studentNo: '12ab' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('pages newest first by (createdAt, _id): no duplicates or gaps while users are added between pages', async () => {
    const at = (h: number) => new Date(Date.UTC(2026, 8, 1) + h * 3_600_000);
    const original = [50, 40, 40, 40, 30, 20, 10].map((h) => buildUser({ role: 'student', name: '翁页', createdAt: at(h) }));
    await app.insert('users', original);
    const expected = [...original].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x._id < y._id ? 1 : -1)).map((u) => u._id);
    const walk = async (input: Record<string, unknown>, between: () => Promise<void>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const reply = await app.call(admin.openid, 'account', 'listUsers', { ...input, limit: 3, ...(cursor ? { cursor } : {}) });
        if (!reply.ok) throw new Error(JSON.stringify(reply));
        expectIndexServed(app, reply.invocationId);
        seen.push(...reply.data.items.map((u) => u.id));
        cursor = reply.data.nextCursor ?? undefined;
        pages += 1;
        if (pages === 1) await between();
      } while (cursor && pages < 100);
      return seen;
    };
    const byName = await walk({ name: '翁页' }, async () => {
      // Between pages: a newer one (above the cursor) and an older one (it belongs at the end).
      const older = buildUser({ role: 'student', name: '翁页', createdAt: at(1) });
      await app.insert('users', [buildUser({ role: 'student', name: '翁页', createdAt: at(99) }), older]);
      expected.push(older._id);
    });
    expect(byName).toEqual(expected);
    const before = (await app.db.collection('users').limit(1000).get()).data.map((u) => (u as { _id: string })._id);
    const everyone = await walk({}, async () => void (await app.insert('users', buildUser({ role: 'counselor', name: '新老师', createdAt: at(-1) }))));
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(everyone).toEqual(expect.arrayContaining(before));
    expect(everyone).toHaveLength(before.length + 1);
    expect(await app.call(admin.openid, 'account', 'listUsers', { cursor: 'zz' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('account.listUsers by the start of a name', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 9, 1) + h * 3_600_000);
  const names = ['欧阳修', '欧阳', '欧阳娜娜', '欧文', '区阳', '欧阳修', '欧阳明'];
  const users = names.map((name, i) => buildUser({ role: i === 3 ? 'member' : 'student', name, createdAt: at(i) }));
  // By name (code point order), then newest first, then _id: the order of index by_name_created.
  const inOrder = (list: UserDoc[]) =>
    [...list].sort((x, y) => (x.name! < y.name! ? -1 : x.name! > y.name! ? 1 : y.createdAt.getTime() - x.createdAt.getTime() || (x._id < y._id ? 1 : -1))).map((u) => u._id);
  const search = (input: Record<string, unknown>) => app.call(admin.openid, 'account', 'listUsers', input as never);

  beforeAll(() => app.insert('users', users));

  it('finds every name that starts with the text, by name then newest first, on the index', async () => {
    const reply = await search({ name: '欧阳' });
    expect(reply.ok && reply.data.items.map((u) => u.id)).toEqual(inOrder(users.filter((u) => u.name!.startsWith('欧阳'))));
    expect(reply.ok && reply.data.items.map((u) => u.name)).toEqual(['欧阳', '欧阳修', '欧阳修', '欧阳娜娜', '欧阳明']);
    expectIndexServed(app, reply.invocationId);
    const one = await search({ name: '欧', role: 'member' });
    expect(one.ok && one.data.items.map((u) => u.name)).toEqual(['欧文']);
    expect(await search({ name: '阳' })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });

  it('pages without duplicates or gaps while users are added, each page on the index', async () => {
    const late = buildUser({ role: 'student', name: '欧阳鹏', createdAt: at(-5) });
    const early = buildUser({ role: 'student', name: '欧阳', createdAt: at(50) });
    const seen = await collectPages(app, (cursor) => search({ name: '欧阳', limit: 2, ...(cursor ? { cursor } : {}) }), async () => {
      // After the first page (欧阳, 欧阳修): one that sorts after the cursor, one before it.
      await app.insert('users', [late, early]);
    });
    expect(seen).toEqual(inOrder([...users.filter((u) => u.name!.startsWith('欧阳')), late]));
    for (const cursor of ['1727740800000_u0001', 'not-a-cursor']) {
      expect(await search({ name: '欧阳', cursor })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '分页参数无效，请刷新列表' } });
    }
  });
});

describe('account.unbind', () => {
  it('releases a student: user removed, entry free to bind again, audited with before/after and reason', async () => {
    const student = await seedUser(app, place, 'student');
    expect(await unbind(student.user._id, '学号绑定错误')).toEqual({ ok: true, data: { done: true } });
    expect(await docOf(app, 'users', student.user._id)).toBeNull();
    expect(await docOf<RosterDoc>(app, 'roster', student.roster!._id)).toMatchObject({ boundUserId: null });
    expect(await app.call(student.openid, 'account', 'me')).toMatchObject({ ok: true, data: { role: 'guest' } });
    const [record] = await auditOf(app, 'account.unbind', student.user._id);
    expect(record).toMatchObject({
      actorOpenid: admin.openid, actorRole: 'admin', reason: '学号绑定错误', after: null,
      before: { _id: student.user._id, openid: student.openid, role: 'student', rosterId: student.roster!._id },
    });
    // The entry can be bound again, by someone else or by the same WeChat user.
    const rebind = await app.call(newOpenid(), 'account', 'bind', { studentNo: student.roster!.studentNo, name: student.roster!.name });
    expect(rebind).toMatchObject({ ok: true, data: { role: 'student' } });
  });

  it('releases a member: profile unlinked, and the next binder is linked to it', async () => {
    const member = await seedUser(app, place, 'member');
    expect((await unbind(member.user._id)).ok).toBe(true);
    expect(await docOf<MemberDoc>(app, 'members', member.member!._id)).toMatchObject({ userId: null });
    const again = newOpenid();
    expect(await app.call(again, 'account', 'bind', { studentNo: member.roster!.studentNo, name: member.roster!.name })).toMatchObject({
      ok: true, data: { role: 'member', member: { id: member.member!._id } },
    });
    const [user] = await findDocs<UserDoc>(app, 'users', { openid: again });
    expect(await docOf<MemberDoc>(app, 'members', member.member!._id)).toMatchObject({ userId: user._id });
  });

  it('removes a counselor role: they are a guest again', async () => {
    const counselor = await seedUser(app, place, 'counselor');
    expect((await unbind(counselor.user._id, '调离岗位')).ok).toBe(true);
    expect(await app.call(counselor.openid, 'account', 'me')).toMatchObject({ ok: true, data: { role: 'guest', counselor: null } });
    const [record] = await auditOf(app, 'account.unbind', counselor.user._id);
    expect(record).toMatchObject({ before: { role: 'counselor', buildingIds: [place.building._id] }, after: null, reason: '调离岗位' });
  });

  it('refuses to unbind an admin, an unknown user, or without a reason', async () => {
    const other = await seedUser(app, place, 'admin');
    expect(await unbind(other.user._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await docOf(app, 'users', other.user._id)).not.toBeNull();
    expect(await unbind('no-such-user')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const student = await seedUser(app, place, 'student');
    expect(await app.call(admin.openid, 'account', 'unbind', { userId: student.user._id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await docOf(app, 'users', student.user._id)).not.toBeNull();
  });

  it('is for admins only: a counselor cannot unbind a student of their building', async () => {
    const counselor = await seedUser(app, place, 'counselor');
    const student = await seedUser(app, place, 'student');
    expect(await unbind(student.user._id, '试图越权', counselor.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await docOf(app, 'users', student.user._id)).not.toBeNull();
    expect(await auditOf(app, 'account.unbind', student.user._id)).toEqual([]);
  });
});
