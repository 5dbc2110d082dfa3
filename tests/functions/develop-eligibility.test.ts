import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { DEFAULT_POINT_RULES } from '../../src/shared/domain/points';
import { auditOf, docOf } from './account-seed';
import { buildBuilding, buildEntry, buildMember, buildRoom, buildUser, nextId } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * Eligibility and points, explained (issue 11 point 5): the checklist per status at fixed times, the
 * points ledger (its total is the sum of its lines, and every line's source record exists), the
 * counselor-recorded experiences with corrections, the rules an admin sets, the counselor's two lists
 * and scope. All at a fixed emulator clock.
 */
let app: App;
const DAY = 86_400_000;
/** 2026-11-16 12:00 China time (autumn term 2026-2027-1). */
const NOW = new Date('2026-11-16T04:00:00Z');
const monthsBefore = (at: Date, months: number) => {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
};

const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const room = buildRoom({ buildingId: a._id, number: '501', floor: 5 });
const flaggedRoom = buildRoom({ buildingId: a._id, number: '502', floor: 5 });
const linked = buildRoom({ buildingId: a._id, number: '503', floor: 5 });
const roomB = buildRoom({ buildingId: b._id, number: '101', floor: 1 });

const inA = (o: Partial<MemberDoc>) => buildMember({ buildingId: a._id, buildingName: a.name, roomId: room._id, roomNumber: room.number, ...o });
/** Candidate in a flagged room with hours, a visit, a duty shift, a badge and a star: every kind of ledger line. */
const candidate = inA({ name: '周敏', status: 'candidate', roomId: flaggedRoom._id, roomNumber: flaggedRoom.number, linkedRoomIds: [linked._id], hoursOverall: { verified: 2, selfReported: 3 }, stars: ['2026-10'] });
const activist = inA({ name: '钱进', status: 'activist' });
/** Due in about a month, 20 hours. */
const dueSoon = inA({ name: '吴刚', status: 'probationary', probationStartedAt: new Date(monthsBefore(NOW, 11).getTime() - 2 * DAY), hoursOverall: { verified: 10, selfReported: 10 } });
/** Overdue by a month, 60 hours, room flagged. */
const overdue = inA({ name: '郑洁', status: 'probationary', roomId: flaggedRoom._id, roomNumber: flaggedRoom.number, probationStartedAt: monthsBefore(NOW, 13), hoursOverall: { verified: 30, selfReported: 30 } });
/** Due in half a year: not on the list. */
const later = inA({ name: '王磊', status: 'probationary', probationStartedAt: monthsBefore(NOW, 6), hoursOverall: { verified: 0, selfReported: 55 } });
const dueInB = buildMember({ name: '陈晨', status: 'probationary', buildingId: b._id, buildingName: b.name, roomId: roomB._id, roomNumber: roomB.number, probationStartedAt: monthsBefore(NOW, 12) });

const counselorA = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin', name: '管理员' });
const candidateUser = buildUser({ role: 'member', name: candidate.name, memberId: candidate._id });
const activistUser = buildUser({ role: 'member', name: activist.name, memberId: activist._id });

const entry = (date: string, hours: number, verified = false) =>
  buildEntry({ memberId: candidate._id, buildingId: a._id, status: 'approved', date, start: '09:00', end: hours === 2 ? '11:00' : '12:00', approvedHours: hours, verified, title: `服务 ${date}` });
const entries = [entry('2026-10-08', 2, true), entry('2026-10-20', 3)];
const flagInspection = { _id: nextId('insp'), kind: 'inspection', roomId: flaggedRoom._id, buildingId: a._id, rating: 'poor', at: new Date(NOW.getTime() - 3 * DAY) };
const award = {
  _id: nextId('aw'), code: 'modelPost', name: '党员示范岗', holder: { kind: 'member', id: candidate._id, label: candidate.name }, buildingId: a._id, source: 'manual', sourceRef: null,
  reason: '楼层服务突出', validFrom: '2026-10-01', until: '2027-01-31', awardedBy: counselorA._id, awardedAt: new Date('2026-10-01T02:00:00Z'), revoked: null,
};
candidate.awards = [{ awardId: award._id, code: award.code, name: award.name, until: award.until }];

function dataOf<T>(reply: { ok: true; data: T } | { ok: false }): T {
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data;
}
const as = (user: { openid: string }) => user.openid;
const view = (user: { openid: string }, memberId?: string) => app.call(as(user), 'develop', 'eligibility', memberId ? { memberId } : {});

beforeAll(async () => {
  app = await startApp();
  app.emu.clock.set(NOW);
  await app.insert('buildings', [a, b]);
  await app.insert('rooms', [room, flaggedRoom, linked, roomB]);
  await app.insert('members', [candidate, activist, dueSoon, overdue, later, dueInB]);
  await app.insert('users', [counselorA, counselorB, admin, candidateUser, activistUser]);
  await app.insert('volunteer_entries', entries);
  await app.insert('badge_awards', award);
  await app.insert('inspections_records', flagInspection);
  await app.insert('inspections_rooms', {
    _id: flaggedRoom._id, buildingId: a._id, floor: 5, roomLabel: `${a.name} 502`, flagged: true, flaggedAt: flagInspection.at, deadline: new Date(NOW.getTime() + 4 * DAY),
    flaggedBy: counselorA._id, flaggedByName: '张老师', flagInspectionId: flagInspection._id, lastInspectionId: flagInspection._id, lastRating: 'poor', lastAt: flagInspection.at, clearedAt: null, clearedBy: null,
  });
  await app.insert('visits_records', {
    _id: nextId('v'), memberId: candidate._id, memberName: candidate.name, roomId: linked._id, roomNumber: '503', buildingId: a._id, topic: 'life', note: '', at: new Date(NOW.getTime() - 5 * DAY),
    plaqueCode: null, makeUp: null, status: 'confirmed', correction: null, createdAt: new Date(NOW.getTime() - 5 * DAY),
  });
  await app.insert('visits_tallies', { _id: `2026-11_${candidate._id}_${linked._id}`, memberId: candidate._id, roomId: linked._id, month: '2026-11', confirmed: 1 });
  await app.insert('duty_records', {
    _id: nextId('dr'), shiftId: 'sh1', stationId: 'st1', stationName: '1号楼党员服务站', buildingId: a._id, memberId: candidate._id, date: '2026-11-02', weekStart: '2026-11-02',
    startAt: new Date('2026-11-02T10:00:00Z'), endAt: new Date('2026-11-02T12:00:00Z'), state: 'completed', checkInAt: null, checkOutAt: null, late: 0, early: 0,
    scans: { inAt: null, inCode: null, outAt: null, outCode: null }, workLog: null, hours: null, entryId: null, notCounted: null, correctionId: null, viaSwap: null, createdAt: new Date(),
  });
});
afterAll(() => app.stop());

describe('the points ledger', () => {
  it('totals the sum of its lines, every line names a source record that exists, and the flag deducts', async () => {
    const reply = await view(counselorA, candidate._id);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    // Bounded cost whatever the member's history: a fixed number of reads, one write (the points projection).
    const meter = app.meterOf(reply.invocationId);
    console.log(`eligibility view: ${meter?.reads} reads, ${meter?.writes} writes, ${meter?.docsRead} documents read`);
    expect(meter?.writes).toBe(1);
    expect(meter?.reads).toBeLessThanOrEqual(16);
    const { lines, total } = reply.data.ledger;
    expect(lines.map((l) => l.kind).sort()).toEqual(['badge', 'duty', 'flag', 'hour', 'hour', 'star', 'visit']);
    expect(total).toBe(lines.reduce((s, l) => s + l.points, 0));
    // Default rules: 1 per hour (5), star 10, badge 5, visit 2, duty 1, flag -10.
    expect(total).toBe(5 + 10 + 5 + 2 + 1 - 10);
    for (const line of lines) expect(await docOf(app, line.source.collection, line.source.id)).not.toBeNull();
    expect(lines.find((l) => l.kind === 'flag')).toMatchObject({ points: -10, source: { collection: 'inspections_records', id: flagInspection._id } });
    // The projection the counselor's list sorts on holds the same total, with the time it was computed.
    expect(await docOf(app, 'develop_points', candidate._id)).toMatchObject({ points: total, status: 'candidate' });
  });

  it('follows the rules an admin sets, per-term caps cutting lines (still summing), and audits the change', async () => {
    const dup = await app.call(admin.openid, 'develop', 'setPointRules', { rules: [{ kind: 'hour', points: 1, capPerTerm: null }, { kind: 'hour', points: 2, capPerTerm: null }] });
    expect(dup).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const set = await app.call(admin.openid, 'develop', 'setPointRules', { rules: [{ kind: 'hour', points: 2, capPerTerm: 6 }, { kind: 'flag', points: -5, capPerTerm: null }] });
    expect(set.ok).toBe(true);
    expect(await auditOf(app, 'develop.setPointRules', 'rules')).toHaveLength(1);
    const reply = await view(counselorA, candidate._id);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const { lines, total } = reply.data.ledger;
    // 2 h × 2 = 4, then 3 h × 2 = 6 cut to the 2 left of the term's cap of 6; stars, badges … have no rule now.
    expect(lines.map((l) => [l.kind, l.points, l.capped])).toEqual([['hour', 4, false], ['hour', 2, true], ['flag', -5, false]]);
    expect(total).toBe(1);
    expect(dataOf(await app.call(counselorA.openid, 'develop', 'pointRules', {})).rules).toHaveLength(2);
    await app.call(admin.openid, 'develop', 'setPointRules', { rules: [...DEFAULT_POINT_RULES] });
  });
});

describe('the checklist', () => {
  const itemOf = async (user: { openid: string }, memberId: string, key: string) => {
    const reply = await view(user, memberId);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    return reply.data.checklist.find((i) => i.key === key);
  };

  it('for a probationary member: the year, 50 hours (blocking) and the room flag (blocking) at fixed times', async () => {
    const reply = await view(counselorA, overdue._id);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const byKey = Object.fromEntries(reply.data.checklist.map((i) => [i.key, i]));
    expect(Object.keys(byKey)).toEqual(['probationYear', 'hours50', 'roomNotFlagged', 'linkedVisits', 'dutyShifts', 'badgesAndStars']);
    expect(byKey.probationYear.state).toBe('met');
    expect(byKey.hours50).toMatchObject({ state: 'met', blocks: false });
    expect(byKey.roomNotFlagged).toMatchObject({ state: 'unmet', blocks: true });
    expect(byKey.roomNotFlagged.evidence[0].source).toEqual({ collection: 'inspections_records', id: flagInspection._id });

    const early = await itemOf(counselorA, later._id, 'probationYear');
    expect(early).toMatchObject({ state: 'unmet', blocks: false });
    expect(early?.detail).toMatch(/还有 \d+ 天/);
    expect(await itemOf(counselorA, dueSoon._id, 'hours50')).toMatchObject({ state: 'unmet', blocks: true, detail: expect.stringContaining('还差 30 小时') });
    // A year on, the same member's probation year is met.
    app.emu.clock.set(new Date(NOW.getTime() + 200 * DAY));
    expect((await itemOf(counselorA, later._id, 'probationYear'))?.state).toBe('met');
    app.emu.clock.set(NOW);
  });

  it('for activists and candidates: the three experiences, recorded and corrected by a counselor (the original stays), visits and duty', async () => {
    const before = await view(activistUser);
    if (!before.ok) throw new Error(JSON.stringify(before));
    expect(before.data.checklist.map((i) => [i.key, i.state, i.blocks])).toEqual([
      ['roomNotFlagged', 'met', false], ['linkedVisits', 'unmet', false], ['dutyShifts', 'unmet', false],
      ['volunteerExperience', 'unmet', false], ['socialPractice', 'unmet', false], ['helpingPeers', 'unmet', false], ['badgesAndStars', 'info', false],
    ]);
    // A candidate's missing experiences block admission.
    expect(await itemOf(counselorA, candidate._id, 'helpingPeers')).toMatchObject({ state: 'unmet', blocks: true });
    expect(await itemOf(counselorA, candidate._id, 'linkedVisits')).toMatchObject({ state: 'met', detail: '本月已确认走访 1 次，目标 1 次' });
    expect(await itemOf(counselorA, candidate._id, 'dutyShifts')).toMatchObject({ state: 'met' });

    const recorded = await app.call(counselorA.openid, 'develop', 'recordExperience', { memberId: activist._id, kind: 'socialPractice', title: '暑期三下乡', date: '2026-07-15' });
    if (!recorded.ok) throw new Error(JSON.stringify(recorded));
    const item = await itemOf(activistUser, activist._id, 'socialPractice');
    expect(item).toMatchObject({ state: 'met', evidence: [{ date: '2026-07-15', source: { collection: 'develop_experiences', id: recorded.data.id } }] });
    expect(await auditOf(app, 'develop.recordExperience', recorded.data.id)).toHaveLength(1);

    expect(await app.call(counselorA.openid, 'develop', 'recordExperience', { memberId: activist._id, kind: 'helpingPeers', title: '帮扶', date: '2026-12-01' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const withdrawn = await app.call(counselorA.openid, 'develop', 'correctExperience', { experienceId: recorded.data.id, reason: '该实践未正式组队参加', withdraw: true });
    if (!withdrawn.ok) throw new Error(JSON.stringify(withdrawn));
    expect((await itemOf(activistUser, activist._id, 'socialPractice'))?.state).toBe('unmet');
    expect(await docOf(app, 'develop_experiences', recorded.data.id)).toMatchObject({ title: '暑期三下乡', correctedBy: withdrawn.data.id });
    expect(await auditOf(app, 'develop.correctExperience', withdrawn.data.id)).toHaveLength(1);
    expect(await app.call(counselorA.openid, 'develop', 'correctExperience', { experienceId: recorded.data.id, reason: '再次更正' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const history = dataOf(await app.call(activistUser.openid, 'develop', 'memberExperiences', {}));
    expect(history.items.map((r) => [r.correctsId, r.withdrawn])).toEqual([[recorded.data.id, true], [null, false]]);
  });
});

describe('scope', () => {
  it('a member sees only their own; a counselor only their buildings', async () => {
    expect((await view(candidateUser)).ok).toBe(true);
    expect(await view(candidateUser, activist._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await view(counselorB, candidate._id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorB.openid, 'develop', 'recordExperience', { memberId: candidate._id, kind: 'helpingPeers', title: '结对帮扶', date: '2026-11-01' }))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(counselorB.openid, 'develop', 'conversionsDue', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await view(counselorA, 'nobody')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the counselor’s lists', () => {
  it('probationary members due for 转正 within 60 days at a fixed clock, overdue first, with their blockers', async () => {
    const ids = await collectPages(app, (cursor) => app.call(counselorA.openid, 'develop', 'conversionsDue', { limit: 1, ...(cursor ? { cursor } : {}) }), async () => {});
    expect(ids).toEqual([overdue._id, dueSoon._id]);
    const reply = dataOf(await app.call(counselorA.openid, 'develop', 'conversionsDue', {}));
    expect(reply.items.map((i) => [i.name, i.daysLeft < 0, i.blockers])).toEqual([
      ['郑洁', true, ['寝室“脏乱差”未整改']],
      ['吴刚', false, ['志愿服务还差 30 小时']],
    ]);
    expect(dataOf(await app.call(admin.openid, 'develop', 'conversionsDue', {})).items.map((i) => i.id)).toEqual([overdue._id, dueInB._id, dueSoon._id]);
  });

  it('activists and candidates by points, computed by the hourly sweep, with when and their blockers', async () => {
    const sweptAt = new Date(NOW.getTime() + 3_600_000);
    app.emu.clock.set(sweptAt);
    await app.emu.triggers.fire('develop', 'develop-points-sweep');
    const reply = await app.call(counselorA.openid, 'develop', 'developingByPoints', { status: 'activist' });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    expect(reply.data.items.map((i) => i.name)).toEqual(['钱进']);
    expect(new Date(reply.data.items[0].computedAt).getTime()).toBeGreaterThanOrEqual(sweptAt.getTime());
    const candidates = dataOf(await app.call(counselorA.openid, 'develop', 'developingByPoints', {}));
    expect(candidates.items).toEqual([expect.objectContaining({ name: '周敏', points: 13, blockers: ['暑期社会实践', '帮助困难同学', '寝室“脏乱差”未整改'] })]);
    expect(dataOf(await app.call(counselorB.openid, 'develop', 'developingByPoints', {})).items).toEqual([]);
  });
});
