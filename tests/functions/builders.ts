import { randomBytes } from 'node:crypto';
import { plaqueCodeFrom } from '../../src/shared/domain/plaque-code';
import type { ActivityDoc, BuildingDoc, CommunityDoc, FeedbackDoc, MemberDoc, PlaqueDoc, RoomDoc, RosterDoc, VolunteerEntryDoc } from '../../cloudfunctions/_common/docs';
import { cstDate, fingerprintOf, hoursBetween } from '../../src/shared/domain/volunteer';
import { termOf } from '../../src/shared/domain/term';
import { buildingSortKey } from '../../src/shared/domain/building-order';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';

/** Test data builders: sensible defaults, every field overridable (`buildMember({ status: 'probationary' })`). */

let counter = 0;
export const nextId = (prefix: string) => `${prefix}${(counter += 1).toString().padStart(4, '0')}`;
export const newPlaqueCode = () => plaqueCodeFrom(randomBytes(10));

export const buildCommunity = (o: Partial<CommunityDoc> = {}): CommunityDoc => ({ _id: nextId('c'), name: '智园社区', ...o });

/** The sort key follows the names given, unless the test sets one itself. */
export const buildBuilding = (o: Partial<BuildingDoc> = {}): BuildingDoc => {
  const b = { _id: nextId('b'), communityId: 'c0000', communityName: '智园社区', name: '智园1号楼', floors: 6, ...o };
  return { ...b, sortKey: o.sortKey ?? buildingSortKey(b.communityName, b.name) };
};

export const buildRoom = (o: Partial<RoomDoc> = {}): RoomDoc => ({
  _id: nextId('r'),
  buildingId: 'b0000',
  floor: 3,
  number: '301',
  plaqueCode: newPlaqueCode(),
  plaqueIssuedAt: new Date('2026-09-01T08:00:00+08:00'),
  ...o,
});

export const plaqueFor = (room: RoomDoc, building: Pick<BuildingDoc, 'name'>, o: Partial<PlaqueDoc> = {}): PlaqueDoc => ({
  _id: room.plaqueCode,
  roomId: room._id,
  buildingId: room.buildingId,
  status: 'active',
  issuedAt: room.plaqueIssuedAt,
  retiredAt: null,
  room: { number: room.number, floor: room.floor, buildingName: building.name },
  ...o,
});

export const buildRoster = (o: Partial<RosterDoc> = {}): RosterDoc => {
  const _id = o._id ?? nextId('s');
  return {
    _id,
    // 1999: outside the demo's years (2021-2024) and the school padding's 11-digit numbers, so a world seeded on a bench community never collides.
    studentNo: `1999${_id.replace(/\D/g, '').padStart(6, '0')}`,
    name: '李雷',
    buildingId: 'b0000',
    roomId: 'r0000',
    memberStatus: null,
    phone: '13800138000',
    boundUserId: null,
    ...o,
  };
};

/** plaqueRoomIds follows the room and links unless given: the member's own and linked rooms. */
export const buildMember = (o: Partial<MemberDoc> = {}): MemberDoc => withPlaqueRooms({
  _id: nextId('m'),
  rosterId: nextId('s'),
  userId: null,
  name: '韩梅梅',
  status: 'full',
  buildingId: 'b0000',
  buildingName: '智园1号楼',
  floor: 3,
  roomId: 'r0000',
  roomNumber: '301',
  branchId: 'br0000',
  branchName: '智园1号楼党支部',
  groupId: null,
  groupName: null,
  posts: [],
  linkedRoomIds: [],
  pledge: '亮身份，作表率',
  photoFileId: null,
  consent: { public: true, changedAt: new Date('2026-09-02T08:00:00+08:00') },
  hours: {},
  ...o,
}, o);

const withPlaqueRooms = (m: Omit<MemberDoc, 'plaqueRoomIds'> & { plaqueRoomIds?: string[] }, o: Partial<MemberDoc>): MemberDoc => ({
  ...m,
  plaqueRoomIds: o.plaqueRoomIds ?? [m.roomId, ...m.linkedRoomIds],
});

export const buildUser = (o: Partial<UserDoc> = {}): UserDoc => ({
  _id: nextId('u'),
  openid: `o-${nextId('wx')}`,
  role: 'student',
  name: '李雷',
  rosterId: null,
  memberId: null,
  buildingIds: [],
  // A student's or member's home building, copied from the roster at bind (null for staff).
  buildingId: null,
  createdAt: new Date('2026-09-01T08:00:00+08:00'),
  updatedAt: new Date('2026-09-01T08:00:00+08:00'),
  ...o,
});

export const buildFeedback = (o: Partial<FeedbackDoc> = {}): FeedbackDoc => ({
  _id: nextId('fb'),
  memberId: 'm0000',
  memberName: '韩梅梅',
  buildingId: 'b0000',
  roomLabel: '智园1号楼 301',
  senderUserId: 'u0000',
  text: '晚上十一点后宿舍还很吵，希望党员带头',
  status: 'open',
  createdAt: new Date('2026-09-10T20:00:00+08:00'),
  closedAt: null,
  closedBy: null,
  note: null,
  ...o,
});

/** A CST date `daysAgo` days before now (entries must be in the past and at most 30 days late). */
export const daysAgo = (days: number, now = new Date()) => cstDate(new Date(now.getTime() - days * 86_400_000));

/** A self-reported entry; hours, fingerprint and term follow from date, times, category and title. */
export const buildEntry = (o: Partial<VolunteerEntryDoc> = {}): VolunteerEntryDoc => {
  const base = { title: '楼道卫生清扫', category: 'hygiene', date: daysAgo(2), start: '09:00', end: '11:00', ...o };
  const at = new Date(`${base.date}T12:00:00+08:00`);
  return {
    _id: nextId('e'),
    memberId: 'm0000',
    userId: 'u0000',
    memberName: '韩梅梅',
    buildingId: 'b0000',
    branchId: 'br0000',
    branchName: '智园1号楼党支部',
    termKey: termOf(at).key,
    hours: hoursBetween(base.start, base.end) ?? 0,
    place: '智园1号楼',
    description: '',
    photoFileIds: [],
    witnessName: null,
    witnessContact: null,
    fingerprint: fingerprintOf(base),
    status: 'pending',
    verified: false,
    activityId: null,
    approvedHours: null,
    reviewComment: null,
    reviewedBy: null,
    reviewedAt: null,
    submittedAt: new Date(),
    notifyOnReview: false,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...base,
    ...o,
  };
};

export const buildActivity = (o: Partial<ActivityDoc> = {}): ActivityDoc => ({
  _id: nextId('act'),
  title: '楼栋安全巡查',
  category: 'dormSafety',
  place: '智园1号楼',
  buildingId: 'b0000',
  startAt: new Date(Date.now() - 3_600_000),
  endAt: new Date(Date.now() + 3_600_000),
  createdBy: 'u0000',
  createdAt: new Date(),
  ...o,
});
