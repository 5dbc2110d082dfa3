import { ballotId, TALLY_SETTLE_MS } from '../../src/shared/domain/star';
import { buildRoster, buildUser } from './builders';
import { startApp, type App } from './harness';
import { buildCandidate, buildRound } from './star-world';
import { seedWorld, type World } from './world';

/**
 * The vote (issue 9): one ballot per roster identity per round, as a fact of the database; two reads
 * and one write; the window's end refuses or counts, never half; scope and roles; no counts before
 * the tally. Through the local CloudBase and the real SDK, with real concurrency.
 */
let app: App;
let tags = 0;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.stop());
afterEach(() => app.emu.clock.reset());

const world = () => seedWorld(app, `v${(tags += 1)}`);
const ballotsOf = async (roundId: string) => (await app.db.collection('star_ballots').where({ roundId }).get()).data as Array<{ _id: string; choices: string[] }>;

/** A voting round of building A with the neighbour and the member as candidates (K = 1 unless told). */
async function votingRound(w: World, o: Parameters<typeof buildRound>[0] extends infer P ? Partial<P> : never = {}) {
  const now = Date.now();
  const round = buildRound({
    month: `2031-${String((tags % 12) + 1).padStart(2, '0')}`, buildingIds: [w.a._id],
    nominateFrom: new Date(now - 3 * DAY), nominateUntil: new Date(now - 2 * DAY), voteFrom: new Date(now - DAY), voteUntil: new Date(now + DAY),
    candidateIds: [w.neighbour._id, w.member._id], ...o,
  });
  await app.insert('star_rounds', round);
  await app.insert('star_candidates', [buildCandidate(round, w.neighbour), buildCandidate(round, w.member)]);
  return round;
}

describe('a vote', () => {
  it('costs two reads (the caller, the round) and one write (the ballot), and stores who, when, from where', async () => {
    const w = await world();
    const result = await app.emu.functions.invoke('star', { action: 'vote', input: { roundId: w.star.voting._id, candidateIds: [w.neighbour._id] } }, { openid: w.openids.student, clientIp: '203.0.113.7' });
    expect(result).toMatchObject({ ok: true, result: { ok: true, data: { votedFor: [w.neighbour._id] } } });
    const meter = app.meterOf(result.invocationId);
    console.log(`vote: ${meter?.reads} reads, ${meter?.writes} writes (${meter?.requests.map((r) => `${r.op} ${r.collection}`).join(', ')})`);
    expect(meter).toMatchObject({ reads: 2, writes: 1 });
    const [ballot] = (await app.db.collection('star_ballots').doc(ballotId(w.star.voting._id, w.studentRoster._id)).get()).data;
    expect(ballot).toMatchObject({
      choices: [w.neighbour._id], openid: w.openids.student, userId: w.users.student._id, rosterId: w.studentRoster._id, clientIp: '203.0.113.7', buildingId: w.a._id,
      boundAt: w.users.student.createdAt, recentBind: false,
    });
  });

  it('a user bound before the home building was copied onto users still votes (one more read, of the roster)', async () => {
    const w = await world();
    await app.db.collection('users').doc(w.users.student._id).update({ buildingId: app.db.command.remove() });
    const reply = await app.call(w.openids.student, 'star', 'vote', { roundId: w.star.voting._id, candidateIds: [w.neighbour._id] });
    expect(reply.ok).toBe(true);
    expect(app.meterOf(reply.invocationId)).toMatchObject({ reads: 3, writes: 1 });
  });

  it('is final: the same ballot again is the same success, another one is ALREADY_VOTED', async () => {
    const w = await world();
    const round = await votingRound(w);
    const first = await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.neighbour._id] });
    const again = await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.neighbour._id] });
    expect(again).toEqual(first);
    const other = await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.member._id] });
    expect(other).toMatchObject({ ok: false, error: { code: 'ALREADY_VOTED', message: expect.stringContaining('已经投过票') } });
    expect(await ballotsOf(round._id)).toHaveLength(1);
  });

  it('200 concurrent ballots of one voter, identical and different: exactly one is stored, every reply agrees with it', async () => {
    const w = await world();
    const round = await votingRound(w, { votesPerVoter: 2 });
    const choices = [[w.neighbour._id], [w.member._id], [w.neighbour._id, w.member._id], [w.member._id, w.neighbour._id]];
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: choices[i % choices.length] })),
    );
    const stored = await ballotsOf(round._id);
    expect(stored).toHaveLength(1);
    const sameAsStored = (c: string[]) => [...c].sort().join() === [...stored[0].choices].sort().join();
    for (const [i, reply] of replies.entries()) {
      if (reply.ok) expect(sameAsStored(reply.data.votedFor)).toBe(true);
      else {
        expect(reply.error.code).toBe('ALREADY_VOTED');
        expect(sameAsStored(choices[i % choices.length])).toBe(false);
      }
    }
    expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(50);
  });

  it('at voteUntil - 1 ms it is counted; at voteUntil it is refused; the tally has exactly the accepted ballot', async () => {
    const w = await world();
    const round = await votingRound(w);
    app.emu.clock.freeze(new Date(round.voteUntil.getTime() - 1));
    expect(await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.neighbour._id] })).toMatchObject({ ok: true });
    app.emu.clock.freeze(round.voteUntil);
    expect(await app.call(w.openids.member, 'star', 'vote', { roundId: round._id, candidateIds: [w.neighbour._id] })).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE' } });
    // The tally waits until every ballot accepted before the close has committed.
    app.emu.clock.freeze(new Date(round.voteUntil.getTime() + TALLY_SETTLE_MS - 1));
    expect(await app.call(w.openids.counselor, 'star', 'close', { roundId: round._id })).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE' } });
    app.emu.clock.freeze(new Date(round.voteUntil.getTime() + TALLY_SETTLE_MS));
    expect(await app.call(w.openids.counselor, 'star', 'close', { roundId: round._id })).toMatchObject({ ok: true, data: { round: { phase: 'tallied' } } });
    const view = await app.call(w.openids.counselor, 'star', 'round', { id: round._id });
    expect(view).toMatchObject({ ok: true, data: { tally: [{ memberId: w.neighbour._id, votes: 1, rank: 1 }, { memberId: w.member._id, votes: 0, rank: 2 }], turnout: { voted: 1 } } });
  });

  it('before voting opens it is refused too', async () => {
    const w = await world();
    const reply = await app.call(w.openids.student, 'star', 'vote', { roundId: w.star.nominating._id, candidateIds: [w.neighbour._id] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'ROUND_PHASE', message: expect.stringContaining('现在不是投票时间') } });
  });

  it('unbinding and binding the same 学号 on another WeChat account cannot vote again', async () => {
    const w = await world();
    const round = await votingRound(w);
    expect(await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.neighbour._id] })).toMatchObject({ ok: true });
    expect(await app.call(w.openids.admin, 'account', 'unbind', { userId: w.users.student._id, reason: '学生更换了微信号' })).toMatchObject({ ok: true });
    const other = `o-new-phone-${tags}`;
    expect(await app.call(other, 'account', 'bind', { studentNo: w.studentRoster.studentNo, name: w.studentRoster.name })).toMatchObject({ ok: true });
    const rebound = await app.call(other, 'star', 'vote', { roundId: round._id, candidateIds: [w.member._id] });
    expect(rebound).toMatchObject({ ok: false, error: { code: 'ALREADY_VOTED' } });
    // The refusal reads the stored ballot (user, round, ballot) and writes nothing; the new account
    // carries its home building from the bind, so no roster read.
    expect(app.meterOf(rebound.invocationId)).toMatchObject({ reads: 3, writes: 0 });
    expect((await app.db.collection('users').where({ openid: other }).get()).data).toMatchObject([{ rosterId: w.studentRoster._id, buildingId: w.a._id }]);
    const view = await app.call(other, 'star', 'round', { id: round._id });
    expect(view).toMatchObject({ ok: true, data: { me: { inElectorate: true, votedFor: [w.neighbour._id] } } });
    expect(await ballotsOf(round._id)).toHaveLength(1);
  });

  it('a member cannot vote for themself; at most K, one per candidate, only candidates', async () => {
    const w = await world();
    const round = await votingRound(w);
    expect(await app.call(w.openids.member, 'star', 'vote', { roundId: round._id, candidateIds: [w.member._id] })).toMatchObject({ ok: false, error: { code: 'SELF_VOTE' } });
    expect(await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.member._id, w.neighbour._id] })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: '选择的人数超过了本轮可投票数' },
    });
    expect(await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.member._id, w.member._id] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: ['m-nobody'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '所选的人不是本轮的候选人' } });
    expect(await ballotsOf(round._id)).toHaveLength(0);
  });
});

describe('the electorate', () => {
  it('refuses a student of another community, an unbound guest, a member living outside the scope, and staff', async () => {
    const w = await world();
    const elsewhere = await world();
    const round = await votingRound(w);
    const input = { roundId: round._id, candidateIds: [w.neighbour._id] };
    expect(await app.call(elsewhere.openids.student, 'star', 'vote', input)).toMatchObject({ ok: false, error: { code: 'NOT_IN_ELECTORATE' } });
    expect(await app.call(w.openids.guest, 'star', 'vote', input)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    expect(await app.call(w.openids.counselor, 'star', 'vote', input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A round of building B only: the member lives in A.
    const roundB = await votingRound(w, { month: '2032-01', buildingIds: [w.b._id], candidateIds: [w.neighbour._id] });
    expect(await app.call(w.openids.member, 'star', 'vote', { roundId: roundB._id, candidateIds: [w.neighbour._id] })).toMatchObject({ ok: false, error: { code: 'NOT_IN_ELECTORATE' } });
    // A student of building B (bound, but not to this round's building A).
    const rosterB = buildRoster({ name: '周杰', buildingId: w.b._id, roomId: w.roomB._id });
    const userB = buildUser({ role: 'student', name: '周杰', rosterId: rosterB._id, buildingId: w.b._id });
    await app.insert('roster', { ...rosterB, boundUserId: userB._id });
    await app.insert('users', userB);
    expect(await app.call(userB.openid, 'star', 'vote', input)).toMatchObject({ ok: false, error: { code: 'NOT_IN_ELECTORATE' } });
    expect(await app.call(userB.openid, 'star', 'round', { id: round._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ballotsOf(round._id)).toHaveLength(0);
    expect(await ballotsOf(roundB._id)).toHaveLength(0);
  });

  it('per-candidate counts reach nobody before the tally: staff see turnout only; after it staff see the tally, everyone once published', async () => {
    const w = await world();
    const round = await votingRound(w);
    await app.call(w.openids.student, 'star', 'vote', { roundId: round._id, candidateIds: [w.neighbour._id] });
    for (const role of ['student', 'member', 'counselor', 'admin'] as const) {
      const view = await app.call(w.openids[role], 'star', 'round', { id: round._id });
      if (!view.ok) throw new Error(JSON.stringify(view));
      expect(view.data.tally).toBeNull();
      expect(view.data.flags).toBeNull();
      expect(JSON.stringify(view.data)).not.toMatch(/"votes"/);
      // Turnout: one ballot of the student and member bound in building A.
      expect(view.data.turnout).toEqual(role === 'counselor' || role === 'admin' ? { voted: 1, electorate: 2 } : null);
    }
    app.emu.clock.set(new Date(round.voteUntil.getTime() + TALLY_SETTLE_MS));
    expect(await app.call(w.openids.counselor, 'star', 'close', { roundId: round._id })).toMatchObject({ ok: true });
    expect(await app.call(w.openids.student, 'star', 'round', { id: round._id })).toMatchObject({ ok: true, data: { tally: null, flags: null } });
    expect(await app.call(w.openids.counselor, 'star', 'round', { id: round._id })).toMatchObject({ ok: true, data: { tally: [{ votes: 1 }, { votes: 0 }], flags: [] } });
    expect(await app.call(w.openids.counselor, 'star', 'publish', { roundId: round._id, memberId: w.neighbour._id })).toMatchObject({ ok: true });
    expect(await app.call(w.openids.student, 'star', 'round', { id: round._id })).toMatchObject({ ok: true, data: { tally: [{ memberId: w.neighbour._id, votes: 1 }, { votes: 0 }], flags: null } });
  });
});
