import { sdkFor } from 'cloudbase-local/testing';
import { startApp, type App } from './harness';
import { collectPages } from './index-served';

const cost = (m: unknown) => ({ reads: (m as { reads: number }).reads, writes: (m as { writes: number }).writes });
import { daysAgo, entryInput, seedVolunteer, type SeededMember, type VolunteerSeed } from './volunteer-seed';

/** Logging hours: drafts, the shared rules on the server (each refusal its own code), edits, withdrawal, ownership. */
let app: App;
let seed: VolunteerSeed;
let alice: SeededMember;
let bob: SeededMember;
export const figures: Record<string, unknown> = {};

const save = (m: SeededMember, o: Record<string, unknown> = {}) => app.call(m.openid, 'volunteer', 'saveDraft', entryInput(o));
async function logged(m: SeededMember, o: Record<string, unknown> = {}, subscribe = false) {
  const draft = await save(m, o);
  if (!draft.ok) throw new Error(JSON.stringify(draft));
  return { draft, submitted: await app.call(m.openid, 'volunteer', 'submit', { id: draft.data.entry.id, subscribe }) };
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** An evidence photo in the member's own folder, where their client would upload it. */
const uploadAs = async (m: SeededMember, name: string, fileContent = PNG) =>
  (await sdkFor(app.emu).uploadFile({ cloudPath: `user/${m.openid}/evidence/${name}`, fileContent })).fileID as string;
const stored = async (id: string) => (await app.db.collection('volunteer_entries').doc(id).get()).data[0] as Record<string, unknown>;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  alice = await seed.member({ name: '韩梅梅', status: 'probationary' });
  bob = await seed.member({ name: '赵强', building: seed.y });
});
afterAll(() => app.stop());

describe('volunteer.saveDraft and submit', () => {
  it('a draft belongs to the caller’s member profile; submit makes it pending (reads/writes logged)', async () => {
    const draft = await save(alice, { date: daysAgo(1), witnessName: '李老师' });
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    expect(draft.data.entry).toMatchObject({ status: 'draft', hours: 2, witnessName: '李老师', witnessContact: null, submittedAt: null, verified: false });
    const doc = await stored(draft.data.entry.id);
    expect(doc).toMatchObject({ memberId: alice.doc._id, userId: alice.user._id, buildingId: seed.x._id, branchName: alice.doc.branchName, status: 'draft' });

    const submitted = await app.call(alice.openid, 'volunteer', 'submit', { id: draft.data.entry.id });
    expect(submitted).toMatchObject({ ok: true, data: { entry: { status: 'pending', submittedAt: expect.any(String) } } });
    figures.saveDraft = app.meterOf(draft.invocationId);
    figures.submit = app.meterOf(submitted.invocationId);
    console.log('DB per call: saveDraft (new)', JSON.stringify(cost(figures.saveDraft)), 'submit', JSON.stringify(cost(figures.submit)));
    expect((figures.saveDraft as { writes: number }).writes).toBe(1);
    // user, entry, day guard, the day's entries; in the transaction the guard and the entry again.
    expect((figures.submit as { reads: number; writes: number })).toMatchObject({ reads: 6, writes: 2 });
  });

  it('a member cannot name whose entry it is: extra fields are refused', async () => {
    expect(await app.call(alice.openid, 'volunteer', 'saveDraft', { ...entryInput(), memberId: bob.doc._id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it.each([
    ['ENTRY_TIME_INVALID', { start: '11:00', end: '10:00' }, 'saveDraft'],
    ['ENTRY_TIME_INVALID', { start: '10:00', end: '10:20' }, 'saveDraft'],
    ['ENTRY_IN_FUTURE', { date: daysAgo(-1) }, 'submit'],
    ['ENTRY_TOO_LATE', { date: daysAgo(31) }, 'submit'],
  ])('refuses with %s (%j)', async (code, o, where) => {
    const draft = await save(alice, { title: `规则 ${code}`, ...o });
    if (where === 'saveDraft') return expect(draft).toMatchObject({ ok: false, error: { code } });
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    const reply = await app.call(alice.openid, 'volunteer', 'submit', { id: draft.data.entry.id });
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(await stored(draft.data.entry.id)).toMatchObject({ status: 'draft' });
  });

  it('refuses an identical entry, an overlapping one and more than 12 hours a day, each with its own code', async () => {
    const day = daysAgo(5);
    expect((await logged(alice, { date: day, start: '08:00', end: '17:00' })).submitted.ok).toBe(true);
    expect((await logged(alice, { date: day, start: '08:00', end: '17:00' })).submitted).toMatchObject({ ok: false, error: { code: 'ENTRY_DUPLICATE' } });
    expect((await logged(alice, { date: day, title: '朋辈辅导', start: '16:00', end: '18:00' })).submitted).toMatchObject({ ok: false, error: { code: 'ENTRY_OVERLAP' } });
    expect((await logged(alice, { date: day, title: '夜间巡查', start: '18:00', end: '22:00' })).submitted).toMatchObject({ ok: false, error: { code: 'DAILY_LIMIT' } });
    // Exactly 12 hours is allowed; another member's hours are not counted against this one.
    expect((await logged(alice, { date: day, title: '夜间巡查', start: '18:00', end: '21:00' })).submitted.ok).toBe(true);
    expect((await logged(bob, { date: day, start: '08:00', end: '17:00' })).submitted.ok).toBe(true);
  });

  it('two overlapping entries submitted at the same moment: exactly one becomes pending', async () => {
    for (let round = 0; round < 5; round += 1) {
      const day = daysAgo(10 + round);
      const first = await save(alice, { date: day, title: `楼道清扫${round}`, start: '09:00', end: '11:00' });
      const second = await save(alice, { date: day, title: `朋辈辅导${round}`, start: '10:00', end: '12:00' });
      if (!first.ok || !second.ok) throw new Error('drafts refused');
      const replies = await Promise.all([first, second].map((d) => app.call(alice.openid, 'volunteer', 'submit', { id: d.ok ? d.data.entry.id : '' })));
      expect(replies.filter((r) => r.ok)).toHaveLength(1);
      expect(replies.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(ENTRY_OVERLAP|CONFLICT)$/) } });
      const { data } = await app.db.collection('volunteer_entries').where({ memberId: alice.doc._id, date: day, status: 'pending' }).get();
      expect(data).toHaveLength(1);
    }
  });

  it('rejected and withdrawn entries do not count; returned ones are checked again when resubmitted', async () => {
    const day = daysAgo(6);
    const first = await logged(alice, { date: day });
    if (!first.submitted.ok) throw new Error(JSON.stringify(first.submitted));
    expect((await app.call(alice.openid, 'volunteer', 'withdraw', { id: first.submitted.data.entry.id })).ok).toBe(true);
    const again = await logged(alice, { date: day });
    if (!again.submitted.ok) throw new Error(JSON.stringify(again.submitted));
    const returned = await app.call(seed.counselorX.openid, 'volunteer', 'review', { id: again.submitted.data.entry.id, decision: 'return', comment: '请补充照片' });
    expect(returned).toMatchObject({ ok: true, data: { entry: { status: 'returned', reviewComment: '请补充照片' } } });
    // While returned it does not hold the slot: the member may log the same time anew...
    const replacement = await logged(alice, { date: day, start: '09:30', end: '11:00' });
    expect(replacement.submitted.ok).toBe(true);
    // ...and then the returned one cannot come back over it.
    expect(await app.call(alice.openid, 'volunteer', 'submit', { id: again.submitted.data.entry.id })).toMatchObject({ ok: false, error: { code: 'ENTRY_OVERLAP' } });
  });
});

describe('volunteer edits and withdrawal', () => {
  it('edits a pending entry in place (rules again) and a returned one; never an approved one', async () => {
    const { submitted } = await logged(alice, { date: daysAgo(7) });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    const id = submitted.data.entry.id;
    const edited = await app.call(alice.openid, 'volunteer', 'saveDraft', { id, ...entryInput({ date: daysAgo(7), end: '12:00' }) });
    expect(edited).toMatchObject({ ok: true, data: { entry: { id, status: 'pending', hours: 3 } } });
    expect(await app.call(alice.openid, 'volunteer', 'saveDraft', { id, ...entryInput({ date: daysAgo(-2) }) })).toMatchObject({ ok: false, error: { code: 'ENTRY_IN_FUTURE' } });
    expect(await stored(id)).toMatchObject({ hours: 3, date: daysAgo(7) });

    expect((await app.call(seed.counselorX.openid, 'volunteer', 'review', { id, decision: 'approve' })).ok).toBe(true);
    expect(await app.call(alice.openid, 'volunteer', 'saveDraft', { id, ...entryInput({ date: daysAgo(7) }) })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(alice.openid, 'volunteer', 'withdraw', { id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('withdraws only while pending, once', async () => {
    const draft = await save(alice, { date: daysAgo(8) });
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    const id = draft.data.entry.id;
    expect(await app.call(alice.openid, 'volunteer', 'withdraw', { id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await app.call(alice.openid, 'volunteer', 'submit', { id });
    expect(await app.call(alice.openid, 'volunteer', 'submit', { id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await app.call(alice.openid, 'volunteer', 'withdraw', { id })).toMatchObject({ ok: true, data: { entry: { status: 'withdrawn' } } });
    expect(await app.call(alice.openid, 'volunteer', 'withdraw', { id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});

describe('volunteer entries are their owner’s only', () => {
  it('member B can neither read nor change member A’s entry (NOT_FOUND, nothing changes)', async () => {
    const { submitted } = await logged(alice, { date: daysAgo(9) });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    const id = submitted.data.entry.id;
    const before = await stored(id);
    for (const [action, input] of [
      ['saveDraft', { id, ...entryInput({ title: '改成别人的' }) }],
      ['submit', { id }],
      ['withdraw', { id }],
    ] as const) {
      expect(await app.call(bob.openid, 'volunteer', action, input)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await stored(id)).toEqual(before);
    const mine = await app.call(bob.openid, 'volunteer', 'myEntries', {});
    expect(mine.ok && mine.data.items.map((e) => e.id)).not.toContain(id);
  });

  it('photos must be the member’s own uploads, photos by their bytes (no temp URLs for other files)', async () => {
    const { fileID } = await sdkFor(app.emu).uploadFile({ cloudPath: 'exports/volunteer-hours.xlsx', fileContent: Buffer.from('xlsx') });
    const env = /^cloud:\/\/([^/]+)\//.exec(fileID)![1];
    for (const photo of [
      fileID,
      `cloud://${env}/user/${bob.openid}/evidence/p.png`,
      `cloud://${env}/user/${alice.openid}/evidence/../../${bob.openid}/evidence/p.png`,
      `cloud://${env}/user/${alice.openid}/photo/p.png`,
      `cloud://${env}/volunteer-photos/${alice.doc._id}/p.png`,
    ]) {
      expect(await save(alice, { photoFileIds: [photo] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await save(alice, { photoFileIds: [`cloud://${env}/user/${alice.openid}/evidence/missing.png`] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const page = await uploadAs(alice, 'page.jpg', Buffer.from('<svg onload="alert(1)"/>'));
    expect(await save(alice, { photoFileIds: [page] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await save(alice, { date: daysAgo(12), photoFileIds: [await uploadAs(alice, 'p.png')] })).ok).toBe(true);
  });

  it('myEntries: newest first, by status, with photo URLs', async () => {
    const carol = await seed.member({ name: '周杰' });
    const fileID = await uploadAs(carol, 'p1.png');
    await logged(carol, { date: daysAgo(3), photoFileIds: [fileID] });
    await logged(carol, { date: daysAgo(1), title: '宿舍安全检查' });
    await save(carol, { date: daysAgo(2), title: '草稿' });
    const all = await app.call(carol.openid, 'volunteer', 'myEntries', {});
    if (!all.ok) throw new Error(JSON.stringify(all));
    expect(all.data.items.map((e) => e.date)).toEqual([daysAgo(1), daysAgo(2), daysAgo(3)]);
    expect(all.data.items[2]).toMatchObject({ photoFileIds: [fileID], photoUrls: [expect.stringMatching(/^https?:\/\//)] });
    const drafts = await app.call(carol.openid, 'volunteer', 'myEntries', { status: 'draft' });
    expect(drafts.ok && drafts.data.items.map((e) => e.title)).toEqual(['草稿']);
  });

  it('myEntries pages by (date, start, _id) descending: no duplicates or gaps while entries are added between pages', async () => {
    const dan = await seed.member({ name: '冯丹' });
    const original = [];
    // Two share a date and start: the _id breaks the tie.
    for (const [d, start] of [[3, '08:00'], [3, '14:00'], [3, '14:00'], [5, '09:00'], [6, '09:00'], [8, '10:00'], [9, '07:00']] as const) {
      original.push(await seed.pendingEntry(dan, { date: daysAgo(d), start, end: start.replace(/^(\d\d)/, (h) => String(Number(h) + 1).padStart(2, '0')), status: 'approved' }));
    }
    const key = (e: { date: string; start: string; _id: string }) => `${e.date} ${e.start} ${e._id}`;
    const expected = [...original].sort((a, b) => (key(a) < key(b) ? 1 : -1)).map((e) => e._id);
    const seen = await collectPages(
      app,
      (cursor) => app.call(dan.openid, 'volunteer', 'myEntries', { limit: 2, ...(cursor ? { cursor } : {}) }),
      async (seen) => {
        // Between pages: a newer entry (above the cursor, not repeated) and one on the oldest day (it belongs at the end).
        await seed.pendingEntry(dan, { date: daysAgo(1), status: 'approved' });
        original.push(await seed.pendingEntry(dan, { date: daysAgo(9), start: '06:00', end: '06:30', status: 'approved' }));
      },
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...expected, original[original.length - 1]._id]);
    expect(await app.call(dan.openid, 'volunteer', 'myEntries', { cursor: '1_../x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
