import { DEVELOP_STAGES, stageVetoed, type DevelopStage, type MembershipChange } from './development';
import { flagVetoMessage } from './inspection';
import { floorOfRoom, IMPORT_TEMPLATES, maskPhone, roomLabel, type ChangeKind, type ImportRecord, type RowError } from './roster-import';
import { memberStatusLabels, type MemberStatus } from '../model';

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
  /** A member row: what the apply writes and what it expects to find (members kind). */
  member?: MemberChangePlan;
  /** A counselor row: the account or invite it updates, or the invite it makes (counselors kind). */
  counselor?: CounselorChangePlan;
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


// ---- 党员 (members) ----

export interface MemberNow {
  rosterId: string;
  studentNo: string;
  name: string;
  buildingId: string;
  buildingName: string;
  roomId: string;
  roomNumber: string;
  floor: number;
  left: boolean;
  rosterStatus: MemberStatus | null;
  member: { id: string; status: MemberStatus; branchId: string | null; branchName: string | null; groupId: string | null; groupName: string | null } | null;
  /** The person's development timeline (develop_people), if they have one. */
  person: { stage: DevelopStage | null; dates: Partial<Record<DevelopStage, string>> } | null;
  /** Their room, when it is flagged 脏乱差 (seed 004's veto): its label and the deadline's China date. */
  flag?: { roomLabel: string; deadline: string } | null;
}

export interface OrgUnitNow {
  id: string;
  name: string;
  /** Groups: their branch. */
  branchId?: string;
}

export interface MemberLookups {
  /** Roster entries (with member and timeline) of the file's 学号. */
  people: Map<string, MemberNow>;
  /** Open branches and groups by building id (names compared without blanks). */
  branches: Map<string, OrgUnitNow[]>;
  groups: Map<string, OrgUnitNow[]>;
  /** Ids of imported steps already stored (a step withdrawn since keeps its record, so the same id cannot come back). */
  stepIds: Set<string>;
  /** Today's China date: no step is dated after it. */
  today: string;
  /** For a full list: every member profile not left (by 学号), to list those the file lacks. */
  everyMember?: Array<{ studentNo: string; name: string; status: MemberStatus; rosterId: string; memberId: string }>;
}

export interface MemberChangePlan {
  /** What the preview saw; the apply refuses the chunk (preview again) when the stored data differ. */
  expect: { stage: DevelopStage | null; memberStatus: MemberStatus | null; branchId: string | null; groupId: string | null };
  /** The stage the person stands at after the row (never lower than before). */
  stage: DevelopStage;
  status: MemberStatus;
  branch: { id: string; name: string } | null;
  group: { id: string; name: string } | null;
  /** New step records (`importStepId`), oldest first; dates the timeline already holds are not repeated. */
  steps: Array<{ id: string; stage: DevelopStage; date: string }>;
  /** The merged dates of the timeline after the row. */
  dates: Partial<Record<DevelopStage, string>>;
  /** A branch or group change of a stored member goes on the timeline as a membership record. */
  membershipChange: MembershipChange | null;
  /** A new member profile: the room fields it copies from the roster entry. */
  newMember: { name: string; buildingName: string; roomId: string; roomNumber: string; floor: number } | null;
}

/** An imported step's id: one per person and stage, so the same date imported twice is one record. */
export const importStepId = (rosterId: string, stage: DevelopStage) => `imp-${rosterId}-${stage}`;
/** A member profile made by an import: one per roster entry. */
export const importMemberId = (rosterId: string) => `mi-${rosterId}`;

const stageHeader = (stage: DevelopStage) => IMPORT_TEMPLATES.members.columns.find((c) => c.key === `step_${stage}`)!.header;
const stageIndex = (stage: DevelopStage | null) => (stage ? DEVELOP_STAGES.indexOf(stage) : -1);
const statusLabel = (status: DevelopStage | null) => (status && status !== 'applied' ? memberStatusLabels[status] : status === 'applied' ? '已递交入党申请' : '（无）');
const byName = (units: OrgUnitNow[], name: string) => units.filter((u) => u.name.replace(/\s/g, '') === name);

/**
 * Members: each row names a roster entry (not left) by 学号; its 支部 and 党小组 are found by name
 * among the open ones of the entry's building (an unknown or ambiguous name refuses the row; a group
 * alone names its branch; an empty cell keeps what is stored). The status never goes down (that is a
 * withdrawal on the timeline, with a reason); a new status needs its step's date, since a status
 * change is a step record. Dates the timeline holds must match (a different date is a correction,
 * with a reason, in the development records); new dates become step records with deterministic ids
 * and must keep the order of the stored ones. A row adds a member profile when there is none. With
 * `full`, members the file lacks are only listed (see README: the list may cover one branch, and
 * leaving the party is no import's decision).
 */
export function planMembers(records: ImportRecord[], look: MemberLookups, full: boolean): Plan {
  const changes: PlannedChange[] = [];
  const errors: RowError[] = [];
  let unchanged = 0;
  for (const { row, values: v } of records) {
    const refuse = (message: string) => errors.push({ row, message });
    const p = look.people.get(v.studentNo);
    if (!p) {
      refuse(`学号${v.studentNo}不在学生名单中，请先导入学生名单`);
      continue;
    }
    if (p.left) {
      refuse(`学号${v.studentNo}（${p.name}）已标记离校，不能导入为党员`);
      continue;
    }
    if (v.name && v.name !== p.name) {
      refuse(`学号${v.studentNo}在学生名单中是“${p.name}”，文件中是“${v.name}”，请核对`);
      continue;
    }
    // 支部 and 党小组 by name within the person's building.
    let branch: OrgUnitNow | null = null;
    let group: OrgUnitNow | null = null;
    const branches = look.branches.get(p.buildingId) ?? [];
    const groups = look.groups.get(p.buildingId) ?? [];
    if (v.branch) {
      const found = byName(branches, v.branch);
      if (found.length !== 1) {
        refuse(found.length === 0 ? `支部“${v.branch}”不在${p.buildingName}（${p.name}所住楼栋）已建立的支部中，请核对名称或先在组织管理中建立` : `${p.buildingName}有${found.length}个支部都叫“${v.branch}”，无法确定是哪一个`);
        continue;
      }
      branch = found[0];
    }
    if (v.group) {
      const found = byName(groups, v.group).filter((g) => !branch || g.branchId === branch.id);
      if (found.length !== 1) {
        refuse(found.length === 0 ? `党小组“${v.group}”不在${branch ? `支部“${branch.name}”` : p.buildingName}已建立的党小组中，请核对名称或先在组织管理中建立` : `有${found.length}个党小组都叫“${v.group}”，请同时填写支部`);
        continue;
      }
      group = found[0];
      if (!branch) branch = branches.find((b) => b.id === group!.branchId) ?? null;
      if (!branch) {
        refuse(`党小组“${v.group}”所属的支部已撤销，请核对`);
        continue;
      }
    }
    const stored = p.member;
    const afterBranch = branch ? { id: branch.id, name: branch.name } : stored?.branchId ? { id: stored.branchId, name: stored.branchName ?? '' } : null;
    // A new branch without a group: the stored group stays only if it belongs to that branch.
    const storedGroupStays = stored?.groupId && (!branch || groups.some((g) => g.id === stored.groupId && g.branchId === branch!.id));
    const afterGroup = group ? { id: group.id, name: group.name } : storedGroupStays ? { id: stored!.groupId!, name: stored!.groupName ?? '' } : null;

    // The stage and the dates.
    const status = v.status as MemberStatus;
    const current: DevelopStage | null = p.person?.stage ?? stored?.status ?? p.rosterStatus ?? null;
    if (stageIndex(status) < stageIndex(current)) {
      refuse(`${p.name}在系统中是“${statusLabel(current)}”，文件中是“${statusLabel(status)}”；降低政治面貌须在发展记录中撤回相应步骤并写明原因`);
      continue;
    }
    const storedDates = p.person?.dates ?? {};
    const dates: Partial<Record<DevelopStage, string>> = { ...storedDates };
    const steps: MemberChangePlan['steps'] = [];
    let refusal: string | null = null;
    for (const stage of DEVELOP_STAGES) {
      const date = v[`step_${stage}`];
      if (!date) continue;
      const had = storedDates[stage];
      if (had && had !== date) {
        refusal = `${stageHeader(stage)}日期在系统中是${had}，文件中是${date}；更正日期请在发展记录中办理并写明原因`;
        break;
      }
      if (had) continue;
      if (date > look.today) {
        refusal = `${stageHeader(stage)}日期${date}晚于今天`;
        break;
      }
      const id = importStepId(p.rosterId, stage);
      if (look.stepIds.has(id)) {
        refusal = `${p.name}的“${stageHeader(stage)}”此前导入后已在发展记录中撤回，如需恢复请在发展记录中办理`;
        break;
      }
      dates[stage] = date;
      steps.push({ id, stage, date });
    }
    // Seed 004's veto holds for imported steps as for recorded ones: no 发展对象/预备党员/转正 while the room is flagged.
    const vetoed = steps.find((s) => stageVetoed(s.stage));
    if (!refusal && vetoed && p.flag) refusal = flagVetoMessage(p.flag.roomLabel, p.flag.deadline, vetoed.stage as MemberStatus);
    if (!refusal && status !== current && !dates[status]) refusal = `政治面貌由“${statusLabel(current)}”变为“${statusLabel(status)}”，请填写“${stageHeader(status)}”日期（状态变化记入发展记录）`;
    if (!refusal) {
      let last: { stage: DevelopStage; date: string } | null = null;
      for (const stage of DEVELOP_STAGES) {
        const date = dates[stage];
        if (!date) continue;
        if (last && date < last.date) {
          refusal = `${stageHeader(stage)}日期${date}早于${stageHeader(last.stage)}日期${last.date}（含系统中已有的记录）`;
          break;
        }
        last = { stage, date };
      }
    }
    if (refusal) {
      refuse(refusal);
      continue;
    }

    const stage = stageIndex(status) > stageIndex(current) ? status : (current as DevelopStage);
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    const storedStatus = stored?.status ?? p.rosterStatus ?? null;
    if (!stored || storedStatus !== status || stage !== current) {
      before.status = statusLabel(stored ? stored.status : current);
      after.status = statusLabel(status);
    }
    if ((afterBranch?.id ?? null) !== (stored?.branchId ?? null)) {
      before.branch = stored?.branchName ?? '';
      after.branch = afterBranch?.name ?? '';
    }
    if ((afterGroup?.id ?? null) !== (stored?.groupId ?? null)) {
      before.group = stored?.groupName ?? '';
      after.group = afterGroup?.name ?? '';
    }
    for (const s of steps) {
      before[`step_${s.stage}`] = '';
      after[`step_${s.stage}`] = s.date;
    }
    if (Object.keys(after).length === 0) {
      unchanged += 1;
      continue;
    }
    const branchMoved = stored && (afterBranch?.id ?? null) !== stored.branchId;
    const groupMoved = stored && (afterGroup?.id ?? null) !== stored.groupId;
    changes.push({
      kind: stored ? 'changed' : 'added',
      row,
      subject: v.studentNo,
      name: p.name,
      before: stored ? before : null,
      after,
      ids: { rosterId: p.rosterId, memberId: stored?.id ?? importMemberId(p.rosterId), buildingId: p.buildingId, roomId: p.roomId },
      member: {
        expect: { stage: p.person?.stage ?? null, memberStatus: stored?.status ?? null, branchId: stored?.branchId ?? null, groupId: stored?.groupId ?? null },
        stage,
        status,
        branch: afterBranch,
        group: afterGroup,
        steps,
        dates,
        membershipChange: branchMoved && afterBranch ? 'transferIn' : groupMoved ? 'group' : null,
        newMember: stored ? null : { name: p.name, buildingName: p.buildingName, roomId: p.roomId, roomNumber: p.roomNumber, floor: p.floor },
      },
    });
  }
  if (full && look.everyMember) {
    const inFile = new Set(records.map((r) => r.values.studentNo));
    for (const m of look.everyMember.filter((x) => !inFile.has(x.studentNo)).sort((a, b) => (a.studentNo < b.studentNo ? -1 : 1))) {
      changes.push({ kind: 'notListed', row: null, subject: m.studentNo, name: m.name, before: { status: memberStatusLabels[m.status] }, after: null, ids: { rosterId: m.rosterId, memberId: m.memberId } });
    }
  }
  return { changes, errors, unchanged };
}

// ---- 辅导员 (counselors) ----

export interface CounselorNow {
  /** Accounts carrying a 工号 of the file. */
  users: Map<string, { id: string; role: string; name: string | null; phone: string | null; buildingIds: string[]; left: boolean }>;
  /** Unused, unexpired invites carrying a 工号 of the file (the latest, when several). */
  invites: Map<string, { code: string; name: string; phone: string | null; buildingIds: string[] }>;
  buildingsByName: Map<string, PlaceNow[]>;
  buildingNames: Map<string, string>;
  /** A new invite's code (random, made at preview; the apply writes it, the diff shows it once applied). */
  newInviteCode: () => string;
  /** For a full list: every counselor account by 工号 (those without one cannot be matched and are listed too). */
  everyCounselor?: Array<{ id: string; staffNo: string | null; name: string | null }>;
}

export interface CounselorChangePlan {
  target: 'user' | 'invite' | 'newInvite';
  /** The user's id or the invite's code. */
  id: string;
  staffNo: string;
  name: string;
  phone: string | null;
  buildingIds: string[];
  /** What the preview saw (the apply checks it): buildings, and for invites the name and phone. */
  expect: { buildingIds: string[]; name: string | null; phone: string | null } | null;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

/**
 * Counselors by 工号: an account carrying it (a counselor who signed in with an imported invite)
 * gets the file's buildings (and phone); an open invite carrying it is updated; otherwise a new
 * invite is made (the code shows in the diff once applied, to hand over). A 工号 of an account that
 * is not a counselor, or an unknown building, refuses the row. Phones show masked. With `full`,
 * counselors the file lacks are only listed: taking a counselor's role away is the admin's own step.
 */
export function planCounselors(records: ImportRecord[], look: CounselorNow, full: boolean): Plan {
  const changes: PlannedChange[] = [];
  const errors: RowError[] = [];
  let unchanged = 0;
  for (const { row, values: v } of records) {
    const ids: string[] = [];
    let refusal: string | null = null;
    for (const name of v.buildings.split('、')) {
      const found = look.buildingsByName.get(name) ?? [];
      if (found.length !== 1) {
        refusal = found.length === 0 ? `楼栋“${name}”不存在，请核对名称或先导入楼栋与房间` : `有${found.length}个楼栋都叫“${name}”，无法确定是哪一个`;
        break;
      }
      ids.push(found[0].id);
    }
    const user = look.users.get(v.staffNo);
    if (!refusal && user && user.role !== 'counselor') refusal = `工号${v.staffNo}已属于一个不是辅导员的账号（${user.name ?? '未命名'}），请核对`;
    if (!refusal && user?.left) refusal = `工号${v.staffNo}的账号已停用，请核对`;
    if (refusal) {
      errors.push({ row, message: refusal });
      continue;
    }
    const names = (list: string[]) => list.map((id) => look.buildingNames.get(id) ?? id).join('、');
    const phone = v.phone || null;
    const base = { staffNo: v.staffNo, name: v.name, buildingIds: ids };
    if (user) {
      const before: Record<string, string> = {};
      const after: Record<string, string> = {};
      if (!sameSet(user.buildingIds, ids)) Object.assign(before, { buildings: names(user.buildingIds) }) && Object.assign(after, { buildings: v.buildings });
      if (phone && phone !== user.phone) Object.assign(before, { phone: maskPhone(user.phone ?? '') }) && Object.assign(after, { phone: maskPhone(phone) });
      if (Object.keys(after).length === 0) unchanged += 1;
      else
        changes.push({
          kind: 'changed', row, subject: v.staffNo, name: user.name ?? v.name, before, after, ids: {},
          counselor: { ...base, target: 'user', id: user.id, phone: phone ?? user.phone, expect: { buildingIds: user.buildingIds, name: user.name, phone: user.phone } },
        });
      continue;
    }
    const invite = look.invites.get(v.staffNo);
    if (invite) {
      const before: Record<string, string> = {};
      const after: Record<string, string> = {};
      if (invite.name !== v.name) Object.assign(before, { name: invite.name }) && Object.assign(after, { name: v.name });
      if (!sameSet(invite.buildingIds, ids)) Object.assign(before, { buildings: names(invite.buildingIds) }) && Object.assign(after, { buildings: v.buildings });
      if (phone && phone !== invite.phone) Object.assign(before, { phone: maskPhone(invite.phone ?? '') }) && Object.assign(after, { phone: maskPhone(phone) });
      if (Object.keys(after).length === 0) unchanged += 1;
      else
        changes.push({
          kind: 'changed', row, subject: v.staffNo, name: v.name, before, after, ids: {},
          counselor: { ...base, target: 'invite', id: invite.code, phone: phone ?? invite.phone, expect: { buildingIds: invite.buildingIds, name: invite.name, phone: invite.phone } },
        });
      continue;
    }
    changes.push({
      kind: 'added', row, subject: v.staffNo, name: v.name, before: null, after: { name: v.name, ...(phone ? { phone: maskPhone(phone) } : {}), buildings: v.buildings }, ids: {},
      counselor: { ...base, target: 'newInvite', id: look.newInviteCode(), phone, expect: null },
    });
  }
  if (full && look.everyCounselor) {
    const inFile = new Set(records.map((r) => r.values.staffNo));
    for (const c of look.everyCounselor.filter((x) => !x.staffNo || !inFile.has(x.staffNo))) {
      changes.push({ kind: 'notListed', row: null, subject: c.staffNo ?? '（无工号）', name: c.name ?? '', before: null, after: null, ids: {} });
    }
  }
  return { changes, errors, unchanged };
}
