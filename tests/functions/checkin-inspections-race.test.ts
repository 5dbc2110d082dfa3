import { DEFAULT_CHECKLIST } from '../../src/shared/domain/inspection';
import { cstDate } from '../../src/shared/domain/china-time';
import { findDocs } from './account-seed';
import { buildBuilding, buildMember, buildRoom, buildRoster, buildUser } from './builders';
import { startApp, type App } from './harness';

/**
 * Inspections under real concurrency: every stored inspection is counted exactly once in the room's
 * month and the floor statistics, whatever races; a development step raced by many counselors is
 * recorded once; losers answer CONFLICT or a business code, never INTERNAL.
 */
let app: App;
const a = buildBuilding({ name: '智园1号楼' });
const room = buildRoom({ buildingId: a._id, number: '305', floor: 3 });
const roster = buildRoster({ name: '钱进', buildingId: a._id, roomId: room._id, memberStatus: 'activist' });
const member = buildMember({ rosterId: roster._id, name: '钱进', status: 'activist', buildingId: a._id, buildingName: a.name, roomId: room._id, roomNumber: room.number });
const counselors = Array.from({ length: 8 }, (_, i) => buildUser({ role: 'counselor', name: `老师${i}`, buildingIds: [a._id] }));

beforeAll(async () => {
  app = await startApp();
  await app.insert('buildings', a);
  await app.insert('rooms', room);
  await app.insert('roster', roster);
  await app.insert('members', member);
  await app.insert('users', counselors);
});
afterAll(() => app.stop());

describe('inspections under contention', () => {
  it('eight counselors inspect one room at once: each stored record is counted once', async () => {
    const scores = DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore }));
    const replies = await Promise.all(counselors.map((c) => app.call(c.openid, 'checkin', 'inspectRoom', { roomId: room._id, scores })));
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    const stored = await findDocs<{ _id: string }>(app, 'inspections_records', { roomId: room._id });
    expect(stored.length).toBe(replies.filter((r) => r.ok).length);
    expect(stored.length).toBeGreaterThan(0);
    const [month] = await findDocs<{ ratings: Record<string, string> }>(app, 'inspections_room_months', { roomId: room._id });
    expect(Object.keys(month.ratings).sort()).toEqual(stored.map((s) => s._id).sort());
    const [stats] = await findDocs<{ counts: Record<string, number> }>(app, 'inspections_stats', { buildingId: a._id, floor: 3 });
    expect(stats.counts.excellent).toBe(stored.length);
  });

  it('eight counselors record one activist’s next step at once: one step is recorded', async () => {
    const replies = await Promise.all(counselors.map((c) => app.call(c.openid, 'develop', 'recordStep', { person: { memberId: member._id }, stage: 'candidate', date: cstDate(new Date()) })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(['CONFLICT', 'INVALID_STATE']).toContain(r.error.code);
    expect(await findDocs(app, 'develop_steps', { memberId: member._id })).toHaveLength(1);
  });
});
