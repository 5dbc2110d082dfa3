import { buildBuilding, buildUser } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/**
 * plaque.buildings: by community, then number as people read it, a page at a time on an index; a
 * counselor without a community sees their own buildings. What a call examines never grows with the school.
 */
let app: App;
const zhiyuan = (n: number) => buildBuilding({ communityId: 'c-zhiyuan', communityName: '智园社区', name: `${n}号楼` });
const huiyuan = (n: number) => buildBuilding({ communityId: 'c-huiyuan', communityName: '慧园社区', name: `慧园${n}号楼`, floors: 9 });
const zy = Array.from({ length: 12 }, (_, i) => zhiyuan(i + 1));
const hy = [1, 2, 3].map(huiyuan);
const counselor = buildUser({ openid: 'o-bld-counselor', role: 'counselor', buildingIds: [zy[9]._id, hy[0]._id, zy[1]._id] });

const ids = (list: Array<{ _id: string }>) => list.map((b) => b._id);
const page = (openid: string, input: object) => app.call(openid, 'plaque', 'buildings', input as never);

beforeAll(async () => {
  app = await startApp();
  // Stored out of order on purpose: the order comes from the sort key, not from insertion.
  await app.insert('buildings', [...zy].reverse());
  await app.insert('buildings', [hy[2], hy[0], hy[1]]);
  await app.insert('users', counselor);
});
afterAll(() => app.stop());

describe('plaque.buildings', () => {
  it('lists by community, then building number (2号楼 before 10号楼), with community and floors', async () => {
    const reply = await page('o-bld-anyone', { limit: 50 });
    expect(reply.ok && reply.data.items.map((b) => b.name)).toEqual([...hy.map((b) => b.name), ...zy.map((b) => b.name)]);
    expect(reply.ok && reply.data.items[0]).toEqual({ id: hy[0]._id, name: '慧园1号楼', communityId: 'c-huiyuan', communityName: '慧园社区', floors: 9 });
    expect(reply.ok && reply.data.nextCursor).toBeNull();
    expectIndexServed(app, reply.invocationId);
  });

  it("with a community: that community's buildings only", async () => {
    const reply = await page('o-bld-anyone', { communityId: 'c-huiyuan' });
    expect(reply.ok && reply.data.items.map((b) => b.id)).toEqual(ids(hy));
    expectIndexServed(app, reply.invocationId);
  });

  it('a counselor without a community gets the buildings of their scope, in the same order and paged', async () => {
    const seen = await collectPages(app, (cursor) => page(counselor.openid, { limit: 2, ...(cursor ? { cursor } : {}) }), async () => {});
    expect(seen).toEqual([hy[0]._id, zy[1]._id, zy[9]._id]);
    const community = await page(counselor.openid, { communityId: 'c-huiyuan' });
    expect(community.ok && community.data.items.map((b) => b.id)).toEqual(ids(hy));
  });

  it('pages without duplicates or gaps while buildings are added, each page on an index', async () => {
    const late = buildBuilding({ communityId: 'c-zhiyuan', communityName: '智园社区', name: '11号楼附楼' });
    const early = zhiyuan(0);
    const seen = await collectPages(app, (cursor) => page('o-bld-pager', { communityId: 'c-zhiyuan', limit: 5, ...(cursor ? { cursor } : {}) }), async () => {
      await app.insert('buildings', [late, early]);
    });
    // The one added after the cursor shows up in its place; the one added before it is for the next reload.
    expect(seen).toEqual([...ids(zy.slice(0, 11)), late._id, zy[11]._id]);
    const all = await collectPages(app, (cursor) => page('o-bld-pager', { limit: 7, ...(cursor ? { cursor } : {}) }), async () => {});
    expect(all).toEqual([...ids(hy), early._id, ...ids(zy.slice(0, 11)), late._id, zy[11]._id]);
  });

  it.each([['not-a-cursor'], ['1733011200000_b0001'], ['5pm65Zu.b0001']])('a cursor the server did not hand out (%s) is INVALID_INPUT', async (cursor) => {
    const reply = await page('o-bld-anyone', { cursor });
    expect(reply.ok ? 'ok' : reply.error.code).toBe('INVALID_INPUT');
    expect(reply.ok ? '' : reply.error.message).toBe('分页参数无效，请刷新列表');
  });
});
