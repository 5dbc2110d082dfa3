import { PLAQUE_CODE_PATTERN } from '../../src/shared/domain/plaque-code';
import { cstTime } from '../../src/shared/domain/activity';
import { termOf } from '../../src/shared/domain/term';
import { cstDate } from '../../src/shared/domain/volunteer';
import type { ActivityDoc, AttendanceDoc, MemberDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import { buildBuilding, buildMember, buildUser, newPlaqueCode, nextId } from './builders';
import { startApp, type App } from './harness';

/** Organised activities: rotating codes, sign-in and sign-out, verified hours (issue 4, item 3). */

let app: App;
const MIN = 60_000;
const HOUR = 60 * MIN;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const counselorA = buildUser({ role: 'counselor', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', buildingIds: [b._id] });
const student = buildUser({ role: 'student' });
const members = Array.from({ length: 10 }, (_, i) => buildMember({ name: `党员${i}`, buildingId: a._id }));
const users = members.map((m) => buildUser({ role: 'member', memberId: m._id }));
const [m0, m1, m2, m3, m4, m5] = users;

/** The functions' clock is pinned to a mid-afternoon in China, so no activity here crosses midnight whatever the hour. */
const NOW = new Date('2026-11-18T15:00:00+08:00');
// Before the emulator starts (it.each tables) times count from NOW; after, from the running clock.
const at = (offsetMs: number) => new Date((app ? app.emu.clock.now() : NOW).getTime() + offsetMs);
const input = (o: Partial<{ startAt: Date; endAt: Date; buildingId: string }> = {}) => ({
  title: '楼道清洁日',
  category: 'hygiene' as const,
  place: '智园1号楼一层大厅',
  buildingId: o.buildingId ?? a._id,
  startAt: (o.startAt ?? at(-2 * HOUR)).toISOString(),
  endAt: (o.endAt ?? at(HOUR)).toISOString(),
});

async function create(o: Parameters<typeof input>[0] = {}): Promise<string> {
  const reply = await app.call(counselorA.openid, 'volunteer', 'createActivity', input(o));
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data.id;
}
/** An activity that is already over cannot be created; tests of late sign-out insert one. */
async function insertActivity(startAt: Date, endAt: Date): Promise<string> {
  const doc: ActivityDoc = { _id: nextId('act'), title: '理论宣讲', category: 'theoryOutreach', place: '活动室', buildingId: a._id, startAt, endAt, createdBy: counselorA._id, createdAt: startAt };
  await app.insert('activities', doc);
  return doc._id;
}
async function codeFor(id: string, phase: 'in' | 'out'): Promise<string> {
  const reply = await app.call(counselorA.openid, 'volunteer', 'activityCode', { id, phase });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data.code;
}
const scan = (user: { openid: string }, code: string) => app.call(user.openid, 'volunteer', 'scanActivity', { code });
const attendanceOf = async (activityId: string, memberId: string) =>
  (await app.db.collection('attendance').doc(`${activityId}:${memberId}`).get()).data[0] as AttendanceDoc | undefined;
const entriesOf = async (activityId: string, memberId: string) =>
  (await app.db.collection('volunteer_entries').where({ activityId, memberId }).get()).data as VolunteerEntryDoc[];
const memberDoc = async (id: string) => (await app.db.collection('members').doc(id).get()).data[0] as MemberDoc;
/** A member who signed in at `signInAt` (as if they had scanned then). */
const signedIn = (activityId: string, memberId: string, signInAt: Date) =>
  app.insert('attendance', { _id: `${activityId}:${memberId}`, activityId, memberId, signInAt, signInCode: newPlaqueCode(), signOutAt: null, signOutCode: null, hours: null, entryId: null });

beforeAll(async () => {
  app = await startApp();
  app.emu.clock.set(NOW);
  await app.insert('buildings', [a, b]);
  await app.insert('members', members);
  await app.insert('users', [counselorA, counselorB, student, ...users]);
});
afterAll(() => app.stop());

describe('volunteer.createActivity', () => {
  it('creates an activity in the counselor scope and audits it', async () => {
    const reply = await app.call(counselorA.openid, 'volunteer', 'createActivity', input());
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const stored = (await app.db.collection('activities').doc(reply.data.id).get()).data[0];
    expect(stored).toMatchObject({ title: '楼道清洁日', category: 'hygiene', buildingId: a._id, createdBy: counselorA._id, startAt: expect.any(Date) });
    const audits = (await app.db.collection('audit').where({ 'target.id': reply.data.id }).get()).data;
    expect(audits).toEqual([expect.objectContaining({ actorOpenid: counselorA.openid, action: 'volunteer.createActivity', before: null })]);
  });

  it("refuses another building's counselor and non-counselors, and writes nothing", async () => {
    const other = await app.call(counselorB.openid, 'volunteer', 'createActivity', input());
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.meterOf(other.invocationId)?.writes).toBe(0);
    expect(await app.call(m0.openid, 'volunteer', 'createActivity', input())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(student.openid, 'volunteer', 'createActivity', input())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it.each([
    ['ends before it starts', { startAt: at(HOUR), endAt: at(-HOUR) }],
    ['lasts under half an hour', { startAt: at(HOUR), endAt: at(HOUR + 20 * MIN) }],
    ['lasts over 12 hours', { startAt: at(HOUR), endAt: at(13 * HOUR + MIN) }],
    ['is already over', { startAt: at(-3 * HOUR), endAt: at(-HOUR) }],
  ])('refuses a window that %s (INVALID_INPUT)', async (_, window) => {
    const reply = await app.call(counselorA.openid, 'volunteer', 'createActivity', input(window));
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(app.meterOf(reply.invocationId)?.writes).toBe(0);
  });
});

describe('volunteer.activityCode', () => {
  it('rotates: every call issues a new unguessable code, each valid for 30 s', async () => {
    const id = await create();
    const before = app.emu.clock.now().getTime();
    const first = await app.call(counselorA.openid, 'volunteer', 'activityCode', { id, phase: 'in' });
    const second = await app.call(counselorA.openid, 'volunteer', 'activityCode', { id, phase: 'in' });
    if (!first.ok || !second.ok) throw new Error(JSON.stringify([first, second]));
    expect(first.data.code).toMatch(PLAQUE_CODE_PATTERN);
    expect(second.data.code).toMatch(PLAQUE_CODE_PATTERN);
    expect(second.data.code).not.toBe(first.data.code);
    const ttl = Date.parse(first.data.expiresAt) - before;
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(31_000);
    expect((await app.db.collection('activity_codes').doc(first.data.code).get()).data[0]).toMatchObject({ activityId: id, phase: 'in', expiresAt: expect.any(Date) });
    // Both stay valid until they expire: a member who scanned the older QR is not turned away.
    expect(await scan(m0, first.data.code)).toEqual({ ok: true, data: { activityTitle: '楼道清洁日', phase: 'in', hours: null } });
    expect(await scan(m1, second.data.code)).toMatchObject({ ok: true, data: { phase: 'in' } });
  });

  it("refuses another building's counselor and members; NOT_FOUND for an unknown activity", async () => {
    const id = await create();
    expect(await app.call(counselorB.openid, 'volunteer', 'activityCode', { id, phase: 'in' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(m0.openid, 'volunteer', 'activityCode', { id, phase: 'in' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorA.openid, 'volunteer', 'activityCode', { id: 'act-nowhere', phase: 'in' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('gives sign-in codes from 15 min before the start to the end, sign-out codes from the start to 1 h after the end', async () => {
    const later = await create({ startAt: at(HOUR), endAt: at(2 * HOUR) });
    expect(await app.call(counselorA.openid, 'volunteer', 'activityCode', { id: later, phase: 'in' })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    const soon = await create({ startAt: at(10 * MIN), endAt: at(HOUR) });
    expect((await codeFor(soon, 'in')).length).toBe(16);
    expect(await app.call(counselorA.openid, 'volunteer', 'activityCode', { id: soon, phase: 'out' })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    const justOver = await insertActivity(at(-2 * HOUR), at(-30 * MIN));
    expect(await app.call(counselorA.openid, 'volunteer', 'activityCode', { id: justOver, phase: 'in' })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect((await codeFor(justOver, 'out')).length).toBe(16);
    const longOver = await insertActivity(at(-4 * HOUR), at(-HOUR - MIN));
    expect(await app.call(counselorA.openid, 'volunteer', 'activityCode', { id: longOver, phase: 'out' })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
  });
});

describe('volunteer.scanActivity', () => {
  it('refuses an expired code (CODE_EXPIRED) and an unknown one (NOT_FOUND), storing nothing', async () => {
    const id = await create();
    const stale = newPlaqueCode();
    await app.insert('activity_codes', { _id: stale, activityId: id, phase: 'in', expiresAt: at(-1000) });
    const expired = await scan(m2, stale);
    expect(expired).toMatchObject({ ok: false, error: { code: 'CODE_EXPIRED' } });
    expect(app.meterOf(expired.invocationId)?.writes).toBe(0);
    expect(await scan(m2, newPlaqueCode())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await attendanceOf(id, m2.memberId!)).toBeUndefined();
  });

  it('takes a code once per member per phase: a replay or a second sign-in is CODE_REPLAYED; another member may use it', async () => {
    const id = await create();
    const code = await codeFor(id, 'in');
    expect(await scan(m0, code)).toMatchObject({ ok: true, data: { phase: 'in' } });
    const signInAt = (await attendanceOf(id, m0.memberId!))?.signInAt;
    expect(await scan(m0, code)).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    expect(await scan(m0, await codeFor(id, 'in'))).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    expect((await attendanceOf(id, m0.memberId!))?.signInAt).toEqual(signInAt);
    expect(await scan(m1, code)).toMatchObject({ ok: true, data: { phase: 'in' } });
    expect(await attendanceOf(id, m1.memberId!)).toMatchObject({ memberId: m1.memberId, signInCode: code, signOutAt: null });

    // Concurrent sign-ins of one member: one attendance, one sign-in.
    const replies = await Promise.all(Array.from({ length: 10 }, () => scan(m2, code)));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('CODE_REPLAYED');
  });

  it('refuses signing out before signing in (WRONG_PHASE), and non-members', async () => {
    const id = await create();
    const out = await codeFor(id, 'out');
    const reply = await scan(m3, out);
    expect(reply).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect(app.meterOf(reply.invocationId)?.writes).toBe(0);
    expect(await scan(student, out)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await scan(counselorA, out)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('earns nothing below 60% presence: no entry, no hours', async () => {
    // 3 h activity that started 2 h ago; in 20 min late, out now: 100 min of 180 (56%).
    const start = at(-2 * HOUR);
    const id = await create({ startAt: start, endAt: at(HOUR) });
    await signedIn(id, m4.memberId!, new Date(start.getTime() + 20 * MIN));
    expect(await scan(m4, await codeFor(id, 'out'))).toEqual({ ok: true, data: { activityTitle: '楼道清洁日', phase: 'out', hours: 0 } });
    expect(await attendanceOf(id, m4.memberId!)).toMatchObject({ hours: 0, entryId: null, signOutAt: expect.any(Date) });
    expect(await entriesOf(id, m4.memberId!)).toEqual([]);
    expect((await memberDoc(m4.memberId!)).hoursOverall).toBeUndefined();

    // Signing in and out at once earns nothing either.
    const now = await create();
    expect(await scan(m4, await codeFor(now, 'in'))).toMatchObject({ ok: true });
    expect(await scan(m4, await codeFor(now, 'out'))).toMatchObject({ ok: true, data: { hours: 0 } });
  });

  it('at 60% or more: present half-hours as a verified, approved entry, counted once under 10 concurrent sign-outs', async () => {
    // Started 2 h ago, ends in 1 h; present from the start to now: 2 h of 3 (67%).
    const start = at(-2 * HOUR);
    const end = at(HOUR);
    const id = await create({ startAt: start, endAt: end });
    const memberId = m5.memberId!;
    await signedIn(id, memberId, new Date(start.getTime() - 10 * MIN));
    const code = await codeFor(id, 'out');
    const replies = await Promise.all(Array.from({ length: 10 }, () => scan(m5, code)));
    const won = replies.filter((r) => r.ok);
    expect(won).toEqual([{ ok: true, data: { activityTitle: '楼道清洁日', phase: 'out', hours: 2 } }]);
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('CODE_REPLAYED');
    expect(await scan(m5, await codeFor(id, 'out'))).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });

    const attendance = (await attendanceOf(id, memberId))!;
    const signOutAt = new Date(attendance.signOutAt!);
    const term = termOf(signOutAt).key;
    const entries = await entriesOf(id, memberId);
    expect(entries).toEqual([
      expect.objectContaining({
        _id: attendance.entryId,
        memberId,
        userId: m5._id,
        memberName: '党员5',
        buildingId: a._id,
        termKey: term,
        title: '楼道清洁日',
        category: 'hygiene',
        place: '智园1号楼一层大厅',
        date: cstDate(start),
        start: cstTime(start),
        end: cstTime(signOutAt),
        hours: 2,
        approvedHours: 2,
        status: 'approved',
        verified: true,
        activityId: id,
        reviewedBy: counselorA._id,
      }),
    ]);
    expect(attendance).toMatchObject({ hours: 2, signOutCode: code });
    const member = await memberDoc(memberId);
    expect(member.hours).toEqual({ [term]: 2 });
    expect(member.hoursByKind).toEqual({ [term]: { verified: 2 } });
    expect(member.hoursOverall).toEqual({ verified: 2 });
  });

  it('rounds presence down to half hours just above 60%', async () => {
    // 3 h activity that started 2 h ago; in 10 min late, out now: 110 min of 180 (61%) -> 1.5 h.
    const start = at(-2 * HOUR);
    const id = await create({ startAt: start, endAt: at(HOUR) });
    const user = users[8];
    await signedIn(id, user.memberId!, new Date(start.getTime() + 10 * MIN));
    expect(await scan(user, await codeFor(id, 'out'))).toMatchObject({ ok: true, data: { hours: 1.5 } });
    const entries = await entriesOf(id, user.memberId!);
    expect(entries).toEqual([expect.objectContaining({ hours: 1.5, approvedHours: 1.5, verified: true, start: cstTime(new Date(start.getTime() + 10 * MIN)) })]);
    expect((await memberDoc(user.memberId!)).hoursOverall).toEqual({ verified: 1.5 });
  });

  it('settles a sign-out whose credit never committed (a crash after the claim) on the next scan, once', async () => {
    // 2 h activity that started 2 h ago and just ended; in on time, out claimed 10 min ago, credit lost.
    const start = at(-2 * HOUR);
    const id = await create({ startAt: start, endAt: at(30 * MIN) });
    const user = users[9];
    await app.insert('attendance', {
      _id: `${id}:${user.memberId}`, activityId: id, memberId: user.memberId, signInAt: start, signInCode: newPlaqueCode(),
      signOutAt: at(-10 * MIN), signOutCode: newPlaqueCode(), hours: null, entryId: null,
    });
    const before = (await memberDoc(user.memberId!)).hoursOverall?.verified ?? 0;
    expect(await scan(user, await codeFor(id, 'out'))).toMatchObject({ ok: true, data: { phase: 'out', hours: 1.5 } });
    expect(await scan(user, await codeFor(id, 'out'))).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    expect(await entriesOf(id, user.memberId!)).toEqual([expect.objectContaining({ hours: 1.5, verified: true })]);
    expect((await memberDoc(user.memberId!)).hoursOverall?.verified).toBe(before + 1.5);
    expect(await attendanceOf(id, user.memberId!)).toMatchObject({ hours: 1.5 });
  });

  it('counts presence inside the window only, and accepts sign-out up to 1 h after the end', async () => {
    // 1 h activity that ended 30 min ago; in on time, out now: 1 h inside the window.
    const id = await insertActivity(at(-90 * MIN), at(-30 * MIN));
    const memberId = users[6].memberId!;
    await signedIn(id, memberId, at(-95 * MIN));
    expect(await scan(users[6], await codeFor(id, 'out'))).toMatchObject({ ok: true, data: { phase: 'out', hours: 1 } });
    expect((await memberDoc(memberId)).hoursOverall).toEqual({ verified: 1 });
  });

  it('reports database reads and writes per sign-in and sign-out', async () => {
    const id = await create({ startAt: at(-2 * HOUR), endAt: at(HOUR) });
    const user = users[7];
    const signIn = await scan(user, await codeFor(id, 'in'));
    // Pretend the sign-in was at the start so the sign-out earns hours.
    await app.db.collection('attendance').doc(`${id}:${user.memberId}`).update({ signInAt: at(-2 * HOUR) });
    const signOut = await scan(user, await codeFor(id, 'out'));
    expect(signOut).toMatchObject({ ok: true, data: { hours: 2 } });
    const figures = { signIn: app.meterOf(signIn.invocationId), signOut: app.meterOf(signOut.invocationId) };
    console.log('activity meters', JSON.stringify({ signIn: { reads: figures.signIn?.reads, writes: figures.signIn?.writes }, signOut: { reads: figures.signOut?.reads, writes: figures.signOut?.writes } }));
    expect(figures.signIn).toMatchObject({ reads: 3, writes: 1 });
    // 6: with the mark that has the member's development points recomputed (issue 11, points follow events).
    expect(figures.signOut?.writes).toBeLessThanOrEqual(6);
  });
});
