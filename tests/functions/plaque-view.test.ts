import { RATE_LIMITS } from '../../src/shared/domain/rate-limits';
import { termOf } from '../../src/shared/domain/term';
import { buildBuilding, buildMember, buildRoom, newPlaqueCode, plaqueFor } from './builders';
import { startApp, type App } from './harness';

let app: App;
const building = buildBuilding({ name: '智园2号楼' });
const room = buildRoom({ buildingId: building._id, number: '512', floor: 5 });
const term = termOf(new Date()).key;

// Badges (issue 11): a current award, an expired one (not shown) and the room's 党员示范寝室 on the plaque document.
const awards = [
  { awardId: 'aw-model', code: 'modelPost', name: '党员示范岗', until: null },
  { awardId: 'aw-old', code: 'redServiceTeam', name: '红色服务队', until: '2020-01-31' },
];
const roomAwards = [{ awardId: 'app_mr', code: 'modelRoom', name: '党员示范寝室', until: null }];
const consenting = buildMember({ roomId: room._id, buildingId: building._id, name: '王芳', status: 'probationary', posts: ['floorLeader'], awards, hours: { [term]: 12.5 } });
// A second room whose plaque is flagged 脏乱差: its badges are suspended.
const flaggedRoom = buildRoom({ buildingId: building._id, number: '513', floor: 5 });
const withdrawn = buildMember({ roomId: room._id, buildingId: building._id, name: '赵强', consent: { public: false, changedAt: new Date() } });
const elsewhere = buildMember({ name: '别的寝室' });
// Members of other rooms who look after this one (联系党员): shown only with consent.
const linkedHere = buildMember({ name: '孙丽', roomNumber: '101', linkedRoomIds: [room._id] });
const linkedWithdrawn = buildMember({ name: '周杰', linkedRoomIds: [room._id], consent: { public: false, changedAt: new Date() } });

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', building);
  await app.insert('rooms', room);
  await app.insert('plaques', [{ ...plaqueFor(room, building), roomAwards }, { ...plaqueFor(flaggedRoom, building), roomAwards, roomFlagged: true }, plaqueFor(buildRoom({ plaqueCode: 'RETRED0000000000' }), building, { status: 'retired', retiredAt: new Date() })]);
  // Private roster data alongside: it must never reach a plaque.
  await app.insert('roster', { _id: consenting.rosterId, studentNo: '2024999001', name: '王芳', buildingId: building._id, roomId: room._id, memberStatus: 'probationary', phone: '13912345678', boundUserId: null });
  await app.insert('members', [consenting, withdrawn, elsewhere, linkedHere, linkedWithdrawn]);
});
afterAll(() => app.stop());

describe('plaque.view', () => {
  it('shows the room, its consenting members and its consenting linked members, with public fields only', async () => {
    const reply = await app.call('o-scanner-1', 'plaque', 'view', { code: room.plaqueCode });
    expect(reply).toEqual({
      ok: true,
      data: {
        room: { id: room._id, number: '512', floor: 5, buildingId: building._id, buildingName: '智园2号楼' },
        members: [
          {
            id: consenting._id, name: '王芳', photoUrl: null, status: 'probationary', branchName: consenting.branchName, groupName: null,
            posts: ['floorLeader'], pledge: consenting.pledge, badges: [{ code: 'modelPost', name: '党员示范岗' }], stars: [], termHours: 12.5,
          },
        ],
        linkedMembers: [
          {
            id: linkedHere._id, name: '孙丽', photoUrl: null, status: 'full', branchName: linkedHere.branchName, groupName: null,
            posts: [], pledge: linkedHere.pledge, badges: [], stars: [], termHours: 0,
          },
        ],
        roomBadges: [{ code: 'modelRoom', name: '党员示范寝室' }],
      },
    });
    const text = JSON.stringify(reply);
    for (const secret of ['2024999001', '13912345678', consenting.rosterId, '赵强', '周杰', '别的寝室', 'studentNo', 'phone']) expect(text).not.toContain(secret);
  });

  it('suspends the room badges of a room flagged 脏乱差, from the plaque document alone', async () => {
    const reply = await app.call('o-scanner-4', 'plaque', 'view', { code: flaggedRoom.plaqueCode });
    expect(reply).toMatchObject({ ok: true, data: { room: { number: '513' }, roomBadges: [] } });
    expect(app.meterOf(reply.invocationId)!.reads).toBe(2);
  });

  it('costs one call, at most two reads and one write, badges included', async () => {
    const reply = await app.call('o-scanner-2', 'plaque', 'view', { code: room.plaqueCode.toLowerCase() });
    expect(reply).toMatchObject({ ok: true, data: { roomBadges: [{ code: 'modelRoom' }], members: [{ badges: [{ code: 'modelPost' }] }] } });
    const meter = app.meterOf(reply.invocationId)!;
    expect(meter.reads).toBeLessThanOrEqual(2);
    expect(meter.writes).toBeLessThanOrEqual(2);
    expect(meter.byCollection.members?.docsExamined).toBeLessThanOrEqual(3);
    expect(meter.reads).toBe(2);
  });

  it('answers an unknown code and a retired code with clear errors', async () => {
    expect(await app.call('o-scanner-3', 'plaque', 'view', { code: newPlaqueCode() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('o-scanner-3', 'plaque', 'view', { code: 'RETRED0000000000' })).toMatchObject({ ok: false, error: { code: 'CODE_RETIRED' } });
    expect(await app.call('o-scanner-3', 'plaque', 'view', { code: 'not a code' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('rate-limits repeated scans by one user', async () => {
    const results = [];
    for (let i = 0; i < RATE_LIMITS.plaqueView.limit + 2; i += 1) results.push(await app.call('o-scraper', 'plaque', 'view', { code: room.plaqueCode }));
    expect(results.slice(0, RATE_LIMITS.plaqueView.limit).every((r) => r.ok)).toBe(true);
    expect(results.slice(RATE_LIMITS.plaqueView.limit)).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
    ]);
    // Another user is unaffected.
    expect((await app.call('o-other', 'plaque', 'view', { code: room.plaqueCode })).ok).toBe(true);
  });
});
