import { CATALOGUE_MAX, SEED_BADGES } from '../../src/shared/domain/badges';
import { EXPERIENCES_MAX } from '../../cloudfunctions/_common/repositories/develop-experiences';
import { nextId } from './builders';
import { startApp, type App } from './harness';
import { seedWorld, type World } from './world';

/**
 * Issue 11's caps under real concurrency: the badge catalogue (CATALOGUE_MAX) and a member's
 * experience records (EXPERIENCES_MAX) are checked in the transaction that writes, so racing adds
 * one place under the cap answer one success and the cap's error or CONFLICT, never pass the cap.
 */
let app: App;
let w: World;

beforeAll(async () => {
  app = await startApp();
  w = await seedWorld(app, 'cap');
});
afterAll(() => app.stop());

const count = async (coll: string, where: object) => Number((await app.db.collection(coll).where(where).count()).total);

it('eight admins adding eight new badges at once to a catalogue one place short of full: one added, the catalogue ends at its cap', async () => {
  const have = await count('badge_catalogue', {});
  expect(have).toBe(SEED_BADGES.length);
  const at = new Date('2026-09-01T00:00:00Z');
  const filler = Array.from({ length: CATALOGUE_MAX - 1 - have }, (_, i) => ({ _id: `filler${i}`, name: `填充徽章${i}`, holder: 'member', source: 'manual', validity: 'term', description: '测试', active: true, updatedAt: at }));
  await app.insert('badge_catalogue', filler);
  const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => app.call(w.openids.admin, 'badge', 'saveBadge', {
    code: `raceBadge${i}`, name: `并发徽章${i}`, holder: 'member', source: 'manual', validity: 'term', description: '并发新增', active: true,
  })));
  expect(replies.filter((r) => r.ok)).toHaveLength(1);
  for (const r of replies.filter((x) => !x.ok)) expect(['INVALID_STATE', 'CONFLICT']).toContain((r as { error: { code: string } }).error.code);
  expect(replies.some((r) => !r.ok && r.error.code === 'INVALID_STATE' && r.error.message.includes(`徽章目录最多${CATALOGUE_MAX}枚`))).toBe(true);
  expect(await count('badge_catalogue', {})).toBe(CATALOGUE_MAX);
  expect(await count('audit', { action: 'badge.catalogue.add' })).toBe(1);
  // Editing a badge already there still works at the cap.
  expect(await app.call(w.openids.admin, 'badge', 'saveBadge', { code: 'filler0', name: '填充徽章（改名）', holder: 'member', source: 'manual', validity: 'term', description: '测试', active: false })).toMatchObject({ ok: true });
});

it('eight counselors recording experiences at once for a member one record short of the cap: one recorded, the member ends at the cap', async () => {
  const memberId = w.member._id;
  const have = await count('develop_experiences', { memberId });
  const at = new Date(Date.now() - 86_400_000);
  await app.insert('develop_experiences', Array.from({ length: EXPERIENCES_MAX - 1 - have }, (_, i) => ({
    _id: nextId('xp'), memberId, buildingId: w.a._id, kind: 'volunteer', title: `服务${i}`, date: '2026-09-01', description: '', recordedBy: w.users.counselor._id, recordedByName: '张老师',
    recordedAt: new Date(at.getTime() + i), correctsId: null, withdrawn: false, reason: null, correctedBy: null,
  })));
  const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => app.call(w.openids.counselor, 'develop', 'recordExperience', {
    memberId, kind: 'helpingPeers', title: `结对帮扶${i}`, date: '2026-10-01', description: '',
  })));
  expect(replies.filter((r) => r.ok)).toHaveLength(1);
  for (const r of replies.filter((x) => !x.ok)) expect(['INVALID_STATE', 'CONFLICT']).toContain((r as { error: { code: string } }).error.code);
  expect(await count('develop_experiences', { memberId })).toBe(EXPERIENCES_MAX);
  // Once kept, the counter refuses the next record in the transaction too.
  expect(await app.call(w.openids.counselor, 'develop', 'recordExperience', { memberId, kind: 'volunteer', title: '再记一条', date: '2026-10-02', description: '' }))
    .toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  expect(await count('develop_experiences', { memberId })).toBe(EXPERIENCES_MAX);
});
