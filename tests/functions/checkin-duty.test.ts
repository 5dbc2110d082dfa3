import type { DutyCorrectionDoc, DutyCoverageDoc, DutyRecordDoc, DutyStationDoc } from '../../cloudfunctions/_common/repositories/checkin-duty';
import type { MemberDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import { errorMessages } from '../../src/shared/errors';
import { buildBuilding, buildMember, buildUser } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';

/** Duty at service stations (issue 10, points 1, 4-6 duty parts): through the local CloudBase and the real SDK. */

let app: App;
const MIN = 60_000;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const counselorA = buildUser({ role: 'counselor', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin' });
const members = Array.from({ length: 8 }, (_, i) => buildMember({ name: `党员${i}`, buildingId: a._id }));
const memberB = buildMember({ name: '乙楼党员', buildingId: b._id });
const users = members.map((m) => buildUser({ role: 'member', memberId: m._id }));
const userB = buildUser({ role: 'member', memberId: memberB._id });
members.forEach((m, i) => (m.userId = users[i]._id));
const [u0, u1, u2, u3, u4, u5, u6] = users;

/** Wednesday 2026-11-18, 15:00 China time (weekday 3). */
const DAY = '2026-11-18';
const at = (time: string, date = DAY) => new Date(`${date}T${time}:00+08:00`);
const setClock = (time: string, date = DAY) => app.emu.clock.set(at(time, date));

async function ok<T>(p: Promise<{ ok: boolean; data?: T; error?: unknown }>): Promise<T> {
  const reply = await p;
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data as T;
}

const createStation = (name: string, buildingId = a._id, by = counselorA) =>
  ok(app.call(by.openid, 'checkin', 'createStation', { buildingId, name, place: `${name}门口` })).then((d) => d.id);
const issueKey = (stationId: string) => ok(app.call(admin.openid, 'checkin', 'issueStationKey', { stationId })).then((d) => d.key);
const codeOf = (key: string) => ok(app.call('display-device', 'checkin', 'stationCode', { key })).then((d) => d.code);
const createShift = (stationId: string, weekday: number, start: string, end: string, memberIds: string[]) =>
  ok(app.call(counselorA.openid, 'checkin', 'createShift', { stationId, weekday, start, end, memberIds })).then((d) => d.id);
const scanIn = (user: { openid: string }, code: string) => app.call(user.openid, 'checkin', 'dutyScan', { code, phase: 'in' });
const workLog = { visitors: 3, topics: ['consult', 'repair'], note: '帮同学报修了水龙头' };
const scanOut = (user: { openid: string }, code: string) => app.call(user.openid, 'checkin', 'dutyScan', { code, phase: 'out', workLog });
const recordOf = async (shiftId: string, memberId: string, date = DAY) =>
  (await app.db.collection('duty_records').doc(`${shiftId}_${date}_${memberId}`).get()).data[0] as DutyRecordDoc | undefined;
const coverageOf = async (stationId: string, week = '2026-11-16') =>
  (await app.db.collection('duty_coverage').doc(`${stationId}_${week}`).get()).data[0] as DutyCoverageDoc | undefined;
const entriesOf = async (memberId: string) => (await app.db.collection('volunteer_entries').where({ memberId }).get()).data as VolunteerEntryDoc[];
const memberDoc = async (id: string) => (await app.db.collection('members').doc(id).get()).data[0] as MemberDoc;

let station: string;
let key: string;
let shift: string;

beforeAll(async () => {
  app = await startApp();
  app.emu.clock.set(at('14:00'));
  await app.insert('buildings', [a, b]);
  await app.insert('members', [...members, memberB]);
  await app.insert('users', [counselorA, counselorB, admin, ...users, userB]);
  station = await createStation('1号楼党员服务站');
  key = await issueKey(station);
  // Wednesdays 15:00-17:00: members 0-3.
  shift = await createShift(station, 3, '15:00', '17:00', [members[0]._id, members[1]._id, members[2]._id, members[3]._id]);
});
afterAll(() => app.stop());

describe('stations, keys and the roster', () => {
  it('a counselor sets up stations and shifts only in their buildings; members of other buildings cannot be on a shift', async () => {
    expect(await app.call(counselorB.openid, 'checkin', 'createStation', { buildingId: a._id, name: '越权', place: '大厅' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorB.openid, 'checkin', 'createShift', { stationId: station, weekday: 1, start: '08:00', end: '10:00', memberIds: [members[0]._id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorA.openid, 'checkin', 'createShift', { stationId: station, weekday: 1, start: '08:00', end: '10:00', memberIds: [memberB._id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorA.openid, 'checkin', 'createShift', { stationId: station, weekday: 1, start: '10:00', end: '09:00', memberIds: [members[0]._id] })).toMatchObject({ ok: false, error: { code: 'SHIFT_TIME_INVALID' } });
    const audits = (await app.db.collection('audit').where({ 'target.id': shift }).get()).data;
    expect(audits).toEqual([expect.objectContaining({ action: 'checkin.createShift', actorOpenid: counselorA.openid })]);
    const listed = await app.call(counselorA.openid, 'checkin', 'listShifts', { stationId: station });
    expectIndexServed(app, listed.invocationId);
    expect(listed).toMatchObject({ ok: true, data: { items: [expect.objectContaining({ id: shift, weekday: 3, start: '15:00', members: expect.arrayContaining([{ id: members[0]._id, name: '党员0' }]) })] } });
    expect(await app.call(counselorB.openid, 'checkin', 'listStations', {})).toMatchObject({ ok: true, data: { items: [] } });
    const mine = await app.call(u0.openid, 'checkin', 'myShifts', {});
    expect(mine).toMatchObject({ ok: true, data: { items: [expect.objectContaining({ id: shift })] } });
  });

  it('the display key is stored only as a hash; revoking or reissuing stops the old key', async () => {
    const doc = (await app.db.collection('duty_stations').doc(station).get()).data[0] as DutyStationDoc;
    const secret = key.slice(key.indexOf('.') + 1);
    expect(doc.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(doc)).not.toContain(secret);
    expect(JSON.stringify((await app.db.collection('audit').where({ 'target.id': station }).get()).data)).not.toContain(secret);

    const other = await createStation('临时服务站');
    const first = await issueKey(other);
    const second = await issueKey(other);
    expect(await app.call('display-device', 'checkin', 'stationCode', { key: first })).toMatchObject({ ok: false, error: { code: 'STATION_KEY_INVALID' } });
    await codeOf(second);
    await ok(app.call(admin.openid, 'checkin', 'revokeStationKey', { stationId: other }));
    expect(await app.call('display-device', 'checkin', 'stationCode', { key: second })).toMatchObject({ ok: false, error: { code: 'STATION_KEY_INVALID' } });
    expect(await app.call('display-device', 'checkin', 'stationCode', { key: `${other}.guessedsecret` })).toMatchObject({ ok: false, error: { code: 'STATION_KEY_INVALID' } });
  });
});

describe('check-in and check-out', () => {
  it('a code expires after 30 s', async () => {
    setClock('15:00');
    const code = await codeOf(key);
    app.emu.clock.set(new Date(at('15:00').getTime() + 31_000));
    expect(await scanIn(u0, code)).toMatchObject({ ok: false, error: { code: 'CODE_EXPIRED' } });
  });

  it('checks in on time and late, refuses a replayed code, a member not on the shift and the wrong station', async () => {
    // 2 min early: presence counts from the start.
    setClock('14:58');
    const code = await codeOf(key);
    const first = await scanIn(u0, code);
    expect(first).toEqual({ ok: true, data: { stationName: '1号楼党员服务站', phase: 'in', lateMinutes: 0, earlyMinutes: 0, hours: null } });
    // The caller, the rate-limit token, the code, the code's use, the station's shifts of the day, the record; then the record and coverage.
    expect(app.meterOf(first.invocationId)).toMatchObject({ reads: 6, writes: 4 });
    expect(await scanIn(u0, code)).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    // Not on this shift.
    expect(await scanIn(u6, code)).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });
    // On a shift here, but the code is another station's.
    const elsewhere = await createStation('2号服务点');
    const elsewhereKey = await issueKey(elsewhere);
    expect(await scanIn(u1, await codeOf(elsewhereKey))).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });

    setClock('15:20');
    expect(await scanIn(u1, await codeOf(key))).toMatchObject({ ok: true, data: { phase: 'in', lateMinutes: 20 } });
    expect(await recordOf(shift, members[1]._id)).toMatchObject({ state: 'checkedIn', late: 20, checkInAt: expect.any(Date), scans: { inAt: expect.any(Date), inCode: expect.any(String) } });
    expect(await coverageOf(station)).toMatchObject({ staffed: 2, late: 1, missed: 0 });
  });

  it('200 concurrent check-ins with one code by one member count once', async () => {
    setClock('15:05');
    const code = await codeOf(key);
    const replies = await Promise.all(Array.from({ length: 200 }, () => scanIn(u3, code)));
    const wins = replies.filter((r) => r.ok);
    expect(wins).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(['CODE_REPLAYED', 'RATE_LIMITED']).toContain(r.error.code);
    expect(await recordOf(shift, members[3]._id)).toMatchObject({ state: 'checkedIn' });
    expect(await coverageOf(station)).toMatchObject({ staffed: 3 });
  });

  it('checks out with the work log; the hours are verified, settled once, with the day rules', async () => {
    setClock('17:00');
    const out = await scanOut(u0, await codeOf(key));
    expect(out).toEqual({ ok: true, data: { stationName: '1号楼党员服务站', phase: 'out', lateMinutes: 0, earlyMinutes: 0, hours: 2 } });
    // 12 reads: the settlement reads the badge catalogue's milestones (issue 11; none seeded here, so
    // the member is not read again in the transaction), and the term calendar once, its per-instance
    // cache being over a minute of the clock old (_common/terms.ts).
    // 9 writes: the member's points are marked dirty in the settlement (issue 11, points follow events).
    expect(app.meterOf(out.invocationId)).toMatchObject({ reads: 12, writes: 9 });
    expect(await recordOf(shift, members[0]._id)).toMatchObject({ state: 'completed', hours: 2, workLog: { visitors: 3, topics: ['consult', 'repair'], note: '帮同学报修了水龙头' } });
    expect(await entriesOf(members[0]._id)).toEqual([expect.objectContaining({ status: 'approved', verified: true, hours: 2, date: DAY, start: '15:00', end: '17:00', category: 'other' })]);
    expect((await memberDoc(members[0]._id)).hoursOverall).toMatchObject({ verified: 2 });

    setClock('17:01');
    expect(await scanOut(u0, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    expect(await entriesOf(members[0]._id)).toHaveLength(1);
    expect((await memberDoc(members[0]._id)).hoursOverall).toMatchObject({ verified: 2 });
  });

  it('an early leave is recorded; a check-out without check-in is the wrong phase', async () => {
    setClock('16:40');
    expect(await scanOut(u1, await codeOf(key))).toMatchObject({ ok: true, data: { phase: 'out', lateMinutes: 20, earlyMinutes: 20, hours: 1 } });
    expect(await scanOut(u2, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect(await coverageOf(station)).toMatchObject({ early: 1 });
  });
});

describe('a check-out whose settlement never committed', () => {
  it('is settled by the next scan once no function can still be running it, and only once', async () => {
    // Member 3 checked in at 15:05; the function died after its check-out at 16:59 committed.
    const id = `${shift}_${DAY}_${members[3]._id}`;
    await app.db.collection('duty_records').doc(id).update({ state: 'completed', checkOutAt: at('16:59'), workLog: app.db.command.set({ visitors: 0, topics: ['other'], note: '' }) });
    app.emu.clock.set(new Date(at('16:59').getTime() + 10_000));
    expect(await scanOut(u3, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    expect(await entriesOf(members[3]._id)).toHaveLength(0);
    setClock('17:02');
    expect(await scanOut(u3, await codeOf(key))).toMatchObject({ ok: true, data: { phase: 'out', hours: 1.5 } });
    setClock('17:03');
    expect(await scanOut(u3, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'CODE_REPLAYED' } });
    expect(await entriesOf(members[3]._id)).toEqual([expect.objectContaining({ hours: 1.5, verified: true })]);
  });
});

describe('missed shifts, corrections and coverage', () => {
  it('the timer trigger marks a shift with no check-in by start + grace as missed, once; a late check-in still counts', async () => {
    const evening = await createShift(station, 3, '18:00', '20:00', [members[4]._id]);
    setClock('18:09');
    await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(await recordOf(evening, members[4]._id)).toBeUndefined();
    setClock('18:11');
    const fired = await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(fired.ok).toBe(true);
    expect(await recordOf(evening, members[4]._id)).toMatchObject({ state: 'missed' });
    await app.emu.triggers.fire('checkin', 'duty-missed');
    await Promise.all([app.emu.triggers.fire('checkin', 'duty-missed'), app.emu.triggers.fire('checkin', 'duty-missed')]);
    const records = (await app.db.collection('duty_records').where({ shiftId: evening }).get()).data;
    expect(records).toHaveLength(1);
    const before = await coverageOf(station);
    expect(before?.missed).toBeGreaterThanOrEqual(1);

    setClock('18:30');
    expect(await scanIn(u4, await codeOf(key))).toMatchObject({ ok: true, data: { lateMinutes: 30 } });
    expect(await recordOf(evening, members[4]._id)).toMatchObject({ state: 'checkedIn', late: 30 });
    expect(await coverageOf(station)).toMatchObject({ missed: before!.missed - 1, staffed: before!.staffed + 1, late: before!.late + 1 });
  });

  it("a counselor's make-up and correction add records with reason and author; the original stays; hours count once", async () => {
    setClock('21:00');
    // Member 2 never scanned (the sweep marked the 15:00 shift missed): a make-up.
    await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(await recordOf(shift, members[2]._id)).toMatchObject({ state: 'missed' });
    const reason = '值班手机没电，现场确认在岗';
    const made = await app.call(counselorA.openid, 'checkin', 'correctDuty', { shiftId: shift, date: DAY, memberId: members[2]._id, checkIn: '15:00', checkOut: '17:00', reason });
    expect(made).toMatchObject({ ok: true, data: { record: { state: 'completed', hours: 2, corrected: true } } });
    const again = await app.call(counselorA.openid, 'checkin', 'correctDuty', { shiftId: shift, date: DAY, memberId: members[2]._id, checkIn: '15:30', checkOut: '17:00', reason: '核对签到表，实际15:30到岗' });
    expect(again).toMatchObject({ ok: true, data: { record: { state: 'completed', lateMinutes: 30, hours: 2 } } });
    const corrections = (await app.db.collection('duty_corrections').where({ recordId: `${shift}_${DAY}_${members[2]._id}` }).get()).data as DutyCorrectionDoc[];
    expect(corrections).toHaveLength(2);
    expect(corrections).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'makeUp', reason, by: counselorA._id, before: expect.objectContaining({ state: 'missed' }) }),
      expect.objectContaining({ reason: '核对签到表，实际15:30到岗', before: expect.objectContaining({ state: 'completed', checkInAt: at('15:00') }) }),
    ]));
    expect(await entriesOf(members[2]._id)).toHaveLength(1);
    expect((await memberDoc(members[2]._id)).hoursOverall).toMatchObject({ verified: 2 });
    const audits = (await app.db.collection('audit').where({ action: 'checkin.correctDuty', 'target.id': `${shift}_${DAY}_${members[2]._id}` }).get()).data;
    expect(audits).toHaveLength(2);

    // Correcting a member who scanned keeps their own scans on the record.
    await ok(app.call(counselorA.openid, 'checkin', 'correctDuty', { shiftId: shift, date: DAY, memberId: members[0]._id, checkIn: '14:55', checkOut: '17:10', reason: '补记提前到岗' }));
    const corrected = await recordOf(shift, members[0]._id);
    expect(corrected).toMatchObject({ checkInAt: at('14:55'), checkOutAt: at('17:10'), hours: 2, scans: { inAt: expect.any(Date), outAt: expect.any(Date) } });
    expect(Math.floor(corrected!.scans.inAt!.getTime() / MIN)).toBe(at('14:58').getTime() / MIN);
    expect(Math.floor(corrected!.scans.outAt!.getTime() / MIN)).toBe(at('17:00').getTime() / MIN);
    expect(await app.call(counselorB.openid, 'checkin', 'correctDuty', { shiftId: shift, date: DAY, memberId: members[0]._id, checkIn: '15:00', checkOut: '17:00', reason: '越权' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('coverage per station and week is paged and index-served; members see their own records', async () => {
    const reply = await app.call(counselorA.openid, 'checkin', 'dutyCoverage', { weekOf: DAY, limit: 2 });
    expectIndexServed(app, reply.invocationId);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const rows = [...reply.data.items];
    if (reply.data.nextCursor) rows.push(...(await ok(app.call(counselorA.openid, 'checkin', 'dutyCoverage', { weekOf: DAY, cursor: reply.data.nextCursor }))).items);
    const row = rows.find((i) => i.stationId === station);
    const stored = await coverageOf(station);
    expect(row).toMatchObject({ weekStart: '2026-11-16', staffed: stored!.staffed, missed: stored!.missed, late: stored!.late });
    const mine = await app.call(u0.openid, 'checkin', 'myDutyRecords', {});
    expectIndexServed(app, mine.invocationId);
    expect(mine).toMatchObject({ ok: true, data: { items: [expect.objectContaining({ shiftId: shift, state: 'completed', corrected: true })] } });
  });
});

describe('swaps', () => {
  it('a member asks another of the building to take a dated shift; on acceptance it is theirs; the counselor sees it', async () => {
    setClock('20:00');
    const thursday = await createShift(station, 4, '09:00', '11:00', [members[5]._id]);
    expect(await app.call(u5.openid, 'checkin', 'requestSwap', { shiftId: thursday, date: '2026-11-19', toMemberId: memberB._id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(u6.openid, 'checkin', 'requestSwap', { shiftId: thursday, date: '2026-11-19', toMemberId: members[5]._id })).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });
    const candidates = await app.call(u5.openid, 'checkin', 'swapCandidates', { limit: 50 });
    expectIndexServed(app, candidates.invocationId);
    if (!candidates.ok) throw new Error(JSON.stringify(candidates));
    expect(candidates.data.items.map((c) => c.name)).toEqual(expect.arrayContaining(['党员6', '党员0']));
    expect(candidates.data.items.map((c) => c.id)).not.toContain(members[5]._id);
    expect(candidates.data.items.map((c) => c.id)).not.toContain(memberB._id);
    const { id } = await ok(app.call(u5.openid, 'checkin', 'requestSwap', { shiftId: thursday, date: '2026-11-19', toMemberId: members[6]._id }));
    expect(await app.call(u4.openid, 'checkin', 'answerSwap', { id, accept: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(u6.openid, 'checkin', 'mySwaps', {})).toMatchObject({ ok: true, data: { items: [expect.objectContaining({ id, state: 'pending', fromName: '党员5' })] } });
    await ok(app.call(u6.openid, 'checkin', 'answerSwap', { id, accept: true }));
    expect(await app.call(u6.openid, 'checkin', 'answerSwap', { id, accept: true })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const listed = await app.call(counselorA.openid, 'checkin', 'listSwaps', {});
    expectIndexServed(app, listed.invocationId);
    expect(listed).toMatchObject({ ok: true, data: { items: [expect.objectContaining({ id, state: 'accepted', toName: '党员6' })] } });
    expect(await app.call(counselorB.openid, 'checkin', 'listSwaps', {})).toMatchObject({ ok: true, data: { items: [] } });

    app.emu.clock.set(at('09:00', '2026-11-19'));
    expect(await scanIn(u5, await codeOf(key))).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });
    expect(await scanIn(u6, await codeOf(key))).toMatchObject({ ok: true, data: { phase: 'in' } });
    // The sweep finds the taker, not the asker, on the dated shift.
    app.emu.clock.set(at('09:30', '2026-11-19'));
    await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(await recordOf(thursday, members[5]._id, '2026-11-19')).toMatchObject({ state: 'swapped' });
    expect(await recordOf(thursday, members[6]._id, '2026-11-19')).toMatchObject({ state: 'checkedIn' });
  });
});

describe('the sweep', () => {
  it('removes station codes and their uses an hour after expiry, keeps live ones', async () => {
    app.emu.clock.set(at('10:00', '2026-11-20'));
    const live = await codeOf(key);
    app.emu.clock.set(at('12:00', '2026-11-20'));
    const fresh = await codeOf(key);
    const fired = await app.emu.triggers.fire('checkin', 'duty-missed');
    expect(fired).toMatchObject({ ok: true, result: { ok: true, data: { codes: expect.any(Number), codeUses: expect.any(Number) } } });
    expect((await app.db.collection('duty_codes').doc(live).get()).data).toEqual([]);
    expect((await app.db.collection('duty_codes').doc(fresh).get()).data).toHaveLength(1);
    expect((await app.db.collection('duty_code_uses').where({ usedAt: app.db.command.lt(at('11:00', '2026-11-20')) }).count()).total).toBe(0);
  });
});

describe('a used code survives a restart of the local CloudBase', () => {
  it('replaying a code after a restart is refused', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-duty-'));
    let first: App | null = await startApp({ dataDir });
    try {
      first.emu.clock.set(at('15:02'));
      await first.insert('buildings', [a]);
      await first.insert('members', members);
      await first.insert('users', [counselorA, admin, ...users]);
      const saved = app;
      app = first;
      const s = await createStation('重启测试服务站');
      const k = await issueKey(s);
      await createShift(s, 3, '15:00', '17:00', [members[7]._id]);
      const code = await codeOf(k);
      expect(await scanIn(users[7], code)).toMatchObject({ ok: true });
      await first.stop();
      first = null;
      app = await startApp({ dataDir });
      try {
        app.emu.clock.set(at('15:02'));
        expect(await scanIn(users[7], code)).toEqual({ ok: false, error: { code: 'CODE_REPLAYED', message: errorMessages.CODE_REPLAYED } });
        expect((await app.db.collection('duty_code_uses').where({ _id: `${code}:${members[7]._id}:in` }).get()).data).toHaveLength(1);
      } finally {
        await app.stop();
        app = saved;
      }
    } finally {
      if (first) await first.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
