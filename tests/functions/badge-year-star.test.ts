import type { MemberDoc } from '../../cloudfunctions/_common/docs';
import { awardIds } from '../../src/shared/domain/badges';
import { seedBadgeCatalogue } from './badge-world';
import { startApp, type App } from './harness';
import { seedVolunteer, type VolunteerSeed } from './volunteer-seed';

/**
 * 年度党员之星 (issue 11, what the last note left open): the seeds give it to the community's 党总支
 * (seed 000) with the year's 民主评议 (seed 001), so it is conferred by an admin, only on one of the
 * year's 每月之星, once per member and year however often it is pressed, audited.
 */
let app: App;
let seed: VolunteerSeed;

beforeAll(async () => {
  app = await startApp();
  seed = await seedVolunteer(app);
  await seedBadgeCatalogue(app);
});
afterAll(() => app.stop());

const confer = (openid: string, memberId: string, year: number) => app.call(openid, 'badge', 'awardYearStar', { memberId, year, reason: '2026年度表现突出，党总支评定' });

it('an admin confers it on a 每月之星 of the year: once under five presses at once, audited once, on the profile', async () => {
  const star = await seed.member({ name: '严冬', stars: ['2026-03', '2026-07'] } as Partial<MemberDoc>);
  const replies = await Promise.all(Array.from({ length: 5 }, () => confer(seed.admin.openid, star.doc._id, 2026)));
  const id = awardIds.yearStar(star.doc._id, '2026');
  for (const r of replies) expect(r.ok ? 'ok' : `${r.error.code} ${r.error.message}`).toMatch(/^(ok|CONFLICT)/);
  expect(replies.filter((r) => r.ok && !r.data.already)).toHaveLength(1);
  expect(replies.filter((r) => r.ok).every((r) => r.ok && r.data.id === id)).toBe(true);
  const awards = (await app.db.collection('badge_awards').where({ 'holder.id': star.doc._id }).get()).data as Array<Record<string, unknown>>;
  expect(awards).toEqual([expect.objectContaining({ _id: id, code: 'yearStar', name: '年度党员之星', source: 'yearStar', sourceRef: '2026', until: null, revoked: null })]);
  expect((await app.db.collection('audit').where({ action: 'badge.award', 'target.id': id }).get()).data).toHaveLength(1);
  const profile = (await app.db.collection('members').doc(star.doc._id).get()).data[0] as MemberDoc;
  expect(profile.awards?.filter((a) => a.code === 'yearStar')).toHaveLength(1);
  // Pressed again later: the same success, nothing new.
  expect(await confer(seed.admin.openid, star.doc._id, 2026)).toEqual(expect.objectContaining({ ok: true, data: { id, already: true } }));
});

it('refuses a member who was no 每月之星 that year, and anyone but an admin', async () => {
  const other = await seed.member({ name: '柏松', stars: ['2025-11'] } as Partial<MemberDoc>);
  expect(await confer(seed.admin.openid, other.doc._id, 2026)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '柏松不是2026年的每月之星，年度党员之星从当年的每月之星中评定' } });
  expect(await confer(seed.admin.openid, 'm-nobody', 2026)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await confer(seed.counselorX.openid, other.doc._id, 2025)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((await app.db.collection('badge_awards').where({ 'holder.id': other.doc._id }).get()).data).toEqual([]);
});
