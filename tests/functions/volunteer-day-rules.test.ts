import type { ActivityDoc, AttendanceDoc, MemberDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import { cstDate, cstInstant, cstTime } from '../../src/shared/domain/china-time';
import { checkForm, emptyForm } from '../../src/member/log/form';
import { errorMessages, type ErrorCode } from '../../src/shared/errors';
import { buildEntry, newPlaqueCode, nextId } from './builders';
import { startApp, type App } from './harness';
import { collectPages } from './index-served';
import { daysAgo, entryInput, seedVolunteer, type SeededMember, type VolunteerSeed } from './volunteer-seed';

/**
 * Real calendar dates (issue 7, point 2) and verified activity hours under the day rules (point 3),
 * through the local CloudBase.
 */
let app: App;
let seed: VolunteerSeed;
let alice: SeededMember;

const MIN = 60_000;
const entriesOf = async (memberId: string) => (await app.db.collection('volunteer_entries').where({ memberId }).get()).data as VolunteerEntryDoc[];
const memberDoc = async (id: string) => (await app.db.collection('members').doc(id).get()).data[0] as MemberDoc;
const attendanceOf = async (activityId: string, memberId: string) => (await app.db.collection('attendance').doc(`${activityId}:${memberId}`).get()).data[0] as AttendanceDoc;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  alice = await seed.member({ name: '韩梅梅', status: 'probationary' });
});
afterAll(() => app.stop());

describe('dates are real calendar dates', () => {
  it('refuses 2099-13-81, 2026-11-31, 2026-02-29, 24:00 and 23:60 with INVALID_INPUT and a Chinese reason, storing nothing; 2028-02-29 is a date', async () => {
    const refused: Array<[Record<string, string>, string]> = [
      [{ date: '2099-13-81', start: '00:00', end: '12:00' }, '日期不存在'],
      [{ date: '2026-11-31', start: '08:00', end: '20:00' }, '日期不存在'],
      [{ date: '2026-02-29' }, '日期不存在'],
      [{ start: '20:00', end: '24:00' }, '时间格式'],
      [{ start: '20:00', end: '23:60' }, '时间格式'],
    ];
    const before = (await entriesOf(alice.doc._id)).length;
    for (const [o, reason] of refused) {
      const reply = await app.call(alice.openid, 'volunteer', 'saveDraft', entryInput(o));
      expect({ o, reply }).toMatchObject({ o, reply: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining(reason) } } });
      expect(app.meterOf(reply.invocationId)?.writes).toBe(0);
    }
    expect(await entriesOf(alice.doc._id)).toHaveLength(before);

    // 29 February of a leap year is a date; its hours and term come from the same parse.
    const leap = await app.call(alice.openid, 'volunteer', 'saveDraft', entryInput({ date: '2028-02-29', start: '09:00', end: '21:00' }));
    if (!leap.ok) throw new Error(JSON.stringify(leap));
    expect(leap.data.entry).toMatchObject({ date: '2028-02-29', hours: 12 });
    expect((await app.db.collection('volunteer_entries').doc(leap.data.entry.id).get()).data[0]).toMatchObject({ termKey: '2027-2028-2' });
  });

  it('an entry stored before the check (2099-13-81, term NaN-NaN-2) can be neither submitted nor approved, and adds no hours', async () => {
    const legacy = (o: Partial<VolunteerEntryDoc>): VolunteerEntryDoc => ({
      _id: nextId('e'), memberId: alice.doc._id, userId: alice.user._id, memberName: alice.doc.name, buildingId: seed.x._id, branchId: null, branchName: null,
      termKey: 'NaN-NaN-2', title: '楼道卫生清扫', category: 'hygiene', date: '2099-13-81', start: '00:00', end: '12:00', hours: 12, place: '智园5号楼',
      description: '', photoFileIds: [], witnessName: null, witnessContact: null, fingerprint: `legacy-${nextId('f')}`, status: 'pending', verified: false,
      activityId: null, approvedHours: null, reviewComment: null, reviewedBy: null, reviewedAt: null, submittedAt: new Date(), notifyOnReview: false,
      createdAt: new Date(), updatedAt: new Date(), ...o,
    });
    const pending = legacy({});
    const draft = legacy({ status: 'draft', date: '2026-11-31', start: '08:00', end: '20:00' });
    await app.insert('volunteer_entries', [pending, draft]);
    const totalsBefore = await memberDoc(alice.doc._id);

    expect(await app.call(alice.openid, 'volunteer', 'submit', { id: draft._id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: pending._id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const after = await memberDoc(alice.doc._id);
    expect({ hours: after.hours, hoursOverall: after.hoursOverall }).toEqual({ hours: totalsBefore.hours, hoursOverall: totalsBefore.hoursOverall });
    expect((await app.db.collection('volunteer_entries').doc(pending._id).get()).data[0]).toMatchObject({ status: 'pending' });
    // The member's list still loads with the old entries in it.
    expect(await app.call(alice.openid, 'volunteer', 'myEntries', {})).toMatchObject({ ok: true });
  });

  it('an export names a real term only', async () => {
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'exportHours', { termKey: 'NaN-NaN-2' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'exportHours', { termKey: '2026-2028-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

/** An activity of building X inserted as it was created, and an `out` code for it that is live now. */
async function pastActivity(startAt: Date, endAt: Date): Promise<{ activity: ActivityDoc; code: string }> {
  const activity: ActivityDoc = { _id: nextId('act'), title: '楼栋安全巡查', category: 'dormSafety', place: '智园5号楼', buildingId: seed.x._id, startAt, endAt, createdBy: seed.counselorX._id, createdAt: startAt };
  await app.insert('activities', activity);
  const code = newPlaqueCode();
  await app.insert('activity_codes', { _id: code, activityId: activity._id, phase: 'out', expiresAt: new Date(Date.now() + 30_000) });
  return { activity, code };
}
const attended = (activity: ActivityDoc, m: SeededMember, o: Partial<AttendanceDoc> = {}) =>
  app.insert('attendance', {
    _id: `${activity._id}:${m.doc._id}`, activityId: activity._id, memberId: m.doc._id, signInAt: activity.startAt, signInCode: newPlaqueCode(),
    signOutAt: null, signOutCode: null, hours: null, entryId: null, ...o,
  });

describe('verified activity hours follow the day rules', () => {
  it('presence overlapping a pending self-reported entry: the sign-out stands, the hours are not counted twice (ENTRY_OVERLAP shown)', async () => {
    const bob = await seed.member({ name: '赵强' });
    // A 2 h activity that ended 30 min ago (on its start's China date unless that is late evening).
    let start = new Date(Date.now() - 150 * MIN);
    if (cstTime(start) > '23:00') start = new Date(start.getTime() - 90 * MIN);
    const { activity, code } = await pastActivity(start, new Date(start.getTime() + 120 * MIN));
    await attended(activity, bob);
    // Bob also logged the first half hour of it himself, and it is pending.
    const self = await app.call(bob.openid, 'volunteer', 'saveDraft', entryInput({ date: cstDate(start), start: cstTime(start), end: cstTime(new Date(start.getTime() + 30 * MIN)) }));
    if (!self.ok) throw new Error(JSON.stringify(self));
    expect((await app.call(bob.openid, 'volunteer', 'submit', { id: self.data.entry.id })).ok).toBe(true);

    const reply = await app.call(bob.openid, 'volunteer', 'scanActivity', { code });
    expect(reply).toEqual({
      ok: true,
      data: { activityTitle: '楼栋安全巡查', phase: 'out', hours: 0, notCounted: { code: 'ENTRY_OVERLAP', message: expect.stringContaining('与已登记的志愿服务时间重叠') } },
    });
    expect(await attendanceOf(activity._id, bob.doc._id)).toMatchObject({ signOutAt: expect.any(Date), hours: 0, entryId: null, notCounted: 'ENTRY_OVERLAP' });
    expect((await entriesOf(bob.doc._id)).filter((e) => e.verified)).toEqual([]);
    expect((await memberDoc(bob.doc._id)).hoursOverall).toBeUndefined();
    // The sign-out is taken: scanning again is a replay, not a second chance to count.
    expect(await app.call(bob.openid, 'volunteer', 'scanActivity', { code })).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
  });

  it('12 hours a day holds for verified hours too (an owed settlement after a crash passes the same rules)', async () => {
    const carol = await seed.member({ name: '周杰' });
    const day = daysAgo(3);
    // 11 approved self-reported hours that day, then a 2 h activity whose sign-out was claimed but never settled.
    const long = await app.call(carol.openid, 'volunteer', 'saveDraft', entryInput({ date: day, start: '12:00', end: '23:00' }));
    if (!long.ok) throw new Error(JSON.stringify(long));
    expect((await app.call(carol.openid, 'volunteer', 'submit', { id: long.data.entry.id })).ok).toBe(true);
    expect((await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: long.data.entry.id, decision: 'approve' })).ok).toBe(true);
    const { activity, code } = await pastActivity(cstInstant(day, '09:00')!, cstInstant(day, '11:00')!);
    await attended(activity, carol, { signOutAt: cstInstant(day, '11:00')!, signOutCode: newPlaqueCode() });

    const reply = await app.call(carol.openid, 'volunteer', 'scanActivity', { code });
    expect(reply).toMatchObject({ ok: true, data: { phase: 'out', hours: 0, notCounted: { code: 'DAILY_LIMIT' } } });
    expect(await attendanceOf(activity._id, carol.doc._id)).toMatchObject({ hours: 0, entryId: null, notCounted: 'DAILY_LIMIT' });
    expect((await memberDoc(carol.doc._id)).hoursOverall).toEqual({ selfReported: 11 });
  });

  it('a verified entry takes its date and term from the instant presence began, and holds its time against later self-reports', async () => {
    const dan = await seed.member({ name: '孙丽' });
    const day = daysAgo(4);
    const { activity, code } = await pastActivity(cstInstant(day, '14:00')!, cstInstant(day, '16:00')!);
    await attended(activity, dan, { signOutAt: cstInstant(day, '16:30')!, signOutCode: newPlaqueCode() });
    expect(await app.call(dan.openid, 'volunteer', 'scanActivity', { code })).toMatchObject({ ok: true, data: { hours: 2 } });
    const [verified] = (await entriesOf(dan.doc._id)).filter((e) => e.verified);
    expect(verified).toMatchObject({ date: day, start: '14:00', end: '16:00', hours: 2 });
    const self = await app.call(dan.openid, 'volunteer', 'saveDraft', entryInput({ date: day, start: '15:00', end: '17:00' }));
    if (!self.ok) throw new Error(JSON.stringify(self));
    expect(await app.call(dan.openid, 'volunteer', 'submit', { id: self.data.entry.id })).toMatchObject({ ok: false, error: { code: 'ENTRY_OVERLAP' } });
    // The day guard was bumped by the settlement, as by a submit.
    expect((await app.db.collection('day_guards').doc(`${dan.doc._id}:${day}`).get()).data[0]).toMatchObject({ version: 1 });
  });
});

describe('the page and the server count the same entries toward a day (issue 8, point 4)', () => {
  it('with an approved entry granted fewer hours and a returned one the same day, the log form and submit give the same answer', async () => {
    const bob = await seed.member({ name: '李雷', status: 'probationary' });
    const cases: Array<[string, { start: string; end: string; title?: string }]> = [
      // 6 granted (not 10 claimed) + 4.5 fits the 12 hours; the returned 18:00-20:00 does not overlap.
      ['fits beside what counts', { start: '18:00', end: '22:30' }],
      // The returned entry's own time and title: not a duplicate, since it no longer counts.
      ['the returned entry logged anew', { start: '18:00', end: '20:00', title: '楼道卫生清扫' }],
      ['overlaps the approved entry', { start: '17:00', end: '19:00' }],
      ['too many hours beside the granted ones', { start: '00:00', end: '07:00' }],
    ];
    for (const [index, [label, span]] of cases.entries()) {
      const date = daysAgo(3 + index);
      await seed.pendingEntry(bob, { date, start: '08:00', end: '18:00', status: 'approved', approvedHours: 6 });
      await seed.pendingEntry(bob, { date, start: '18:00', end: '20:00', status: 'returned' });
      const input = entryInput({ date, title: span.title ?? '社区义务清扫', start: span.start, end: span.end });

      // What the log form reads: the entries of the chosen day.
      const listed = await app.call(bob.openid, 'volunteer', 'myEntries', { date });
      if (!listed.ok) throw new Error(JSON.stringify(listed));
      const page = checkForm({ ...emptyForm(new Date()), ...input, category: 'hygiene', witnessName: '', witnessContact: '', photos: [] }, listed.data.items, undefined, new Date());

      const draft = await app.call(bob.openid, 'volunteer', 'saveDraft', input);
      if (!draft.ok) throw new Error(JSON.stringify(draft));
      const server = await app.call(bob.openid, 'volunteer', 'submit', { id: draft.data.entry.id });
      const verdict = (r: { ok: boolean; message?: string }) => (r.ok ? 'accepted' : r.message);
      expect({ label, page: verdict(page) }).toEqual({ label, page: verdict(server.ok ? server : { ok: false, message: errorMessages[server.error.code as ErrorCode] }) });
      if (index < 2) expect({ label, ok: server.ok }).toEqual({ label, ok: true });
      else expect({ label, ok: server.ok }).toEqual({ label, ok: false });
    }
  });
});

describe("the log form reads the chosen day's entries, not the latest ones", () => {
  it('finds an older day full of hours behind more than a page of newer entries, on the index, and agrees with submit', async () => {
    const carol = await seed.member({ name: '周丽', status: 'probationary' });
    const full = daysAgo(9);
    const counted = await seed.pendingEntry(carol, { date: full, start: '08:00', end: '19:00', status: 'approved', approvedHours: 11, title: '迎新志愿服务' });
    const rejected = await seed.pendingEntry(carol, { date: full, start: '19:00', end: '21:00', status: 'rejected' });
    // Sixty newer drafts: the latest 50 entries hold nothing of that day.
    const newer = Array.from({ length: 60 }, (_, i) => buildEntry({
      memberId: carol.doc._id, userId: carol.user._id, memberName: carol.doc.name, buildingId: carol.doc.buildingId,
      date: daysAgo(1 + (i % 3)), start: `${String(6 + Math.floor(i / 3)).padStart(2, '0')}:00`, end: `${String(6 + Math.floor(i / 3)).padStart(2, '0')}:30`, status: 'draft', submittedAt: null,
    }));
    await app.insert('volunteer_entries', newer);

    const latest = await app.call(carol.openid, 'volunteer', 'myEntries', { limit: 50 });
    expect(latest.ok && latest.data.items.some((e) => e.date === full)).toBe(false);
    // That day's, a page at a time, each page on the index (latest start first).
    const seen = await collectPages(app, (cursor) => app.call(carol.openid, 'volunteer', 'myEntries', { date: full, limit: 1, ...(cursor ? { cursor } : {}) }), async () => {});
    expect(seen).toEqual([rejected._id, counted._id]);

    const dayReply = await app.call(carol.openid, 'volunteer', 'myEntries', { date: full });
    if (!dayReply.ok) throw new Error(JSON.stringify(dayReply));
    const input = entryInput({ date: full, start: '20:00', end: '22:00', title: '宿舍楼道清扫' });
    const page = checkForm({ ...emptyForm(new Date()), ...input, category: 'hygiene', witnessName: '', witnessContact: '', photos: [] }, dayReply.data.items, undefined, new Date());
    const draft = await app.call(carol.openid, 'volunteer', 'saveDraft', input);
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    const server = await app.call(carol.openid, 'volunteer', 'submit', { id: draft.data.entry.id });
    expect(server).toMatchObject({ ok: false, error: { code: 'DAILY_LIMIT' } });
    expect(page).toEqual({ ok: false, field: 'time', message: errorMessages.DAILY_LIMIT });
  });

  it('a date that is no calendar date is INVALID_INPUT', async () => {
    expect(await app.call(alice.openid, 'volunteer', 'myEntries', { date: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
