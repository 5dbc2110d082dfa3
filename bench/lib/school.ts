import type { BranchDoc, BuildingDoc, GroupDoc, MemberDoc, PlaqueDoc, RoomDoc, RosterDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { Collections, type CollectionName } from '../../cloudfunctions/_common/collections';
import type { VolunteerCategory } from '../../src/shared/contract/volunteer';
import type { MemberStatus, Post } from '../../src/shared/model';
import { SEED_BADGES } from '../../src/shared/domain/badges';
import { plaqueCodeFrom } from '../../src/shared/domain/plaque-code';
import { termOf } from '../../src/shared/domain/term';
import { cstAt, cstDate, fingerprintOf } from '../../src/shared/domain/volunteer';
import { totalsOf } from '../../scripts/demo/entries';
import { personName, phoneNumber, PLEDGES, type Gender } from '../../scripts/demo/names';
import { BEDS_PER_ROOM, CONSENT_RATE, MEMBER_QUOTAS, OVERDUE_EVERY } from '../../scripts/demo/people';
import { DAY_MS } from '../../scripts/demo/places';
import { createPrng, type Prng } from '../../scripts/demo/prng';

/**
 * The padding that turns one copy of the demo community into a school-sized one: more students in
 * more rooms of the same buildings (4 beds a room, each room with its plaque), more members on every
 * floor (the demo's status and consent mix), some of them and some students bound to users, and
 * volunteer entries over the last four terms in every status, the members' totals summed from their
 * approved entries as the demo does. Deterministic: the same seed and `now` give the same documents.
 */
export interface Padding {
  students: number;
  members: number;
  entries: number;
}

/** What padding attaches to: one copy's places and counselors. */
export interface CopyPlaces {
  buildings: BuildingDoc[];
  branches: BranchDoc[];
  groups: GroupDoc[];
  /** Counselors of the copy: they are the reviewers of its entries. */
  users: UserDoc[];
}

/** Entries fall on distinct days of a member within this many days before `now` (about four terms). */
export const PAD_ENTRY_DAYS = 700;
/** Entries this recent may still be waiting (pending, draft, returned); older ones were settled. */
const RECENT_DAYS = 21;
/** One in this many padded members and students is bound to a user. */
const BOUND_MEMBER_EVERY = 2;
const BOUND_STUDENT_EVERY = 5;

const ACTIVITIES: Array<[VolunteerCategory, string, string]> = [
  ['hygiene', '楼道卫生清扫', '楼道及公共区域'],
  ['dormSafety', '宿舍安全检查', '各楼层宿舍'],
  ['peerTutoring', '高数朋辈辅导', '一楼自习室'],
  ['repair', '公共设施报修登记', '一楼值班室'],
  ['theoryOutreach', '党的二十大精神宣讲', '社区党建活动室'],
  ['communityEvent', '新生入住引导', '楼栋门口'],
  ['other', '快递驿站秩序维护', '社区快递驿站'],
];

type EntryStatus = VolunteerEntryDoc['status'];
const RECENT_STATUSES: Array<[EntryStatus, number]> = [['approved', 45], ['pending', 35], ['draft', 5], ['returned', 5], ['rejected', 5], ['withdrawn', 5]];
const SETTLED_STATUSES: Array<[EntryStatus, number]> = [['approved', 88], ['rejected', 6], ['withdrawn', 4], ['returned', 2]];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const clock = (halfHours: number) => `${pad(Math.floor(halfHours / 2))}:${halfHours % 2 ? '30' : '00'}`;
const genderOf = (buildingIndex: number): Gender => (buildingIndex % 2 === 0 ? 'male' : 'female');

/**
 * Copy `k`'s padding, collection by collection (seeding order). Ids carry `-p<k>-` so they never meet
 * the demo's or another copy's; student numbers are 11 digits (the demo's are 10).
 */
export function schoolPadding(places: CopyPlaces, size: Padding, k: number, now: Date, seed: string): [CollectionName, object[]][] {
  const rng = createPrng(`${seed} school padding ${k}`);
  const floors = places.groups.map((g) => ({ group: g, building: places.buildings.find((b) => b._id === g.buildingId)! }));
  const roomsPerFloor = Math.ceil(size.students / BEDS_PER_ROOM / Math.max(1, floors.length));
  const issuedAt = new Date(termOf(now).start.getTime() - 7 * DAY_MS);
  const codes = new Set<string>();

  const rooms: RoomDoc[] = [];
  const plaques: PlaqueDoc[] = [];
  const floorRooms = new Map<string, RoomDoc[]>();
  for (const { group, building } of floors) {
    const list: RoomDoc[] = [];
    for (let n = 1; n <= roomsPerFloor; n += 1) {
      // 4-digit numbers (1001 ..) beside the demo's 3-digit ones (101 .. 125).
      const number = `${group.floor}${pad(n, 3)}`;
      let code: string;
      do code = plaqueCodeFrom(rng.bytes(10));
      while (codes.has(code));
      codes.add(code);
      const room: RoomDoc = { _id: `${building._id}-p${k}-${number}`, buildingId: building._id, floor: group.floor, number, plaqueCode: code, plaqueIssuedAt: issuedAt };
      list.push(room);
      plaques.push({ _id: code, roomId: room._id, buildingId: building._id, status: 'active', issuedAt, retiredAt: null, room: { number, floor: group.floor, buildingName: building.name } });
    }
    floorRooms.set(group._id, list);
    rooms.push(...list);
  }

  // Students fill the beds floor by floor, round-robin, so every floor gets its share.
  const roster: RosterDoc[] = [];
  const rosterFloor: string[] = [];
  const years = [2022, 2023, 2024, 2025];
  for (let i = 0; roster.length < size.students; i += 1) {
    const f = i % floors.length;
    const slot = Math.floor(i / floors.length);
    const { group, building } = floors[f];
    const room = floorRooms.get(group._id)![Math.floor(slot / BEDS_PER_ROOM)];
    const b = places.buildings.indexOf(building);
    const n = roster.length;
    roster.push({
      _id: `st-p${k}-${pad(n + 1, 5)}`,
      studentNo: `${years[n % years.length]}0${pad(k * 100_000 + n, 6)}`,
      name: personName(rng, genderOf(b)),
      buildingId: building._id,
      roomId: room._id,
      memberStatus: null,
      phone: phoneNumber(rng),
      boundUserId: null,
      boundAt: null,
    });
    rosterFloor.push(group._id);
  }

  const statusPool = Object.entries(MEMBER_QUOTAS) as [MemberStatus, number][];
  const roomById = new Map(rooms.map((r) => [r._id, r]));
  const termStart = termOf(now).start;
  const members: MemberDoc[] = [];
  let probationers = 0;
  // Members: an even spread over the padded roster (every (students/members)-th student).
  const step = size.students / Math.max(1, size.members);
  for (let j = 0; j < size.members && j < roster.length; j += 1) {
    const entry = roster[Math.floor(j * step)];
    const groupId = rosterFloor[Math.floor(j * step)];
    const { group, building } = floors.find((f) => f.group._id === groupId)!;
    const branch = places.branches.find((b) => b._id === group.branchId)!;
    const room = roomById.get(entry.roomId)!;
    const status = rng.weighted(statusPool);
    const posts: Post[] = [];
    // Badges given by hand, as the awards projection the plaque reads (catalogue codes; the draws are unchanged).
    const badges: string[] = [];
    if (rng.chance(0.2)) posts.push('roomLeader');
    if ((status === 'full' || status === 'probationary') && rng.chance(0.25)) {
      posts.push('vanguardPost');
      if (rng.chance(0.5)) badges.push('vanguardPost');
    }
    if (rng.chance(0.05)) badges.push('modelPost');
    const consenting = rng.chance(CONSENT_RATE);
    const consentDay = rng.int(1, 60);
    const probationDays = rng.int(30, 330);
    const overdue = status === 'probationary' && (probationers += 1) % OVERDUE_EVERY === 0;
    entry.memberStatus = status;
    const others = floorRooms.get(group._id)!.filter((r) => r._id !== room._id);
    const linked = [...new Set([rng.pick(others), rng.pick(others)].slice(0, rng.int(1, 2)).map((r) => r._id))].sort();
    members.push({
      _id: `m-p${k}-${pad(j + 1, 5)}`,
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
      linkedRoomIds: linked,
      plaqueRoomIds: [room._id, ...linked],
      pledge: rng.pick(PLEDGES),
      photoFileId: null,
      awards: badges.map((code) => ({ awardId: `bench_${code}_m-p${k}-${pad(j + 1, 5)}`, code, name: SEED_BADGES.find((b) => b.code === code)!.name, until: null })),
      consent: { public: consenting, changedAt: consenting || rng.chance(0.5) ? new Date(termStart.getTime() - consentDay * DAY_MS) : null },
      hours: {},
      hoursByKind: {},
      hoursOverall: { verified: 0, selfReported: 0 },
      probationStartedAt: status === 'probationary' ? new Date(now.getTime() - (overdue ? 370 + (probationDays % 60) : probationDays) * DAY_MS) : null,
    });
  }

  const createdAt = new Date(termStart.getTime() - 20 * DAY_MS);
  const users: UserDoc[] = [];
  const bind = (role: 'member' | 'student', entry: RosterDoc, member: MemberDoc | null) => {
    const u: UserDoc = {
      _id: `u-p${k}-${role}-${users.length + 1}`,
      openid: `school-${role}-${k}-${users.length + 1}`,
      role,
      name: entry.name,
      rosterId: entry._id,
      memberId: member?._id ?? null,
      buildingIds: [],
      createdAt,
      updatedAt: createdAt,
    };
    Object.assign(entry, { boundUserId: u._id, boundAt: createdAt });
    if (member) member.userId = u._id;
    users.push(u);
  };
  const rosterById = new Map(roster.map((s) => [s._id, s]));
  members.forEach((m, j) => {
    if (j % BOUND_MEMBER_EVERY === 0) bind('member', rosterById.get(m.rosterId)!, m);
  });
  roster.filter((s) => s.memberStatus === null).forEach((s, i) => {
    if (i % BOUND_STUDENT_EVERY === 0) bind('student', s, null);
  });

  const entries = padEntries(rng, places, members, size.entries, now);
  return [
    [Collections.rooms, rooms],
    [Collections.plaques, plaques],
    [Collections.roster, roster],
    [Collections.members, members],
    [Collections.users, users],
    [Collections.volunteerEntries, entries],
  ];
}

/**
 * `count` entries dealt at random over the members, one per day each, on the last PAD_ENTRY_DAYS days.
 * Recent ones are in every status (a live review queue); older ones are settled. Each member's
 * totals are then summed from their approved entries (totalsOf), as the demo does.
 */
function padEntries(rng: Prng, places: CopyPlaces, members: MemberDoc[], count: number, now: Date): VolunteerEntryDoc[] {
  if (!members.length) return [];
  const reviewerOf = new Map(places.buildings.map((b) => [b._id, places.users.find((u) => u.role === 'counselor' && u.buildingIds.includes(b._id))?._id ?? null]));
  const perMember = new Array<number>(members.length).fill(0);
  for (let i = 0; i < count; i += 1) perMember[rng.int(0, members.length - 1)] += 1;
  const entries: VolunteerEntryDoc[] = [];
  members.forEach((m, j) => {
    const n = Math.min(perMember[j], PAD_ENTRY_DAYS);
    const days = new Set<number>();
    while (days.size < n) days.add(rng.int(1, PAD_ENTRY_DAYS));
    const mine: VolunteerEntryDoc[] = [];
    for (const day of [...days].sort((a, b) => b - a)) {
      const span = rng.int(2, 8);
      const date = cstDate(new Date(now.getTime() - day * DAY_MS));
      const startHalf = rng.int(16, 36 - span);
      const [category, title, where] = rng.pick(ACTIVITIES);
      const start = clock(startHalf);
      const end = clock(startHalf + span);
      const hours = span / 2;
      const status = rng.weighted(day <= RECENT_DAYS ? RECENT_STATUSES : SETTLED_STATUSES);
      const submittedAt = status === 'draft' ? null : new Date(cstAt(date, end).getTime() + rng.int(1, 48) * 60 * 60 * 1000);
      const reviewed = status === 'approved' || status === 'rejected' || status === 'returned';
      const reviewedAt = reviewed ? new Date(Math.min(submittedAt!.getTime() + rng.int(1, 72) * 60 * 60 * 1000, now.getTime() - 60 * 60 * 1000)) : null;
      // One approval in ten grants half an hour less, with the reason.
      const cut = status === 'approved' && hours > 1 && rng.chance(0.1);
      const createdAt = submittedAt ?? new Date(cstAt(date, end).getTime() + 60 * 60 * 1000);
      mine.push({
        _id: `ve-${m._id.slice(2)}-${pad(mine.length + 1, 3)}`,
        memberId: m._id,
        userId: m.userId ?? '',
        memberName: m.name,
        buildingId: m.buildingId,
        branchId: m.branchId,
        branchName: m.branchName,
        termKey: termOf(cstAt(date, start)).key,
        title,
        category,
        date,
        start,
        end,
        hours,
        place: `${m.buildingName}${where}`,
        description: '',
        photoFileIds: [],
        witnessName: null,
        witnessContact: null,
        fingerprint: fingerprintOf({ date, start, end, category, title }),
        status,
        verified: false,
        activityId: null,
        approvedHours: status === 'approved' ? (cut ? hours - 0.5 : hours) : null,
        reviewComment: cut ? '按签到记录核减半小时' : status === 'rejected' ? '未见活动记录，请补充证明' : status === 'returned' ? '请补充活动地点和照片' : null,
        reviewedBy: reviewed ? reviewerOf.get(m.buildingId) ?? null : null,
        reviewedAt,
        submittedAt,
        notifyOnReview: false,
        createdAt,
        updatedAt: reviewedAt ?? createdAt,
      });
    }
    Object.assign(m, totalsOf(mine));
    entries.push(...mine);
  });
  return entries;
}
