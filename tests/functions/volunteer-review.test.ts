import { startApp, type App } from './harness';
import { collectPages } from './index-served';

const cost = (m: unknown) => ({ reads: (m as { reads: number }).reads, writes: (m as { writes: number }).writes });
import { buildBuilding, buildUser } from './builders';
import { daysAgo, seedVolunteer, type SeededMember, type VolunteerSeed } from './volunteer-seed';
import { termOf } from '../../src/shared/domain/term';
import { reviewCommentRequired, type ReviewDecision } from '../../src/shared/domain/review';

/** Reviewing: scope, own entries, partial approval, races counted once, bulk approval, notices, audit. */
let app: App;
let seed: VolunteerSeed;
let alice: SeededMember;
let bob: SeededMember;

const memberDoc = async (id: string) => (await app.db.collection('members').doc(id).get()).data[0] as Record<string, any>;
const entryDoc = async (id: string) => (await app.db.collection('volunteer_entries').doc(id).get()).data[0] as Record<string, any>;
const auditOf = async (id: string) => (await app.db.collection('audit').where({ 'target.id': id }).get()).data as Array<Record<string, any>>;
let day = 0;
/** Each entry on its own day, so the day rules never get in the way. */
const nextDay = () => daysAgo(1 + ((day += 1) % 28));

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  alice = await seed.member({ name: '韩梅梅', status: 'probationary' });
  bob = await seed.member({ name: '赵强', building: seed.y });
});
afterAll(() => app.stop());

describe('volunteer.pendingEntries', () => {
  it('lists the counselor’s buildings only, oldest first, with age in days', async () => {
    const m = await seed.member({ name: '孙丽' });
    const older = await seed.pendingEntry(m, { date: daysAgo(10), submittedAt: new Date(Date.now() - 3.5 * 86_400_000) });
    const newer = await seed.pendingEntry(m, { date: daysAgo(9), submittedAt: new Date(Date.now() - 3_600_000) });
    const inY = await seed.pendingEntry(bob, { date: daysAgo(9) });
    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'pendingEntries', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const ids = reply.data.items.map((e) => e.id);
    expect(ids.indexOf(older._id)).toBeLessThan(ids.indexOf(newer._id));
    expect(ids).not.toContain(inY._id);
    expect(reply.data.items.find((e) => e.id === older._id)).toMatchObject({ memberId: m.doc._id, memberName: '孙丽', branchName: m.doc.branchName, ageDays: 3 });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'pendingEntries', { buildingId: seed.y._id })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });
  it('pages oldest first by (submittedAt, _id): no duplicates or gaps while entries arrive and are reviewed between pages', async () => {
    const z = buildBuilding({ name: '智园9号楼' });
    await app.insert('buildings', z);
    const counselorZ = buildUser({ role: 'counselor', name: '周老师', buildingIds: [z._id] });
    await app.insert('users', counselorZ);
    const m = await seed.member({ name: '钱多', building: z });
    const at = (h: number) => new Date(Date.now() - h * 3_600_000);
    // Three share one submission instant: the _id breaks the tie.
    const hours = [50, 40, 40, 40, 30, 20, 10];
    const original = [];
    for (const [i, h] of hours.entries()) original.push(await seed.pendingEntry(m, { date: daysAgo(2 + i), submittedAt: at(h) }));
    const expected = [...original].sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime() || (a._id < b._id ? -1 : 1)).map((e) => e._id);

    const seen = await collectPages(
      app,
      (cursor) => app.call(counselorZ.openid, 'volunteer', 'pendingEntries', { limit: 3, ...(cursor ? { cursor } : {}) }),
      async (seen) => {
        // Between pages: a new submission (it belongs at the end), one older than the cursor (already passed), and a review of a seen one.
        await seed.pendingEntry(m, { date: daysAgo(12), submittedAt: at(1) });
        await seed.pendingEntry(m, { date: daysAgo(13), submittedAt: at(60) });
        expect(await app.call(counselorZ.openid, 'volunteer', 'review', { id: seen[0], decision: 'approve' })).toMatchObject({ ok: true });
      },
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, expected.length)).toEqual(expected);
    expect(seen).toHaveLength(expected.length + 1);
    expect(await app.call(counselorZ.openid, 'volunteer', 'pendingEntries', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('volunteer.review', () => {
  it('approves fewer hours with a comment; totals by kind, term and overall; audited before/after', async () => {
    const entry = await seed.pendingEntry(alice, { date: nextDay(), start: '08:00', end: '12:00' });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve', approvedHours: 2.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve', approvedHours: 4.5, comment: '多了' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve', approvedHours: 2.25, comment: '不是半小时' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve', approvedHours: 2.5, comment: '签到表显示10:30离开' });
    expect(reply).toMatchObject({ ok: true, data: { entry: { status: 'approved', hours: 4, approvedHours: 2.5, reviewComment: '签到表显示10:30离开', reviewedAt: expect.any(String) } } });
    const meter = app.meterOf(reply.invocationId);
    console.log('DB per call: review approve', JSON.stringify(cost(meter)));

    const m = await memberDoc(alice.doc._id);
    expect(m.hours[entry.termKey]).toBe(2.5);
    expect(m.hoursByKind[entry.termKey]).toEqual({ selfReported: 2.5 });
    expect(m.hoursOverall).toEqual({ selfReported: 2.5 });
    expect(await entryDoc(entry._id)).toMatchObject({ reviewedBy: seed.counselorX._id });
    expect(await auditOf(entry._id)).toEqual([
      expect.objectContaining({
        actorOpenid: seed.counselorX.openid, actorRole: 'counselor', action: 'volunteer.review.approve', at: expect.anything(),
        before: expect.objectContaining({ status: 'pending', approvedHours: null }), after: expect.objectContaining({ status: 'approved', approvedHours: 2.5 }),
      }),
    ]);
    // Approving again changes nothing.
    expect(await app.call(seed.counselorX2.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect((await memberDoc(alice.doc._id)).hoursOverall).toEqual({ selfReported: 2.5 });
  });

  it('rejects and returns only with a comment; neither counts hours', async () => {
    const e1 = await seed.pendingEntry(bob, { date: nextDay() });
    const e2 = await seed.pendingEntry(bob, { date: nextDay() });
    expect(await app.call(seed.counselorY.openid, 'volunteer', 'review', { id: e1._id, decision: 'reject' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(seed.counselorY.openid, 'volunteer', 'review', { id: e1._id, decision: 'reject', comment: '无法核实' })).toMatchObject({ ok: true, data: { entry: { status: 'rejected', approvedHours: null } } });
    expect(await app.call(seed.counselorY.openid, 'volunteer', 'review', { id: e2._id, decision: 'return', comment: '请补充地点' })).toMatchObject({ ok: true, data: { entry: { status: 'returned' } } });
    expect((await memberDoc(bob.doc._id)).hoursOverall).toBeUndefined();
    expect((await auditOf(e1._id))[0]).toMatchObject({ action: 'volunteer.review.reject', after: { status: 'rejected', reviewComment: '无法核实' } });
  });

  it('a counselor of building X cannot review building Y’s entries (NOT_FOUND), nor their own', async () => {
    const inY = await seed.pendingEntry(bob, { date: nextDay() });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: inY._id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: 'no-such-entry', decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await entryDoc(inY._id)).toMatchObject({ status: 'pending' });
    // An entry that names the counselor's own user (defence in depth: counselors have no member profile).
    const own = await seed.pendingEntry(alice, { date: nextDay(), userId: seed.counselorX._id });
    expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: own._id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(alice.openid, 'volunteer', 'review', { id: own._id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the review comment rule (shared with the review sheet)', () => {
  const cases: Array<[ReviewDecision, number | undefined]> = [
    ['approve', undefined], ['approve', 4], ['approve', 3.5], ['approve', 0], ['reject', undefined], ['return', undefined],
  ];
  it('the server refuses exactly the reviews the rule says need a comment and lack one', async () => {
    const m = await seed.member({ name: '规则核对' });
    let i = 0;
    const outcomes = [];
    for (const [decision, approvedHours] of cases) {
      for (const comment of [undefined, '说明原因']) {
        const entry = await seed.pendingEntry(m, { date: daysAgo(1 + (i += 1)), start: '08:00', end: '12:00' });
        const reply = await app.call(seed.counselorX.openid, 'volunteer', 'review', {
          id: entry._id, decision, ...(approvedHours === undefined ? {} : { approvedHours }), ...(comment ? { comment } : {}),
        });
        const refused = reviewCommentRequired(decision, 4, approvedHours) && !comment;
        outcomes.push({ decision, approvedHours, comment, answer: reply.ok ? 'ok' : reply.error.code });
        expect({ decision, approvedHours, comment, answer: reply.ok ? 'ok' : reply.error.code }).toEqual({ decision, approvedHours, comment, answer: refused ? 'INVALID_INPUT' : 'ok' });
      }
    }
    // The rule is not vacuous: both answers occur.
    expect(new Set(outcomes.map((o) => o.answer))).toEqual(new Set(['ok', 'INVALID_INPUT']));
  });
});

describe('review races', () => {
  it('50 concurrent approvals of one entry count its hours once', async () => {
    const m = await seed.member({ name: '吴敏' });
    const entry = await seed.pendingEntry(m, { date: nextDay(), start: '09:00', end: '12:30' });
    const reviewers = [seed.counselorX, seed.counselorX2];
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => app.call(reviewers[i % 2].openid, 'volunteer', 'review', { id: entry._id, decision: 'approve' })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(['INVALID_STATE', 'CONFLICT']).toContain(!r.ok && r.error.code);
    const doc = await memberDoc(m.doc._id);
    expect(doc.hours[entry.termKey]).toBe(3.5);
    expect(doc.hoursOverall).toEqual({ selfReported: 3.5 });
    expect(await auditOf(entry._id)).toHaveLength(1);
  });

  it('approve vs withdraw at once: exactly one wins, totals match the winner', async () => {
    for (let round = 0; round < 6; round += 1) {
      const m = await seed.member({ name: `郑${round}` });
      const entry = await seed.pendingEntry(m, { date: nextDay() });
      const [approve, withdraw] = await Promise.all([
        app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve' }),
        app.call(m.openid, 'volunteer', 'withdraw', { id: entry._id }),
      ]);
      expect([approve.ok, withdraw.ok].filter(Boolean)).toHaveLength(1);
      const status = (await entryDoc(entry._id)).status;
      const total = (await memberDoc(m.doc._id)).hoursOverall?.selfReported ?? 0;
      if (approve.ok) expect([status, total]).toEqual(['approved', 2]);
      else expect([status, total, !approve.ok && approve.error.code]).toEqual(['withdrawn', 0, 'INVALID_STATE']);
    }
  });
});

describe('volunteer.bulkApprove', () => {
  it('approves 50 entries in one call, skipping others with their codes; hours counted once', async () => {
    const members = await Promise.all(Array.from({ length: 10 }, (_, i) => seed.member({ name: `成员${i}` })));
    const entries = [];
    for (const m of members) for (let d = 1; d <= 5; d += 1) entries.push(await seed.pendingEntry(m, { date: daysAgo(d), start: '14:00', end: '15:30' }));
    const ids = entries.map((e) => e._id);
    const reply = await app.call(seed.counselorX.openid, 'volunteer', 'bulkApprove', { ids });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data.approved.sort()).toEqual([...ids].sort());
    expect(reply.data.skipped).toEqual([]);
    const meter = app.meterOf(reply.invocationId);
    console.log('DB per call: bulkApprove 50', JSON.stringify(cost(meter)));
    for (const m of members) expect((await memberDoc(m.doc._id)).hoursOverall).toEqual({ selfReported: 7.5 });

    const inY = await seed.pendingEntry(bob, { date: nextDay() });
    const again = await app.call(seed.counselorX.openid, 'volunteer', 'bulkApprove', { ids: [ids[0], inY._id, 'nope'] });
    expect(again).toEqual({ ok: true, data: { approved: [], skipped: [{ id: ids[0], code: 'INVALID_STATE' }, { id: inY._id, code: 'NOT_FOUND' }, { id: 'nope', code: 'NOT_FOUND' }] } });
    expect((await memberDoc(members[0].doc._id)).hoursOverall).toEqual({ selfReported: 7.5 });
  });
});

describe('review notifications', () => {
  it('a member who subscribed gets exactly one message, recorded in the emulator outbox', async () => {
    const m = await seed.member({ name: '冯雪' });
    const draft = await app.call(m.openid, 'volunteer', 'saveDraft', { title: '宿舍安全宣讲', category: 'theoryOutreach', date: nextDay(), start: '19:00', end: '21:00', place: '活动室' });
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    const id = draft.data.entry.id;
    expect((await app.call(m.openid, 'volunteer', 'submit', { id, subscribe: true })).ok).toBe(true);
    await Promise.all(Array.from({ length: 5 }, () => app.call(seed.counselorX.openid, 'volunteer', 'review', { id, decision: 'approve', approvedHours: 1.5, comment: '按签到时间认定' })));
    const outbox = app.emu.wx.outbox(m.openid);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      touser: m.openid,
      template_id: expect.any(String),
      page: 'member/hours/index',
      data: { thing1: { value: '宿舍安全宣讲' }, phrase2: { value: '已通过' }, thing3: { value: '1.5小时（申报2小时）' }, thing4: { value: '按签到时间认定' } },
    });
    expect(await entryDoc(id)).toMatchObject({ notifyOnReview: false });
  });

  it('sends nothing when the member did not subscribe', async () => {
    const m = await seed.member({ name: '蒋涛' });
    const entry = await seed.pendingEntry(m, { date: nextDay(), notifyOnReview: false });
    expect((await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'reject', comment: '重复' })).ok).toBe(true);
    expect(app.emu.wx.outbox(m.openid)).toEqual([]);
  });
});

it('term keys follow the entry date', () => {
  expect(termOf(new Date('2026-09-10T12:00:00+08:00')).key).toBe('2026-2027-1');
});
