import type { MemberDoc, PlaqueDoc, RoomDoc, RosterDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { PersonName, StudentNo } from '../../src/shared/contract/common';
import { PLAQUE_CODE_PATTERN } from '../../src/shared/domain/plaque-code';
import { termOf } from '../../src/shared/domain/term';
import { MAX_HOURS_PER_DAY } from '../../src/shared/domain/volunteer';
import { MemberStatus } from '../../src/shared/model';
import { totalsOf } from '../../scripts/demo/entries';
import { demoCollections, generateDemoData, DEMO_SEED } from '../../scripts/demo/generate';
import { PAD_ENTRY_DAYS, schoolPadding, type Padding } from '../../bench/lib/school';

/** The bench's school size pads each demo copy; here a tenth of it, on copy 0 (the demo's own ids). */
const now = new Date('2026-12-02T10:00:00+08:00');
const DAY = 24 * 60 * 60 * 1000;
const size: Padding = { students: 1_000, members: 200, entries: 5_000 };
const demo = generateDemoData({ now });
const places = { buildings: demo.buildings, branches: demo.branches, groups: demo.groups, users: demo.users };
const padding = (k: number) => Object.fromEntries(schoolPadding(places, size, k, now, DEMO_SEED)) as unknown as {
  rooms: RoomDoc[]; plaques: PlaqueDoc[]; roster: RosterDoc[]; members: MemberDoc[]; users: UserDoc[]; volunteer_entries: VolunteerEntryDoc[];
};
const p = padding(0);

describe('school padding (bench scale suite)', () => {
  it('has exactly the students, members and entries asked for, four beds a room, a plaque per room', () => {
    expect(p.roster).toHaveLength(size.students);
    expect(p.members).toHaveLength(size.members);
    expect(p.volunteer_entries).toHaveLength(size.entries);
    expect(p.plaques).toHaveLength(p.rooms.length);
    const perRoom = new Map<string, number>();
    for (const s of p.roster) perRoom.set(s.roomId, (perRoom.get(s.roomId) ?? 0) + 1);
    expect(Math.max(...perRoom.values())).toBeLessThanOrEqual(4);
    for (const room of p.rooms) {
      expect(p.plaques.find((x) => x._id === room.plaqueCode)?.roomId).toBe(room._id);
      expect(room.plaqueCode).toMatch(PLAQUE_CODE_PATTERN);
    }
    // Every floor of every building gets its share.
    for (const g of demo.groups) expect(p.members.filter((m) => m.groupId === g._id).length).toBeGreaterThan(size.members / demo.groups.length / 2);
  });

  it('is the same for the same seed and time, and copies never share an id, a student number or an openid', () => {
    expect(padding(0)).toEqual(p);
    const other = padding(1);
    // An id is unique within its collection (a room's coverage record takes the room's id, on purpose).
    const all = demoCollections(demo).flatMap(([name, docs]) => (docs as Array<{ _id: string }>).map((d) => `${name}/${d._id}`));
    for (const docs of [p, other]) all.push(...Object.entries(docs).flatMap(([name, list]: [string, Array<{ _id: string }>]) => list.map((d) => `${name}/${d._id}`)));
    expect(new Set(all).size).toBe(all.length);
    const numbers = [...demo.roster, ...p.roster, ...other.roster].map((s) => s.studentNo);
    expect(new Set(numbers).size).toBe(numbers.length);
    const openids = [...demo.users, ...p.users, ...other.users].map((u) => u.openid);
    expect(new Set(openids).size).toBe(openids.length);
  });

  it('writes valid names and student numbers, the demo mix of statuses and consent, and bindings on both sides', () => {
    for (const s of p.roster) {
      expect(StudentNo.safeParse(s.studentNo).success).toBe(true);
      expect(PersonName.safeParse(s.name).success).toBe(true);
    }
    for (const status of MemberStatus.options) expect(p.members.filter((m) => m.status === status).length).toBeGreaterThan(size.members / 10);
    const consenting = p.members.filter((m) => m.consent.public).length / p.members.length;
    expect(consenting).toBeGreaterThan(0.75);
    expect(consenting).toBeLessThan(0.95);
    const roster = new Map(p.roster.map((s) => [s._id, s]));
    for (const m of p.members) expect(roster.get(m.rosterId)?.memberStatus).toBe(m.status);
    expect(p.users.length).toBeGreaterThan(0);
    for (const u of p.users) {
      expect(roster.get(u.rosterId!)?.boundUserId).toBe(u._id);
      if (u.role === 'member') expect(p.members.find((m) => m._id === u.memberId)?.userId).toBe(u._id);
    }
  });

  it('spreads entries over four terms and every status, one a day per member, pending and drafts only in the last three weeks', () => {
    const terms = new Set(p.volunteer_entries.map((e) => e.termKey));
    expect(terms.size).toBeGreaterThanOrEqual(4);
    expect(terms.has(termOf(now).key)).toBe(true);
    for (const status of ['approved', 'pending', 'draft', 'returned', 'rejected', 'withdrawn']) {
      expect(p.volunteer_entries.some((e) => e.status === status)).toBe(true);
    }
    const days = new Set<string>();
    for (const e of p.volunteer_entries) {
      const key = `${e.memberId} ${e.date}`;
      expect(days.has(key)).toBe(false);
      days.add(key);
      expect(e.hours).toBeLessThanOrEqual(MAX_HOURS_PER_DAY);
      const age = (now.getTime() - new Date(`${e.date}T12:00:00+08:00`).getTime()) / DAY;
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThan(PAD_ENTRY_DAYS + 1);
      if (e.status === 'pending' || e.status === 'draft') expect(age).toBeLessThan(22);
      if (e.status === 'approved') expect(e.reviewedBy).toBeTruthy();
    }
  });

  it('gives every member the totals of their approved entries, as the demo does', () => {
    for (const m of p.members) {
      const mine = p.volunteer_entries.filter((e) => e.memberId === m._id);
      expect({ hours: m.hours, hoursByKind: m.hoursByKind, hoursOverall: m.hoursOverall, hoursByMonth: m.hoursByMonth }).toEqual(totalsOf(mine));
    }
    expect(p.members.some((m) => Object.keys(m.hours).length >= 3)).toBe(true);
  });
});
