import { buildEntry, daysAgo } from './builders';
import { startApp, type App } from './harness';
import { seedWorld, type World } from './world';

/**
 * The log form edits an entry by id (`?id=`): `volunteer.myEntry` reads it directly, however many
 * newer entries the member has (it used to be looked up among the latest 50 of myEntries), and only
 * the owner's.
 */
let app: App;
let world: World;
beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
});
afterAll(() => app.stop());

describe('volunteer.myEntry', () => {
  it("opens the member's oldest entry behind 60 newer ones, in one read by id", async () => {
    const of = { memberId: world.member._id, userId: world.users.member._id, memberName: world.member.name, buildingId: world.a._id };
    const oldest = buildEntry({ ...of, status: 'returned', date: daysAgo(29), title: '最早的一条', reviewComment: '请补充地点' });
    const newer = Array.from({ length: 60 }, (_, i) => buildEntry({ ...of, status: 'approved', approvedHours: 1, date: daysAgo(1 + (i % 20)), start: `${String(8 + Math.floor(i / 20)).padStart(2, '0')}:00`, end: `${String(8 + Math.floor(i / 20)).padStart(2, '0')}:30`, title: `较新的${i}` }));
    await app.insert('volunteer_entries', [oldest, ...newer]);
    const latest = await app.call(world.openids.member, 'volunteer', 'myEntries', { limit: 50 });
    if (!latest.ok) throw new Error(JSON.stringify(latest));
    expect(latest.data.items.map((e) => e.id)).not.toContain(oldest._id);

    const reply = await app.call(world.openids.member, 'volunteer', 'myEntry', { id: oldest._id });
    expect(reply).toMatchObject({ ok: true, data: { entry: { id: oldest._id, title: '最早的一条', status: 'returned', reviewComment: '请补充地点' } } });
    const entryReads = app.meterOf(reply.invocationId)!.requests.filter((r) => r.collection === 'volunteer_entries');
    expect(entryReads.map((r) => [r.examined, r.matched])).toEqual([[1, 1]]);
  });

  it("another member's entry, or none, is NOT_FOUND with a message", async () => {
    const theirs = buildEntry({ memberId: world.neighbour._id, userId: 'u-other', memberName: world.neighbour.name, buildingId: world.a._id, title: '别人的' });
    await app.insert('volunteer_entries', theirs);
    for (const id of [theirs._id, 'e-none']) {
      const reply = await app.call(world.openids.member, 'volunteer', 'myEntry', { id });
      expect(reply).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '没有找到这条志愿服务记录，它可能已被撤回或删除' } });
    }
  });
});
