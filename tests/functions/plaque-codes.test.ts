import { PLAQUE_CODE_PATTERN } from '../../src/shared/domain/plaque-code';
import { collectPages } from './index-served';
import { buildBuilding, buildRoom, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';

let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const b = buildBuilding({ name: '智园2号楼' });
const issuedAt = new Date('2026-09-01T00:00:00.000Z');
const roomsOfA = [
  buildRoom({ buildingId: a._id, floor: 3, number: '302', plaqueIssuedAt: issuedAt }),
  buildRoom({ buildingId: a._id, floor: 1, number: '101', plaqueIssuedAt: issuedAt }),
  buildRoom({ buildingId: a._id, floor: 3, number: '301', plaqueIssuedAt: issuedAt }),
];
const roomOfB = buildRoom({ buildingId: b._id, floor: 4, number: '402' });
const raced = [1, 2, 3].map((i) => buildRoom({ buildingId: b._id, floor: 5, number: `50${i}` }));

const counselorA = buildUser({ role: 'counselor', buildingIds: [a._id] });
const counselorB = buildUser({ role: 'counselor', buildingIds: [b._id] });
const admin = buildUser({ role: 'admin' });
const student = buildUser({ role: 'student' });

const plaquesOf = async (roomId: string) => (await app.db.collection('plaques').where({ roomId }).get()).data as Array<{ _id: string; status: string; retiredAt: Date | null }>;
const roomDoc = async (roomId: string) => (await app.db.collection('rooms').doc(roomId).get()).data[0] as { plaqueCode: string; plaqueIssuedAt: Date };

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', [a, b]);
  const all = [...roomsOfA, roomOfB, ...raced];
  await app.insert('rooms', all);
  await app.insert('plaques', all.map((r) => plaqueFor(r, r.buildingId === a._id ? a : b)));
  await app.insert('users', [counselorA, counselorB, admin, student]);
});
afterAll(() => app.stop());

describe('plaque.rooms', () => {
  it("lists a building's rooms by floor and number with their current codes, for its counselor and admins", async () => {
    const expected = [roomsOfA[1], roomsOfA[2], roomsOfA[0]].map((r) => ({ id: r._id, number: r.number, floor: r.floor, code: r.plaqueCode, codeIssuedAt: issuedAt.toISOString() }));
    expect(await app.call(counselorA.openid, 'plaque', 'rooms', { buildingId: a._id })).toEqual({ ok: true, data: { items: expected, nextCursor: null } });
    expect(await app.call(admin.openid, 'plaque', 'rooms', { buildingId: a._id })).toEqual({ ok: true, data: { items: expected, nextCursor: null } });
  });

  it("pages a big building's rooms by floor and number, index-served, none lost or doubled across ties on the floor", async () => {
    const big = buildBuilding({ name: '智园9号楼' });
    // 4 floors of 7 rooms, inserted out of order; page size 5 makes pages end mid-floor.
    const many = [4, 2, 1, 3].flatMap((floor) => [7, 3, 5, 1, 6, 2, 4].map((n) => buildRoom({ buildingId: big._id, floor, number: `${floor}0${n}` })));
    await app.insert('buildings', [big]);
    await app.insert('rooms', many);
    const seen = await collectPages(app, (cursor) => app.call(admin.openid, 'plaque', 'rooms', { buildingId: big._id, limit: 5, ...(cursor ? { cursor } : {}) }), async () => {});
    const sorted = [...many].sort((x, y) => x.floor - y.floor || x.number.localeCompare(y.number));
    expect(seen).toEqual(sorted.map((r) => r._id));
    expect(await app.call(admin.openid, 'plaque', 'rooms', { buildingId: big._id, cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it("refuses another building's counselor (FORBIDDEN: buildings are public, their rooms' codes are not) and students", async () => {
    expect(await app.call(counselorB.openid, 'plaque', 'rooms', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(student.openid, 'plaque', 'rooms', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call('o-guest-rooms', 'plaque', 'rooms', { buildingId: a._id })).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    expect(await app.call(admin.openid, 'plaque', 'rooms', { buildingId: 'b-nowhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('plaque.issueCode', () => {
  it('retires the old code, issues a new unguessable one that works, and audits the change', async () => {
    const room = roomOfB;
    const reply = await app.call(admin.openid, 'plaque', 'issueCode', { roomId: room._id });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const code = reply.data.code;
    expect(code).toMatch(PLAQUE_CODE_PATTERN);
    expect(code).not.toBe(room.plaqueCode);

    expect(await app.call('o-scan-old', 'plaque', 'view', { code: room.plaqueCode })).toMatchObject({ ok: false, error: { code: 'CODE_RETIRED' } });
    expect(await app.call('o-scan-new', 'plaque', 'view', { code })).toMatchObject({
      ok: true,
      data: { room: { id: room._id, number: '402', floor: 4, buildingId: b._id, buildingName: '智园2号楼' } },
    });

    const stored = await roomDoc(room._id);
    expect(stored.plaqueCode).toBe(code);
    const plaques = await plaquesOf(room._id);
    expect(plaques.find((p) => p._id === room.plaqueCode)).toMatchObject({ status: 'retired', retiredAt: expect.any(Date) });
    expect(plaques.filter((p) => p.status === 'active').map((p) => p._id)).toEqual([code]);

    const audits = (await app.db.collection('audit').where({ 'target.id': room._id }).get()).data;
    expect(audits).toEqual([
      expect.objectContaining({
        actorOpenid: admin.openid,
        actorRole: 'admin',
        action: 'plaque.issueCode',
        target: { collection: 'rooms', id: room._id },
        before: { plaqueCode: room.plaqueCode, plaqueIssuedAt: room.plaqueIssuedAt },
        after: { plaqueCode: code, plaqueIssuedAt: stored.plaqueIssuedAt },
      }),
    ]);
    // Codes are random: a second reissue gives a different code again.
    const again = await app.call(admin.openid, 'plaque', 'issueCode', { roomId: room._id });
    expect(again.ok && again.data.code).not.toBe(code);
  });

  it('is for admins only, and answers NOT_FOUND for an unknown room', async () => {
    expect(await app.call(counselorA.openid, 'plaque', 'issueCode', { roomId: roomsOfA[0]._id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call(admin.openid, 'plaque', 'issueCode', { roomId: 'r-nowhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await plaquesOf(roomsOfA[0]._id)).map((p) => p.status)).toEqual(['active']);
  });

  it('leaves exactly one active code when reissues of one room race', async () => {
    for (const room of raced) {
      const replies = await Promise.all([1, 2, 3, 4].map(() => app.call(admin.openid, 'plaque', 'issueCode', { roomId: room._id })));
      const issued = replies.filter((r) => r.ok);
      // Each call either issued a code or lost every retry to the others (CONFLICT), never anything else.
      for (const r of replies) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
      expect(issued.length).toBeGreaterThan(0);
      const active = (await plaquesOf(room._id)).filter((p) => p.status === 'active');
      expect(active.map((p) => p._id)).toEqual([(await roomDoc(room._id)).plaqueCode]);
      expect(await plaquesOf(room._id)).toHaveLength(1 + issued.length);
      expect((await app.db.collection('audit').where({ 'target.id': room._id }).get()).data).toHaveLength(issued.length);
    }
  });
});
