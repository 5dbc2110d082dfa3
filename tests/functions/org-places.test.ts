import { PLAQUE_CODE_PATTERN } from '../../src/shared/domain/plaque-code';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser, nextId, plaqueFor } from './builders';
import { startApp, type App } from './harness';
import { collectPages, expectIndexServed } from './index-served';

/** Function `org`: buildings, floors and rooms; renames keep the copies right; a closed room vanishes. */
let app: App;
const community = { _id: nextId('oc'), name: '智园社区' };
const a = buildBuilding({ name: '智园1号楼', communityId: community._id, communityName: community.name });
const other = buildBuilding({ name: '智园9号楼', communityId: community._id, communityName: community.name });
const lived = buildRoom({ buildingId: a._id, floor: 3, number: '301' });
const empty = buildRoom({ buildingId: a._id, floor: 3, number: '302' });
const roster = buildRoster({ buildingId: a._id, roomId: lived._id });
const member = buildMember({ buildingId: a._id, buildingName: a.name, roomId: lived._id, roomNumber: '301', floor: 3 });
/** Enough members of building A that a rename's copies take more than one call (5 pages of 100 per call). */
const many = Array.from({ length: 620 }, () => buildMember({ buildingId: a._id, buildingName: a.name, roomId: nextId('r'), roomNumber: '999' }));
const admin = buildUser({ role: 'admin' });
const counselor = buildUser({ role: 'counselor', buildingIds: [a._id] });

const cost = (app: App, id: string | undefined) => (({ reads, writes }) => ({ reads, writes }))(app.meterOf(id)!);
const doc = async <T>(collection: string, id: string) => (await app.db.collection(collection).doc(id).get()).data[0] as T;
const auditOf = async (action: string) => (await app.db.collection('audit').where({ action }).get()).data as Array<{ target: { id: string }; before: unknown; after: unknown; actorRole: string }>;

beforeAll(async () => {
  app = await startApp();
  await app.insert('communities', community);
  await app.insert('buildings', [a, other]);
  await app.insert('rooms', [lived, empty]);
  await app.insert('plaques', [plaqueFor(lived, a), plaqueFor(empty, a)]);
  await app.insert('roster', roster);
  await app.insert('members', [member, ...many]);
  await app.insert('users', [admin, counselor]);
});
afterAll(() => app.stop());

describe('buildings', () => {
  it('creates a building in a community, audited, and refuses a second of the same name', async () => {
    const reply = await app.call(admin.openid, 'org', 'createBuilding', { communityId: community._id, name: '智园3号楼', floors: 6 });
    expect(reply).toMatchObject({ ok: true, data: { id: expect.any(String) } });
    const id = reply.ok ? reply.data.id : '';
    expect(await doc('buildings', id)).toMatchObject({ name: '智园3号楼', floors: 6, communityId: community._id, communityName: '智园社区' });
    expect((await auditOf('org.createBuilding')).map((e) => e.target.id)).toContain(id);
    expect(await app.call(admin.openid, 'org', 'createBuilding', { communityId: community._id, name: ' 智园3号楼 ', floors: 5 })).toMatchObject({
      ok: false, error: { code: 'INVALID_STATE', message: '智园社区已有名为“智园3号楼”的楼栋' },
    });
    expect(await app.call(admin.openid, 'org', 'createBuilding', { communityId: 'nope', name: '智园4号楼', floors: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists buildings a page at a time, index-served', async () => {
    const ids = await collectPages(app, (cursor) => app.call(admin.openid, 'org', 'buildings', { cursor, limit: 1 }), async () => {});
    expect(ids).toEqual(expect.arrayContaining([a._id, other._id]));
  });

  it('refuses fewer floors than the rooms need', async () => {
    expect(await app.call(admin.openid, 'org', 'updateBuilding', { buildingId: a._id, floors: 2 })).toMatchObject({
      ok: false, error: { code: 'INVALID_STATE', message: '2层以上还有房间，不能把楼层数改为2' },
    });
  });
});

describe('rooms', () => {
  it("adds a floor's rooms by a range, each with an active plaque; the same range again adds nothing", async () => {
    const first = await app.call(admin.openid, 'org', 'addRooms', { buildingId: a._id, floor: 5, from: '501', to: '503' });
    expect(first).toEqual({ ok: true, data: { added: ['501', '502', '503'], existing: [] } });
    console.log('DB per call: addRooms (3 rooms)', JSON.stringify(cost(app, first.invocationId)));
    const again = await app.call(admin.openid, 'org', 'addRooms', { buildingId: a._id, floor: 5, from: '501', to: '504' });
    expect(again).toEqual({ ok: true, data: { added: ['504'], existing: ['501', '502', '503'] } });
    const listed = await app.call(admin.openid, 'org', 'rooms', { buildingId: a._id, limit: 50 });
    const fifth = listed.ok ? listed.data.items.filter((r) => r.floor === 5) : [];
    expect(fifth.map((r) => r.number)).toEqual(['501', '502', '503', '504']);
    for (const r of fifth) {
      expect(r.code).toMatch(PLAQUE_CODE_PATTERN);
      expect(await doc('plaques', r.code)).toMatchObject({ roomId: r.id, status: 'active', room: { number: r.number, floor: 5, buildingName: '智园1号楼' } });
    }
    expect(await auditOf('org.addRooms')).toHaveLength(2);
  });

  it('adds the same range twice at once as one set of rooms (contention: one adds, the other finds them)', async () => {
    const replies = await Promise.all([1, 2, 3].map(() => app.call(admin.openid, 'org', 'addRooms', { buildingId: a._id, floor: 6, from: '601', to: '605' })));
    for (const r of replies) expect(r.ok || (!r.ok && r.error.code === 'CONFLICT')).toBe(true);
    const { data } = await app.db.collection('rooms').where({ buildingId: a._id, floor: 6 }).get();
    expect((data as Array<{ number: string }>).map((r) => r.number).sort()).toEqual(['601', '602', '603', '604', '605']);
  });

  it('refuses a bad range and a floor the building does not have, in Chinese, storing nothing', async () => {
    expect(await app.call(admin.openid, 'org', 'addRooms', { buildingId: a._id, floor: 3, from: '330', to: '301' })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: '结束房间号不能小于开始房间号' },
    });
    expect(await app.call(admin.openid, 'org', 'addRooms', { buildingId: a._id, floor: 9, from: '901' })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: '智园1号楼共6层，楼层应在1到6之间' },
    });
  });

  it("renames a room with its plaque and residents' profiles in one change, and refuses a number that is taken", async () => {
    expect(await app.call(admin.openid, 'org', 'renameRoom', { roomId: lived._id, number: '302' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '这栋楼已有302室' } });
    const renamed = await app.call(admin.openid, 'org', 'renameRoom', { roomId: lived._id, number: '303' });
    expect(renamed).toEqual({ ok: true, data: { done: true } });
    console.log('DB per call: renameRoom (1 resident)', JSON.stringify(cost(app, renamed.invocationId)));
    expect(await doc('rooms', lived._id)).toMatchObject({ number: '303', floor: 3 });
    expect(await doc('plaques', lived.plaqueCode)).toMatchObject({ room: { number: '303', floor: 3, buildingName: '智园1号楼' } });
    expect(await doc('members', member._id)).toMatchObject({ roomNumber: '303' });
    const view = await app.call('o-scanner-1', 'plaque', 'view', { code: lived.plaqueCode });
    expect(view).toMatchObject({ ok: true, data: { room: { number: '303' } } });
    expect(await auditOf('org.renameRoom')).toEqual([expect.objectContaining({ target: expect.objectContaining({ id: lived._id }), before: { number: '301', floor: 3 }, after: { number: '303', floor: 3 } })]);
  });

  it('never closes a room people live in; a closed room vanishes from the plaque picker, the inspection picker and its plaque, and opens again', async () => {
    expect(await app.call(admin.openid, 'org', 'setRoomClosed', { roomId: lived._id, closed: true })).toMatchObject({
      ok: false, error: { code: 'INVALID_STATE', message: '303室还有住户，请先调整住宿后再停用' },
    });
    expect(await app.call(admin.openid, 'org', 'setRoomClosed', { roomId: empty._id, closed: true, reason: '改作活动室' })).toEqual({ ok: true, data: { changed: true } });
    expect(await app.call(admin.openid, 'org', 'setRoomClosed', { roomId: empty._id, closed: true })).toEqual({ ok: true, data: { changed: false } });

    const picker = await app.call(counselor.openid, 'plaque', 'rooms', { buildingId: a._id, limit: 50 });
    expect(picker.ok && picker.data.items.map((r) => r.id)).not.toContain(empty._id);
    expect(picker.ok && picker.data.items.map((r) => r.id)).toContain(lived._id);
    // Paging over it never loses an open room: a page may be short while the cursor goes on.
    const paged = await collectPages(app, (cursor) => app.call(counselor.openid, 'plaque', 'rooms', { buildingId: a._id, cursor, limit: 2 }), async () => {});
    expect(paged).not.toContain(empty._id);
    expect(paged).toHaveLength(picker.ok ? picker.data.items.length : -1);
    const inspect = await app.call(counselor.openid, 'checkin', 'inspectableRooms', { buildingId: a._id, floor: 3 });
    expect(inspect.ok && inspect.data.items.map((r) => r.id)).toEqual([lived._id]);
    expect(await app.call('o-scanner-2', 'plaque', 'view', { code: empty.plaqueCode })).toMatchObject({ ok: false, error: { code: 'CODE_RETIRED' } });
    const admins = await app.call(admin.openid, 'org', 'rooms', { buildingId: a._id, limit: 50 });
    expect(admins.ok && admins.data.items.find((r) => r.id === empty._id)).toMatchObject({ closed: true });
    expect(await auditOf('org.closeRoom')).toEqual([expect.objectContaining({ reason: '改作活动室' })]);

    expect(await app.call(admin.openid, 'org', 'setRoomClosed', { roomId: empty._id, closed: false })).toEqual({ ok: true, data: { changed: true } });
    expect(await app.call('o-scanner-3', 'plaque', 'view', { code: empty.plaqueCode })).toMatchObject({ ok: true, data: { room: { number: '302' } } });
  });
});

describe('a building renamed', () => {
  it('copies the new name onto every member and active plaque in bounded, resumable steps', async () => {
    const renamed = await app.call(admin.openid, 'org', 'updateBuilding', { buildingId: a._id, name: '博雅1号楼' });
    // 621 members and the plaques: more than one call's 5 pages of 100.
    expect(renamed).toEqual({ ok: true, data: { copiesPending: true } });
    expectIndexServed(app, renamed.invocationId);
    expect(app.meterOf(renamed.invocationId)!.reads).toBeLessThanOrEqual(20);
    console.log('DB per call: updateBuilding rename (621 members, 5 pages)', JSON.stringify(cost(app, renamed.invocationId)));
    const listed = await app.call(admin.openid, 'org', 'buildings', {});
    expect(listed.ok && listed.data.items.find((b) => b.id === a._id)).toMatchObject({ name: '博雅1号楼', copiesPending: true });

    let calls = 0;
    for (;;) {
      const step = await app.call(admin.openid, 'org', 'syncCopies', { kind: 'building', id: a._id });
      expectIndexServed(app, step.invocationId);
      console.log('DB per call: syncCopies', JSON.stringify(cost(app, step.invocationId)));
      calls += 1;
      if (step.ok && !step.data.copiesPending) break;
      if (calls > 5) throw new Error('copies never finished');
    }
    expect(calls).toBeGreaterThanOrEqual(1);
    const { data: stale } = await app.db.collection('members').where({ buildingId: a._id, buildingName: app.db.command.neq('博雅1号楼') }).get();
    expect(stale).toEqual([]);
    const { data: plaques } = await app.db.collection('plaques').where({ buildingId: a._id, status: 'active' }).get();
    expect((plaques as Array<{ room: { buildingName: string } }>).every((p) => p.room.buildingName === '博雅1号楼')).toBe(true);
    expect(await doc('buildings', a._id)).toMatchObject({ copiesPending: false, copies: null });
    expect(await auditOf('org.updateBuilding')).toEqual([expect.objectContaining({ before: expect.objectContaining({ name: '智园1号楼' }), after: expect.objectContaining({ name: '博雅1号楼' }) })]);
    // The name the plaque shows is the new one.
    expect(await app.call('o-scanner-4', 'plaque', 'view', { code: lived.plaqueCode })).toMatchObject({ ok: true, data: { room: { buildingName: '博雅1号楼' } } });
  });

  it('a second rename while copies run: the newer name wins everywhere', async () => {
    await app.call(admin.openid, 'org', 'updateBuilding', { buildingId: a._id, name: '博雅一号楼' });
    await app.call(admin.openid, 'org', 'updateBuilding', { buildingId: a._id, name: '博雅1号楼' });
    for (let i = 0; i < 6; i += 1) {
      const step = await app.call(admin.openid, 'org', 'syncCopies', { kind: 'building', id: a._id });
      if (step.ok && !step.data.copiesPending) break;
    }
    const { data: stale } = await app.db.collection('members').where({ buildingId: a._id, buildingName: app.db.command.neq('博雅1号楼') }).get();
    expect(stale).toEqual([]);
  });

  it('is for admins only', async () => {
    expect(await app.call(counselor.openid, 'org', 'updateBuilding', { buildingId: a._id, name: '别的名字' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
