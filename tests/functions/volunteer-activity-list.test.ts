import type { AttendanceDoc } from '../../cloudfunctions/_common/docs';
import { buildActivity, buildBuilding, buildMember, buildUser, newPlaqueCode } from './builders';
import { startApp, type App } from './harness';

/**
 * Counselors list their activities and see who signed in and out, from the server (issue 7, item
 * 10): scope per building, cursor paging with no duplicates or gaps, each query served by an index.
 */
let app: App;
const MIN = 60_000;
const HOUR = 60 * MIN;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const counselorA = buildUser({ role: 'counselor', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin' });
const members = Array.from({ length: 12 }, (_, i) => buildMember({ name: `党员${i}`, buildingId: a._id }));
const memberUser = buildUser({ role: 'member', memberId: members[0]._id });

const t0 = Date.now();
// 23 activities in A (three share one start time, to test the tie-break), 7 in B.
const inA = Array.from({ length: 23 }, (_, i) =>
  buildActivity({ title: `A活动${i}`, buildingId: a._id, startAt: new Date(t0 - (i < 3 ? 5 : i) * HOUR), endAt: new Date(t0 - (i < 3 ? 5 : i) * HOUR + HOUR), createdBy: counselorA._id }),
);
const inB = Array.from({ length: 7 }, (_, i) => buildActivity({ title: `B活动${i}`, buildingId: b._id, startAt: new Date(t0 - i * HOUR), endAt: new Date(t0 - i * HOUR + HOUR) }));
const busy = inA[0];

async function listAll(openid: string, limit: number) {
  const pages = [];
  let cursor: string | undefined;
  for (;;) {
    const reply = await app.call(openid, 'volunteer', 'listActivities', cursor ? { cursor, limit } : { limit });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    pages.push(reply);
    if (!reply.data.nextCursor) return pages;
    cursor = reply.data.nextCursor;
  }
}

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('members', members);
  await app.insert('users', [counselorA, counselorB, admin, memberUser]);
  await app.insert('activities', [...inA, ...inB]);
  // 12 attendees of one activity: all signed in at two instants (ties), some signed out.
  const attendance: AttendanceDoc[] = members.map((m, i) => ({
    _id: `${busy._id}:${m._id}`, activityId: busy._id, memberId: m._id,
    signInAt: new Date(t0 - 5 * HOUR + (i % 2) * MIN), signInCode: newPlaqueCode(),
    signOutAt: i < 4 ? new Date(t0 - 4 * HOUR) : null, signOutCode: null, hours: i < 4 ? 1 : null, entryId: null,
  }));
  await app.insert('attendance', attendance);
});
afterAll(() => app.stop());

describe('volunteer.listActivities', () => {
  it('pages through the counselor’s own activities, latest start first, with no duplicates or gaps', async () => {
    const pages = await listAll(counselorA.openid, 5);
    expect(pages).toHaveLength(5);
    const ids = pages.flatMap((p) => (p.ok ? p.data.items.map((i) => i.id) : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(inA.map((x) => x._id).sort());
    const starts = pages.flatMap((p) => (p.ok ? p.data.items.map((i) => Date.parse(i.startAt)) : []));
    expect([...starts].sort((x, y) => y - x)).toEqual(starts);
    expect(pages[0].ok && pages[0].data.items[0]).toMatchObject({ title: expect.stringMatching(/^A活动/), buildingId: a._id, category: 'dormSafety' });
  });

  it('shows a counselor nothing of another building; an admin sees every building', async () => {
    const other = await listAll(counselorB.openid, 50);
    expect(other.flatMap((p) => (p.ok ? p.data.items.map((i) => i.id) : [])).sort()).toEqual(inB.map((x) => x._id).sort());
    const all = await listAll(admin.openid, 50);
    expect(all.flatMap((p) => (p.ok ? p.data.items : []))).toHaveLength(30);
  });

  it('is served by the building index: examines only the scope’s activities, not the collection', async () => {
    const reply = await app.call(counselorB.openid, 'volunteer', 'listActivities', { limit: 3 });
    expect(reply.ok).toBe(true);
    const meter = app.meterOf(reply.invocationId)!;
    console.log('listActivities meter', JSON.stringify(meter));
    expect(meter.docsExamined).toBeLessThanOrEqual(inB.length + 1); // + the caller's user document
    expect(meter.writes).toBe(0);
  });

  it('refuses a cursor it did not hand out, and members', async () => {
    expect(await app.call(counselorA.openid, 'volunteer', 'listActivities', { cursor: '{"$gt":""}' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(memberUser.openid, 'volunteer', 'listActivities', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('volunteer.activityAttendees', () => {
  it('lists who signed in and out, with names and hours, in pages with no duplicates or gaps', async () => {
    const seen: Array<{ memberId: string; name: string; signOutAt: string | null; hours: number | null }> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await app.call(counselorA.openid, 'volunteer', 'activityAttendees', { activityId: busy._id, limit: 5, ...(cursor ? { cursor } : {}) });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      expect(reply.data.activity).toMatchObject({ id: busy._id, title: busy.title });
      seen.push(...reply.data.items);
      cursor = reply.data.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    const one = await app.call(counselorA.openid, 'volunteer', 'activityAttendees', { activityId: busy._id, limit: 5 });
    const meter = app.meterOf(one.invocationId)!;
    console.log('activityAttendees meter (page of 5)', JSON.stringify({ reads: meter.reads, writes: meter.writes, docsExamined: meter.docsExamined }));
    expect(meter.docsExamined).toBeLessThanOrEqual(1 + 1 + members.length + 5); // user, activity, the activity's attendance, 5 names
    expect(seen.map((s) => s.memberId).sort()).toEqual(members.map((m) => m._id).sort());
    expect(seen.find((s) => s.memberId === members[0]._id)).toMatchObject({ name: '党员0', hours: 1, signOutAt: expect.any(String) });
    expect(seen.find((s) => s.memberId === members[5]._id)).toMatchObject({ name: '党员5', hours: null, signOutAt: null });
  });

  it('answers NOT_FOUND for another building’s activity; an admin may read any', async () => {
    const reply = await app.call(counselorB.openid, 'volunteer', 'activityAttendees', { activityId: busy._id });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(admin.openid, 'volunteer', 'activityAttendees', { activityId: busy._id, limit: 50 })).toMatchObject({ ok: true, data: { items: expect.arrayContaining([expect.objectContaining({ name: '党员11' })]) } });
  });

  it('is served by the activity index', async () => {
    const reply = await app.call(counselorA.openid, 'volunteer', 'activityAttendees', { activityId: inA[5]._id });
    expect(reply).toMatchObject({ ok: true, data: { items: [], nextCursor: null } });
    const meter = app.meterOf(reply.invocationId)!;
    expect(meter.docsExamined).toBeLessThanOrEqual(2); // the user and the activity, no attendance scan
  });
});
