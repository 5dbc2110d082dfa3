import { PersonName, StudentNo } from '../../src/shared/contract/common';
import { PLAQUE_CODE_PATTERN } from '../../src/shared/domain/plaque-code';
import { termOf } from '../../src/shared/domain/term';
import { MemberStatus } from '../../src/shared/model';
import { SEED_BADGES } from '../../src/shared/domain/badges';
import { demoCollections, generateDemoData, type DemoData } from '../../scripts/demo/generate';
import { buildBuilding, buildCommunity, buildEntry, buildMember, buildRoom, buildRoster, buildUser, plaqueFor } from '../functions/builders';
import { cstDate, cstAt, MAX_HOURS_PER_DAY } from '../../src/shared/domain/volunteer';
import { ENTRY_DAYS } from '../../scripts/demo/entries';

const now = new Date('2026-10-15T10:00:00+08:00');
const DAY = 24 * 60 * 60 * 1000;
const data = generateDemoData({ now });
const byId = <T extends { _id: string }>(docs: T[]) => new Map(docs.map((d) => [d._id, d]));
const keys = (o: object) => Object.keys(o).sort();

describe('demo data: counts', () => {
  it('has one community, two buildings of six floors, 300 rooms of 25 per floor', () => {
    expect(data.communities.map((c) => c.name)).toEqual(['智园社区']);
    expect(data.buildings.map((b) => [b.name, b.floors])).toEqual([['智园1号楼', 6], ['智园2号楼', 6]]);
    expect(data.rooms).toHaveLength(300);
    for (const b of data.buildings) {
      for (let floor = 1; floor <= 6; floor += 1) {
        const numbers = data.rooms.filter((r) => r.buildingId === b._id && r.floor === floor).map((r) => r.number);
        expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => String(floor * 100 + i + 1)));
      }
    }
  });

  it('has a branch per building and a group per floor', () => {
    expect(data.branches.map((b) => b.name)).toEqual(['智园1号楼党支部', '智园2号楼党支部']);
    expect(data.groups).toHaveLength(12);
    const rooms = byId(data.rooms);
    for (const room of rooms.values()) expect(data.groups.filter((g) => g.buildingId === room.buildingId && g.floor === room.floor)).toHaveLength(1);
  });

  it('has 1200 students, four per room, and about 150 members of every status, most consenting', () => {
    expect(data.roster).toHaveLength(1200);
    for (const room of data.rooms) expect(data.roster.filter((s) => s.roomId === room._id)).toHaveLength(4);
    expect(data.members.length).toBeGreaterThanOrEqual(140);
    expect(data.members.length).toBeLessThanOrEqual(160);
    for (const status of MemberStatus.options) expect(data.members.filter((m) => m.status === status).length).toBeGreaterThanOrEqual(25);
    const consenting = data.members.filter((m) => m.consent.public).length / data.members.length;
    expect(consenting).toBeGreaterThan(0.75);
    expect(consenting).toBeLessThan(0.95);
  });

  it('gives members posts, badges, pledges, 1-2 linked rooms and 0-40 hours of the last weeks', () => {
    const term = termOf(now).key;
    expect(data.termKey).toBe(term);
    const rooms = byId(data.rooms);
    for (const m of data.members) {
      expect(m.pledge?.length).toBeGreaterThan(4);
      const overall = m.hoursOverall!.verified + m.hoursOverall!.selfReported;
      expect(overall).toBeGreaterThanOrEqual(0);
      expect(overall).toBeLessThanOrEqual(40);
      expect(m.linkedRoomIds.length).toBeGreaterThanOrEqual(1);
      expect(m.linkedRoomIds.length).toBeLessThanOrEqual(2);
      for (const id of m.linkedRoomIds) {
        expect(id).not.toBe(m.roomId);
        expect(rooms.get(id)?.buildingId).toBe(m.buildingId);
      }
    }
    expect(data.members.filter((m) => (m.hours[term] ?? 0) > 0).length).toBeGreaterThan(data.members.length / 2);
    const posts = new Set(data.members.flatMap((m) => m.posts));
    for (const post of ['buildingLeader', 'floorLeader', 'groupLeader', 'roomLeader', 'vanguardPost', 'modelRoom']) expect(posts).toContain(post);
    // Badges are awards of the catalogue (issue 11): each on its holder's projection and in badge_awards.
    const awards = byId(data.badgeAwards);
    const memberBadges = data.members.flatMap((m) => m.awards ?? []);
    expect(new Set(memberBadges.map((a) => a.code))).toEqual(new Set(['vanguardPost', 'modelPost', 'redServiceTeam']));
    for (const a of memberBadges) expect(awards.get(a.awardId)).toMatchObject({ code: a.code, holder: { kind: 'member' }, revoked: null });
    const modelRooms = data.rooms.filter((r) => r.roomAwards?.some((a) => a.code === 'modelRoom'));
    expect(modelRooms.length).toBeGreaterThanOrEqual(12);
    const plaques = byId(data.plaques);
    for (const r of modelRooms) expect(plaques.get(r.plaqueCode)?.roomAwards).toEqual(r.roomAwards);
    expect(data.badgeCatalogue.map((b) => b._id).sort()).toEqual(SEED_BADGES.map((b) => b.code).sort());
    expect(data.members.filter((m) => m.posts.includes('groupLeader'))).toHaveLength(12);
  });

  it('issues an active plaque for every room and keeps a few retired codes', () => {
    const active = data.plaques.filter((p) => p.status === 'active');
    const retired = data.plaques.filter((p) => p.status === 'retired');
    expect(active).toHaveLength(300);
    expect(retired.length).toBeGreaterThanOrEqual(2);
    const plaques = byId(data.plaques);
    for (const room of data.rooms) {
      const plaque = plaques.get(room.plaqueCode)!;
      expect(plaque).toMatchObject({ roomId: room._id, buildingId: room.buildingId, status: 'active', retiredAt: null, room: { number: room.number, floor: room.floor } });
    }
    for (const p of retired) {
      expect(p.retiredAt).toBeInstanceOf(Date);
      expect(data.rooms.find((r) => r._id === p.roomId)?.plaqueCode).not.toBe(p._id);
    }
  });

  it('has an admin, three counselors scoped to buildings, bound students and members, and stable openids', () => {
    const users = byId(data.users);
    expect(data.users.filter((u) => u.role === 'admin').map((u) => u.openid)).toEqual(['demo-admin']);
    const counselors = data.users.filter((u) => u.role === 'counselor');
    expect(counselors.map((u) => [u.openid, u.buildingIds])).toEqual([
      ['demo-counselor-1', ['zy1']],
      ['demo-counselor-2', ['zy2']],
      ['demo-counselor-3', ['zy1', 'zy2']],
    ]);
    for (const u of users.values()) expect(u.openid).toMatch(/^demo-(admin|counselor-\d+|member-\d+|student-\d+)$/);
    expect(data.users.some((u) => u.openid === 'demo-guest')).toBe(false);
    expect(data.users.filter((u) => u.role === 'member').length).toBeGreaterThanOrEqual(MemberStatus.options.length * 2);
    expect(data.users.filter((u) => u.role === 'student').length).toBeGreaterThanOrEqual(10);
  });
});

describe('demo data: consistency', () => {
  const rosterById = byId(data.roster);
  const rooms = byId(data.rooms);
  const buildings = byId(data.buildings);
  const users = byId(data.users);

  it('starts most probations within the 12 months before the seed time; a few are overdue on purpose', () => {
    const YEAR = 365 * DAY;
    const probationers = data.members.filter((m) => m.status === 'probationary');
    for (const m of data.members) if (m.status !== 'probationary') expect(m.probationStartedAt).toBeNull();
    const ages = probationers.map((m) => now.getTime() - m.probationStartedAt!.getTime());
    for (const age of ages) {
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThan(YEAR + 70 * DAY);
    }
    // Overdue (conversion due more than a year after the start has passed): shows 已逾期 on purpose.
    const overdue = ages.filter((age) => age > YEAR);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue.length).toBeLessThanOrEqual(probationers.length / 5);
  });

  it('stores exactly the fields of the stored document types', () => {
    const room = buildRoom();
    const shapes: [object[], object][] = [
      [data.communities, buildCommunity()],
      [data.buildings, buildBuilding()],
      // Rooms, their plaques and members carry the badges projection (issue 11), empty when they hold nothing.
      [data.rooms, { ...room, roomAwards: [] }],
      [data.plaques, { ...plaqueFor(room, buildBuilding()), roomAwards: [] }],
      [data.roster, { ...buildRoster(), boundAt: null }],
      // Demo members also carry the optional volunteer totals and probation start.
      [data.members, { ...buildMember(), hoursByKind: {}, hoursByMonth: {}, hoursOverall: {}, probationStartedAt: null, awards: [] }],
      [data.users, buildUser()],
      [data.entries, buildEntry()],
      [data.branches, { _id: '', buildingId: '', name: '' }],
      [data.groups, { _id: '', branchId: '', buildingId: '', floor: 0, name: '' }],
    ];
    for (const [docs, shape] of shapes) for (const doc of docs) expect(keys(doc)).toEqual(keys(shape));
  });

  it('links every member to its roster entry, room, building, branch and group', () => {
    const branches = byId(data.branches);
    const groups = byId(data.groups);
    for (const m of data.members) {
      const entry = rosterById.get(m.rosterId)!;
      const room = rooms.get(m.roomId)!;
      expect(entry).toMatchObject({ name: m.name, memberStatus: m.status, roomId: m.roomId, buildingId: m.buildingId });
      expect(room).toMatchObject({ buildingId: m.buildingId, floor: m.floor, number: m.roomNumber });
      expect(buildings.get(m.buildingId)?.name).toBe(m.buildingName);
      expect(branches.get(m.branchId!)).toMatchObject({ buildingId: m.buildingId, name: m.branchName });
      expect(groups.get(m.groupId!)).toMatchObject({ buildingId: m.buildingId, floor: m.floor, branchId: m.branchId, name: m.groupName });
    }
    expect(new Set(data.members.map((m) => m.rosterId)).size).toBe(data.members.length);
    const memberRoster = new Set(data.members.map((m) => m.rosterId));
    expect(data.roster.filter((s) => s.memberStatus !== null).every((s) => memberRoster.has(s._id))).toBe(true);
    for (const s of data.roster) expect(rooms.get(s.roomId)?.buildingId).toBe(s.buildingId);
  });

  it('binds users, roster entries and members both ways', () => {
    const members = byId(data.members);
    for (const u of data.users) {
      if (u.role === 'student' || u.role === 'member') expect(rosterById.get(u.rosterId!)?.boundUserId).toBe(u._id);
      else expect(u.rosterId).toBeNull();
      if (u.role === 'member') expect(members.get(u.memberId!)).toMatchObject({ userId: u._id, rosterId: u.rosterId, name: u.name });
      else expect(u.memberId).toBeNull();
      if (u.role === 'student') expect(rosterById.get(u.rosterId!)?.memberStatus).toBeNull();
    }
    for (const s of data.roster) {
      if (s.boundUserId) expect(users.get(s.boundUserId)?.rosterId).toBe(s._id);
      // A claim without a time would look abandoned to the binding code.
      expect(s.boundAt === null).toBe(s.boundUserId === null);
    }
    for (const m of data.members) if (m.userId) expect(users.get(m.userId)?.memberId).toBe(m._id);
    for (const status of MemberStatus.options) {
      const bound = data.members.filter((m) => m.userId && m.status === status);
      expect(bound.some((m) => m.consent.public)).toBe(true);
      expect(bound.some((m) => !m.consent.public)).toBe(true);
    }
  });

  it('has unique ids, student numbers, openids and codes', () => {
    for (const [name, docs] of demoCollections(data)) {
      const ids = (docs as { _id: string }[]).map((d) => d._id);
      expect({ name, unique: new Set(ids).size }).toEqual({ name, unique: ids.length });
    }
    expect(new Set(data.roster.map((s) => s.studentNo)).size).toBe(1200);
    expect(new Set(data.users.map((u) => u.openid)).size).toBe(data.users.length);
    for (const p of data.plaques) expect(p._id).toMatch(PLAQUE_CODE_PATTERN);
  });

  it('has realistic names, student numbers and phones, none of them copied onto members or users', () => {
    for (const s of data.roster) {
      expect(PersonName.safeParse(s.name).success).toBe(true);
      expect(s.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(StudentNo.safeParse(s.studentNo).success).toBe(true);
      expect(s.studentNo).toMatch(/^202[1-4]\d{6}$/);
      expect(s.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    const published = JSON.stringify([data.members, data.users, data.plaques, data.rooms]);
    for (const s of data.roster) {
      expect(published.includes(s.studentNo)).toBe(false);
      expect(published.includes(s.phone!)).toBe(false);
    }
    expect(published).not.toMatch(/studentNo|phone/);
  });
});

describe('demo data: determinism', () => {
  it('is the same on every run for the same seed and seed time, without Math.random', () => {
    const random = jest.spyOn(Math, 'random');
    const again: DemoData = generateDemoData({ now: new Date(now.getTime()) });
    expect(random).not.toHaveBeenCalled();
    random.mockRestore();
    expect(again).toEqual(data);
  });

  it('differs for another seed', () => {
    const other = generateDemoData({ now, seed: 'another school' });
    expect(other.rooms[0].plaqueCode).not.toBe(data.rooms[0].plaqueCode);
    expect(other.roster.map((s) => s.name)).not.toEqual(data.roster.map((s) => s.name));
  });
});

describe('demo data: volunteer entries add up and follow the seed time', () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('has approved entries whose hours sum exactly to each member’s totals (plaque, by kind, overall)', () => {
    const byMember = new Map<string, typeof data.entries>();
    for (const e of data.entries) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e]);
    for (const m of data.members) {
      const mine = byMember.get(m._id) ?? [];
      for (const e of mine) expect(e).toMatchObject({ status: 'approved', verified: false, approvedHours: e.hours, buildingId: m.buildingId, memberName: m.name });
      const terms = [...new Set(mine.map((e) => e.termKey))].sort();
      expect(Object.keys(m.hours).sort()).toEqual(terms);
      for (const t of terms) {
        const hours = sum(mine.filter((e) => e.termKey === t).map((e) => e.approvedHours!));
        expect(m.hours[t]).toBe(hours);
        expect(m.hoursByKind![t]).toEqual({ verified: 0, selfReported: hours });
      }
      expect(m.hoursOverall).toEqual({ verified: 0, selfReported: sum(mine.map((e) => e.approvedHours!)) });
      // Totals are never shown next to "还没有登记过志愿服务".
      if (m.hoursOverall!.selfReported > 0) expect(mine.length).toBeGreaterThan(0);
    }
    expect(data.entries.length).toBeGreaterThan(data.members.length);
  });

  it('dates entries on distinct past days within the weeks before the seed time, by the day rules', () => {
    const today = cstDate(now);
    const earliest = cstDate(new Date(now.getTime() - ENTRY_DAYS * DAY));
    const days = new Set<string>();
    for (const e of data.entries) {
      expect(e.date < today).toBe(true);
      expect(e.date >= earliest).toBe(true);
      expect(e.termKey).toBe(termOf(cstAt(e.date, e.start)).key);
      expect(e.hours).toBeLessThanOrEqual(MAX_HOURS_PER_DAY);
      expect(cstAt(e.date, e.end).getTime() - cstAt(e.date, e.start).getTime()).toBe(e.hours * 60 * 60 * 1000);
      expect(e.reviewedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      const key = `${e.memberId}:${e.date}`;
      expect(days.has(key)).toBe(false);
      days.add(key);
    }
  });

  it('moves every date with the seed time (no fixed year): a year and 100 days later, the same people and hours, shifted', () => {
    const later = new Date(now.getTime() + 465 * DAY);
    const moved = generateDemoData({ now: later });
    expect(moved.members.map((m) => [m._id, m.name, m.status, m.hoursOverall])).toEqual(data.members.map((m) => [m._id, m.name, m.status, m.hoursOverall]));
    expect(moved.entries.map((e) => e.date)).toEqual(data.entries.map((e) => cstDate(new Date(cstAt(e.date, '12:00').getTime() + 465 * DAY))));
    const starts = (d: DemoData) => d.members.filter((m) => m.probationStartedAt).map((m) => m.probationStartedAt!.getTime());
    expect(starts(moved)).toEqual(starts(data).map((t) => t + 465 * DAY));
    expect(moved.termKey).toBe(termOf(later).key);
    expect(Object.keys(moved.members.find((m) => Object.keys(m.hours).length > 0)!.hours).every((k) => k.startsWith('2027') || k.startsWith('2028'))).toBe(true);
  });
});

describe('demo data: development timelines and a running 公示 (issue 11)', () => {
  const order = ['applied', 'activist', 'candidate', 'probationary', 'full'] as const;

  it('every member is on the timeline at their status, steps in order and never after the seed time; some students only applied', () => {
    const people = byId(data.developPeople);
    const today = cstDate(now);
    for (const m of data.members) {
      const person = people.get(m.rosterId);
      expect(person).toMatchObject({ memberId: m._id, stage: m.status, buildingId: m.buildingId });
      const reached = order.slice(0, order.indexOf(m.status) + 1);
      expect(Object.keys(person!.dates).sort()).toEqual([...reached].sort());
      const dates = reached.map((s) => person!.dates[s]!);
      expect(dates).toEqual([...dates].sort());
      expect(dates[dates.length - 1] <= today).toBe(true);
      if (m.status === 'probationary') expect(person!.dates.probationary).toBe(cstDate(m.probationStartedAt!));
    }
    const applicants = data.developPeople.filter((p) => p.stage === 'applied');
    expect(applicants).toHaveLength(24);
    for (const p of applicants) expect(data.roster.find((r) => r._id === p._id)?.memberStatus).toBeNull();
    const steps = data.developSteps.filter((s) => s.kind === 'step');
    expect(steps).toHaveLength(data.developPeople.reduce((n, p) => n + Object.keys(p.dates).length, 0));
  });

  it('each building has one conversion two days ago whose 公示 runs past the seed time', () => {
    expect(data.developNotices.map((n) => n.buildingId).sort()).toEqual(data.buildings.map((b) => b._id).sort());
    for (const n of data.developNotices) {
      expect(n.from.getTime()).toBe(now.getTime() - 2 * DAY);
      expect(n.until.getTime()).toBeGreaterThan(now.getTime());
      expect(data.developSteps.find((s) => s._id === n._id)).toMatchObject({ stage: 'full', rosterId: n.rosterId, date: n.date });
    }
  });
});
