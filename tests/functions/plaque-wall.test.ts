import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import { termOf } from '../../src/shared/domain/term';
import { buildBuilding, buildMember, buildRoster } from './builders';
import { startApp, type App } from './harness';
import { expectIndexServed } from './index-served';

let app: App;
const term = termOf(new Date()).key;
const building = buildBuilding({ name: '智园2号楼', communityName: '智园社区', floors: 6 });
const other = buildBuilding({ name: '智园10号楼', communityName: '智园社区' });
const elsewhere = buildBuilding({ name: '慧园1号楼', communityName: '慧园社区' });

const inBuilding = (floor: number, roomNumber: string, name: string, o: Parameters<typeof buildMember>[0] = {}) =>
  buildMember({ buildingId: building._id, buildingName: building.name, floor, roomId: `room-${roomNumber}`, roomNumber, name, ...o });

// Listed out of order on purpose; the wall sorts by floor, room number (as a number), then name (pinyin).
const zhang = inBuilding(3, '302', '张伟');
const li = inBuilding(3, '302', '李娜', { status: 'candidate', hours: { [term]: 6 } });
// Badges come from the member's awards projection: current ones only (issue 11).
const wang = inBuilding(5, '512', '王芳', { posts: ['floorLeader'], awards: [{ awardId: 'aw-1', code: 'theoryTeam', name: '理论宣讲团', until: null }, { awardId: 'aw-2', code: 'dutyZone', name: '党员责任区', until: '2020-07-31' }] });
const ten = inBuilding(2, '2-10', '陈静');
const nine = inBuilding(2, '2-9', '刘洋');
const withdrawn = inBuilding(3, '301', '赵强', { consent: { public: false, changedAt: new Date() } });
const neverAsked = inBuilding(4, '401', '孙丽', { consent: undefined as never });
const otherBuilding = buildMember({ buildingId: other._id, name: '周杰' });

const rosters = [zhang, li, wang, ten, nine, withdrawn].map((m, i) =>
  buildRoster({ _id: m.rosterId, name: m.name, buildingId: building._id, roomId: m.roomId, studentNo: `20249990${10 + i}`, phone: `139000000${10 + i}`, memberStatus: m.status }),
);

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [building, other, elsewhere]);
  await app.insert('roster', rosters);
  await app.insert('members', [zhang, li, wang, ten, nine, withdrawn, neverAsked, otherBuilding]);
});
afterAll(() => app.stop());

describe('plaque.wall', () => {
  it("shows the building's consenting members by floor, room and name, with public fields only", async () => {
    const reply = await app.call('o-wall-1', 'plaque', 'wall', { buildingId: building._id });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    expect(reply.data.building).toEqual({ id: building._id, name: '智园2号楼', communityName: '智园社区' });
    expect(reply.data.floors.map((f) => [f.floor, f.members.map((m) => `${m.roomNumber} ${m.name}`)])).toEqual([
      [2, ['2-9 刘洋', '2-10 陈静']],
      [3, ['302 李娜', '302 张伟']],
      [5, ['512 王芳']],
    ]);
    expect(reply.data.floors[1].members[0]).toEqual({
      id: li._id, name: '李娜', photoUrl: null, status: 'candidate', branchName: li.branchName, groupName: null,
      posts: [], pledge: li.pledge, badges: [], stars: [], termHours: 6, roomNumber: '302',
    });
    expect(reply.data.floors[2].members[0]).toMatchObject({ posts: ['floorLeader'], badges: [{ code: 'theoryTeam', name: '理论宣讲团' }], termHours: 0 });

    const text = JSON.stringify(reply);
    for (const r of rosters) {
      expect(text).not.toContain(r.studentNo);
      expect(text).not.toContain(r.phone!);
      expect(text).not.toContain(r._id);
    }
    for (const secret of ['赵强', '孙丽', '周杰', 'studentNo', 'phone', 'rosterId', 'userId', 'consent', 'hours', 'room-']) expect(text).not.toContain(secret);
  });

  it('costs at most two reads; writes are only the rate-limit counter', async () => {
    const first = await app.call('o-wall-2', 'plaque', 'wall', { buildingId: building._id });
    const again = await app.call('o-wall-2', 'plaque', 'wall', { buildingId: building._id });
    expect(first.ok && again.ok).toBe(true);
    // A user's first call creates the counter with a lease of tokens (one write); the instance spends
    // the lease on the next call without writing (src/shared/domain/rate-limits.ts).
    expect(app.meterOf(first.invocationId)).toMatchObject({ reads: 2, writes: 1 });
    const meter = app.meterOf(again.invocationId)!;
    expect(meter).toMatchObject({ reads: 2, writes: 0 });
    // The members query uses the by_building_floor index: it examines only the building's members.
    expect(meter.byCollection.members?.docsExamined).toBeLessThanOrEqual(7);
  });

  it('pages lowest floor first by (floor, _id): every member once while members join between pages', async () => {
    const tall = buildBuilding({ name: '智园12号楼', communityName: '智园社区', floors: 9 });
    await app.insert('buildings', tall);
    const at = (floor: number, name: string) => buildMember({ buildingId: tall._id, buildingName: tall.name, floor, roomId: `room-${floor}01`, roomNumber: `${floor}01`, name });
    const original = [at(2, '甲'), at(2, '乙'), at(2, '丙'), at(4, '丁'), at(5, '戊'), at(7, '己'), at(8, '庚')];
    await app.insert('members', original);
    const key = (m: { floor: number; _id: string }) => `${m.floor} ${m._id}`;
    const expected = [...original].sort((x, y) => (key(x) < key(y) ? -1 : 1)).map((m) => m._id);
    const extra: typeof original = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await app.call('o-wall-pager', 'plaque', 'wall', { buildingId: tall._id, limit: 2, ...(cursor ? { cursor } : {}) });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      expectIndexServed(app, reply.invocationId);
      seen.push(...reply.data.floors.flatMap((f) => f.members.map((m) => m.id)));
      cursor = reply.data.nextCursor ?? undefined;
      pages += 1;
      if (pages === 1) {
        // Between pages: one joins a floor already passed (not repeated), one a higher floor (it comes later).
        const higher = at(9, '辛');
        extra.push(at(1, '壬'), higher);
        await app.insert('members', extra);
        expected.push(higher._id);
      }
    } while (cursor && pages < 10);
    // Within a page the wall's own order holds (floor, room, name); across pages, floors only go up.
    const floorOf = new Map([...original, ...extra].map((m) => [m._id, m]));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((x, y) => (key(floorOf.get(x)!) < key(floorOf.get(y)!) ? -1 : 1))).toEqual(expected);
    expect(seen.map((id) => floorOf.get(id)!.floor)).toEqual([...seen.map((id) => floorOf.get(id)!.floor)].sort((x, y) => x - y));
    expect(await app.call('o-wall-pager', 'plaque', 'wall', { buildingId: tall._id, cursor: '-1_x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers NOT_FOUND for an unknown building', async () => {
    expect(await app.call('o-wall-3', 'plaque', 'wall', { buildingId: 'b-nowhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rate-limits one user paging through walls, and only that user', async () => {
    const results = [];
    for (let i = 0; i < RATE_LIMITS.wallView.limit + 2; i += 1) results.push(await app.call('o-wall-scraper', 'plaque', 'wall', { buildingId: i % 2 ? building._id : other._id }));
    expect(results.slice(0, RATE_LIMITS.wallView.limit).every((r) => r.ok)).toBe(true);
    expect(results.slice(RATE_LIMITS.wallView.limit).map((r) => !r.ok && r.error.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect((await app.call('o-wall-4', 'plaque', 'wall', { buildingId: building._id })).ok).toBe(true);
  });
});
