import { TALLY_SETTLE_MS } from '../../src/shared/domain/star';
import { buildRoster, buildUser } from './builders';
import { startApp, type App } from './harness';
import { buildBallot, buildCandidate, buildRound } from './star-world';
import { seedWorld, type World } from './world';

/**
 * The tally: an aggregation over the round's ballots, stored once on the round (open -> tallied in a
 * transaction), by the counselor's close or the timer, whichever comes first; flags by aggregation too.
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

const world = () => seedWorld(app, `t${(tags += 1)}`);
const auditsOf = async (roundId: string, action: string) => (await app.db.collection('audit').where({ action, 'target.id': roundId }).get()).data;
const roundDoc = async (id: string) => (await app.db.collection('star_rounds').doc(id).get()).data[0];

/** Voting ended an hour ago: the tally is due. Ballots inserted as they would be stored. */
async function endedRound(w: World, ballots: (round: ReturnType<typeof buildRound>) => object[]) {
  const now = Date.now();
  const round = buildRound({
    month: `2033-${String((tags % 12) + 1).padStart(2, '0')}`, buildingIds: [w.a._id],
    nominateFrom: new Date(now - 5 * DAY), nominateUntil: new Date(now - 4 * DAY), voteFrom: new Date(now - 3 * DAY), voteUntil: new Date(now - HOUR),
    candidateIds: [w.neighbour._id, w.member._id],
  });
  await app.insert('star_rounds', round);
  await app.insert('star_candidates', [buildCandidate(round, w.neighbour), buildCandidate(round, w.member)]);
  await app.insert('star_ballots', ballots(round));
  return round;
}

const voter = (i: number) => ({ _id: `u-t${tags}-${i}`, openid: `o-t${tags}-${i}`, rosterId: `s-t${tags}-${i}` });

describe('the tally', () => {
  it('1,000 voters at once: the stored tally equals the ballots, exactly', async () => {
    const w = await world();
    const now = Date.now();
    const extra = Array.from({ length: 3 }, (_, i) => ({ ...w.neighbour, _id: `m-extra-${tags}-${i}`, name: `候选人${i}` }));
    await app.insert('members', extra.map((m) => ({ ...m, rosterId: `s-extra-${tags}-${m._id}`, userId: null })));
    const candidates = [w.neighbour, w.member, ...extra];
    const round = buildRound({
      month: '2034-01', buildingIds: [w.a._id], votesPerVoter: 2,
      nominateFrom: new Date(now - 3 * DAY), nominateUntil: new Date(now - 2 * DAY), voteFrom: new Date(now - DAY), voteUntil: new Date(now + DAY),
      candidateIds: candidates.map((c) => c._id),
    });
    await app.insert('star_rounds', round);
    await app.insert('star_candidates', candidates.map((c) => buildCandidate(round, c)));
    const roster = Array.from({ length: 1000 }, (_, i) => buildRoster({ _id: `s-k${tags}-${i}`, studentNo: `38${tags}${String(i).padStart(6, '0')}`, name: '同学', buildingId: w.a._id, roomId: w.roomA._id }));
    const users = roster.map((r) => buildUser({ role: 'student', name: '同学', rosterId: r._id, buildingId: w.a._id }));
    await app.insert('roster', roster.map((r, i) => ({ ...r, boundUserId: users[i]._id })));
    await app.insert('users', users);

    // Each voter picks one or two candidates, spread unevenly.
    const choiceOf = (i: number) => (i % 3 === 0 ? [candidates[i % 5]._id] : [candidates[i % 5]._id, candidates[(i * 7 + 1) % 5]._id].filter((id, k, all) => all.indexOf(id) === k));
    const replies = await Promise.all(users.map((u, i) => app.call(u.openid, 'star', 'vote', { roundId: round._id, candidateIds: choiceOf(i) })));
    expect(replies.filter((r) => !r.ok)).toEqual([]);

    app.emu.clock.set(new Date(round.voteUntil.getTime() + TALLY_SETTLE_MS));
    const started = Date.now();
    const closed = await app.call(w.openids.counselor, 'star', 'close', { roundId: round._id });
    console.log(`tally of 1,000 ballots: ${Date.now() - started} ms, ${app.meterOf(closed.invocationId)?.reads} reads`);
    expect(closed).toMatchObject({ ok: true, data: { round: { phase: 'tallied' } } });

    const expected = new Map<string, number>();
    for (let i = 0; i < 1000; i += 1) for (const id of choiceOf(i)) expected.set(id, (expected.get(id) ?? 0) + 1);
    const stored = await roundDoc(round._id);
    expect(stored.ballots).toBe(1000);
    expect(Object.fromEntries(stored.tally.map((r: { memberId: string; votes: number }) => [r.memberId, r.votes]))).toEqual(Object.fromEntries(candidates.map((c) => [c._id, expected.get(c._id) ?? 0])));
    // And against the ballots as stored, counted here without the function.
    const ballots = (await app.db.collection('star_ballots').where({ roundId: round._id }).limit(1000).get()).data as Array<{ choices: string[] }>;
    expect(ballots).toHaveLength(1000);
    expect(stored.tally.reduce((n: number, r: { votes: number }) => n + r.votes, 0)).toBe(ballots.reduce((n, b) => n + b.choices.length, 0));
    expect(stored.electorate).toBe(1002);
  }, 240_000);

  it('fired twice at once and once more, the timer stores the tally once (one audit, one talliedAt)', async () => {
    const w = await world();
    const round = await endedRound(w, (r) => Array.from({ length: 30 }, (_, i) => buildBallot(r, voter(i), [i % 3 ? w.neighbour._id : w.member._id], { buildingId: w.a._id, clientIp: `10.0.${i}.1` })));
    const fired = await Promise.all([app.emu.triggers.fire('star', 'rounds-due'), app.emu.triggers.fire('star', 'rounds-due')]);
    for (const f of fired) expect(f).toMatchObject({ ok: true, result: { ok: true } });
    const first = await roundDoc(round._id);
    expect(first).toMatchObject({ state: 'tallied', ballots: 30 });
    expect(first.tally).toEqual([
      { memberId: w.neighbour._id, name: w.neighbour.name, votes: 20, rank: 1 },
      { memberId: w.member._id, name: w.member.name, votes: 10, rank: 2 },
    ]);
    await app.emu.triggers.fire('star', 'rounds-due');
    expect((await roundDoc(round._id)).talliedAt).toEqual(first.talliedAt);
    expect(await auditsOf(round._id, 'star.close')).toHaveLength(1);
    // A counselor's close afterwards answers the stored round.
    expect(await app.call(w.openids.counselor, 'star', 'close', { roundId: round._id })).toMatchObject({ ok: true, data: { round: { phase: 'tallied' } } });
    expect(await auditsOf(round._id, 'star.close')).toHaveLength(1);
  });

  it('two counselors closing at once store it once', async () => {
    const w = await world();
    const round = await endedRound(w, (r) => [buildBallot(r, voter(1), [w.member._id], { buildingId: w.a._id })]);
    const replies = await Promise.all([app.call(w.openids.counselor, 'star', 'close', { roundId: round._id }), app.call(w.openids.admin, 'star', 'close', { roundId: round._id })]);
    for (const reply of replies) expect(reply).toMatchObject({ ok: true, data: { round: { phase: 'tallied' } } });
    expect(await auditsOf(round._id, 'star.close')).toHaveLength(1);
  });

  it('the timer leaves a round alone while voting runs or has just ended', async () => {
    const w = await world();
    await app.emu.triggers.fire('star', 'rounds-due');
    expect((await roundDoc(w.star.voting._id)).state).toBe('open');
    app.emu.clock.set(new Date(w.star.voting.voteUntil.getTime() + TALLY_SETTLE_MS - 1000));
    await app.emu.triggers.fire('star', 'rounds-due');
    expect((await roundDoc(w.star.voting._id)).state).toBe('open');
    app.emu.clock.set(new Date(w.star.voting.voteUntil.getTime() + TALLY_SETTLE_MS));
    await app.emu.triggers.fire('star', 'rounds-due');
    expect((await roundDoc(w.star.voting._id)).state).toBe('tallied');
  });

  it('flags identities bound shortly before, bursts for one candidate within a minute and many ballots from one IP; they never block', async () => {
    const w = await world();
    // Bursts are counted per clock minute: the 12 fall in one.
    const minute = new Date(Math.floor((Date.now() - 2 * HOUR) / 60_000) * 60_000);
    const round = await endedRound(w, (r) => [
      // 12 for the member within one minute, 6 of them from one IP, 3 of those bound an hour before.
      ...Array.from({ length: 12 }, (_, i) =>
        buildBallot(r, voter(i), [w.member._id], {
          buildingId: w.a._id, at: new Date(minute.getTime() + i * 1000), clientIp: i < 6 ? '198.51.100.9' : `10.9.${i}.1`, recentBind: i < 3,
          boundAt: i < 3 ? new Date(minute.getTime() - HOUR) : new Date(minute.getTime() - 90 * DAY),
        }),
      ),
      ...Array.from({ length: 4 }, (_, i) => buildBallot(r, voter(100 + i), [w.neighbour._id], { buildingId: w.a._id, at: new Date(minute.getTime() - i * 600_000), clientIp: `10.8.${i}.1` })),
    ].map((b) => ({ ...b, minute: Math.floor(b.at.getTime() / 60_000) })));
    const reply = await app.call(w.openids.counselor, 'star', 'close', { roundId: round._id });
    expect(reply).toMatchObject({ ok: true });
    const view = await app.call(w.openids.counselor, 'star', 'round', { id: round._id });
    if (!view.ok) throw new Error(JSON.stringify(view));
    const flags = view.data.flags ?? [];
    expect(flags.map((f) => [f.kind, f.count]).sort()).toEqual([['burst', 12], ['recentBind', 3], ['sharedIp', 6]]);
    expect(flags.find((f) => f.kind === 'sharedIp')?.detail).toContain('198.51.100.*');
    expect(flags.find((f) => f.kind === 'burst')?.detail).toContain(w.member.name);
    // Informing only: the ballots all count.
    expect(view.data.tally).toEqual([
      { memberId: w.member._id, name: w.member.name, votes: 12, rank: 1 },
      { memberId: w.neighbour._id, name: w.neighbour.name, votes: 4, rank: 2 },
    ]);
  });
});
