import type { MemberDoc, RoomDoc, RosterDoc } from '../../cloudfunctions/_common/docs';
import type { MemberStatus, Post } from '../../src/shared/model';
import { personName, phoneNumber, PLEDGES, type Gender } from './names';
import { DAY_MS, type DemoPlaces } from './places';
import type { Prng } from './prng';

export const BEDS_PER_ROOM = 4;
/** One full member per floor leads its group; the other statuses are dealt at random. */
export const MEMBER_QUOTAS: Record<MemberStatus, number> = { full: 45, probationary: 30, candidate: 30, activist: 45 };
export const CONSENT_RATE = 0.85;

/** Building 1 houses men and building 2 women, as Chinese dorm buildings usually do. */
const genderOf = (buildingIndex: number): Gender => (buildingIndex % 2 === 0 ? 'male' : 'female');

export function generateRoster(rng: Prng, places: DemoPlaces): RosterDoc[] {
  const numbers = new Set<string>();
  const roster: RosterDoc[] = [];
  for (const room of places.rooms) {
    const b = places.buildings.findIndex((x) => x._id === room.buildingId);
    for (let bed = 0; bed < BEDS_PER_ROOM; bed += 1) {
      let studentNo: string;
      do studentNo = `${rng.int(2021, 2024)}${rng.int(100000, 999999)}`;
      while (numbers.has(studentNo));
      numbers.add(studentNo);
      roster.push({
        _id: `st-${String(roster.length + 1).padStart(4, '0')}`,
        studentNo,
        name: personName(rng, genderOf(b)),
        buildingId: room.buildingId,
        roomId: room._id,
        memberStatus: null,
        phone: phoneNumber(rng),
        boundUserId: null,
        boundAt: null,
      });
    }
  }
  return roster;
}

/** Every this-many-th probationary member is overdue on purpose (started over a year ago), so the 已逾期 flag shows. */
export const OVERDUE_EVERY = 10;

/**
 * About 150 members over the 12 floors (12 or 13 each), with branch, group, posts, linked rooms,
 * a pledge and badges. Sets `memberStatus` on their roster entries. `targetHours` receives each
 * member's hours of the last weeks; generateEntries turns them into entries and totals. `honours`
 * receives the badges given by hand (member codes) and the 党员示范寝室 rooms; generateAwards
 * (badges.ts) turns them into awards and the holders' projections.
 */
export interface DemoHonours {
  members: Map<string, string[]>;
  modelRooms: Set<string>;
}

export function generateMembers(
  rng: Prng, places: DemoPlaces, roster: RosterDoc[], now: Date, termStart: Date, targetHours: Map<string, number>,
  honours: DemoHonours = { members: new Map(), modelRooms: new Set() },
): MemberDoc[] {
  const floors = places.groups.map((group) => ({ group, rooms: places.rooms.filter((r) => r.buildingId === group.buildingId && r.floor === group.floor) }));
  const total = Object.values(MEMBER_QUOTAS).reduce((a, b) => a + b, 0);
  const rest: MemberStatus[] = rng.shuffle(
    (Object.entries(MEMBER_QUOTAS) as [MemberStatus, number][]).flatMap(([status, n]) => Array<MemberStatus>(status === 'full' ? n - floors.length : n).fill(status)),
  );
  const roomById = new Map(places.rooms.map((r) => [r._id, r]));
  const members: MemberDoc[] = [];
  let probationers = 0;

  floors.forEach(({ group, rooms }, f) => {
    const count = Math.floor(total / floors.length) + (f < total % floors.length ? 1 : 0);
    const roomIds = new Set(rooms.map((r) => r._id));
    const residents = rng.shuffle(roster.filter((s) => roomIds.has(s.roomId))).slice(0, count);
    const building = places.buildings.find((b) => b._id === group.buildingId)!;
    const branch = places.branches.find((b) => b._id === group.branchId)!;
    const modelRooms = new Set(rng.shuffle([...new Set(residents.map((s) => s.roomId))]).slice(0, 2));
    const roomLeaders = new Set<string>();
    const modelRoomPosts = new Set<string>();

    residents.forEach((entry, i) => {
      const status: MemberStatus = i === 0 ? 'full' : rest.pop()!;
      const room = roomById.get(entry.roomId)!;
      const posts: Post[] = [];
      // Badge codes of the catalogue (SEED_BADGES), given by hand; the draws are as before the catalogue, so the community is unchanged.
      const badges: string[] = [];
      if (i === 0) posts.push('groupLeader');
      if (i === 1) posts.push('floorLeader');
      if (rng.chance(0.2) && !roomLeaders.has(room._id)) {
        roomLeaders.add(room._id);
        posts.push('roomLeader');
      }
      if ((status === 'full' || status === 'probationary') && rng.chance(0.25)) {
        posts.push('vanguardPost');
        if (rng.chance(0.5)) badges.push('vanguardPost');
      }
      if (modelRooms.has(room._id)) {
        honours.modelRooms.add(room._id);
        if (!modelRoomPosts.has(room._id)) {
          modelRoomPosts.add(room._id);
          posts.push('modelRoom');
        }
      }
      if (rng.chance(0.05)) badges.push(members.length % 2 ? 'modelPost' : 'redServiceTeam');
      const consenting = rng.chance(CONSENT_RATE);
      const consentDay = rng.int(1, 60);

      entry.memberStatus = status;
      const termHours = rng.chance(0.1) ? 0 : rng.int(1, 80) / 2;
      // Probation lasts a year, counted back from the seed time: most probationers are one to eleven
      // months in (some behind pace); every OVERDUE_EVERY-th began 12 to 14 months ago (overdue).
      const probationDays = rng.int(30, 330);
      const overdue = status === 'probationary' && (probationers += 1) % OVERDUE_EVERY === 0;
      const probationStartedAt = status === 'probationary' ? new Date(now.getTime() - (overdue ? 370 + (probationDays % 60) : probationDays) * DAY_MS) : null;
      const _id = `m-${String(members.length + 1).padStart(3, '0')}`;
      const linkedRoomIds = linkedRooms(rng, rooms, room);
      targetHours.set(_id, termHours);
      if (badges.length) honours.members.set(_id, badges);
      members.push({
        _id,
        rosterId: entry._id,
        userId: null,
        name: entry.name,
        status,
        buildingId: building._id,
        buildingName: building.name,
        floor: room.floor,
        roomId: room._id,
        roomNumber: room.number,
        branchId: branch._id,
        branchName: branch.name,
        groupId: group._id,
        groupName: group.name,
        posts,
        linkedRoomIds,
        plaqueRoomIds: [room._id, ...linkedRoomIds],
        pledge: rng.pick(PLEDGES),
        photoFileId: null,
        // Some never consented (changedAt null), some withdrew.
        consent: { public: consenting, changedAt: consenting || rng.chance(0.5) ? new Date(termStart.getTime() - consentDay * DAY_MS) : null },
        // Written by generateEntries from the member's entries.
        hours: {},
        hoursByKind: {},
        hoursOverall: { verified: 0, selfReported: 0 },
        probationStartedAt,
      });
    });
  });

  // Each building has one building leader: a full member, not already leading a group.
  for (const building of places.buildings) {
    const pool = members.filter((m) => m.buildingId === building._id && m.status === 'full' && !m.posts.includes('groupLeader'));
    if (pool.length) rng.pick(pool).posts.unshift('buildingLeader');
  }
  return members;
}

function linkedRooms(rng: Prng, floorRooms: RoomDoc[], own: RoomDoc): string[] {
  const others = floorRooms.filter((r) => r._id !== own._id);
  return rng
    .shuffle(others)
    .slice(0, rng.int(1, 2))
    .map((r) => r._id)
    .sort();
}
