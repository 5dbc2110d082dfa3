import { cstAt, cstDate } from '../../src/shared/domain/china-time';
import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import { CONFIRM_WINDOW_MS, MAKE_UP_MAX_DAYS, MONTHLY_VISIT_TARGET, visitMonth } from '../../src/shared/domain/visits';
import { docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Linked rooms and visits (issue 10, point 2) through the local CloudBase: a counselor links a
 * member to rooms, the member scans a linked room's plaque, a resident of that room answers within
 * 72 hours; corrections and make-ups add records.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const home = buildRoom({ buildingId: a._id, number: '301', floor: 3 });
const linked = buildRoom({ buildingId: a._id, number: '302', floor: 3 });
const second = buildRoom({ buildingId: a._id, number: '303', floor: 3 });
const other = buildRoom({ buildingId: a._id, number: '304', floor: 3 });
const far = buildRoom({ buildingId: b._id, number: '401', floor: 4 });

const rosterOf = (name: string, room: typeof home, memberStatus: 'full' | null = null) => buildRoster({ name, buildingId: room.buildingId, roomId: room._id, memberStatus });
const visitorRoster = rosterOf('韩梅梅', home, 'full');
const visitor = buildMember({ rosterId: visitorRoster._id, name: '韩梅梅', buildingId: a._id, buildingName: a.name, roomId: home._id, roomNumber: '301' });
const quietRoster = rosterOf('赵强', home, 'full');
const quiet = buildMember({ rosterId: quietRoster._id, name: '赵强', buildingId: a._id, buildingName: a.name, roomId: home._id, roomNumber: '301', consent: { public: false, changedAt: null } });
const residentRosters = [rosterOf('李雷', linked), rosterOf('王芳', linked)];
const otherRoster = rosterOf('陈晨', other);

const users = {
  visitor: buildUser({ openid: 'v-visitor', role: 'member', name: '韩梅梅', rosterId: visitorRoster._id, memberId: visitor._id }),
  quiet: buildUser({ openid: 'v-quiet', role: 'member', name: '赵强', rosterId: quietRoster._id, memberId: quiet._id }),
  resident1: buildUser({ openid: 'v-resident1', role: 'student', name: '李雷', rosterId: residentRosters[0]._id }),
  resident2: buildUser({ openid: 'v-resident2', role: 'student', name: '王芳', rosterId: residentRosters[1]._id }),
  otherRoom: buildUser({ openid: 'v-other', role: 'student', name: '陈晨', rosterId: otherRoster._id }),
  counselor: buildUser({ openid: 'v-counselor', role: 'counselor', name: '张老师', buildingIds: [a._id] }),
  counselorB: buildUser({ openid: 'v-counselor-b', role: 'counselor', name: '刘老师', buildingIds: [b._id] }),
};
visitor.userId = users.visitor._id;
quiet.userId = users.quiet._id;

type Visit = { _id: string; status: string; note: string; at: Date; correction: unknown };

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [home, linked, second, other, far]);
  await app.insert('plaques', [home, linked, second, other].map((r) => plaqueFor(r, a)).concat(plaqueFor(far, b)));
  await app.insert('roster', [visitorRoster, quietRoster, ...residentRosters, otherRoster]);
  await app.insert('members', [visitor, quiet]);
  await app.insert('users', Object.values(users));
});
afterAll(() => app.stop());
afterEach(() => app.emu.clock.reset());

const link = (memberId: string, roomIds: string[], openid = users.counselor.openid) => app.call(openid, 'checkin', 'setLinks', { memberId, roomIds, reason: '按楼层分工联系' });
const record = (code: string, note = '了解寝室近况，提醒用电安全') => app.call(users.visitor.openid, 'checkin', 'recordVisit', { code, topic: 'safety', note });
const answer = (openid: string, id: string, happened: boolean) => app.call(openid, 'checkin', 'answerVisit', { id, happened });

describe('linked rooms', () => {
  it("refuses the member's own room, a room or a member outside the counselor's scope, and students", async () => {
    expect(await link(visitor._id, [home._id])).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '不能联系党员自己住的寝室' } });
    expect(await link(visitor._id, [linked._id, linked._id])).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await link(visitor._id, [linked._id, second._id, other._id])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await link(visitor._id, [far._id])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await link(visitor._id, [far._id], users.counselorB.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '这位党员不在你负责的楼栋' } });
    expect(await link(visitor._id, [linked._id], users.resident1.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await docOf<{ linkedRoomIds: string[] }>(app, 'members', visitor._id))!.linkedRoomIds).toEqual([]);
    expect(await findDocs(app, 'visits_links', { memberId: visitor._id })).toEqual([]);
  });

  it('changes links by adding records: the old one ends, the new ones start, audited, and the plaque follows', async () => {
    expect(await link(visitor._id, [other._id])).toMatchObject({ ok: true, data: { rooms: [{ id: other._id, number: '304', buildingName: '智园1号楼' }] } });
    app.emu.clock.advance(60_000);
    expect((await link(visitor._id, [linked._id, second._id])).ok).toBe(true);
    const links = await findDocs<{ roomId: string; from: Date; until: Date | null; reason: string }>(app, 'visits_links', { memberId: visitor._id });
    expect(links.map((l) => [l.roomId, l.until === null]).sort()).toEqual([[linked._id, true], [other._id, false], [second._id, true]].sort());
    const member = await docOf<{ linkedRoomIds: string[]; plaqueRoomIds: string[] }>(app, 'members', visitor._id);
    expect(member).toMatchObject({ linkedRoomIds: [linked._id, second._id], plaqueRoomIds: [home._id, linked._id, second._id] });
    const audits = await findDocs<{ before: unknown; after: unknown }>(app, 'audit', { action: 'checkin.setLinks', 'target.id': visitor._id });
    expect(audits.map((x) => x.after)).toEqual(expect.arrayContaining([{ linkedRoomIds: [other._id] }, { linkedRoomIds: [linked._id, second._id] }]));
    // A member who did not consent is linked too, but never shown on a plaque.
    expect((await link(quiet._id, [linked._id])).ok).toBe(true);
  });

  it("shows a linked room's consenting linked members on its plaque (联系党员), still in two reads", async () => {
    const reply = await app.call('v-scanner', 'plaque', 'view', { code: linked.plaqueCode });
    expect(reply).toMatchObject({ ok: true, data: { members: [], linkedMembers: [{ id: visitor._id, name: '韩梅梅' }] } });
    if (reply.ok) expect(reply.data.linkedMembers).toHaveLength(1);
    // The member's own plaque shows them as a resident, not as linked.
    const own = await app.call('v-scanner', 'plaque', 'view', { code: home.plaqueCode });
    expect(own).toMatchObject({ ok: true, data: { members: [{ id: visitor._id }], linkedMembers: [] } });
    // Two reads on a warm instance: a cold one (or one whose term calendar is over a minute old) reads the calendar once more.
    expect(app.meterOf(own.invocationId)!.reads).toBeLessThanOrEqual(2);
    expectIndexServed(app, reply.invocationId);
  });

  it('lists a building\'s members with their linked rooms for the counselor', async () => {
    const reply = await app.call(users.counselor.openid, 'checkin', 'memberLinks', { buildingId: a._id });
    expect(reply).toMatchObject({ ok: true, data: { items: expect.arrayContaining([expect.objectContaining({ id: visitor._id, rooms: [{ id: linked._id, number: '302', buildingName: '智园1号楼' }, { id: second._id, number: '303', buildingName: '智园1号楼' }] })]) } });
    expectIndexServed(app, reply.invocationId);
    expect(await app.call(users.counselorB.openid, 'checkin', 'memberLinks', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('visits', () => {
  let visitId = '';

  it("refuses a room that is not linked, and the member's own room", async () => {
    expect(await record(other.plaqueCode)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('不是你联系的寝室') } });
    expect(await record(home.plaqueCode)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await record(linked.plaqueCode, 'risky-test-word')).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
    expect(await findDocs(app, 'visits_records', { memberId: visitor._id })).toEqual([]);
  });

  it('records a visit to a linked room by its plaque code; reads and writes per visit', async () => {
    const reply = await record(linked.plaqueCode.toLowerCase());
    expect(reply).toMatchObject({ ok: true, data: { roomNumber: '302' } });
    if (!reply.ok) return;
    visitId = reply.data.id;
    const meter = app.meterOf(reply.invocationId)!;
    console.log(`recordVisit: ${meter.reads} reads, ${meter.writes} writes`);
    expectIndexServed(app, reply.invocationId);
    expect(await docOf(app, 'visits_records', visitId)).toMatchObject({ memberId: visitor._id, roomId: linked._id, topic: 'safety', status: 'pending' });
  });

  it('shows the pending visit to residents of that room only, never to the visitor or another room', async () => {
    const mine = await app.call(users.resident1.openid, 'checkin', 'pendingVisits', {});
    expect(mine).toMatchObject({ ok: true, data: { items: [{ id: visitId, memberName: '韩梅梅', roomNumber: '302', state: 'pending' }] } });
    expectIndexServed(app, mine.invocationId);
    expect(await app.call(users.otherRoom.openid, 'checkin', 'pendingVisits', {})).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await app.call(users.visitor.openid, 'checkin', 'pendingVisits', {})).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });

  it('is confirmed only by a resident of that room, never by the visitor or another room', async () => {
    expect(await answer(users.visitor.openid, visitId, true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await answer(users.quiet.openid, visitId, true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await answer(users.otherRoom.openid, visitId, true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await answer(users.counselor.openid, visitId, true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await docOf<Visit>(app, 'visits_records', visitId))!.status).toBe('pending');
    const reply = await answer(users.resident1.openid, visitId, true);
    expect(reply).toEqual({ ok: true, data: { state: 'confirmed' } });
    const meter = app.meterOf(reply.invocationId)!;
    console.log(`answerVisit: ${meter.reads} reads, ${meter.writes} writes`);
    // The same answer again is the idempotent success; the opposite one a conflict.
    expect(await answer(users.resident1.openid, visitId, true)).toEqual({ ok: true, data: { state: 'confirmed' } });
    expect(await answer(users.resident2.openid, visitId, false)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await docOf(app, 'visits_answers', visitId)).toMatchObject({ userId: users.resident1._id, happened: true });
  });

  it("shows the member their linked rooms against this month's target and their visits", async () => {
    const reply = await app.call(users.visitor.openid, 'checkin', 'myVisits', {});
    expect(reply).toMatchObject({
      ok: true,
      data: {
        month: visitMonth(new Date()),
        rooms: [{ id: linked._id, confirmed: 1, target: MONTHLY_VISIT_TARGET }, { id: second._id, confirmed: 0, target: MONTHLY_VISIT_TARGET }],
        items: [{ id: visitId, state: 'confirmed' }],
      },
    });
    expectIndexServed(app, reply.invocationId);
  });

  it('refuses an answer after 72 hours: the visit stays unconfirmed (expired), never confirmed', async () => {
    const reply = await record(second.plaqueCode);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    app.emu.clock.advance(CONFIRM_WINDOW_MS + 60_000);
    const late = await app.call(users.visitor.openid, 'checkin', 'myVisits', {});
    expect(late).toMatchObject({ ok: true, data: { items: [{ id: reply.data.id, state: 'expired' }, { id: visitId, state: 'confirmed' }] } });
    // Nobody lives in 303 on the roster yet: a resident arrives, still too late.
    const lateRoster = rosterOf('周杰', second);
    const lateUser = buildUser({ openid: 'v-late', role: 'student', rosterId: lateRoster._id });
    await app.insert('roster', lateRoster);
    await app.insert('users', lateUser);
    expect(await answer(lateUser.openid, reply.data.id, true)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '已超过72小时，这次走访不能再确认' } });
    expect((await docOf<Visit>(app, 'visits_records', reply.data.id))!.status).toBe('pending');
    expect(await app.call(lateUser.openid, 'checkin', 'pendingVisits', {})).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });

  it('two residents answering at once give one outcome: the first stands, the other is CONFLICT or the same answer', async () => {
    for (let round = 0; round < 3; round += 1) {
      const reply = await record(linked.plaqueCode, `第${round + 1}次走访，聊聊学习情况`);
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      const id = reply.data.id;
      const [yes, no] = await Promise.all([answer(users.resident1.openid, id, true), answer(users.resident2.openid, id, false)]);
      const stored = (await docOf<Visit>(app, 'visits_records', id))!;
      const winner = stored.status === 'confirmed' ? yes : no;
      const loser = stored.status === 'confirmed' ? no : yes;
      expect(['confirmed', 'denied']).toContain(stored.status);
      expect(winner).toEqual({ ok: true, data: { state: stored.status } });
      expect(loser).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const answers = await findDocs<{ happened: boolean }>(app, 'visits_answers', { _id: id });
      expect(answers.map((x) => x.happened)).toEqual([stored.status === 'confirmed']);
    }
  });
});

describe('corrections and make-ups', () => {
  it('a correction is a new record with reason and author; the original visit and its answer stay', async () => {
    const [visit] = await findDocs<Visit>(app, 'visits_records', { memberId: visitor._id, roomId: linked._id, status: 'confirmed' });
    const month = visitMonth(new Date(visit.at));
    const tally = () => docOf<{ confirmed: number }>(app, 'visits_tallies', `${month}_${visitor._id}_${linked._id}`);
    const before = (await tally())!.confirmed;
    expect(await app.call(users.counselorB.openid, 'checkin', 'correctVisit', { id: visit._id, state: 'void', reason: '经核实未走访' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(users.counselor.openid, 'checkin', 'correctVisit', { id: visit._id, state: 'void', reason: '经核实未走访' })).toEqual({ ok: true, data: { state: 'void' } });
    const after = (await docOf<Visit>(app, 'visits_records', visit._id))!;
    expect(after).toMatchObject({ note: visit.note, at: visit.at, status: 'void', correction: { status: 'void', reason: '经核实未走访' } });
    expect(await docOf(app, 'visits_answers', visit._id)).toMatchObject({ happened: true });
    expect(await findDocs(app, 'visits_corrections', { visitId: visit._id })).toEqual([
      expect.objectContaining({ before: 'confirmed', after: 'void', reason: '经核实未走访', by: users.counselor._id }),
    ]);
    expect(await findDocs(app, 'audit', { action: 'checkin.correctVisit', 'target.id': visit._id })).toHaveLength(1);
    expect((await tally())!.confirmed).toBe(before - 1);
    expect(await app.call(users.counselor.openid, 'checkin', 'correctVisit', { id: visit._id, state: 'void', reason: '再次作废' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('a make-up visit (补录) is a new confirmed record with reason and author, audited; only for a linked room, on a date within the shared rule', async () => {
    const date = cstDate(new Date(Date.now() - 2 * 86_400_000));
    const input = { memberId: visitor._id, roomId: second._id, date, topic: 'study', note: '线下走访，讨论期末复习', reason: '当时手机没电，未能扫码' };
    expect(await app.call(users.counselor.openid, 'checkin', 'makeUpVisit', { ...input, roomId: other._id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const tomorrow = cstDate(new Date(Date.now() + 86_400_000));
    expect(await app.call(users.counselor.openid, 'checkin', 'makeUpVisit', { ...input, date: tomorrow })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '补录走访的日期不能晚于今天' } });
    const tooOld = cstDate(new Date(Date.now() - (MAKE_UP_MAX_DAYS + 1) * 86_400_000));
    expect(await app.call(users.counselor.openid, 'checkin', 'makeUpVisit', { ...input, date: tooOld })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: `只能补录${MAKE_UP_MAX_DAYS}天内的走访` } });
    expect(await app.call(users.counselor.openid, 'checkin', 'makeUpVisit', { ...input, date: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await findDocs<{ makeUp: unknown }>(app, 'visits_records', { memberId: visitor._id })).filter((v) => v.makeUp)).toEqual([]);
    const reply = await app.call(users.counselor.openid, 'checkin', 'makeUpVisit', input);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const stored = await docOf<Visit & { at: Date }>(app, 'visits_records', reply.data.id);
    expect(stored).toMatchObject({ status: 'confirmed', plaqueCode: null, makeUp: { by: users.counselor._id, reason: '当时手机没电，未能扫码' } });
    // Stored at noon of the chosen China date, so it counts in that date's month.
    expect(new Date(stored!.at).toISOString()).toBe(cstAt(date, '12:00').toISOString());
    expect(await findDocs(app, 'audit', { action: 'checkin.makeUpVisit', 'target.id': reply.data.id })).toHaveLength(1);
    const seen = await app.call(users.counselor.openid, 'checkin', 'memberVisits', { memberId: visitor._id });
    expect(seen).toMatchObject({ ok: true, data: { items: expect.arrayContaining([expect.objectContaining({ id: reply.data.id, makeUp: true, state: 'confirmed' })]) } });
  });
});

describe('coverage dashboard', () => {
  it('shows per member and room the confirmed visits against the target, behind and never visited, index-served and paged', async () => {
    const month = visitMonth(new Date());
    const reply = await app.call(users.counselor.openid, 'checkin', 'visitCoverage', { buildingId: a._id, month });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const row = (memberId: string, roomId: string) => reply.data.items.find((i) => i.memberId === memberId && i.roomId === roomId);
    // 302: the first visit was voided, one of the three raced ones may stand: confirmed counts only.
    const raced = await findDocs<Visit>(app, 'visits_records', { memberId: visitor._id, roomId: linked._id, status: 'confirmed' });
    expect(row(visitor._id, linked._id)).toMatchObject({ confirmed: raced.length, behind: raced.length < MONTHLY_VISIT_TARGET, neverVisited: raced.length === 0 });
    // 303: the scanned visit expired unconfirmed; the make-up counts (two days ago is this month unless the month just began).
    const madeUpThisMonth = visitMonth(new Date(Date.now() - 2 * 86_400_000)) === month;
    expect(row(visitor._id, second._id)).toMatchObject({ confirmed: madeUpThisMonth ? 1 : 0, neverVisited: false });
    expect(row(quiet._id, linked._id)).toMatchObject({ confirmed: 0, behind: true, neverVisited: true });
    expect(reply.data.items.some((i) => i.roomId === other._id)).toBe(false);
    expectIndexServed(app, reply.invocationId);
    const ids = await collectPages(app, (cursor) => app.call(users.counselor.openid, 'checkin', 'visitCoverage', { buildingId: a._id, limit: 1, cursor }), async () => {});
    expect(ids.sort()).toEqual(reply.data.items.map((i) => i.id).sort());
    expect(await app.call(users.counselorB.openid, 'checkin', 'visitCoverage', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('coverage filters and coverage per room', () => {
  // A building of its own, at a fixed China time (10 December): links set, make-ups in December and November.
  const c = buildBuilding({ name: '智园7号楼' });
  const homeC = buildRoom({ buildingId: c._id, number: '101', floor: 1 });
  const [r1, r2, r3, r4] = ['201', '202', '203', '204'].map((number) => buildRoom({ buildingId: c._id, number, floor: 2 }));
  const memberC = (name: string) => buildMember({ name, buildingId: c._id, buildingName: c.name, roomId: homeC._id, roomNumber: '101' });
  const [m1, m2, m3] = [memberC('钱一'), memberC('钱二'), memberC('钱三')];
  const counselorC = buildUser({ openid: 'v-counselor-c', role: 'counselor', name: '周老师', buildingIds: [c._id] });
  const now = new Date('2026-12-10T10:00:00+08:00');
  // Any action of the section with its input, as the scan guard calls them (the replies are checked by the contract).
  type Loose = ({ ok: true; data: { items: unknown[]; id: string } } | { ok: false; error: { code: string; message: string } }) & { invocationId?: string };
  const call = (action: string, input: object) => (app.call as unknown as (o: string, f: string, a: string, i: object) => Promise<Loose>)(counselorC.openid, 'checkin', action, input);
  type Row = { id: string; memberId: string; roomId: string; roomNumber: string; confirmed: number; behind: boolean; neverVisited: boolean };
  type RoomRow = { id: string; roomNumber: string; members: Array<{ id: string; name: string }>; confirmed: number; behind: boolean; neverVisited: boolean };
  const pairs = async (filter: string) => {
    const reply = await call('visitCoverage', { buildingId: c._id, filter });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    return (reply.data.items as Row[]).map((r) => `${r.memberId === m1._id ? 'm1' : r.memberId === m2._id ? 'm2' : 'm3'}-${r.roomNumber}`);
  };
  const rooms = async (input: object = {}) => {
    const reply = await call('roomCoverage', { buildingId: c._id, ...input });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    return reply.data.items as RoomRow[];
  };
  let madeUp = '';

  beforeAll(async () => {
    await app.insert('buildings', [c]);
    await app.insert('rooms', [homeC, r1, r2, r3, r4]);
    await app.insert('members', [m1, m2, m3]);
    await app.insert('users', [counselorC]);
    app.emu.clock.set(now);
    for (const [m, ids] of [[m1, [r1._id, r2._id]], [m2, [r2._id]], [m3, [r3._id]], [m3, [r4._id]]] as const) {
      expect((await call('setLinks', { memberId: m._id, roomIds: ids })).ok).toBe(true);
    }
    const makeUp = (memberId: string, roomId: string, date: string) =>
      call('makeUpVisit', { memberId, roomId, date, topic: 'life', note: '线下走访，了解近况', reason: '当时未扫码' });
    const dec = await makeUp(m1._id, r1._id, '2026-12-09');
    if (!dec.ok) throw new Error(JSON.stringify(dec));
    madeUp = dec.data.id;
    expect((await makeUp(m2._id, r2._id, '2026-11-20')).ok).toBe(true);
  });
  beforeEach(() => app.emu.clock.set(now));

  it('filters the per-member view to links behind this month’s target or never visited, longest behind first, index-served', async () => {
    // m2 -> 202 met November's target only; m1 -> 202 and m3 -> 204 never had a confirmed visit; m1 -> 201 met December's.
    expect(await pairs('behind')).toEqual([...(await pairs('never')), 'm2-202']);
    expect((await pairs('never')).sort()).toEqual(['m1-202', 'm3-204']);
    // m3's earlier link to 203 ended: it is in no view.
    const all = await call('visitCoverage', { buildingId: c._id });
    expect(all.ok && (all.data.items as Row[]).map((r) => r.roomNumber).sort()).toEqual(['201', '202', '202', '204']);
    expect(await call('visitCoverage', { buildingId: c._id, filter: 'behind', month: '2026-11' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('只能筛选本月') } });
    const ids = await collectPages(app, (cursor) => call('visitCoverage', { buildingId: c._id, filter: 'behind', limit: 1, cursor }) as never, async () => {});
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('lists each linked room with its members and the month’s confirmed visits against the target, with the same filters', async () => {
    const all = await rooms();
    const byNumber = new Map(all.map((r) => [r.roomNumber, r]));
    expect([...byNumber.keys()].sort()).toEqual(['201', '202', '204']);
    expect(byNumber.get('201')).toMatchObject({ confirmed: 1, behind: false, neverVisited: false, members: [{ id: m1._id, name: '钱一' }] });
    expect(byNumber.get('202')).toMatchObject({ confirmed: 0, behind: true, neverVisited: false });
    expect(byNumber.get('202')!.members.map((m) => m.name).sort()).toEqual(['钱一', '钱二']);
    expect(byNumber.get('204')).toMatchObject({ confirmed: 0, behind: true, neverVisited: true, members: [{ id: m3._id, name: '钱三' }] });
    expect((await rooms({ filter: 'behind' })).map((r) => r.roomNumber)).toEqual(['204', '202']);
    expect((await rooms({ filter: 'never' })).map((r) => r.roomNumber)).toEqual(['204']);
    // November: 202 met the target then.
    expect((await rooms({ month: '2026-11' })).find((r) => r.roomNumber === '202')).toMatchObject({ confirmed: 1, behind: false });
    const ids = await collectPages(app, (cursor) => call('roomCoverage', { buildingId: c._id, limit: 1, cursor }) as never, async () => {});
    expect(ids).toHaveLength(3);
    expect(await app.call(users.counselor.openid, 'checkin', 'roomCoverage', { buildingId: c._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('roomCoverage', { buildingId: c._id, cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('follows a correction in its transaction: a voided visit puts the link and the room back behind and never visited', async () => {
    expect(await call('correctVisit', { id: madeUp, state: 'void', reason: '经核实未走访' })).toMatchObject({ ok: true });
    expect((await pairs('never')).sort()).toEqual(['m1-201', 'm1-202', 'm3-204']);
    expect((await rooms({ filter: 'never' })).map((r) => r.roomNumber).sort()).toEqual(['201', '204']);
    // Relinking keeps the counts: m2's November visit to 202 still counts after m2 is moved away and back.
    expect((await call('setLinks', { memberId: m2._id, roomIds: [r4._id] })).ok).toBe(true);
    expect((await rooms()).find((r) => r.roomNumber === '202')!.members.map((m) => m.name)).toEqual(['钱一']);
    expect((await call('setLinks', { memberId: m2._id, roomIds: [r2._id] })).ok).toBe(true);
    expect(await pairs('never')).not.toContain('m2-202');
    expect(await pairs('behind')).toContain('m2-202');
  });
});

describe('rate limit', () => {
  it('refuses recording visits past the limit, storing nothing, with a clear retry time', async () => {
    const replies = [];
    for (let i = 0; i <= RATE_LIMITS.visitRecord.limit; i += 1) replies.push(await record(linked.plaqueCode, `第${i + 10}次走访，聊聊近况`));
    const refused = replies.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('后再试') } });
    const stored = await findDocs(app, 'visits_records', { memberId: visitor._id, plaqueCode: linked.plaqueCode });
    expect(stored.filter((v) => /第\d+次走访，聊聊近况/.test((v as { note: string }).note)).length).toBe(replies.length - refused.length);
  });
});
