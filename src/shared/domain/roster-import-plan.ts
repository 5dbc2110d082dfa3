import { floorOfRoom, roomLabel, type ChangeKind, type ImportRecord, type RowError } from './roster-import';

/**
 * The diff of an import against what is stored, computed from look-ups the server makes first, so
 * the rule (what is added, changed, moved, created or missing) is pure and tested on its own.
 * Ids are deterministic (a new roster entry's from its 学号, a new room's from its building and
 * number): the same file planned twice names the same documents.
 */

export interface PlannedChange {
  kind: ChangeKind;
  row: number | null;
  subject: string;
  name: string;
  before: Record<string, string> | null;
  after: Record<string, string> | null;
  /** What the apply writes: the documents and the values, beyond what the page shows. */
  ids: { rosterId?: string; memberId?: string | null; buildingId?: string; roomId?: string; fromRoomId?: string };
  data?: Record<string, string | number | null>;
}

export interface PlaceNow {
  id: string;
  name: string;
  floors: number;
}

export interface StudentNow {
  rosterId: string;
  memberId: string | null;
  studentNo: string;
  name: string;
  college: string;
  className: string;
  buildingId: string;
  roomId: string;
  left: boolean;
}

export interface StudentLookups {
  /** Buildings by their cleaned name; more than one with a name makes it ambiguous. */
  buildingsByName: Map<string, PlaceNow[]>;
  /** Room ids by `buildingId|number`, and rooms' labels by id (for "before"). */
  roomIds: Map<string, string>;
  roomLabels: Map<string, string>;
  /** Stored roster entries of the file's 学号 (and, for a full roster, every entry). */
  roster: Map<string, StudentNow>;
}

export const newRosterId = (studentNo: string) => `rs-${studentNo}`;
export const newRoomId = (buildingId: string, number: string) => `${buildingId}-${number}`;

export interface Plan {
  changes: PlannedChange[];
  errors: RowError[];
  unchanged: number;
}

/**
 * Students: a new 学号 is added, a known one changed (name, college, class) and/or moved (room);
 * a room missing in an existing building is created once, before its first resident; with `full`,
 * stored entries absent from the file (and not already left) are marked left. A building that does
 * not exist, or a room beyond its floors, refuses the row.
 */
export function planStudents(records: ImportRecord[], look: StudentLookups, full: boolean): Plan {
  const changes: PlannedChange[] = [];
  const errors: RowError[] = [];
  const createdRooms = new Map<string, string>();
  let unchanged = 0;
  const labelOf = (roomId: string) => look.roomLabels.get(roomId) ?? createdRooms.get(roomId) ?? roomId;

  for (const { row, values: v } of records) {
    const buildings = look.buildingsByName.get(v.building) ?? [];
    if (buildings.length === 0) {
      errors.push({ row, message: `楼栋“${v.building}”不存在，请先导入楼栋与房间，或改成已有楼栋的名称` });
      continue;
    }
    if (buildings.length > 1) {
      errors.push({ row, message: `有${buildings.length}个楼栋都叫“${v.building}”，无法确定是哪一个` });
      continue;
    }
    const building = buildings[0];
    let roomId = look.roomIds.get(`${building.id}|${v.room}`);
    if (!roomId) {
      const floor = floorOfRoom(v.room);
      if (floor < 1 || floor > building.floors) {
        errors.push({ row, message: `房间${v.room}在第${floor}层，但${building.name}只有${building.floors}层` });
        continue;
      }
      roomId = newRoomId(building.id, v.room);
      if (!createdRooms.has(roomId)) {
        createdRooms.set(roomId, roomLabel(building.name, v.room));
        changes.push({
          kind: 'roomCreated', row, subject: roomLabel(building.name, v.room), name: '', before: null, after: { room: roomLabel(building.name, v.room) },
          ids: { buildingId: building.id, roomId }, data: { number: v.room, floor, buildingName: building.name },
        });
      }
    }
    const now = look.roster.get(v.studentNo);
    const after = { name: v.name, college: v.college, className: v.className, room: roomLabel(building.name, v.room) };
    if (!now) {
      changes.push({
        kind: 'added', row, subject: v.studentNo, name: v.name, before: null, after,
        ids: { rosterId: newRosterId(v.studentNo), buildingId: building.id, roomId },
        data: { studentNo: v.studentNo, name: v.name, college: v.college || null, className: v.className || null },
      });
      continue;
    }
    if (now.left) {
      errors.push({ row, message: `学号${v.studentNo}（${now.name}）已标记离校，导入不能恢复，请由管理员核实后处理` });
      continue;
    }
    const before: Record<string, string> = {};
    const changed: Record<string, string> = {};
    for (const field of ['name', 'college', 'className'] as const) {
      // An empty optional cell keeps what is stored: a template without 学院 does not erase it.
      if (v[field] && v[field] !== now[field]) {
        before[field] = now[field];
        changed[field] = v[field];
      }
    }
    const ids = { rosterId: now.rosterId, memberId: now.memberId };
    if (Object.keys(changed).length > 0) {
      changes.push({ kind: 'changed', row, subject: v.studentNo, name: v.name, before, after: changed, ids, data: { ...changed } });
    }
    if (now.roomId !== roomId) {
      changes.push({
        kind: 'moved', row, subject: v.studentNo, name: v.name, before: { room: labelOf(now.roomId) }, after: { room: roomLabel(building.name, v.room) },
        ids: { ...ids, buildingId: building.id, roomId, fromRoomId: now.roomId }, data: { buildingName: building.name, number: v.room, floor: floorOfRoom(v.room) },
      });
    }
    if (Object.keys(changed).length === 0 && now.roomId === roomId) unchanged += 1;
  }

  if (full) {
    const inFile = new Set(records.map((r) => r.values.studentNo));
    // Nothing applies while any row is refused, so a typo in a 学号 never marks its person left.
    const missing = [...look.roster.values()].filter((s) => !s.left && !inFile.has(s.studentNo)).sort((a, b) => (a.studentNo < b.studentNo ? -1 : 1));
    for (const s of missing) {
      changes.push({ kind: 'left', row: null, subject: s.studentNo, name: s.name, before: { room: labelOf(s.roomId) }, after: null, ids: { rosterId: s.rosterId, memberId: s.memberId } });
    }
  }
  return { changes, errors, unchanged };
}

export interface PlacesLookups {
  buildingsByName: Map<string, PlaceNow[]>;
  roomIds: Map<string, string>;
  /** The community new buildings join; null when there is none or several (then new buildings are refused). */
  community: { id: string; name: string } | null;
  /** A new building's id from its name (deterministic, so the same file twice names one building). */
  newBuildingId: (name: string) => string;
  sortKey: (communityName: string, buildingName: string) => string;
}

/**
 * Buildings and rooms: a building not stored is created (in the one community) with its 楼层数; a
 * room not stored is created; a stored building whose 楼层数 differs, or rows of one building that
 * disagree on it, refuse the row. Nothing is ever removed by this kind, full or not.
 */
export function planPlaces(records: ImportRecord[], look: PlacesLookups): Plan {
  const changes: PlannedChange[] = [];
  const errors: RowError[] = [];
  const floorsInFile = new Map<string, { floors: string; row: number }>();
  const newBuildings = new Map<string, PlaceNow>();
  let unchanged = 0;
  for (const { row, values: v } of records) {
    const first = floorsInFile.get(v.building);
    if (first && first.floors !== v.floors) {
      errors.push({ row, message: `${v.building}的楼层数${v.floors}与第${first.row}行的${first.floors}不一致` });
      continue;
    }
    if (!first) floorsInFile.set(v.building, { floors: v.floors, row });
    const stored = look.buildingsByName.get(v.building) ?? [];
    if (stored.length > 1) {
      errors.push({ row, message: `有${stored.length}个楼栋都叫“${v.building}”，无法确定是哪一个` });
      continue;
    }
    let building = stored[0] ?? newBuildings.get(v.building);
    if (stored[0] && String(stored[0].floors) !== v.floors) {
      errors.push({ row, message: `${v.building}已登记为${stored[0].floors}层，与文件中的${v.floors}层不一致（修改楼层请在组织管理中进行）` });
      continue;
    }
    if (!building) {
      if (!look.community) {
        errors.push({ row, message: `楼栋“${v.building}”不存在，且系统中没有唯一的社区可以放入新楼栋` });
        continue;
      }
      building = { id: look.newBuildingId(v.building), name: v.building, floors: Number(v.floors) };
      newBuildings.set(v.building, building);
      changes.push({
        kind: 'buildingCreated', row, subject: v.building, name: '', before: null, after: { building: v.building, floors: v.floors },
        ids: { buildingId: building.id },
        data: { communityId: look.community.id, communityName: look.community.name, name: v.building, floors: Number(v.floors), sortKey: look.sortKey(look.community.name, v.building) },
      });
    }
    const key = `${building.id}|${v.room}`;
    if (look.roomIds.has(key)) {
      unchanged += 1;
      continue;
    }
    const roomId = newRoomId(building.id, v.room);
    look.roomIds.set(key, roomId);
    changes.push({
      kind: 'roomCreated', row, subject: roomLabel(building.name, v.room), name: '', before: null, after: { room: roomLabel(building.name, v.room) },
      ids: { buildingId: building.id, roomId }, data: { number: v.room, floor: floorOfRoom(v.room), buildingName: building.name },
    });
  }
  return { changes, errors, unchanged };
}
