import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { buildMember, daysAgo } from './builders';
import { startApp, type App } from './harness';
import { seedVolunteer, type VolunteerSeed } from './volunteer-seed';

/**
 * Points follow their events (issue 11, what the last note left open): an hour approval marks the
 * member dirty in its own transaction, and the 5-minute timer recomputes the marked members first,
 * not waiting for the full pass to reach them; racing events leave one mark, cleared exactly once by
 * racing firings; an experience record marks too. The full pass covers far more than 40 members a
 * firing and a firing ends with the pass.
 */
let app: App;
let seed: VolunteerSeed;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
});
afterAll(() => app.stop());

const docOf = async <T = Record<string, any>>(coll: string, id: string) => ((await app.db.collection(coll).doc(id).get()).data as T[])[0] ?? null;
const projection = (id: string) => docOf<{ points: number; computedAt: Date }>('develop_points', id);
type Swept = { dirty: { marks: number; computed: number; cleared: number }; full: { computed: number; passEnded: boolean } };
type Fired = { ok: true; result: { ok: true; data: Swept } };
/** One firing of the 5-minute timer: the dirty marks, then steps of the full pass. */
const fire = async () => ((await app.emu.triggers.fire('develop', 'develop-points-sweep')) as Fired).result.data;
const freshTotal = async (counselor: { openid: string }, memberId: string) => {
  const reply = await app.call(counselor.openid, 'develop', 'eligibility', { memberId });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.data.ledger.total;
};

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

it('an approval marks the activist dirty in its transaction; the next firing recomputes their points from the mark, not waiting for the full pass', async () => {
  const m = await seed.member({ name: '秦朗', status: 'activist', hoursOverall: { verified: 0, selfReported: 0 } } as Partial<MemberDoc>);
  await fire(); // Nothing of theirs yet: starts from a clean queue.
  const before = await freshTotal(seed.counselorX, m.doc._id);
  const entry = await seed.pendingEntry(m, { date: daysAgo(3) });
  expect(await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: entry._id, decision: 'approve' })).toMatchObject({ ok: true });
  expect(await docOf('develop_points_dirty', `member:${m.doc._id}`)).toMatchObject({ kind: 'member', targetId: m.doc._id });
  expect((await projection(m.doc._id))?.points).toBe(before);

  const done = await fire();
  expect(done.dirty).toEqual({ marks: 1, computed: 1, cleared: 1 });
  expect((await projection(m.doc._id))?.points).toBe(before + 2);
  expect(await docOf('develop_points_dirty', `member:${m.doc._id}`)).toBeNull();
  expect(await freshTotal(seed.counselorX, m.doc._id)).toBe(before + 2);
});

it('ten approvals at once leave one mark; two firings at once clear it exactly once and the points hold all ten', async () => {
  const m = await seed.member({ name: '邵华', status: 'candidate', hoursOverall: { verified: 0, selfReported: 0 } } as Partial<MemberDoc>);
  const entries = [];
  for (let i = 0; i < 10; i += 1) entries.push(await seed.pendingEntry(m, { date: daysAgo(2 + i) }));
  const replies = await untilSettled(entries.map((e, i) => () => app.call([seed.counselorX, seed.counselorX2][i % 2].openid, 'volunteer', 'review', { id: e._id, decision: 'approve' })));
  expect(replies.filter((r) => r.ok)).toHaveLength(10);
  expect((await app.db.collection('develop_points_dirty').where({ targetId: m.doc._id }).get()).data).toHaveLength(1);

  const [a, b] = await Promise.all([fire(), fire()]);
  expect(a.dirty.cleared + b.dirty.cleared).toBe(1);
  expect(await docOf('develop_points_dirty', `member:${m.doc._id}`)).toBeNull();
  const points = (await projection(m.doc._id))?.points;
  expect(points).toBe(20);
  expect(await freshTotal(seed.counselorX, m.doc._id)).toBe(points);
});

it('an experience record marks the member; the next firing takes the experience off their blockers', async () => {
  const m = await seed.member({ name: '温婷', status: 'candidate' } as Partial<MemberDoc>);
  await freshTotal(seed.counselorX, m.doc._id);
  expect((await docOf<{ blockers: string[] }>('develop_points', m.doc._id))?.blockers).toContain('暑期社会实践');
  const recorded = await app.call(seed.counselorX.openid, 'develop', 'recordExperience', { memberId: m.doc._id, kind: 'socialPractice', title: '暑期三下乡', date: daysAgo(30) });
  expect(recorded).toMatchObject({ ok: true });
  expect(await docOf('develop_points_dirty', `member:${m.doc._id}`)).not.toBeNull();
  await fire();
  expect((await docOf<{ blockers: string[] }>('develop_points', m.doc._id))?.blockers).not.toContain('暑期社会实践');
});

it('the full pass resumes where each firing stopped (its budget or its count): one pass computes every developing member exactly once, then ends', async () => {
  const many = Array.from({ length: 130 }, (_, i) => buildMember({ name: `积极分子${i}`, status: 'activist', buildingId: seed.x._id, buildingName: seed.x.name }));
  await app.insert('members', many);
  const developing = Number((await app.db.collection('members').where({ status: app.db.command.in(['activist', 'candidate', 'probationary']) }).count()).total);
  // Start a pass from its beginning (the firings above may have left the place anywhere).
  await app.db.collection('develop_point_rules').doc('sweep').set({ status: 'activist', afterId: null, at: new Date() });
  const stamp = new Date('2030-01-01T00:00:00Z');
  app.emu.clock.set(stamp);
  let computed = 0;
  let firings = 0;
  for (let ended = false; !ended && firings < 40; firings += 1) {
    const { full } = await fire();
    computed += full.computed;
    ended = full.passEnded;
  }
  app.emu.clock.reset();
  expect(computed).toBe(developing);
  const projections = (await app.db.collection('develop_points').where({ computedAt: app.db.command.gte(stamp) }).count()).total;
  expect(projections).toBe(developing);
});
