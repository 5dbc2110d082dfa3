import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import type { InviteDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { buildBuilding } from './builders';
import { auditOf, docOf, findDocs, newOpenid, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';

let app: App;
let place: Place;
let admin: Awaited<ReturnType<typeof seedUser>>;
const second = buildBuilding({ name: '慧园5号楼' });

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
  await app.insert('buildings', second);
  admin = await seedUser(app, place, 'admin');
});
afterAll(() => app.stop());

const HOUR = 3_600_000;
const usersOf = (openid: string) => findDocs<UserDoc>(app, 'users', { openid });

async function createInvite(buildingIds = [place.building._id, second._id], expiresInHours?: number) {
  const reply = await app.call(admin.openid, 'account', 'createInvite', expiresInHours ? { buildingIds, expiresInHours } : { buildingIds });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data;
}

/** An invite stored directly, e.g. one that has already expired. */
async function storedInvite(o: Partial<InviteDoc> = {}): Promise<InviteDoc> {
  const invite: InviteDoc = {
    _id: `KV${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`, role: 'counselor', buildingIds: [place.building._id],
    expiresAt: new Date(Date.now() + HOUR), createdBy: admin.openid, createdAt: new Date(), usedBy: null, usedAt: null, ...o,
  };
  await app.insert('invites', invite);
  return invite;
}

describe('account.createInvite', () => {
  it('makes a one-time code for existing buildings, expiring by default in 72 hours, audited', async () => {
    const before = Date.now();
    const { code, expiresAt } = await createInvite();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const expiry = new Date(expiresAt).getTime();
    expect(expiry).toBeGreaterThanOrEqual(before + 72 * HOUR - 1000);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 72 * HOUR);
    expect(await docOf(app, 'invites', code)).toMatchObject({ role: 'counselor', buildingIds: [place.building._id, second._id], usedBy: null, createdBy: admin.openid });
    const [record] = await auditOf(app, 'account.createInvite', code);
    expect(record).toMatchObject({ actorOpenid: admin.openid, actorRole: 'admin', before: null, after: { buildingIds: [place.building._id, second._id] } });
  });

  it('makes different codes each time', async () => {
    const codes = await Promise.all(Array.from({ length: 5 }, () => createInvite()));
    expect(new Set(codes.map((c) => c.code)).size).toBe(5);
  });

  it('refuses buildings that do not exist, storing nothing', async () => {
    const count = (await findDocs(app, 'invites', {})).length;
    const reply = await app.call(admin.openid, 'account', 'createInvite', { buildingIds: [place.building._id, 'no-such-building'] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await findDocs(app, 'invites', {})).toHaveLength(count);
  });
});

describe('account.redeemInvite', () => {
  it('turns a guest into a counselor of the invite buildings, once, audited', async () => {
    const { code } = await createInvite(undefined, 24);
    const openid = newOpenid();
    const reply = await app.call(openid, 'account', 'redeemInvite', { code: code.toLowerCase(), name: '张老师' });
    expect(reply).toEqual({
      ok: true,
      data: {
        role: 'counselor', name: '张老师', room: null, member: null,
        counselor: { buildings: expect.arrayContaining([{ id: place.building._id, name: place.building.name }, { id: second._id, name: second.name }]) },
      },
    });
    const [user] = await usersOf(openid);
    expect(user).toMatchObject({ role: 'counselor', buildingIds: [place.building._id, second._id], rosterId: null });
    expect(await docOf(app, 'invites', code)).toMatchObject({ usedBy: user._id, usedAt: expect.any(Date) });
    const [record] = await auditOf(app, 'account.redeemInvite', user._id);
    expect(record).toMatchObject({ actorOpenid: openid, actorRole: 'guest', before: null, after: { role: 'counselor', invite: code } });

    // Reuse by anyone is refused, and makes nobody a counselor.
    const other = newOpenid();
    expect(await app.call(other, 'account', 'redeemInvite', { code, name: '李老师' })).toMatchObject({ ok: false, error: { code: 'INVITE_INVALID' } });
    expect(await usersOf(other)).toEqual([]);
  });

  it('answers a code of the wrong shape as a wrong code (INVITE_INVALID), and reads look-alike letters as Crockford does', async () => {
    const openid = newOpenid();
    for (const wrong of ['ABC', 'ZZZZZZZZZZZZZZ', '你好']) {
      expect(await app.call(openid, 'account', 'redeemInvite', { code: wrong, name: '吴老师' })).toEqual({ ok: false, error: { code: 'INVITE_INVALID', message: '邀请码无效或已过期' } });
    }
    const { code } = await createInvite();
    const typed = `${code.slice(0, 5)} ${code.slice(5)}`.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(await app.call(newOpenid(), 'account', 'redeemInvite', { code: typed, name: '吴老师' })).toMatchObject({ ok: true, data: { role: 'counselor' } });
  });

  it('refuses an expired code and a wrong code alike', async () => {
    const expired = await storedInvite({ expiresAt: new Date(Date.now() - 60_000) });
    const openid = newOpenid();
    const a = await app.call(openid, 'account', 'redeemInvite', { code: expired._id, name: '王老师' });
    const b = await app.call(openid, 'account', 'redeemInvite', { code: 'ZZZZZZZZZZ', name: '王老师' });
    expect(a).toEqual({ ok: false, error: { code: 'INVITE_INVALID', message: expect.any(String) } });
    expect(b).toEqual(a);
    expect(await usersOf(openid)).toEqual([]);
    expect(await docOf(app, 'invites', expired._id)).toMatchObject({ usedBy: null });
  });

  it('turns a student into a counselor and releases their roster entry for binding again', async () => {
    const student = await seedUser(app, place, 'student');
    const { code } = await createInvite([second._id]);
    const reply = await app.call(student.openid, 'account', 'redeemInvite', { code, name: '陈老师' });
    expect(reply).toMatchObject({ ok: true, data: { role: 'counselor', room: null, counselor: { buildings: [{ id: second._id }] } } });
    expect(await docOf<UserDoc>(app, 'users', student.user._id)).toMatchObject({ role: 'counselor', rosterId: null, buildingIds: [second._id] });
    expect(await docOf<RosterDoc>(app, 'roster', student.roster!._id)).toMatchObject({ boundUserId: null });
    const [record] = await auditOf(app, 'account.redeemInvite', student.user._id);
    expect(record).toMatchObject({ actorRole: 'student', before: { role: 'student', rosterId: student.roster!._id }, after: { role: 'counselor', rosterId: null } });
    const rebind = await app.call(newOpenid(), 'account', 'bind', { studentNo: student.roster!.studentNo, name: student.roster!.name });
    expect(rebind).toMatchObject({ ok: true, data: { role: 'student' } });
  });

  it('lets exactly one of 10 people racing for one code become a counselor', async () => {
    const { code } = await createInvite();
    const openids = Array.from({ length: 10 }, () => newOpenid('racer'));
    const replies = await Promise.all(openids.map((o) => app.call(o, 'account', 'redeemInvite', { code, name: '赵老师' })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'INVITE_INVALID')).toBe(true);
    expect(await findDocs(app, 'users', { openid: app.db.command.in(openids) })).toHaveLength(1);
  });

  it(`rate-limits attempts: after ${RATE_LIMITS.inviteAttempt.limit} wrong codes a right one is refused and stays unused`, async () => {
    const openid = newOpenid();
    for (let i = 0; i < RATE_LIMITS.inviteAttempt.limit; i += 1) {
      expect(await app.call(openid, 'account', 'redeemInvite', { code: 'ZZZZZZZZZZ', name: '钱老师' })).toMatchObject({ error: { code: 'INVITE_INVALID' } });
    }
    const { code } = await createInvite();
    expect(await app.call(openid, 'account', 'redeemInvite', { code, name: '钱老师' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await docOf(app, 'invites', code)).toMatchObject({ usedBy: null });
  });
});
