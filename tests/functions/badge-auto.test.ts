import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { awardIds, shownAwards, type CurrentAward } from '../../src/shared/domain/badges';
import { DEFAULT_CHECKLIST } from '../../src/shared/domain/inspection';
import { buildBuilding, buildMember, buildRoom, buildUser, daysAgo, plaqueFor } from './builders';
import { seedBadgeCatalogue } from './badge-world';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';
import { buildBallot, buildCandidate, buildRound } from './star-world';
import { seedVolunteer, type VolunteerSeed } from './volunteer-seed';
import { seedWorld } from './world';

/**
 * Automatic awards (issue 11, badge/auto): hour milestones in the approval's transaction, exactly once
 * however many approvals race across the line; 每月之星 when a round becomes final; 文明寝室 settled per
 * month in bounded chunks by a counselor or the timer, once per room; the 脏乱差 flag suspending a
 * room's badges on the room and its plaque, the re-inspection restoring them, a reissue keeping both.
 */
let app: App;
let seed: VolunteerSeed;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  await seedBadgeCatalogue(app);
});
afterAll(() => app.stop());
afterEach(() => app.emu.clock.reset());

const docOf = async <T = Record<string, any>>(coll: string, id: string) => (await app.db.collection(coll).doc(id).get()).data[0] as T;
const awardsOf = async (holderId: string) => (await app.db.collection('badge_awards').where({ 'holder.id': holderId }).get()).data as Array<Record<string, any>>;
const auditsOf = async (id: string, action: string) => (await app.db.collection('audit').where({ action, 'target.id': id }).get()).data;
const cost = (m: unknown) => ({ reads: (m as { reads: number }).reads, writes: (m as { writes: number }).writes });

/** Calls until none answers CONFLICT (a counselor trying again): the races still run at once in each round. */
async function untilSettled<T extends { ok: boolean; error?: { code: string } }>(calls: Array<() => Promise<T>>): Promise<T[]> {
  let pending = calls.map((call, i) => ({ call, i }));
  const out: T[] = [];
  for (let round = 0; pending.length && round < 60; round += 1) {
    const replies = await Promise.all(pending.map((p) => p.call()));
    const again: typeof pending = [];
    replies.forEach((r, k) => (!r.ok && r.error?.code === 'CONFLICT' ? again.push(pending[k]) : (out[pending[k].i] = r)));
    pending = again;
  }
  expect(pending).toEqual([]);
  return out;
}

describe('hour milestones', () => {
  it('50 concurrent approvals that cross 50 hours together award hours50 exactly once: one award, once in the projection, audited once', async () => {
    const m = await seed.member({ name: '冯磊', hoursOverall: { verified: 0, selfReported: 45 } } as Partial<MemberDoc>);
    const entries = [];
    for (let i = 0; i < 50; i += 1) entries.push(await seed.pendingEntry(m, { date: daysAgo(1 + (i % 25)), start: i < 25 ? '08:00' : '10:00', end: i < 25 ? '09:00' : '11:00' }));
    const reviewers = [seed.counselorX, seed.counselorX2];
    const replies = await untilSettled(entries.map((e, i) => () => app.call(reviewers[i % 2].openid, 'volunteer', 'review', { id: e._id, decision: 'approve' })));
    expect(replies.filter((r) => r.ok)).toHaveLength(50);

    const member = await docOf<MemberDoc>('members', m.doc._id);
    expect(member.hoursOverall).toEqual({ verified: 0, selfReported: 95 });
    const awards = await awardsOf(m.doc._id);
    expect(awards.map((a) => a._id)).toEqual([awardIds.milestone(m.doc._id, 'hours50')]);
    expect(awards[0]).toMatchObject({ code: 'hours50', name: '志愿服务50小时', source: 'milestone', holder: { kind: 'member', id: m.doc._id, label: '冯磊' }, until: null, revoked: null });
    expect(entries.map((e) => e._id)).toContain(awards[0].sourceRef);
    expect(member.awards?.filter((a) => a.code === 'hours50')).toHaveLength(1);
    expect(await auditsOf(awards[0]._id, 'badge.award')).toHaveLength(1);
  });

  it('costs an approval two more reads (the catalogue, the member in its transaction); crossing adds the award', async () => {
    const m = await seed.member({ name: '褚红', hoursOverall: { verified: 10, selfReported: 38 } } as Partial<MemberDoc>);
    const [below, across] = [await seed.pendingEntry(m, { date: daysAgo(2) }), await seed.pendingEntry(m, { date: daysAgo(3) })];
    const first = await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: below._id, decision: 'approve', approvedHours: 1, comment: '按实际时长认定' });
    const second = await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: across._id, decision: 'approve' });
    expect([first.ok, second.ok]).toEqual([true, true]);
    const figures = { below: cost(app.meterOf(first.invocationId)), across: cost(app.meterOf(second.invocationId)) };
    console.log('DB per call: review approve, no milestone / crossing hours50', JSON.stringify(figures));
    expect((await awardsOf(m.doc._id)).map((a) => a.code)).toEqual(['hours50']);
    expect(figures.across.writes - figures.below.writes).toBe(3); // the award, the member's projection, its audit
  });

  it('bulk approval reads the catalogue once and awards the milestone the selection crosses', async () => {
    const m = await seed.member({ name: '蒋月', hoursOverall: { verified: 48, selfReported: 0 } } as Partial<MemberDoc>);
    const ids = [];
    for (let d = 1; d <= 3; d += 1) ids.push((await seed.pendingEntry(m, { date: daysAgo(d) }))._id);
    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'bulkApprove', { ids });
    expect(reply).toMatchObject({ ok: true, data: { skipped: [] } });
    const requests = app.meterOf(reply.invocationId)?.requests ?? [];
    expect(requests.filter((r: { collection?: string }) => r.collection === 'badge_catalogue')).toHaveLength(1);
    expect((await awardsOf(m.doc._id)).map((a) => a._id)).toEqual([awardIds.milestone(m.doc._id, 'hours50')]);
    expect((await docOf<MemberDoc>('members', m.doc._id)).hoursOverall).toEqual({ verified: 48, selfReported: 6 });
  });
  it('an activity’s sign-out that crosses 100 hours awards hours100 in its settlement, once under 10 concurrent sign-outs', async () => {
    const now = at('2026-11-18T15:00:00');
    app.emu.clock.set(now);
    const m = await seed.member({ name: '卫东', hoursOverall: { verified: 60, selfReported: 39 } } as Partial<MemberDoc>);
    const created = await app.call(seed.counselorX.openid, 'volunteer', 'createActivity', {
      title: '楼道清洁日', category: 'hygiene', place: '一层大厅', buildingId: seed.x._id, startAt: new Date(now.getTime() - 2 * HOUR).toISOString(), endAt: new Date(now.getTime() + HOUR).toISOString(),
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.id;
    await app.insert('attendance', { _id: `${id}:${m.doc._id}`, activityId: id, memberId: m.doc._id, signInAt: new Date(now.getTime() - 2 * HOUR), signInCode: 'SIGNEDIN01', signOutAt: null, signOutCode: null, hours: null, entryId: null });
    const code = await app.call(seed.counselorX.openid, 'volunteer', 'activityCode', { id, phase: 'out' });
    if (!code.ok) throw new Error(JSON.stringify(code));
    const replies = await Promise.all(Array.from({ length: 10 }, () => app.call(m.openid, 'volunteer', 'scanActivity', { code: code.data.code })));
    expect(replies.some((r) => r.ok)).toBe(true);
    expect((await docOf<MemberDoc>('members', m.doc._id)).hoursOverall).toEqual({ verified: 62, selfReported: 39 });
    const awards = await awardsOf(m.doc._id);
    expect(awards.map((a) => a._id)).toEqual([awardIds.milestone(m.doc._id, 'hours100')]);
    expect(await auditsOf(awards[0]._id, 'badge.award')).toHaveLength(1);
  });
});

describe('每月之星', () => {
  it('the round becoming final awards monthStar once (two timer firings at once), in the finalisation with its audit', async () => {
    const w = await seedWorld(app, 'ba1');
    const now = Date.now();
    const round = buildRound({
      month: '2026-04', buildingIds: [w.a._id], state: 'published', candidateIds: [w.neighbour._id],
      nominateFrom: new Date(now - 30 * DAY), nominateUntil: new Date(now - 29 * DAY), voteFrom: new Date(now - 28 * DAY), voteUntil: new Date(now - 27 * DAY),
      tally: [{ memberId: w.neighbour._id, name: w.neighbour.name, votes: 1, rank: 1 }], ballots: 1, electorate: 2,
      star: { memberId: w.neighbour._id, name: w.neighbour.name }, publishedAt: new Date(now - 8 * DAY), noticeUntil: new Date(now - 1 * DAY), publication: 1,
    });
    await app.insert('star_rounds', round);
    await app.insert('star_candidates', buildCandidate(round, w.neighbour));
    await app.insert('star_ballots', buildBallot(round, { ...w.users.student, rosterId: w.studentRoster._id }, [w.neighbour._id]));
    await Promise.all([app.emu.triggers.fire('star', 'rounds-due'), app.emu.triggers.fire('star', 'rounds-due')]);

    expect(await docOf('star_rounds', round._id)).toMatchObject({ state: 'final' });
    const id = awardIds.star(w.neighbour._id, '2026-04');
    expect((await awardsOf(w.neighbour._id)).filter((a) => a.sourceRef === round._id).map((a) => a._id)).toEqual([id]);
    expect(await docOf('badge_awards', id)).toMatchObject({ code: 'monthStar', name: '每月之星', source: 'star', sourceRef: round._id, reason: '2026年4月每月之星（公示期满，评选结果确定）', until: null });
    const member = await docOf<MemberDoc>('members', w.neighbour._id);
    expect(member.stars).toContain('2026-04');
    expect(member.awards?.filter((a) => a.awardId === id)).toEqual([{ awardId: id, code: 'monthStar', name: '每月之星', until: null }]);
    expect(await auditsOf(id, 'badge.award')).toHaveLength(1);
  });
});

/** A building of its own for the room badges, with two counselors (a flag is cleared by another inspector). */
async function roomWorld(tag: string, rooms: number) {
  const building = buildBuilding({ name: `智园${tag}号楼` });
  const list = Array.from({ length: rooms }, (_, i) => buildRoom({ buildingId: building._id, number: `${100 + i}`, floor: 1 + Math.floor(i / 40) }));
  const c1 = buildUser({ role: 'counselor', name: '郑老师', buildingIds: [building._id] });
  const c2 = buildUser({ role: 'counselor', name: '钱老师', buildingIds: [building._id] });
  await app.insert('buildings', building);
  await app.insert('rooms', list);
  await app.insert('plaques', list.map((r) => plaqueFor(r, building)));
  await app.insert('users', [c1, c2]);
  return { building, rooms: list, c1, c2 };
}

const full = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore }));
const good = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: Math.ceil(i.maxScore * 0.8) }));
const half = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: Math.floor(i.maxScore / 2) }));
/** China time. */
const at = (iso: string) => new Date(`${iso}+08:00`);
const shown = (awards: CurrentAward[] | undefined, flagged: boolean | undefined, now: Date) => shownAwards(awards, now, flagged).map((a) => a.code);

describe('文明寝室', () => {
  it('settles a finished month once per room: the counselor page by page, the admin and two timer firings racing it', async () => {
    const { building, rooms, c1, c2 } = await roomWorld('81', 5);
    const inspect = (openid: string, roomId: string, scores = full) => app.call(openid, 'checkin', 'inspectRoom', { roomId, scores, note: '' });
    app.emu.clock.set(at('2026-09-10T10:00:00'));
    // 0: one 优秀; 1: 优秀 then 良好; 2: 优秀 twice; 3: 良好; 4: never inspected.
    for (const [openid, room, scores] of [[c1, 0, full], [c1, 1, full], [c2, 1, good], [c1, 2, full], [c2, 2, full], [c1, 3, good]] as const) {
      expect(await inspect(openid.openid, rooms[room]._id, scores)).toMatchObject({ ok: true });
    }
    expect(await app.call(c1.openid, 'badge', 'settleCivilRooms', { month: '2026-09' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '这个月还没有结束，月底之后才能评定文明寝室' } });
    expect(await app.call(c1.openid, 'badge', 'settleCivilRooms', { month: '2026-08', buildingId: seed.y._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    app.emu.clock.set(at('2026-10-01T08:00:00'));
    let cursor: string | undefined;
    const pages = [];
    do {
      const reply = await app.call(c1.openid, 'badge', 'settleCivilRooms', { month: '2026-09', limit: 1, ...(cursor ? { cursor } : {}) });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      expectIndexServed(app, reply.invocationId);
      pages.push({ ...reply.data, meter: cost(app.meterOf(reply.invocationId)) });
      cursor = reply.data.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.reduce((n, p) => n + p.awarded, 0)).toBe(2);
    console.log('DB per call: settleCivilRooms, chunks of one room', JSON.stringify(pages.map((p) => ({ awarded: p.awarded, skipped: p.skipped, ...p.meter }))));

    // Again, by everyone at once: nothing more.
    const again = await Promise.all([
      app.call(c1.openid, 'badge', 'settleCivilRooms', { month: '2026-09' }),
      app.call(seed.admin.openid, 'badge', 'settleCivilRooms', { month: '2026-09' }),
      app.emu.triggers.fire('badge', 'civil-rooms'),
      app.emu.triggers.fire('badge', 'civil-rooms'),
    ]);
    expect(again.slice(0, 2)).toEqual([
      { ok: true, data: { month: '2026-09', awarded: 0, existing: 2, skipped: 0, nextCursor: null } },
      { ok: true, data: { month: '2026-09', awarded: 0, existing: 2, skipped: 0, nextCursor: null } },
    ]);
    const civil = [0, 2].map((i) => awardIds.civilRoom(rooms[i]._id, '2026-09'));
    for (const [i, room] of rooms.entries()) expect((await awardsOf(room._id)).map((a) => a._id)).toEqual(i === 0 || i === 2 ? [awardIds.civilRoom(room._id, '2026-09')] : []);
    for (const id of civil) expect(await auditsOf(id, 'badge.award')).toHaveLength(1);
    expect(await docOf('badge_awards', civil[0])).toMatchObject({
      code: 'civilRoom', name: '文明寝室', holder: { kind: 'room', label: `${building.name} 100` }, buildingId: building._id, source: 'civilRoom', sourceRef: '2026-09',
      validFrom: '2026-10-01', until: '2026-10-31', reason: '2026年9月检查1次，均为优秀',
    });
    // The room and its plaque carry it: the plaque shows it in the reads it already makes.
    const room = await docOf('rooms', rooms[0]._id);
    const plaque = await docOf('plaques', rooms[0].plaqueCode);
    expect(room.roomAwards).toEqual([{ awardId: civil[0], code: 'civilRoom', name: '文明寝室', until: '2026-10-31' }]);
    expect(plaque.roomAwards).toEqual(room.roomAwards);
    expect(await app.call(c1.openid, 'badge', 'civilRoomsRun', { month: '2026-09' })).toMatchObject({ ok: true, data: { state: 'done' } });

    const view = await app.call(c1.openid, 'badge', 'autoAwards', { source: 'civilRoom', buildingId: building._id });
    expect(view.ok && view.data.items.map((i) => i.id).sort()).toEqual([...civil].sort());
    expectIndexServed(app, view.invocationId);
  });

  it('the timer works through a school month in bounded chunks, keeping its place between firings', async () => {
    const { building, rooms } = await roomWorld('82', 120);
    await app.insert('inspections_room_months', rooms.map((r) => ({
      _id: `${r._id}:2026-07`, roomId: r._id, buildingId: building._id, floor: r.floor, roomLabel: `${building.name} ${r.number}`, month: '2026-07', ratings: { [`i-${r._id}`]: 'excellent' }, civilised: true,
    })));
    app.emu.clock.set(at('2026-08-01T00:10:00'));
    const firings = [];
    for (let i = 0; i < 4; i += 1) {
      const fired = await app.emu.triggers.fire('badge', 'civil-rooms');
      firings.push({ result: (fired as { result?: unknown }).result, meter: cost(app.meterOf((fired as { invocationId?: string }).invocationId)) });
    }
    console.log('civil-rooms timer firings (120 rooms)', JSON.stringify(firings));
    expect(firings.map((f) => f.result)).toEqual([
      { ok: true, data: { month: '2026-07', awarded: 50, existing: 0, done: false } },
      { ok: true, data: { month: '2026-07', awarded: 50, existing: 0, done: false } },
      { ok: true, data: { month: '2026-07', awarded: 20, existing: 0, done: true } },
      { ok: true, data: { month: '2026-07', awarded: 0, existing: 0, done: true } },
    ]);
    expect(firings[3].meter).toEqual({ reads: 2, writes: 0 });
    const { total } = await app.db.collection('badge_awards').where({ buildingId: building._id, source: 'civilRoom' }).count();
    expect(total).toBe(120);
  });
});

describe('the 脏乱差 suspension', () => {
  it('a flag suspends the room’s badges on the room and its plaque, the re-inspection restores them, a reissue keeps both; members’ own badges stay; the plaque still reads twice', async () => {
    const { building, rooms, c1, c2 } = await roomWorld('83', 1);
    const [room] = rooms;
    const resident = buildMember({ name: '严明', buildingId: building._id, buildingName: building.name, roomId: room._id, roomNumber: room.number, awards: [{ awardId: 'ms_hours50_x', code: 'hours50', name: '志愿服务50小时', until: null }] });
    await app.insert('members', resident);
    await app.insert('inspections_room_months', { _id: `${room._id}:2026-09`, roomId: room._id, buildingId: building._id, floor: room.floor, roomLabel: `${building.name} ${room.number}`, month: '2026-09', ratings: { i1: 'excellent' }, civilised: true });
    app.emu.clock.set(at('2026-10-01T09:00:00'));
    expect(await app.call(c1.openid, 'badge', 'settleCivilRooms', { month: '2026-09', buildingId: building._id })).toMatchObject({ ok: true, data: { awarded: 1 } });
    const inspect = (openid: string, scores: typeof full) => app.call(openid, 'checkin', 'inspectRoom', { roomId: room._id, scores, note: '' });
    const now = at('2026-10-08T10:00:00');
    app.emu.clock.set(now);
    const state = async () => {
      const [r, p, m] = [await docOf('rooms', room._id), await docOf('plaques', (await docOf('rooms', room._id)).plaqueCode), await docOf<MemberDoc>('members', resident._id)];
      return { room: shown(r.roomAwards, r.roomFlagged, now), plaque: shown(p.roomAwards, p.roomFlagged, now), flagged: [r.roomFlagged ?? false, p.roomFlagged ?? false], member: shown(m.awards, false, now) };
    };
    expect(await state()).toEqual({ room: ['civilRoom'], plaque: ['civilRoom'], flagged: [false, false], member: ['hours50'] });

    const flag = await inspect(c1.openid, half);
    expect(flag).toMatchObject({ ok: true, data: { rating: 'failing' } });
    console.log('DB per call: inspectRoom that flags (with the suspension)', JSON.stringify(cost(app.meterOf(flag.invocationId))));
    expect(await state()).toEqual({ room: [], plaque: [], flagged: [true, true], member: ['hours50'] });
    // Two reads on a warm instance (the first scan may read the term calendar once: _common/terms.ts).
    await app.call('o-scan-ba', 'plaque', 'view', { code: room.plaqueCode });
    const scan = await app.call('o-scan-ba', 'plaque', 'view', { code: room.plaqueCode });
    expect(scan.ok).toBe(true);
    expect(app.meterOf(scan.invocationId)?.reads).toBeLessThanOrEqual(2);
    // Still failing on a re-inspection: still suspended, nothing rewritten.
    expect(await inspect(c2.openid, half)).toMatchObject({ ok: true, data: { rating: 'failing' } });
    expect((await state()).flagged).toEqual([true, true]);

    const cleared = await inspect(c2.openid, full);
    // c2 gave the latest 脏乱差, so another inspector (c1) clears it.
    expect(cleared).toMatchObject({ ok: false, error: { code: 'REINSPECTION_SAME_INSPECTOR' } });
    expect(await inspect(c1.openid, full)).toMatchObject({ ok: true, data: { rating: 'excellent', flag: { flagged: false } } });
    expect(await state()).toEqual({ room: ['civilRoom'], plaque: ['civilRoom'], flagged: [false, false], member: ['hours50'] });

    // Flagged again, then the admin reissues the door's code: the new plaque carries the awards and the flag.
    expect(await inspect(c2.openid, half)).toMatchObject({ ok: true, data: { rating: 'failing' } });
    const reissued = await app.call(seed.admin.openid, 'plaque', 'issueCode', { roomId: room._id });
    if (!reissued.ok) throw new Error(JSON.stringify(reissued));
    const plaque = await docOf('plaques', reissued.data.code);
    expect(plaque).toMatchObject({ status: 'active', roomFlagged: true, roomAwards: (await docOf('rooms', room._id)).roomAwards });
    expect(await state()).toEqual({ room: [], plaque: [], flagged: [true, true], member: ['hours50'] });
  });
});
