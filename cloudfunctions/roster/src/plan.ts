import { createHash } from 'node:crypto';
import { buildingSortKey } from '../../../src/shared/domain/building-order';
import type { ImportRecord } from '../../../src/shared/domain/roster-import';
import { planPlaces, planStudents, type Plan, type PlaceNow, type StudentNow } from '../../../src/shared/domain/roster-import-plan';
import { Collections } from '../../_common/collections';
import type { RoomDoc } from '../../_common/docs';
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

export async function planStudentsNow(records: ImportRecord[], full: boolean): Promise<Plan> {
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

export async function planPlacesNow(records: ImportRecord[], _full: boolean): Promise<Plan> {
  const places = await placesNow(new Set(records.map((r) => r.values.building)));
  const communities = await rosterImportsRepo.someCommunities();
  const community = communities.length === 1 ? { id: communities[0]._id, name: communities[0].name } : null;
  return planPlaces(records, { buildingsByName: places.buildingsByName, roomIds: places.roomIds, community, newBuildingId, sortKey: buildingSortKey });
}
