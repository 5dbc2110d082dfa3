import { createHash } from 'node:crypto';
import { buildingSortKey } from '../../../src/shared/domain/building-order';
import type { ImportRecord } from '../../../src/shared/domain/roster-import';
import { importStepId, planCounselors, planMembers, planPlaces, planStudents, type CounselorNow, type MemberNow, type OrgUnitNow, type Plan, type PlaceNow, type StudentNow } from '../../../src/shared/domain/roster-import-plan';
import { cstDate } from '../../../src/shared/domain/china-time';
import { DEVELOP_STAGES } from '../../../src/shared/domain/development';
import { inviteCodeFrom } from '../../../src/shared/domain/plaque-code';
import { randomBytes } from 'node:crypto';
import { developRecordsRepo } from '../../_common/repositories/develop-records';
import { Collections } from '../../_common/collections';
import type { MemberDoc, RoomDoc } from '../../_common/docs';
import { byIdsIn } from '../../_common/repositories/base';
import { orgRepo } from '../../_common/repositories/org';
import { rosterImportsRepo } from '../../_common/repositories/roster-imports';

/** The look-ups a plan needs, read once per preview; the rule itself is pure (roster-import-plan.ts). */

async function placesNow(buildingNames: Set<string>) {
  const buildings = await orgRepo.everyBuilding();
  const buildingsByName = new Map<string, PlaceNow[]>();
  for (const b of buildings) {
    const name = b.name.replace(/\s/g, '');
    buildingsByName.set(name, [...(buildingsByName.get(name) ?? []), { id: b._id, name: b.name, floors: b.floors }]);
  }
  const roomIds = new Map<string, string>();
  const roomLabels = new Map<string, string>();
  for (const name of buildingNames) {
    // A name several buildings share is refused by row: their rooms are not needed.
    const named = buildingsByName.get(name) ?? [];
    if (named.length !== 1) continue;
    for (const r of await orgRepo.roomsInBuilding(named[0].id)) {
      roomIds.set(`${named[0].id}|${r.number}`, r._id);
      roomLabels.set(r._id, `${named[0].name} ${r.number}`);
    }
  }
  return { buildings, buildingsByName, roomIds, roomLabels };
}

export async function planStudentsNow(records: ImportRecord[], full: boolean, _now: Date): Promise<Plan> {
  const places = await placesNow(new Set(records.map((r) => r.values.building)));
  const entries = full ? await rosterImportsRepo.everyRosterEntry() : await rosterImportsRepo.rosterByStudentNos(records.map((r) => r.values.studentNo));
  const memberIds = await rosterImportsRepo.memberIdsOf(entries.map((e) => e._id));
  // Rooms of stored entries outside the file's buildings, for the "before" of a move or a departure.
  const unknownRooms = [...new Set(entries.map((e) => e.roomId))].filter((id) => !places.roomLabels.has(id));
  if (unknownRooms.length > 0) {
    const rooms = await byIdsIn<Pick<RoomDoc, '_id' | 'buildingId' | 'number'>>(Collections.rooms, unknownRooms, { buildingId: true, number: true });
    const names = new Map(places.buildings.map((b) => [b._id, b.name]));
    for (const r of rooms) places.roomLabels.set(r._id, `${names.get(r.buildingId) ?? ''} ${r.number}`.trim());
  }
  const roster = new Map<string, StudentNow>(
    entries.map((e) => [
      e.studentNo,
      { rosterId: e._id, memberId: memberIds.get(e._id) ?? null, studentNo: e.studentNo, name: e.name, college: e.college ?? '', className: e.className ?? '', buildingId: e.buildingId, roomId: e.roomId, left: Boolean(e.leftAt) },
    ]),
  );
  return planStudents(records, { buildingsByName: places.buildingsByName, roomIds: places.roomIds, roomLabels: places.roomLabels, roster }, full);
}

export const newBuildingId = (name: string) => `bd-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;

export async function planPlacesNow(records: ImportRecord[], _full: boolean, _now: Date): Promise<Plan> {
  const places = await placesNow(new Set(records.map((r) => r.values.building)));
  const communities = await rosterImportsRepo.someCommunities();
  const community = communities.length === 1 ? { id: communities[0]._id, name: communities[0].name } : null;
  return planPlaces(records, { buildingsByName: places.buildingsByName, roomIds: places.roomIds, community, newBuildingId, sortKey: buildingSortKey });
}

/**
 * Members: the file's roster entries with their member profiles and timelines, the rooms and
 * buildings of those without a profile, the open branches and groups of their buildings, and which
 * of the steps the file would add are stored already (ids are deterministic).
 */
export async function planMembersNow(records: ImportRecord[], full: boolean, now: Date): Promise<Plan> {
  const entries = await rosterImportsRepo.rosterByStudentNos(records.map((r) => r.values.studentNo));
  const rosterIds = entries.map((e) => e._id);
  const [members, timelines, buildings] = await Promise.all([rosterImportsRepo.membersOf(rosterIds), rosterImportsRepo.timelinesOf(rosterIds), orgRepo.everyBuilding()]);
  const memberOf = new Map(members.map((m) => [m.rosterId, m]));
  const timelineOf = new Map(timelines.map((t) => [t._id, t]));
  const buildingName = new Map(buildings.map((b) => [b._id, b.name]));
  const rooms = await byIdsIn<Pick<RoomDoc, '_id' | 'number' | 'floor'>>(Collections.rooms, entries.filter((e) => !memberOf.has(e._id)).map((e) => e.roomId), { number: true, floor: true });
  const roomOf = new Map(rooms.map((r) => [r._id, r]));
  const branches = new Map<string, OrgUnitNow[]>();
  const groups = new Map<string, OrgUnitNow[]>();
  for (const buildingId of new Set(entries.map((e) => e.buildingId))) {
    const found = await developRecordsRepo.branchesOf(buildingId);
    branches.set(buildingId, found.branches.filter((b) => !b.closedAt).map((b) => ({ id: b._id, name: b.name })));
    groups.set(buildingId, found.groups.filter((g) => !g.closedAt).map((g) => ({ id: g._id, name: g.name, branchId: g.branchId })));
  }
  const flags = new Map((await rosterImportsRepo.flaggedRooms(entries.map((e) => e.roomId))).map((f) => [f._id, { roomLabel: f.roomLabel, deadline: f.deadline ? cstDate(new Date(f.deadline)) : '未定' }]));
  const stepIds = await rosterImportsRepo.storedStepIds(rosterIds.flatMap((id) => DEVELOP_STAGES.map((stage) => importStepId(id, stage))));
  const people = new Map<string, MemberNow>(
    entries.map((e) => {
      const m = memberOf.get(e._id);
      const t = timelineOf.get(e._id);
      const room = roomOf.get(e.roomId);
      return [
        e.studentNo,
        {
          rosterId: e._id, studentNo: e.studentNo, name: e.name, buildingId: e.buildingId, buildingName: buildingName.get(e.buildingId) ?? '', roomId: e.roomId,
          roomNumber: room?.number ?? '', floor: room?.floor ?? 0, left: Boolean(e.leftAt), rosterStatus: e.memberStatus ?? null,
          member: m ? { id: m._id, status: m.status, branchId: m.branchId, branchName: m.branchName, groupId: m.groupId, groupName: m.groupName } : null,
          person: t ? { stage: t.stage, dates: t.dates ?? {} } : null,
          flag: flags.get(e.roomId) ?? null,
        },
      ];
    }),
  );
  let everyMember: Array<{ studentNo: string; name: string; status: MemberDoc['status']; rosterId: string; memberId: string }> | undefined;
  if (full) {
    const all = (await rosterImportsRepo.everyMember()).filter((m) => !m.leftAt);
    const inFile = new Set(entries.map((e) => e._id));
    const others = all.filter((m) => !inFile.has(m.rosterId));
    const numbers = new Map((await rosterImportsRepo.rosterByIds(others.map((m) => m.rosterId))).map((r) => [r._id, r.studentNo]));
    everyMember = others.map((m) => ({ studentNo: numbers.get(m.rosterId) ?? '', name: m.name, status: m.status, rosterId: m.rosterId, memberId: m._id }));
  }
  return planMembers(records, { people, branches, groups, stepIds, today: cstDate(now), everyMember }, full);
}

/** Counselors: accounts and open invites carrying the file's 工号, and the buildings by name. */
export async function planCounselorsNow(records: ImportRecord[], full: boolean, now: Date): Promise<Plan> {
  const staffNos = records.map((r) => r.values.staffNo);
  const [users, invites, buildings] = await Promise.all([rosterImportsRepo.usersByStaffNos(staffNos), rosterImportsRepo.openInvitesByStaffNos(staffNos, now), orgRepo.everyBuilding()]);
  const buildingsByName = new Map<string, PlaceNow[]>();
  for (const b of buildings) {
    const name = b.name.replace(/\s/g, '');
    buildingsByName.set(name, [...(buildingsByName.get(name) ?? []), { id: b._id, name: b.name, floors: b.floors }]);
  }
  const look: CounselorNow = {
    users: new Map(users.map((u) => [u.staffNo!, { id: u._id, role: u.role, name: u.name, phone: u.phone ?? null, buildingIds: u.buildingIds ?? [], left: Boolean(u.leftAt) }])),
    // The latest open invite of a 工号 is the one to update.
    invites: new Map(
      [...invites]
        .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
        .map((i) => [i.staffNo!, { code: i._id, name: i.name ?? '', phone: i.phone ?? null, buildingIds: i.buildingIds }]),
    ),
    buildingsByName,
    buildingNames: new Map(buildings.map((b) => [b._id, b.name])),
    newInviteCode: () => inviteCodeFrom(randomBytes(7)),
    everyCounselor: full ? (await rosterImportsRepo.everyCounselor()).filter((u) => !u.leftAt).map((u) => ({ id: u._id, staffNo: u.staffNo ?? null, name: u.name })) : undefined,
  };
  return planCounselors(records, look, full);
}
