import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { awardIds } from '../../src/shared/domain/badges';
import { seedBadgeCatalogue } from './badge-world';
import { daysAgo } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';
import { seedVolunteer, type VolunteerSeed } from './volunteer-seed';

/**
 * The one-time milestone backfill (issue 11, what the last note left open): members past 50 or 100
 * hours before milestones existed get them, in bounded chunks from a place the server keeps,
 * audited per award; running it again awards nothing new; racing live approvals that cross the
 * same line leave one award each.
 */
let app: App;
let seed: VolunteerSeed;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  await seedBadgeCatalogue(app);
});
afterAll(() => app.stop());

const awardsOf = async (holderId: string) => (await app.db.collection('badge_awards').where({ 'holder.id': holderId }).get()).data as Array<Record<string, any>>;
const auditsOf = async (id: string) => (await app.db.collection('audit').where({ action: 'badge.award', 'target.id': id }).get()).data;
const member = (name: string, verified: number, selfReported: number) => seed.member({ name, hoursOverall: { verified, selfReported } } as Partial<MemberDoc>);

type Progress = { scanned: number; awarded: number; existing: number; totalScanned: number; totalAwarded: number; done: boolean };
/** Calls as the admin's page does, until done; answers every call's progress. */
async function runToEnd(first: Record<string, unknown>): Promise<Progress[]> {
  const out: Progress[] = [];
  let input = first;
  for (let i = 0; i < 50; i += 1) {
    const reply = await app.call(seed.admin.openid, 'badge', 'backfillMilestones', input);
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    out.push(reply.data as Progress);
    if (reply.data.done) return out;
    input = { limit: first.limit };
  }
  throw new Error('backfill did not finish');
}

it('members over 50 and 100 hours get their milestones, in chunks, each audited; a second run awards nothing new', async () => {
  const sixty = await member('卜凡', 40, 20);
  const oneTwenty = await member('左晴', 100, 20);
  const thirty = await member('石磊', 30, 0);
  expect(await app.call(seed.counselorX.openid, 'badge', 'backfillMilestones', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  const calls = await runToEnd({ limit: 2, restart: true });
  expect(calls.length).toBeGreaterThanOrEqual(2);
  expect(calls.every((c) => c.scanned <= 2)).toBe(true);
  const last = calls[calls.length - 1];
  expect(last).toMatchObject({ done: true, totalScanned: 3, totalAwarded: 3 });
  expect(calls.reduce((s, c) => s + c.awarded, 0)).toBe(3);

  expect((await awardsOf(sixty.doc._id)).map((a) => a._id)).toEqual([awardIds.milestone(sixty.doc._id, 'hours50')]);
  expect((await awardsOf(oneTwenty.doc._id)).map((a) => a._id).sort()).toEqual([awardIds.milestone(oneTwenty.doc._id, 'hours100'), awardIds.milestone(oneTwenty.doc._id, 'hours50')].sort());
  expect(await awardsOf(thirty.doc._id)).toEqual([]);
  const given = await awardsOf(oneTwenty.doc._id);
  expect(given[0]).toMatchObject({ source: 'milestone', sourceRef: null, until: null, revoked: null, reason: expect.stringContaining('补发') });
  for (const a of [...given, ...(await awardsOf(sixty.doc._id))]) expect(await auditsOf(a._id)).toHaveLength(1);
  const profile = (await app.db.collection('members').doc(oneTwenty.doc._id).get()).data[0] as MemberDoc;
  expect(profile.awards?.map((a) => a.code).sort()).toEqual(['hours100', 'hours50']);

  // Done: a call without restart answers the finished run; a restart walks everyone again and awards nothing.
  expect(await app.call(seed.admin.openid, 'badge', 'backfillMilestones', {})).toMatchObject({ ok: true, data: { done: true, scanned: 0, totalAwarded: 3 } });
  const again = await runToEnd({ limit: 2, restart: true });
  expect(again[again.length - 1]).toMatchObject({ done: true, totalScanned: 3, totalAwarded: 0 });
  expect((await awardsOf(oneTwenty.doc._id))).toHaveLength(2);
  for (const a of given) expect(await auditsOf(a._id)).toHaveLength(1);
});

it('racing live approvals that cross 50 hours for ten members: each gets hours50 once, audited once', async () => {
  const members = [];
  for (let i = 0; i < 10; i += 1) members.push(await member(`并发${i}`, 0, 49));
  const entries = [];
  for (const m of members) entries.push(await seed.pendingEntry(m, { date: daysAgo(2) }));
  const approvals = entries.map((e) => app.call(seed.counselorX.openid, 'volunteer', 'review', { id: e._id, decision: 'approve' }));
  const backfills = [app.call(seed.admin.openid, 'badge', 'backfillMilestones', { restart: true, limit: 100 }), app.call(seed.admin.openid, 'badge', 'backfillMilestones', { limit: 100 })];
  const replies = await Promise.all([...approvals, ...backfills]);
  for (const r of replies) expect(r.ok || (r as { error: { code: string } }).error.code === 'CONFLICT').toBe(true);
  // Approvals that conflicted try again (as a counselor would); the backfill is run to its end once more.
  for (const [i, r] of replies.slice(0, 10).entries()) if (!r.ok) expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entries[i]._id, decision: 'approve' })).toMatchObject({ ok: true });
  await runToEnd({ limit: 100, restart: true });

  for (const m of members) {
    const awards = await awardsOf(m.doc._id);
    expect(awards.map((a) => a._id)).toEqual([awardIds.milestone(m.doc._id, 'hours50')]);
    expect(await auditsOf(awards[0]._id)).toHaveLength(1);
    const profile = (await app.db.collection('members').doc(m.doc._id).get()).data[0] as MemberDoc;
    expect(profile.hoursOverall).toEqual({ verified: 0, selfReported: 51 });
    expect(profile.awards?.filter((a) => a.code === 'hours50')).toHaveLength(1);
  }
});
