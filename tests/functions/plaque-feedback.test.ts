import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import { buildBuilding, buildFeedback, buildMember, buildUser } from './builders';
import { startApp, type App } from './harness';
import { collectPages } from './index-served';

let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });

const memberUser = buildUser({ role: 'member', name: '韩梅梅' });
const member = buildMember({ name: '韩梅梅', buildingId: a._id, buildingName: a.name, roomNumber: '301', userId: memberUser._id });
memberUser.memberId = member._id;
const hidden = buildMember({ name: '赵强', buildingId: a._id, buildingName: a.name, consent: { public: false, changedAt: new Date() } });
const inB = buildMember({ name: '周杰', buildingId: b._id, buildingName: b.name, roomNumber: '402' });

const student = buildUser({ role: 'student', name: '李雷' });
const counselorA = buildUser({ role: 'counselor', name: '张老师', buildingIds: [a._id] });
const counselorA2 = buildUser({ role: 'counselor', name: '陈老师', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', name: '王老师', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin', name: '管理员' });

const TEXT = '晚上十一点以后宿舍还在打游戏，希望带头保持安静';

const feedbackOf = async (where: Record<string, unknown>) => (await app.db.collection('feedback').where(where).get()).data as Array<Record<string, unknown>>;
const list = (openid: string, status?: 'open' | 'closed') => app.call(openid, 'plaque', 'listFeedback', status ? { status } : {});

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  await app.insert('members', [member, hidden, inB]);
  await app.insert('users', [memberUser, student, counselorA, counselorA2, counselorB, admin]);
});
afterAll(() => app.stop());

describe('plaque.sendFeedback and listFeedback: routing', () => {
  let id = '';

  it("reaches the counselors of the member's building and admins, without the sender's identity", async () => {
    const sent = await app.call(student.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: `  ${TEXT}  ` });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    id = sent.data.id;
    const [stored] = await feedbackOf({ _id: id });
    expect(stored).toMatchObject({ memberId: member._id, buildingId: a._id, senderUserId: student._id, text: TEXT, status: 'open', roomLabel: '智园1号楼 301' });

    const reply = await list(counselorA.openid);
    expect(reply).toEqual({
      ok: true,
      data: { items: [{ id, memberId: member._id, memberName: '韩梅梅', roomLabel: '智园1号楼 301', text: TEXT, status: 'open', createdAt: expect.any(String), closedAt: null, note: null, reply: null }], nextCursor: null },
    });
    const text = JSON.stringify(reply);
    for (const sender of [student._id, student.openid, student.name!, 'senderUserId']) expect(text).not.toContain(sender);

    const all = await list(admin.openid);
    expect(all.ok && all.data.items.map((i) => i.id)).toContain(id);
  });

  it("does not reach another building's counselor, nor the member, nor students", async () => {
    expect(await list(counselorB.openid)).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await list(memberUser.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await list(student.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await list('o-guest-feedback')).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
  });

  it('lists by status, newest first', async () => {
    const older = buildFeedback({ memberId: inB._id, buildingId: b._id, createdAt: new Date('2026-09-01T08:00:00Z') });
    const newer = buildFeedback({ memberId: inB._id, buildingId: b._id, createdAt: new Date('2026-09-03T08:00:00Z') });
    const closed = buildFeedback({ memberId: inB._id, buildingId: b._id, status: 'closed', closedAt: new Date('2026-09-04T08:00:00Z'), closedBy: counselorB._id, note: '已谈话' });
    await app.insert('feedback', [older, closed, newer]);
    const open = await list(counselorB.openid, 'open');
    expect(open.ok && open.data.items.map((i) => i.id)).toEqual([newer._id, older._id]);
    const done = await list(counselorB.openid, 'closed');
    expect(done.ok && done.data.items).toEqual([expect.objectContaining({ id: closed._id, status: 'closed', closedAt: '2026-09-04T08:00:00.000Z', note: '已谈话' })]);
  });
});

describe('plaque.sendFeedback: refusals store nothing', () => {
  it('about a member who is not public, or does not exist: NOT_FOUND', async () => {
    const sender = buildUser({ role: 'student' });
    await app.insert('users', sender);
    expect(await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: hidden._id, text: TEXT })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: 'm-nobody', text: TEXT })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await feedbackOf({ senderUserId: sender._id })).toEqual([]);
  });

  it('about oneself: FORBIDDEN', async () => {
    expect(await app.call(memberUser.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await feedbackOf({ senderUserId: memberUser._id })).toEqual([]);
    // A member may of course send feedback about another member.
    expect((await app.call(memberUser.openid, 'plaque', 'sendFeedback', { memberId: inB._id, text: TEXT })).ok).toBe(true);
  });

  it('text that fails the content check: CONTENT_REJECTED, after the check was really asked', async () => {
    const sender = buildUser({ role: 'student' });
    await app.insert('users', sender);
    const before = app.emu.wx.calls.length;
    const reply = await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: '有人在宿舍赌博，没人管' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
    expect(app.emu.wx.calls.slice(before)).toEqual([expect.objectContaining({ apiName: '/wxa/msg_sec_check', request: expect.objectContaining({ openid: sender.openid, content: '有人在宿舍赌博，没人管' }) })]);
    expect(await feedbackOf({ senderUserId: sender._id })).toEqual([]);
  });

  it.each([
    ['WeChat busy (errcode -1)', { errcode: -1, errmsg: 'system error' }],
    ['a bad access token (errcode 40001)', { errcode: 40001, errmsg: 'invalid credential' }],
    ['WeChat unreachable', 'unreachable'],
  ] as const)('%s: CONTENT_CHECK_UNAVAILABLE, never CONTENT_REJECTED, and nothing stored', async (_case, failure) => {
    const sender = buildUser({ role: 'student' });
    await app.insert('users', sender);
    app.emu.wx.failNext('/wxa/msg_sec_check', failure);
    const reply = await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT });
    expect(reply).toEqual({ ok: false, error: { code: 'CONTENT_CHECK_UNAVAILABLE', message: '内容安全检查暂时不可用，请稍后再试' } });
    expect(await feedbackOf({ senderUserId: sender._id })).toEqual([]);
    // The outage was one call: the same text goes through once WeChat answers again.
    expect((await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT })).ok).toBe(true);
  });

  it('is rate-limited per sender', async () => {
    const [one, two] = [buildUser({ role: 'student' }), buildUser({ role: 'student' })];
    await app.insert('users', [one, two]);
    const results = [];
    for (let i = 0; i < RATE_LIMITS.feedback.limit + 1; i += 1) results.push(await app.call(one.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: `${TEXT}（第${i + 1}次）` }));
    expect(results.map((r) => r.ok || r.error.code)).toEqual([...Array(RATE_LIMITS.feedback.limit).fill(true), 'RATE_LIMITED']);
    expect(await feedbackOf({ senderUserId: one._id })).toHaveLength(RATE_LIMITS.feedback.limit);
    expect((await app.call(two.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT })).ok).toBe(true);
  });

  it('costs two reads (the caller, the member) and two or three writes (counter, feedback)', async () => {
    const sender = buildUser({ role: 'student' });
    await app.insert('users', sender);
    const first = await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT });
    const second = await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT });
    expect(app.meterOf(first.invocationId)).toMatchObject({ reads: 2, writes: 3 });
    expect(app.meterOf(second.invocationId)).toMatchObject({ reads: 2, writes: 2 });
  });
});

describe('plaque.closeFeedback', () => {
  it("is refused outside the counselor's buildings (NOT_FOUND, as for an unknown id), and for admins by role", async () => {
    const item = buildFeedback({ memberId: member._id, buildingId: a._id });
    await app.insert('feedback', item);
    expect(await app.call(counselorB.openid, 'plaque', 'closeFeedback', { id: item._id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(counselorB.openid, 'plaque', 'closeFeedback', { id: 'fb-nothing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call(admin.openid, 'plaque', 'closeFeedback', { id: item._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(memberUser.openid, 'plaque', 'closeFeedback', { id: item._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await feedbackOf({ _id: item._id }))[0]).toMatchObject({ status: 'open', closedBy: null });
  });

  it('closes in scope with a note, audited with before and after; closing again is a CONFLICT that changes nothing', async () => {
    const item = buildFeedback({ memberId: member._id, buildingId: a._id });
    await app.insert('feedback', item);
    expect(await app.call(counselorA.openid, 'plaque', 'closeFeedback', { id: item._id, note: ' 已与该党员谈话 ' })).toEqual({ ok: true, data: { done: true } });
    const [stored] = await feedbackOf({ _id: item._id });
    expect(stored).toMatchObject({ status: 'closed', closedBy: counselorA._id, note: '已与该党员谈话', closedAt: expect.any(Date) });

    const audits = (await app.db.collection('audit').where({ 'target.id': item._id }).get()).data;
    expect(audits).toEqual([
      expect.objectContaining({
        actorOpenid: counselorA.openid,
        actorRole: 'counselor',
        action: 'plaque.closeFeedback',
        target: { collection: 'feedback', id: item._id },
        before: { status: 'open', closedAt: null, closedBy: null, note: null, reply: null },
        after: expect.objectContaining({ status: 'closed', closedBy: counselorA._id, note: '已与该党员谈话' }),
      }),
    ]);

    expect(await app.call(counselorA2.openid, 'plaque', 'closeFeedback', { id: item._id, note: '另一条' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await feedbackOf({ _id: item._id }))[0]).toMatchObject({ closedBy: counselorA._id, note: '已与该党员谈话' });
    expect((await app.db.collection('audit').where({ 'target.id': item._id }).get()).data).toHaveLength(1);

    const closed = await list(counselorA.openid, 'closed');
    expect(closed.ok && closed.data.items.find((i) => i.id === item._id)).toMatchObject({ status: 'closed', note: '已与该党员谈话', closedAt: expect.any(String) });
  });

  it('of two counselors closing at once, exactly one succeeds', async () => {
    const item = buildFeedback({ memberId: member._id, buildingId: a._id });
    await app.insert('feedback', item);
    const replies = await Promise.all([counselorA, counselorA2].map((c) => app.call(c.openid, 'plaque', 'closeFeedback', { id: item._id })));
    expect(replies.map((r) => r.ok || r.error.code).sort()).toEqual(['CONFLICT', true].sort());
    expect((await app.db.collection('audit').where({ 'target.id': item._id }).get()).data).toHaveLength(1);
  });
});

describe('the sender sees status and reply (myFeedback)', () => {
  const myFeedback = (openid: string, input: { cursor?: string; limit?: number } = {}) => app.call(openid, 'plaque', 'myFeedback', input);

  it('a student sees their feedback open, then closed with the counselor’s reply (never the internal note); the reply is audited', async () => {
    const sender = buildUser({ role: 'student', name: '许同学' });
    await app.insert('users', sender);
    const sent = await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    expect(await myFeedback(sender.openid)).toEqual({
      ok: true,
      data: { items: [{ id: sent.data.id, memberName: '韩梅梅', text: TEXT, status: 'open', createdAt: expect.any(String), closedAt: null, reply: null }], nextCursor: null },
    });

    const closed = await app.call(counselorA.openid, 'plaque', 'closeFeedback', { id: sent.data.id, note: '内部：已约谈', reply: ' 已与该党员沟通，谢谢你的监督 ' });
    expect(closed).toEqual({ ok: true, data: { done: true } });
    const mine = await myFeedback(sender.openid);
    expect(mine).toEqual({
      ok: true,
      data: { items: [{ id: sent.data.id, memberName: '韩梅梅', text: TEXT, status: 'closed', createdAt: expect.any(String), closedAt: expect.any(String), reply: '已与该党员沟通，谢谢你的监督' }], nextCursor: null },
    });
    expect(JSON.stringify(mine)).not.toContain('内部：已约谈');
    const [record] = (await app.db.collection('audit').where({ 'target.id': sent.data.id }).get()).data;
    expect(record).toMatchObject({ action: 'plaque.closeFeedback', after: { status: 'closed', reply: '已与该党员沟通，谢谢你的监督', note: '内部：已约谈' } });
    const staff = await list(counselorA.openid, 'closed');
    expect(staff.ok && staff.data.items.find((i) => i.id === sent.data.id)).toMatchObject({ reply: '已与该党员沟通，谢谢你的监督', note: '内部：已约谈' });
  });

  it('nobody else sees it: not another student, not the member it is about (who never learns the sender)', async () => {
    const [sender, other] = [buildUser({ role: 'student', name: '甲同学' }), buildUser({ role: 'student', name: '乙同学' })];
    await app.insert('users', [sender, other]);
    const sent = await app.call(sender.openid, 'plaque', 'sendFeedback', { memberId: member._id, text: TEXT });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    expect(await myFeedback(other.openid)).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    const theMember = await myFeedback(memberUser.openid);
    expect(theMember.ok && theMember.data.items.map((i) => i.id)).not.toContain(sent.data.id);
    for (const secret of [sender._id, sender.openid, '甲同学']) expect(JSON.stringify(theMember)).not.toContain(secret);
    // A cursor cannot reach into someone else's items: it only positions within the caller's own.
    expect(await myFeedback(other.openid, { cursor: `${Date.now() + 1000}_zzzz` })).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    expect(await myFeedback('o-guest-myfeedback')).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    expect(await myFeedback(counselorA.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('pages newest first with a cursor, every item once, through the declared index', async () => {
    const sender = buildUser({ role: 'student' });
    await app.insert('users', sender);
    const same = new Date('2026-10-01T08:00:00Z');
    const items = Array.from({ length: 7 }, (_, i) =>
      buildFeedback({ memberId: member._id, buildingId: a._id, senderUserId: sender._id, createdAt: i < 3 ? same : new Date(same.getTime() + i * 60_000) }),
    );
    // Someone else's items around the same instants must never appear.
    await app.insert('feedback', [...items, buildFeedback({ senderUserId: 'u-someone-else', createdAt: same })]);
    const seen: string[] = [];
    let cursor: string | undefined;
    const pages = [];
    do {
      const page = await myFeedback(sender.openid, cursor ? { cursor, limit: 3 } : { limit: 3 });
      if (!page.ok) throw new Error(JSON.stringify(page));
      pages.push(page);
      seen.push(...page.data.items.map((i) => i.id));
      cursor = page.data.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.ok && p.data.items.length)).toEqual([3, 3, 1]);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 4)).toEqual([items[6], items[5], items[4], items[3]].map((f) => f._id));
    expect(new Set(seen.slice(4))).toEqual(new Set(items.slice(0, 3).map((f) => f._id)));
    // The index on (senderUserId, createdAt) serves it: only the sender's items are examined.
    const meter = app.meterOf(pages[0].invocationId)!;
    expect(meter.byCollection.feedback?.docsExamined).toBeLessThanOrEqual(7);
    expect(app.meterOf(pages[1].invocationId)!.byCollection.feedback?.docsExamined).toBeLessThanOrEqual(7);
  });
});

describe('listFeedback pages', () => {
  it('newest first by (createdAt, _id): no duplicates or gaps while feedback arrives and is closed between pages', async () => {
    const c = buildBuilding({ name: '智园7号楼' });
    const counselorC = buildUser({ role: 'counselor', name: '吴老师', buildingIds: [c._id] });
    await app.insert('buildings', c);
    await app.insert('users', counselorC);
    const at = (h: number) => new Date(Date.UTC(2026, 9, 1) + h * 3_600_000);
    // Three created at one instant: the _id breaks the tie.
    const original = [50, 40, 40, 40, 30, 20, 10].map((h) => buildFeedback({ buildingId: c._id, createdAt: at(h) }));
    await app.insert('feedback', original);
    const expected = [...original].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x._id < y._id ? 1 : -1)).map((f) => f._id);

    const seen = await collectPages(
      app,
      (cursor) => app.call(counselorC.openid, 'plaque', 'listFeedback', { limit: 3, ...(cursor ? { cursor } : {}) }),
      async (seen) => {
        // Between pages: a newer item (above the cursor), an older one (it belongs at the end), and a seen one closed.
        const older = buildFeedback({ buildingId: c._id, createdAt: at(1) });
        await app.insert('feedback', [buildFeedback({ buildingId: c._id, createdAt: at(99) }), older]);
        expected.push(older._id);
        expect(await app.call(counselorC.openid, 'plaque', 'closeFeedback', { id: seen[0] })).toEqual({ ok: true, data: { done: true } });
      },
    );
    expect(seen).toEqual(expected);
    expect(await app.call(counselorC.openid, 'plaque', 'listFeedback', { cursor: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
