import type { ActivityDoc, AttendanceDoc, MemberDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import { newPlaqueCode, nextId } from './builders';
import { startApp, type App } from './harness';
import { daysAgo, entryInput, seedVolunteer, type SeededMember, type VolunteerSeed } from './volunteer-seed';

/**
 * Contention never answers INTERNAL (issue 7, point 4): races run with real concurrency on the local
 * CloudBase while other calls keep it busy. A lost race answers CONFLICT or the idempotent success.
 */
let app: App;
let seed: VolunteerSeed;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
});
afterAll(() => app.stop());

/**
 * Runs `loops` copies of `work` until the returned stop is called: the background load of a race
 * (other writes to the same documents, as edits, profile changes and other phones make them).
 */
function backgroundLoad(loops: number, work: (i: number) => Promise<unknown>) {
  let running = true;
  const all = Array.from({ length: loops }, async (_, i) => {
    while (running) await work(i);
  });
  return async () => {
    running = false;
    await Promise.all(all);
  };
}

const codesOf = (replies: Array<{ ok: boolean; error?: { code: string } }>) => replies.map((r) => (r.ok ? 'ok' : r.error!.code));

describe('two overlapping entries submitted at once, under load', () => {
  it('20 rounds: never INTERNAL; at most one counts, the others answer ENTRY_OVERLAP or CONFLICT; after a retry exactly one counts', async () => {
    const alice = await seed.member({ name: '韩梅梅' });
    const seen: string[] = [];
    for (let round = 0; round < 20; round += 1) {
      const day = daysAgo(1 + round);
      const inputs = [entryInput({ date: day, title: `楼道清扫${round}`, start: '09:00', end: '11:00' }), entryInput({ date: day, title: `朋辈辅导${round}`, start: '10:00', end: '12:00' })];
      const drafts = await Promise.all(inputs.map((i) => app.call(alice.openid, 'volunteer', 'saveDraft', i)));
      const ids = drafts.map((d) => (d.ok ? d.data.entry.id : ''));
      // Meanwhile the member's phone keeps saving both drafts (a double tap, a retried request).
      const stop = backgroundLoad(4, async (i) => seen.push(...codesOf([await app.call(alice.openid, 'volunteer', 'saveDraft', { id: ids[i % 2], ...inputs[i % 2] })])));
      let replies;
      try {
        replies = codesOf(await Promise.all(ids.map((id) => app.call(alice.openid, 'volunteer', 'submit', { id }))));
      } finally {
        await stop();
      }
      seen.push(...replies);
      expect(replies.filter((c) => c === 'ok').length).toBeLessThanOrEqual(1);
      for (const c of replies.filter((c) => c !== 'ok')) expect(c).toMatch(/^(ENTRY_OVERLAP|CONFLICT)$/);
      // CONFLICT means "try again": once the load is gone, a retry settles which one counts.
      for (const [i, c] of replies.entries()) if (c === 'CONFLICT') seen.push(...codesOf([await app.call(alice.openid, 'volunteer', 'submit', { id: ids[i] })]));
      const { data } = await app.db.collection('volunteer_entries').where({ memberId: alice.doc._id, date: day, status: 'pending' }).get();
      expect(data).toHaveLength(1);
    }
    expect(seen.filter((c) => !['ok', 'ENTRY_OVERLAP', 'CONFLICT', 'INVALID_STATE'].includes(c))).toEqual([]);
  });
});

describe('200 sign-outs with one code at once, under load', () => {
  it('each member is settled exactly once; every reply is ok, CODE_REPLAYED or CONFLICT; totals are exact', async () => {
    const MEMBERS = 2;
    const SCANS_EACH = 100;
    const now = Date.now();
    const activity: ActivityDoc = {
      _id: nextId('act'), title: '楼道清洁日', category: 'hygiene', place: '智园5号楼', buildingId: seed.x._id,
      startAt: new Date(now - 2 * 3_600_000), endAt: new Date(now + 3_600_000), createdBy: seed.counselorX._id, createdAt: new Date(now - 3 * 3_600_000),
    };
    await app.insert('activities', activity);
    const members = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => seed.member({ name: `党员${i}` })));
    // Everyone signed in at the start: 2 h of a 3 h activity by now (67%), so each earns 2 h.
    await app.insert('attendance', members.map((m): AttendanceDoc => ({
      _id: `${activity._id}:${m.doc._id}`, activityId: activity._id, memberId: m.doc._id, signInAt: activity.startAt, signInCode: newPlaqueCode(),
      signOutAt: null, signOutCode: null, hours: null, entryId: null,
    })));
    const issued = await app.call(seed.counselorX.openid, 'volunteer', 'activityCode', { id: activity._id, phase: 'out' });
    if (!issued.ok) throw new Error(JSON.stringify(issued));

    // Meanwhile the members' documents keep changing (profile edits, reviews of other entries).
    const stop = backgroundLoad(6, (i) => app.db.collection('members').doc(members[i % MEMBERS].doc._id).update({ loadTicks: app.db.command.inc(1) }));
    let codes: string[];
    try {
      codes = codesOf(await Promise.all(
        Array.from({ length: MEMBERS * SCANS_EACH }, (_, i) => app.call(members[i % MEMBERS].openid, 'volunteer', 'scanActivity', { code: issued.data.code })),
      ));
    } finally {
      await stop();
    }
    expect(codes.filter((c) => !['ok', 'CODE_REPLAYED', 'CONFLICT'].includes(c))).toEqual([]);
    // CONFLICT means "scan again": once the load is gone, one more scan each leaves every member settled.
    const again = codesOf(await Promise.all(members.map((m) => app.call(m.openid, 'volunteer', 'scanActivity', { code: issued.data.code }))));
    expect(again.filter((c) => !['ok', 'CODE_REPLAYED'].includes(c))).toEqual([]);

    for (const m of members) {
      const entries = (await app.db.collection('volunteer_entries').where({ activityId: activity._id, memberId: m.doc._id }).get()).data as VolunteerEntryDoc[];
      expect(entries).toEqual([expect.objectContaining({ hours: 2, approvedHours: 2, verified: true })]);
      const doc = (await app.db.collection('members').doc(m.doc._id).get()).data[0] as MemberDoc;
      expect(doc.hoursOverall).toEqual({ verified: 2 });
      expect(Object.values(doc.hours ?? {})).toEqual([2]);
      expect((await app.db.collection('attendance').doc(`${activity._id}:${m.doc._id}`).get()).data[0]).toMatchObject({ hours: 2, entryId: entries[0]._id });
    }
    // Each member heard "ok" exactly once: the sign-out that counted.
    for (let i = 0; i < MEMBERS; i += 1) expect([...codes, ...again].filter((c, j) => j % MEMBERS === i && c === 'ok')).toHaveLength(1);
  });
});
