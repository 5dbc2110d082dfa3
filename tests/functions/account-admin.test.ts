import type { MemberDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { auditOf, docOf, findDocs, newOpenid, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';

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
    expect(all.ok && all.data.users).toEqual(
      expect.arrayContaining([
        { id: student.user._id, name: '陈晨', role: 'student', roomLabel: '智园3号楼 305' },
        { id: member.user._id, name: '陈晨', role: 'member', roomLabel: '智园3号楼 305' },
        { id: counselor.user._id, name: '张老师', role: 'counselor', roomLabel: null },
      ]),
    );
    const counselors = await app.call(admin.openid, 'account', 'listUsers', { role: 'counselor' });
    expect(counselors.ok && counselors.data.users.every((u) => u.role === 'counselor')).toBe(true);
    expect(await app.call(admin.openid, 'account', 'listUsers', { nameContains: '老师' })).toMatchObject({ ok: true, data: { users: [{ id: counselor.user._id }] } });
    // Input is matched literally, never as a pattern.
    expect(await app.call(admin.openid, 'account', 'listUsers', { nameContains: '.*' })).toEqual({ ok: true, data: { users: [] } });
    expect(await app.call(admin.openid, 'account', 'listUsers', { role: 'guest' })).toEqual({ ok: true, data: { users: [] } });
    expect(JSON.stringify(all)).not.toMatch(/studentNo|phone|openid|13800138000/);
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
