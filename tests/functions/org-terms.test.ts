import { cstAt } from '../../src/shared/domain/china-time';
import { TERMS_TTL_MS } from '../../cloudfunctions/_common/terms';
import { buildRoom, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { entryInput, seedVolunteer, type SeededMember, type VolunteerSeed } from './volunteer-seed';

/**
 * Terms as data: the admin's calendar decides what "this term's hours" means on every server path
 * (the member's home, the plaque, new entries), after at most the loader's cache time; without a
 * calendar the default rule holds.
 */
let app: App;
let seed: VolunteerSeed;
let alice: SeededMember;
const room = buildRoom({ number: '208', floor: 2 });

/** A school whose spring term starts on 18 January: on the 20th the default rule still says autumn. */
const CALENDAR = [
  { key: '2026-2027-1', label: '2026-2027学年秋季学期', start: '2026-09-01', end: '2027-01-17' },
  { key: '2026-2027-2', label: '2026-2027学年春季学期', start: '2027-01-18', end: '2027-07-10' },
];
const NOW = cstAt('2027-01-20', '10:00');

const termHours = async () => {
  const me = await app.call(alice.openid, 'account', 'me', {});
  return me.ok ? me.data.member?.termHours : undefined;
};
const plaqueHours = async (scanner: string) => {
  const view = await app.call(scanner, 'plaque', 'view', { code: room.plaqueCode });
  return view.ok ? view.data.members[0]?.termHours : undefined;
};

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  room.buildingId = seed.x._id;
  await app.insert('rooms', room);
  await app.insert('plaques', plaqueFor(room, seed.x));
  alice = await seed.member({ name: '韩梅梅', roomId: room._id, roomNumber: '208', floor: 2, hours: { '2026-2027-1': 10, '2026-2027-2': 3 } });
  app.emu.clock.set(NOW);
});
afterAll(() => app.stop());

it('without a calendar the default rule holds: 20 January is the autumn term', async () => {
  expect(await termHours()).toBe(10);
  expect(await plaqueHours('o-t-1')).toBe(10);
  expect(await app.call(alice.openid, 'org', 'currentTerm', {})).toEqual({
    ok: true, data: { key: '2026-2027-1', label: '2026-2027学年第一学期', start: cstAt('2026-08-01', '00:00').toISOString(), end: cstAt('2027-02-01', '00:00').toISOString(), calendar: null },
  });
  const shown = await app.call(seed.admin.openid, 'org', 'termCalendar', {});
  expect(shown).toMatchObject({ ok: true, data: { stored: false, terms: [{ key: '2026-2027-1', start: '2026-08-01', end: '2027-01-31' }, { key: '2026-2027-2', start: '2027-02-01', end: '2027-07-31' }] } });
});

it('refuses a calendar with a gap inside the school year, in Chinese, storing nothing', async () => {
  const gap = [CALENDAR[0], { ...CALENDAR[1], start: '2027-02-20' }];
  expect(await app.call(seed.admin.openid, 'org', 'saveTermCalendar', { terms: gap })).toEqual({
    ok: false, error: { code: 'INVALID_INPUT', message: '同一学年内学期之间不能有空档：2026-2027-2 应从 2027-01-18 开始' },
  });
  expect((await app.db.collection('school_settings').get()).data).toEqual([]);
  expect(await app.call(alice.openid, 'org', 'saveTermCalendar', { terms: CALENDAR })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it("the calendar changes this term's hours on the member's home and the plaque, and the term of a new entry", async () => {
  const saved = await app.call(seed.admin.openid, 'org', 'saveTermCalendar', { terms: [CALENDAR[1], CALENDAR[0]] });
  expect(saved).toMatchObject({ ok: true, data: { terms: CALENDAR, current: { key: '2026-2027-2', label: '2026-2027学年春季学期' } } });
  const audit = (await app.db.collection('audit').where({ action: 'org.saveTermCalendar' }).get()).data;
  expect(audit).toEqual([expect.objectContaining({ before: null, after: { terms: CALENDAR }, actorRole: 'admin', target: { collection: 'school_settings', id: 'termCalendar' } })]);
  // One collection holds what an admin sets for the school, one document per setting.
  expect((await app.db.collection('school_settings').doc('termCalendar').get()).data).toEqual([expect.objectContaining({ terms: CALENDAR, updatedBy: seed.admin.openid })]);

  // Other functions' instances keep their cached calendar for at most TERMS_TTL_MS of the function clock.
  app.emu.clock.advance(TERMS_TTL_MS + 1000);
  expect(await termHours()).toBe(3);
  expect(await plaqueHours('o-t-2')).toBe(3);
  expect(await app.call(alice.openid, 'org', 'currentTerm', {})).toMatchObject({ ok: true, data: { key: '2026-2027-2', label: '2026-2027学年春季学期', calendar: CALENDAR } });

  // An entry on 19 January now counts toward the spring term (the default rule would say autumn).
  const draft = await app.call(alice.openid, 'volunteer', 'saveDraft', entryInput({ date: '2027-01-19' }));
  expect(draft.ok).toBe(true);
  const { data } = await app.db.collection('volunteer_entries').where({ memberId: alice.doc._id }).get();
  expect((data as Array<{ termKey: string }>).map((e) => e.termKey)).toEqual(['2026-2027-2']);
});

it('a request pays no read for the calendar while the cache is fresh', async () => {
  await plaqueHours('o-t-3');
  const view = await app.call('o-t-3', 'plaque', 'view', { code: room.plaqueCode });
  expect(app.meterOf(view.invocationId)!.reads).toBe(2);
});

it('an empty calendar goes back to the default rule', async () => {
  expect(await app.call(seed.admin.openid, 'org', 'saveTermCalendar', { terms: [] })).toMatchObject({ ok: true, data: { terms: [], current: { key: '2026-2027-1' } } });
  app.emu.clock.advance(TERMS_TTL_MS + 1000);
  expect(await termHours()).toBe(10);
});

describe('a school deployed before the settings became one collection', () => {
  let old: App;
  let admin: string;
  beforeAll(async () => {
    old = await startApp();
    admin = (await seedVolunteer(old)).admin.openid;
    old.emu.clock.set(NOW);
    // What such a school holds: its calendar in the old org_settings collection, none in school_settings.
    await old.db.createCollection('org_settings');
    await old.insert('org_settings', { _id: 'termCalendar', terms: CALENDAR, updatedAt: new Date('2026-08-20T00:00:00Z') });
  });
  afterAll(() => old.stop());

  it('keeps its calendar (read from the old place) until the admin saves one, which then wins', async () => {
    expect(await old.call(admin, 'org', 'currentTerm', {})).toMatchObject({ ok: true, data: { key: '2026-2027-2', calendar: CALENDAR } });
    expect(await old.call(admin, 'org', 'termCalendar', {})).toMatchObject({ ok: true, data: { stored: true, terms: CALENDAR } });

    const autumnOnly = [CALENDAR[0]];
    expect(await old.call(admin, 'org', 'saveTermCalendar', { terms: autumnOnly })).toMatchObject({ ok: true, data: { terms: autumnOnly } });
    const audit = (await old.db.collection('audit').where({ action: 'org.saveTermCalendar' }).get()).data;
    expect(audit).toEqual([expect.objectContaining({ before: { terms: CALENDAR }, after: { terms: autumnOnly } })]);
    expect(await old.call(admin, 'org', 'termCalendar', {})).toMatchObject({ ok: true, data: { stored: true, terms: autumnOnly } });
  });
});
