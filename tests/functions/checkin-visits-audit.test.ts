import { cstDate } from '../../src/shared/domain/china-time';
import { docOf, findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildUser, plaqueFor } from './builders';
import { startApp, type App } from './harness';

/**
 * The visits section's privileged changes (links, corrections, make-ups) commit with their audit
 * record or not at all: the `audit` collection is dropped for real (as in audit-atomic.test.ts), so
 * the audit insert fails; nothing of the change may remain, and the reply is a structured error.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const home = buildRoom({ buildingId: a._id, number: '501', floor: 5 });
const linked = buildRoom({ buildingId: a._id, number: '502', floor: 5 });
const member = buildMember({ name: '韩梅梅', buildingId: a._id, roomId: home._id, roomNumber: '501', linkedRoomIds: [linked._id] });
const counselor = buildUser({ openid: 'va-counselor', role: 'counselor', buildingIds: [a._id] });
const visitId = 'visit-audit-1';

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', a);
  await app.insert('rooms', [home, linked]);
  await app.insert('plaques', [plaqueFor(home, a), plaqueFor(linked, a)]);
  await app.insert('members', member);
  await app.insert('users', counselor);
  await app.insert('visits_records', {
    _id: visitId, memberId: member._id, memberName: member.name, roomId: linked._id, roomNumber: '502', buildingId: a._id, topic: 'life', note: '了解近况',
    at: new Date(Date.now() - 3_600_000), plaqueCode: linked.plaqueCode, makeUp: null, status: 'pending', correction: null, createdAt: new Date(Date.now() - 3_600_000),
  });
});
afterAll(() => app.stop());

const store = () => app.emu.database.state.store;
async function withoutAudit<T>(work: () => Promise<T>): Promise<T> {
  const indexes = store().indexesOf('audit');
  store().dropCollection('audit');
  try {
    return await work();
  } finally {
    store().ensureCollection('audit', indexes, () => new Map());
  }
}

describe('visits: audit in the same transaction', () => {
  it('setLinks: no link record and no member change without its audit record', async () => {
    const extra = buildRoom({ buildingId: a._id, number: '503', floor: 5 });
    await app.insert('rooms', extra);
    const call = () => app.call(counselor.openid, 'checkin', 'setLinks', { memberId: member._id, roomIds: [linked._id, extra._id], reason: '调整联系寝室' });
    const failed = await withoutAudit(call);
    expect(failed).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    expect((await docOf<{ linkedRoomIds: string[] }>(app, 'members', member._id))!.linkedRoomIds).toEqual([linked._id]);
    expect(await findDocs(app, 'visits_links', { memberId: member._id })).toEqual([]);
    expect(await call()).toMatchObject({ ok: true });
    expect(await findDocs(app, 'audit', { action: 'checkin.setLinks', 'target.id': member._id })).toHaveLength(1);
  });

  it('correctVisit: no correction and no status change without its audit record', async () => {
    const call = () => app.call(counselor.openid, 'checkin', 'correctVisit', { id: visitId, state: 'confirmed', reason: '辅导员当面核实' });
    expect(await withoutAudit(call)).toMatchObject({ ok: false });
    expect((await docOf<{ status: string }>(app, 'visits_records', visitId))!.status).toBe('pending');
    expect(await findDocs(app, 'visits_corrections', { visitId })).toEqual([]);
    expect(await findDocs(app, 'visits_tallies', { memberId: member._id })).toEqual([]);
    expect(await call()).toEqual({ ok: true, data: { state: 'confirmed' } });
    expect(await findDocs(app, 'audit', { action: 'checkin.correctVisit', 'target.id': visitId })).toHaveLength(1);
  });

  it('makeUpVisit: no visit and no tally without its audit record', async () => {
    const input = { memberId: member._id, roomId: linked._id, date: cstDate(new Date(Date.now() - 86_400_000)), topic: 'mind', note: '谈心谈话', reason: '线下走访未扫码' };
    const before = (await findDocs(app, 'visits_records', { memberId: member._id })).length;
    expect(await withoutAudit(() => app.call(counselor.openid, 'checkin', 'makeUpVisit', input))).toMatchObject({ ok: false });
    expect(await findDocs(app, 'visits_records', { memberId: member._id })).toHaveLength(before);
    const reply = await app.call(counselor.openid, 'checkin', 'makeUpVisit', input);
    expect(reply).toMatchObject({ ok: true });
    expect(await findDocs(app, 'visits_records', { memberId: member._id })).toHaveLength(before + 1);
  });
});
