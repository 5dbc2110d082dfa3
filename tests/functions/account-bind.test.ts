import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import type { RosterDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { auditOf, docOf, findDocs, newOpenid, seedEntry, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';

let app: App;
let place: Place;

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
});
afterAll(() => app.stop());

const usersOf = (openid: string) => findDocs<UserDoc>(app, 'users', { openid });

describe('account.bind', () => {
  it('binds a guest to a student entry: user created, entry claimed, audited, and me answers', async () => {
    const { roster } = await seedEntry(app, place, { name: '李雷' });
    const openid = newOpenid();
    const reply = await app.call(openid, 'account', 'bind', { studentNo: ` ${roster.studentNo} `, name: '李雷' });
    expect(reply).toEqual({
      ok: true,
      data: {
        role: 'student', name: '李雷', member: null, counselor: null,
        room: { id: place.room._id, number: '305', floor: 3, buildingId: place.building._id, buildingName: '智园3号楼' },
      },
    });
    const [user] = await usersOf(openid);
    expect(user).toMatchObject({ role: 'student', rosterId: roster._id, memberId: null, name: '李雷' });
    expect(await docOf<RosterDoc>(app, 'roster', roster._id)).toMatchObject({ boundUserId: user._id });
    const [record] = await auditOf(app, 'account.bind', user._id);
    expect(record).toMatchObject({ actorOpenid: openid, actorRole: 'guest', before: null, after: { openid, role: 'student', rosterId: roster._id } });
    expect(record.at).toBeInstanceOf(Date);
    expect(JSON.stringify(reply)).not.toContain(roster.studentNo);
  });

  it('binds a member entry as a member and links the profile both ways', async () => {
    const { roster, member } = await seedEntry(app, place, { name: '韩梅梅', memberStatus: 'probationary' });
    const openid = newOpenid();
    const reply = await app.call(openid, 'account', 'bind', { studentNo: roster.studentNo, name: '韩梅梅' });
    expect(reply).toMatchObject({ ok: true, data: { role: 'member', member: { id: member!._id, status: 'probationary', consent: { public: true } } } });
    const [user] = await usersOf(openid);
    expect(user).toMatchObject({ role: 'member', memberId: member!._id, rosterId: roster._id });
    expect(await docOf(app, 'members', member!._id)).toMatchObject({ userId: user._id });
  });

  it('forgives spacing and dot variants in names', async () => {
    const { roster } = await seedEntry(app, place, { name: '阿卜杜拉·艾力' });
    expect((await app.call(newOpenid(), 'account', 'bind', { studentNo: roster.studentNo, name: '阿卜杜拉 . 艾力' })).ok).toBe(true);
  });

  it('answers a wrong name and an unknown number identically, and stores nothing', async () => {
    const { roster } = await seedEntry(app, place, { name: '王芳' });
    const openid = newOpenid();
    const wrongName = await app.call(openid, 'account', 'bind', { studentNo: roster.studentNo, name: '王方' });
    const unknownNo = await app.call(openid, 'account', 'bind', { studentNo: '2099123456', name: '王芳' });
    expect(wrongName).toEqual({ ok: false, error: { code: 'ROSTER_MISMATCH', message: expect.any(String) } });
    expect(unknownNo).toEqual(wrongName);
    expect(await usersOf(openid)).toEqual([]);
    expect(await docOf(app, 'roster', roster._id)).toMatchObject({ boundUserId: null });
  });

  it('refuses an entry another user holds, and a user who is already bound', async () => {
    const holder = await seedUser(app, place, 'student');
    const late = newOpenid();
    const taken = await app.call(late, 'account', 'bind', { studentNo: holder.roster!.studentNo, name: holder.roster!.name });
    expect(taken).toMatchObject({ ok: false, error: { code: 'ALREADY_BOUND' } });
    expect(await usersOf(late)).toEqual([]);
    expect(await docOf(app, 'roster', holder.roster!._id)).toMatchObject({ boundUserId: holder.user._id });

    const { roster: other } = await seedEntry(app, place, { name: '周杰' });
    const again = await app.call(holder.openid, 'account', 'bind', { studentNo: other.studentNo, name: '周杰' });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_BOUND' } });
    expect(await docOf(app, 'roster', other._id)).toMatchObject({ boundUserId: null });
  });

  it(`rate-limits every attempt, right or wrong: the ${RATE_LIMITS.bindAttempt.limit + 1}th is refused even when right`, async () => {
    const { roster } = await seedEntry(app, place, { name: '赵敏' });
    const openid = newOpenid();
    for (let i = 0; i < RATE_LIMITS.bindAttempt.limit; i += 1) {
      expect(await app.call(openid, 'account', 'bind', { studentNo: roster.studentNo, name: '赵错' })).toMatchObject({ error: { code: 'ROSTER_MISMATCH' } });
    }
    expect(await app.call(openid, 'account', 'bind', { studentNo: roster.studentNo, name: '赵敏' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await docOf(app, 'roster', roster._id)).toMatchObject({ boundUserId: null });
    // Another WeChat user is not affected.
    expect((await app.call(newOpenid(), 'account', 'bind', { studentNo: roster.studentNo, name: '赵敏' })).ok).toBe(true);
  });

  it('lets exactly one of 20 users racing for one entry win (five rounds, so the race really happens)', async () => {
    // Warm every instance first, so the binds really run side by side rather than behind cold starts.
    await Promise.all(Array.from({ length: 8 }, () => app.call(newOpenid(), 'account', 'me')));
    for (let round = 0; round < 5; round += 1) {
      const { roster } = await seedEntry(app, place, { name: '孙悦', memberStatus: 'full' });
      const openids = Array.from({ length: 20 }, () => newOpenid('racer'));
      const replies = await Promise.all(openids.map((o) => app.call(o, 'account', 'bind', { studentNo: roster.studentNo, name: '孙悦' })));
      const winners = replies.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(replies.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'ALREADY_BOUND')).toBe(true);
      const bound = await findDocs<UserDoc>(app, 'users', { rosterId: roster._id });
      expect(bound).toHaveLength(1);
      expect(bound[0].openid).toBe(openids[replies.indexOf(winners[0])]);
      expect(await docOf(app, 'roster', roster._id)).toMatchObject({ boundUserId: bound[0]._id });
      expect(await findDocs(app, 'members', { rosterId: roster._id, userId: bound[0]._id })).toHaveLength(1);
    }
  });

  it('lets one user binding two entries at once get one, with no entry left claimed by nobody', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { roster: a } = await seedEntry(app, place, { name: '吴磊' });
      const { roster: b } = await seedEntry(app, place, { name: '吴磊' });
      const openid = newOpenid('twice');
      const replies = await Promise.all([a, b].map((r) => app.call(openid, 'account', 'bind', { studentNo: r.studentNo, name: '吴磊' })));
      expect(replies.filter((r) => r.ok)).toHaveLength(1);
      expect(replies.find((r) => !r.ok)).toMatchObject({ error: { code: 'ALREADY_BOUND' } });
      const [user, ...more] = await usersOf(openid);
      expect(more).toEqual([]);
      const entries = await Promise.all([a, b].map((r) => docOf<RosterDoc>(app, 'roster', r._id)));
      expect(entries.map((e) => e!.boundUserId).sort()).toEqual([null, user._id].sort());
    }
  });

  it('takes over a claim whose user never appeared, once it is old, and not before', async () => {
    const { roster: stale } = await seedEntry(app, place, { name: '郑爽', boundUserId: 'ghost-user-1', boundAt: new Date(Date.now() - 3_600_000) });
    const openid = newOpenid();
    expect((await app.call(openid, 'account', 'bind', { studentNo: stale.studentNo, name: '郑爽' })).ok).toBe(true);
    const [user] = await usersOf(openid);
    expect(await docOf(app, 'roster', stale._id)).toMatchObject({ boundUserId: user._id });

    const { roster: fresh } = await seedEntry(app, place, { name: '郑爽', boundUserId: 'ghost-user-2', boundAt: new Date() });
    expect(await app.call(newOpenid(), 'account', 'bind', { studentNo: fresh.studentNo, name: '郑爽' })).toMatchObject({ error: { code: 'ALREADY_BOUND' } });
  });

  it('costs: bind and me, in database reads and writes per call', async () => {
    const figures: Record<string, { reads: number; writes: number }> = {};
    const meter = (label: string, reply: { invocationId?: string }) => {
      const m = app.meterOf(reply.invocationId)!;
      figures[label] = { reads: m.reads, writes: m.writes };
    };
    const { roster: s } = await seedEntry(app, place, { name: '冯静' });
    const { roster: m } = await seedEntry(app, place, { name: '蒋涛', memberStatus: 'full' });
    const student = newOpenid();
    const member = newOpenid();
    meter('bind (student)', await app.call(student, 'account', 'bind', { studentNo: s.studentNo, name: '冯静' }));
    meter('bind (member)', await app.call(member, 'account', 'bind', { studentNo: m.studentNo, name: '蒋涛' }));
    meter('bind (wrong name)', await app.call(newOpenid(), 'account', 'bind', { studentNo: m.studentNo, name: '蒋错' }));
    meter('me (guest)', await app.call(newOpenid(), 'account', 'me'));
    meter('me (student)', await app.call(student, 'account', 'me'));
    meter('me (member)', await app.call(member, 'account', 'me'));
    meter('me (counselor)', await app.call((await seedUser(app, place, 'counselor')).openid, 'account', 'me'));
    meter('me (admin)', await app.call((await seedUser(app, place, 'admin')).openid, 'account', 'me'));
    console.log(`account database cost per call:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v.reads} reads, ${v.writes} writes`).join('\n')}`);
    // A first attempt in a rate-limit window writes twice there (increment misses, counter inserted).
    expect(figures).toEqual({
      // The entry is read again inside the transaction that claims it with the user and the audit.
      'bind (student)': { reads: 5, writes: 5 },
      'bind (member)': { reads: 4, writes: 6 },
      'bind (wrong name)': { reads: 2, writes: 2 },
      'me (guest)': { reads: 1, writes: 0 },
      'me (student)': { reads: 4, writes: 0 },
      'me (member)': { reads: 2, writes: 0 },
      'me (counselor)': { reads: 2, writes: 0 },
      'me (admin)': { reads: 1, writes: 0 },
    });
  });
});
