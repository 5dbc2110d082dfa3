import type { DutyRecordDoc, DutyShiftDoc } from '../../cloudfunctions/_common/repositories/checkin-duty';
import type { VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import { buildBuilding, buildMember, buildRoster, buildUser } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Duty roster management (issue 10, what remained): night shifts across midnight, changing or ending
 * a recurring shift from a date on (nothing recorded changes), and the roster's member picker.
 * Through the local CloudBase and the real SDK.
 */

let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const counselorA = buildUser({ role: 'counselor', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin' });
const members = Array.from({ length: 6 }, (_, i) => buildMember({ name: `党员${i}`, buildingId: a._id, roomNumber: `30${i}` }));
const wangs = [buildMember({ name: '王小明', buildingId: a._id, roomNumber: '401' }), buildMember({ name: '王小红', buildingId: a._id, roomNumber: '402' })];
const wangB = buildMember({ name: '王五', buildingId: b._id });
const rosters = [...members, ...wangs, wangB].map((m) => buildRoster({ _id: m.rosterId, name: m.name, buildingId: m.buildingId }));
const users = members.map((m) => buildUser({ role: 'member', memberId: m._id }));
members.forEach((m, i) => (m.userId = users[i]._id));
const [u0, u1, u2, u3, u4] = users;

const at = (time: string, date: string) => new Date(`${date}T${time}:00+08:00`);
const setClock = (time: string, date: string) => app.emu.clock.set(at(time, date));

async function ok<T>(p: Promise<{ ok: boolean; data?: T; error?: unknown }>): Promise<T> {
  const reply = await p;
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data as T;
}

const codeOf = (key: string) => ok(app.call('display-device', 'checkin', 'stationCode', { key })).then((d) => d.code);
const createShift = (weekday: number, start: string, end: string, memberIds: string[]) =>
  app.call(counselorA.openid, 'checkin', 'createShift', { stationId: station, weekday, start, end, memberIds });
const scanIn = (user: { openid: string }, code: string) => app.call(user.openid, 'checkin', 'dutyScan', { code, phase: 'in' });
const workLog = { visitors: 1, topics: ['consult'], note: '' };
const scanOut = (user: { openid: string }, code: string) => app.call(user.openid, 'checkin', 'dutyScan', { code, phase: 'out', workLog });
const recordOf = async (shiftId: string, memberId: string, date: string) =>
  (await app.db.collection('duty_records').doc(`${shiftId}_${date}_${memberId}`).get()).data[0] as DutyRecordDoc | undefined;
const entriesOf = async (memberId: string) => (await app.db.collection('volunteer_entries').where({ memberId }).get()).data as VolunteerEntryDoc[];
const shiftDoc = async (id: string) => (await app.db.collection('duty_shifts').doc(id).get()).data[0] as DutyShiftDoc;

let station: string;
let key: string;

beforeAll(async () => {
  app = await startApp();
  setClock('14:00', '2026-11-18');
  await app.insert('buildings', [a, b]);
  await app.insert('roster', rosters);
  await app.insert('members', [...members, ...wangs, wangB]);
  await app.insert('users', [counselorA, counselorB, admin, ...users]);
  station = await ok(app.call(counselorA.openid, 'checkin', 'createStation', { buildingId: a._id, name: '1号楼党员服务站', place: '一层大厅' })).then((d) => d.id);
  key = await ok(app.call(admin.openid, 'checkin', 'issueStationKey', { stationId: station })).then((d) => d.key);
});
afterAll(() => app.stop());

describe('night shifts across midnight', () => {
  it('22:00-次日08:00 belongs to the day it starts: check-in, missed, a late check-in after midnight, check-out next morning, hours on the first day', async () => {
    expect(await createShift(3, '23:50', '00:10', [members[0]._id])).toMatchObject({ ok: false, error: { code: 'SHIFT_TIME_INVALID' } });
    expect(await createShift(3, '18:00', '07:00', [members[0]._id])).toMatchObject({ ok: false, error: { code: 'SHIFT_TIME_INVALID' } });
    const night = (await ok(createShift(3, '22:00', '08:00', [members[0]._id, members[1]._id]))).id;
    const listed = await ok(app.call(counselorA.openid, 'checkin', 'listShifts', { stationId: station }));
    expect(listed.items).toEqual([expect.objectContaining({ id: night, start: '22:00', end: '08:00', from: null, until: null })]);

    setClock('21:50', '2026-11-18');
    expect(await scanIn(u0, await codeOf(key))).toMatchObject({ ok: true, data: { lateMinutes: 0 } });
    setClock('22:11', '2026-11-18');
    await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(await recordOf(night, members[1]._id, '2026-11-18')).toMatchObject({ state: 'missed', startAt: at('22:00', '2026-11-18'), endAt: at('08:00', '2026-11-19') });

    // After midnight the instance is still Wednesday's: a late check-in, then both check out on Thursday morning.
    setClock('00:25', '2026-11-19');
    expect(await scanIn(u1, await codeOf(key))).toMatchObject({ ok: true, data: { lateMinutes: 145 } });
    expect(await recordOf(night, members[1]._id, '2026-11-18')).toMatchObject({ state: 'checkedIn', late: 145 });
    setClock('08:00', '2026-11-19');
    expect(await scanOut(u0, await codeOf(key))).toMatchObject({ ok: true, data: { hours: 10, earlyMinutes: 0 } });
    setClock('08:05', '2026-11-19');
    expect(await scanOut(u1, await codeOf(key))).toMatchObject({ ok: true, data: { hours: 7.5 } });
    expect(await recordOf(night, members[0]._id, '2026-11-18')).toMatchObject({ state: 'completed', hours: 10 });
    expect(await entriesOf(members[0]._id)).toEqual([expect.objectContaining({ date: '2026-11-18', start: '22:00', end: '23:59', hours: 10, verified: true })]);
    expect(await entriesOf(members[1]._id)).toEqual([expect.objectContaining({ date: '2026-11-18', start: '22:00', hours: 7.5 })]);
    // No second record on Thursday.
    expect(await recordOf(night, members[0]._id, '2026-11-19')).toBeUndefined();
  });

  it("a counselor's correction reads a night shift's morning times as the next day's", async () => {
    const night = (await shiftsOfStation()).find((s) => s.start === '22:00')!.id;
    const corrected = await ok(app.call(counselorA.openid, 'checkin', 'correctDuty', { shiftId: night, date: '2026-11-18', memberId: members[1]._id, checkIn: '23:00', checkOut: '07:30', reason: '核对值班表' }));
    expect(corrected.record).toMatchObject({ checkInAt: at('23:00', '2026-11-18').toISOString(), checkOutAt: at('07:30', '2026-11-19').toISOString(), lateMinutes: 60, earlyMinutes: 30 });
  });
});

async function shiftsOfStation() {
  return (await ok(app.call(counselorA.openid, 'checkin', 'listShifts', { stationId: station }))).items;
}

describe('changing and ending a shift from a date on', () => {
  let friday: string;
  let replacement: string;

  it('refuses past dates, a started instance, other buildings; a change ends the shift there and starts a new one, audited', async () => {
    setClock('14:00', '2026-11-20');
    // Fridays 15:00-17:00: members 2 and 3.
    friday = (await ok(createShift(5, '15:00', '17:00', [members[2]._id, members[3]._id]))).id;
    setClock('15:05', '2026-11-20');
    expect(await scanIn(u2, await codeOf(key))).toMatchObject({ ok: true });
    const change = { shiftId: friday, weekday: 5, start: '18:00', end: '20:00', memberIds: [members[3]._id, members[4]._id] };
    expect(await app.call(counselorA.openid, 'checkin', 'changeShift', { ...change, from: '2026-11-19' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(counselorA.openid, 'checkin', 'changeShift', { ...change, from: '2026-11-20' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('已经开始') } });
    expect(await app.call(counselorB.openid, 'checkin', 'changeShift', { ...change, from: '2026-11-27' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorA.openid, 'checkin', 'changeShift', { ...change, from: '2026-11-27', memberIds: [wangB._id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await shiftDoc(friday)).not.toHaveProperty('until', expect.any(String));

    const changed = await app.call(counselorA.openid, 'checkin', 'changeShift', { ...change, from: '2026-11-27' });
    expectIndexServed(app, changed.invocationId);
    replacement = (await ok(Promise.resolve(changed))).id;
    expect(await shiftDoc(friday)).toMatchObject({ start: '15:00', end: '17:00', memberIds: [members[2]._id, members[3]._id], until: '2026-11-27' });
    expect(await shiftDoc(replacement)).toMatchObject({ start: '18:00', end: '20:00', from: '2026-11-27', until: null, previousId: friday });
    const audits = (await app.db.collection('audit').where({ action: 'checkin.changeShift', 'target.id': friday }).get()).data;
    expect(audits).toEqual([expect.objectContaining({ actorOpenid: counselorA.openid, before: expect.objectContaining({ start: '15:00', until: null }), after: expect.objectContaining({ until: '2026-11-27' }) })]);
    expect(await app.call(counselorA.openid, 'checkin', 'changeShift', { ...change, from: '2026-12-04' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    const listed = await app.call(counselorA.openid, 'checkin', 'listShifts', { stationId: station });
    expectIndexServed(app, listed.invocationId);
    expect((await ok(Promise.resolve(listed))).items).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: friday, until: '2026-11-27' }),
      expect.objectContaining({ id: replacement, from: '2026-11-27', members: [{ id: members[3]._id, name: '党员3' }, { id: members[4]._id, name: '党员4' }] }),
    ]));
  });

  it("today's instance keeps what it was; from the date the new shift holds and the old one has no instances", async () => {
    setClock('17:00', '2026-11-20');
    expect(await scanOut(u2, await codeOf(key))).toMatchObject({ ok: true, data: { hours: 1.5 } });
    const kept = await recordOf(friday, members[2]._id, '2026-11-20');
    expect(kept).toMatchObject({ state: 'completed', startAt: at('15:00', '2026-11-20'), endAt: at('17:00', '2026-11-20') });

    setClock('15:05', '2026-11-27');
    expect(await scanIn(u2, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });
    setClock('17:50', '2026-11-27');
    expect(await scanIn(u3, await codeOf(key))).toMatchObject({ ok: true });
    expect(await recordOf(replacement, members[3]._id, '2026-11-27')).toMatchObject({ state: 'checkedIn', startAt: at('18:00', '2026-11-27') });
    setClock('18:11', '2026-11-27');
    await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(await recordOf(replacement, members[4]._id, '2026-11-27')).toMatchObject({ state: 'missed' });
    // The old shift's Friday is gone: nobody is marked missed on it.
    expect(await recordOf(friday, members[2]._id, '2026-11-27')).toBeUndefined();
    expect(await recordOf(friday, members[3]._id, '2026-11-27')).toBeUndefined();
    // The record made before the change is as it was.
    expect(await recordOf(friday, members[2]._id, '2026-11-20')).toEqual(kept);
    // Member 2's shifts no longer list the ended one; member 4's list the new one.
    expect((await ok(app.call(u2.openid, 'checkin', 'myShifts', {}))).items.map((s) => s.id)).not.toContain(friday);
    expect((await ok(app.call(u4.openid, 'checkin', 'myShifts', {}))).items.map((s) => s.id)).toContain(replacement);
  });

  it('ending a shift from a date stops its instances from then; audited; once', async () => {
    const ended = await app.call(admin.openid, 'checkin', 'endShift', { shiftId: replacement, from: '2026-12-04' });
    expect(ended).toMatchObject({ ok: true });
    expect(await app.call(counselorA.openid, 'checkin', 'endShift', { shiftId: replacement, from: '2026-12-11' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(counselorB.openid, 'checkin', 'endShift', { shiftId: replacement, from: '2026-12-11' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const audits = (await app.db.collection('audit').where({ action: 'checkin.endShift', 'target.id': replacement }).get()).data;
    expect(audits).toEqual([expect.objectContaining({ actorOpenid: admin.openid, after: { until: '2026-12-04' } })]);
    setClock('17:50', '2026-12-04');
    expect(await scanIn(u3, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });
    setClock('18:30', '2026-12-04');
    await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(await recordOf(replacement, members[4]._id, '2026-12-04')).toBeUndefined();
    expect(await recordOf(replacement, members[4]._id, '2026-11-27')).toMatchObject({ state: 'missed' });
  });

  it('two changes of one shift at once: one takes effect, the other is told the shift moved on', async () => {
    const monday = (await ok(createShift(1, '09:00', '11:00', [members[5]._id]))).id;
    const change = (start: string) => app.call(counselorA.openid, 'checkin', 'changeShift', { shiftId: monday, from: '2026-12-07', weekday: 1, start, end: '12:00', memberIds: [members[5]._id] });
    const replies = await Promise.all([change('09:30'), change('10:00'), app.call(admin.openid, 'checkin', 'endShift', { shiftId: monday, from: '2026-12-07' })]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((r) => !r.ok)) expect(['INVALID_STATE', 'CONFLICT']).toContain((r as { error: { code: string } }).error.code);
    const audits = (await app.db.collection('audit').where({ 'target.id': monday }).get()).data.filter((x: { action: string }) => x.action !== 'checkin.createShift');
    expect(audits).toHaveLength(1);
    expect((await app.db.collection('duty_shifts').where({ previousId: monday }).get()).data.length).toBe(replies[2].ok ? 0 : 1);
  });
});

describe("the roster's member picker", () => {
  it("finds members of the station's building by the start of the name or by 学号, never another building's", async () => {
    const byName = await app.call(counselorA.openid, 'checkin', 'shiftCandidates', { stationId: station, q: '王' });
    expectIndexServed(app, byName.invocationId);
    expect(byName).toMatchObject({ ok: true, data: { items: [{ id: wangs[0]._id, name: '王小明', roomNumber: '401' }, { id: wangs[1]._id, name: '王小红', roomNumber: '402' }], nextCursor: null } });
    const [own, other] = [rosters[members.length], rosters[rosters.length - 1]];
    expect(await app.call(counselorA.openid, 'checkin', 'shiftCandidates', { stationId: station, q: own.studentNo })).toMatchObject({ ok: true, data: { items: [{ id: wangs[0]._id, name: '王小明' }] } });
    expect(await app.call(counselorA.openid, 'checkin', 'shiftCandidates', { stationId: station, q: other.studentNo })).toMatchObject({ ok: true, data: { items: [] } });
    expect(await app.call(counselorB.openid, 'checkin', 'shiftCandidates', { stationId: station })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorA.openid, 'checkin', 'shiftCandidates', { stationId: station, cursor: 'not-a-cursor!' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('pages through the whole building by name, index-served, without repeats or gaps', async () => {
    const seen = await collectPages(app, (cursor) => app.call(counselorA.openid, 'checkin', 'shiftCandidates', { stationId: station, limit: 3, ...(cursor ? { cursor } : {}) }), async () => undefined);
    expect(seen).toEqual([...members, ...wangs].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)).map((m) => m._id));
  });
});
