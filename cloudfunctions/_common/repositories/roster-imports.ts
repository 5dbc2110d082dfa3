import { randomBytes } from 'node:crypto';
import type { AuditEntry, Auditor } from '../audit';
import { Collections } from '../collections';
import type { InviteDoc, MemberDoc, PlaqueDoc, RoomDoc, RosterDoc } from '../docs';
import type { DevelopStage } from '../../../src/shared/domain/development';
import type { UserDoc } from './users';
import { database } from '../sdk';
import { plaqueCodeFrom } from '../../../src/shared/domain/plaque-code';
import type { ChangeKind, ImportKind, RowError } from '../../../src/shared/domain/roster-import';
import type { PlannedChange } from '../../../src/shared/domain/roster-import-plan';
import { auditManyIn } from './audit';
import { byIdsIn, ID_BATCH, inTransaction, isTxConflict, type Tx } from './base';
import { leavingRepo } from './leaving';
import { roomStateIn, type RoomStateDoc } from './checkin-inspections';
import { stageVetoed } from '../../../src/shared/domain/development';
import { newMemberDoc, type DevelopPersonDoc, type DevelopStepDoc } from './develop-records';
import { markPointsDirtyIn } from './develop-points-dirty';
import { cstAt, cstDate } from '../../../src/shared/domain/china-time';
import { IMPORT_INVITE_HOURS, maskPhone } from '../../../src/shared/domain/roster-import';
import { applied, refused, type RepoResult } from './outcome';

/**
 * Roster import jobs (issue 12 point 2). A preview stores the job; its plan (every change, in order)
 * is a JSON file in storage beside it (`planFileID`): 30,000 changes are one upload, where as many
 * documents would not fit in a call. An apply writes the next chunk of the plan and moves the job's
 * `applied` in the same transaction, with one audit record per change. A chunk is all or nothing,
 * so a stop between chunks resumes at `applied` and a repeated call never writes twice.
 */

export interface ImportJobDoc {
  _id: string;
  kind: ImportKind;
  full: boolean;
  fileID: string;
  fileName: string;
  /** The plan: `ChangeDoc[]` as JSON, written by the server under `imports/<admin openid>/` (no client reads it). */
  planFileID: string;
  createdBy: string;
  createdAt: Date;
  rows: number;
  headerRow: number;
  collapsed: number;
  errors: RowError[];
  errorCount: number;
  /** By kind (jobs stored before a kind existed lack it: read as 0). */
  counts: Partial<Record<ChangeKind, number>> & { unchanged: number };
  total: number;
  applied: number;
  chunks: number;
  status: 'previewed' | 'applying' | 'done';
  finishedAt: Date | null;
  /** When the nightly sweep deleted the job's files (IMPORT_FILES_LIFE_DAYS after the preview); null or absent: kept. */
  filesDeletedAt?: Date | null;
}

/** One line of a plan: its place in the file order is `seq`. */
export interface ChangeDoc extends PlannedChange {
  seq: number;
}

/** Chunk sizes by kind live with the import's rules (the page says them too). */
export { APPLY_CHUNK, MEMBER_APPLY_CHUNK, applyChunkOf } from '../../../src/shared/domain/roster-import';
/** Member rows of a chunk are distinct people: this many are read and written at once. */
const MEMBER_ROWS_AT_ONCE = 20;
const jobs = () => database().collection(Collections.rosterImports);

const ROSTER_FIELDS = { studentNo: true, name: true, buildingId: true, roomId: true, leftAt: true, college: true, className: true, memberStatus: true } as const;
export type RosterForImport = Pick<RosterDoc, '_id' | 'studentNo' | 'name' | 'buildingId' | 'roomId' | 'leftAt' | 'college' | 'className' | 'memberStatus'>;

export type MemberForImport = Pick<MemberDoc, '_id' | 'rosterId' | 'name' | 'status' | 'branchId' | 'branchName' | 'groupId' | 'groupName' | 'leftAt'>;
const MEMBER_FIELDS = { rosterId: true, name: true, status: true, branchId: true, branchName: true, groupId: true, groupName: true, leftAt: true } as const;

export const rosterImportsRepo = {
  /** The school's communities, at most two (new buildings join the one community; with several, which is unclear). */
  async someCommunities(): Promise<Array<{ _id: string; name: string }>> {
    const { data } = await database().collection(Collections.communities).field({ name: true }).limit(2).get();
    return data as Array<{ _id: string; name: string }>;
  },

  /** Roster entries of these 学号, one read per 1,000 on the unique index. */
  async rosterByStudentNos(studentNos: string[]): Promise<RosterForImport[]> {
    const out: RosterForImport[] = [];
    const unique = [...new Set(studentNos)];
    for (let i = 0; i < unique.length; i += ID_BATCH) {
      const batch = unique.slice(i, i + ID_BATCH);
      const { data } = await database().collection(Collections.roster).where({ studentNo: database().command.in(batch) }).field(ROSTER_FIELDS).limit(batch.length).get();
      out.push(...(data as RosterForImport[]));
    }
    return out;
  },

  /** The whole roster by 学号 (a full import compares against everyone), 1,000 per read. */
  async everyRosterEntry(): Promise<RosterForImport[]> {
    const out: RosterForImport[] = [];
    const _ = database().command;
    let after: string | null = null;
    for (;;) {
      const where = after === null ? {} : { studentNo: _.gt(after) };
      const { data } = await database().collection(Collections.roster).where(where).field(ROSTER_FIELDS).orderBy('studentNo', 'asc').limit(ID_BATCH).get();
      const page = data as RosterForImport[];
      out.push(...page);
      if (page.length < ID_BATCH) return out;
      after = page[page.length - 1].studentNo;
    }
  },

  /** Member profiles of these roster entries (rosterId -> member id), on the unique index. */
  async memberIdsOf(rosterIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(rosterIds)];
    for (let i = 0; i < unique.length; i += ID_BATCH) {
      const batch = unique.slice(i, i + ID_BATCH);
      const { data } = await database().collection(Collections.members).where({ rosterId: database().command.in(batch) }).field({ rosterId: true }).limit(batch.length).get();
      for (const m of data as Array<{ _id: string; rosterId: string }>) out.set(m.rosterId, m._id);
    }
    return out;
  },

  /** Member profiles of these roster entries (status, branch, group), on the unique rosterId index. */
  async membersOf(rosterIds: string[]): Promise<MemberForImport[]> {
    const out: MemberForImport[] = [];
    const unique = [...new Set(rosterIds)];
    for (let i = 0; i < unique.length; i += ID_BATCH) {
      const batch = unique.slice(i, i + ID_BATCH);
      const { data } = await database().collection(Collections.members).where({ rosterId: database().command.in(batch) }).field(MEMBER_FIELDS).limit(batch.length).get();
      out.push(...(data as MemberForImport[]));
    }
    return out;
  },

  /** Every member profile, 1,000 per read in `_id` order (a full members list compares against them). */
  async everyMember(): Promise<MemberForImport[]> {
    const out: MemberForImport[] = [];
    const _ = database().command;
    for (;;) {
      const last = out[out.length - 1];
      const { data } = await database().collection(Collections.members).where(last ? { _id: _.gt(last._id) } : {}).field(MEMBER_FIELDS).orderBy('_id', 'asc').limit(ID_BATCH).get();
      out.push(...(data as MemberForImport[]));
      if (data.length < ID_BATCH) return out;
    }
  },

  /** Development timelines of these roster entries (`develop_people._id` is the roster id). */
  timelinesOf(rosterIds: string[]): Promise<Array<{ _id: string; stage: DevelopStage | null; dates: Partial<Record<DevelopStage, string>> }>> {
    return byIdsIn(Collections.developPeople, rosterIds, { stage: true, dates: true });
  },

  /** Which of these step ids are stored (imported steps have deterministic ids). */
  async storedStepIds(ids: string[]): Promise<Set<string>> {
    return new Set((await byIdsIn<{ _id: string }>(Collections.developSteps, ids, { _id: true })).map((d) => d._id));
  },

  /** The rooms among these that are flagged 脏乱差 (the veto on imported steps). */
  async flaggedRooms(roomIds: string[]): Promise<Array<Pick<RoomStateDoc, '_id' | 'roomLabel' | 'deadline'>>> {
    const states = await byIdsIn<Pick<RoomStateDoc, '_id' | 'roomLabel' | 'deadline' | 'flagged'>>(Collections.inspectionsRooms, roomIds, { roomLabel: true, deadline: true, flagged: true });
    return states.filter((s) => s.flagged);
  },

  /** Roster entries by id (the 学号 of members a full list lacks). */
  rosterByIds(ids: string[]): Promise<RosterForImport[]> {
    return byIdsIn(Collections.roster, ids, ROSTER_FIELDS);
  },

  /** Accounts carrying these 工号 (index by_staffNo). */
  async usersByStaffNos(staffNos: string[]): Promise<Array<Pick<UserDoc, '_id' | 'role' | 'name' | 'phone' | 'buildingIds' | 'leftAt' | 'staffNo'>>> {
    const out: Array<Pick<UserDoc, '_id' | 'role' | 'name' | 'phone' | 'buildingIds' | 'leftAt' | 'staffNo'>> = [];
    const unique = [...new Set(staffNos)];
    for (let i = 0; i < unique.length; i += ID_BATCH) {
      const batch = unique.slice(i, i + ID_BATCH);
      const { data } = await database().collection(Collections.users).where({ staffNo: database().command.in(batch) }).field({ role: true, name: true, phone: true, buildingIds: true, leftAt: true, staffNo: true }).limit(ID_BATCH).get();
      out.push(...(data as typeof out));
    }
    return out;
  },

  /** Unused invites carrying these 工号 that have not expired (index by_staffNo_expires). */
  async openInvitesByStaffNos(staffNos: string[], now: Date): Promise<InviteDoc[]> {
    const out: InviteDoc[] = [];
    const _ = database().command;
    const unique = [...new Set(staffNos)];
    for (let i = 0; i < unique.length; i += ID_BATCH) {
      const batch = unique.slice(i, i + ID_BATCH);
      const { data } = await database().collection(Collections.invites).where({ staffNo: _.in(batch), expiresAt: _.gt(now), usedBy: null }).limit(ID_BATCH).get();
      out.push(...(data as InviteDoc[]));
    }
    return out;
  },

  /** Every counselor account (a full counselors list lists those it lacks), newest first on by_role_created. */
  async everyCounselor(): Promise<Array<Pick<UserDoc, '_id' | 'name' | 'staffNo' | 'createdAt' | 'leftAt'>>> {
    const out: Array<Pick<UserDoc, '_id' | 'name' | 'staffNo' | 'createdAt' | 'leftAt'>> = [];
    const _ = database().command;
    for (;;) {
      const last = out[out.length - 1];
      const where = last ? _.and([{ role: 'counselor' }, _.or([{ createdAt: _.lt(last.createdAt) }, { createdAt: last.createdAt, _id: _.lt(last._id) }])]) : { role: 'counselor' };
      const { data } = await database().collection(Collections.users).where(where).field({ name: true, staffNo: true, createdAt: true, leftAt: true }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(ID_BATCH).get();
      out.push(...(data as typeof out));
      if (data.length < ID_BATCH) return out;
    }
  },

  /** Stores a previewed job (its plan file is already stored). */
  async saveJob(job: ImportJobDoc): Promise<void> {
    await jobs().add(job);
  },

  /** Jobs previewed before `before` whose files are still kept, oldest first (index by_files_created). */
  async filesOlderThan(before: Date, limit: number): Promise<Array<Pick<ImportJobDoc, '_id' | 'fileID' | 'planFileID'>>> {
    const { data } = await jobs().where({ filesDeletedAt: null, createdAt: database().command.lt(before) }).field({ fileID: true, planFileID: true }).orderBy('createdAt', 'asc').limit(limit).get();
    return data as Array<Pick<ImportJobDoc, '_id' | 'fileID' | 'planFileID'>>;
  },

  /** Marks the files of these jobs deleted; answers how many were marked. */
  async markFilesDeleted(ids: string[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const { updated } = await jobs().where({ _id: database().command.in(ids), filesDeletedAt: null }).update({ filesDeletedAt: now });
    return updated as number;
  },

  async jobById(id: string): Promise<ImportJobDoc | null> {
    const { data } = await jobs().doc(id).get();
    return ((data as ImportJobDoc[])[0] as ImportJobDoc | undefined) ?? null;
  },

  /**
   * Writes the chunk starting at `from` (read before the transaction) if the job still stands there;
   * answers the job after it. STALE: a stored document is no longer what the preview saw.
   */
  async applyChunk(jobId: string, from: number, chunk: ChangeDoc[], by: Auditor, now: Date): Promise<RepoResult<ImportJobDoc, 'CONFLICT' | 'STALE' | 'NOT_FOUND'>> {
    const result = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.rosterImports).doc<ImportJobDoc>(jobId);
      const job = (await ref.get()).data;
      if (!job) return refused('NOT_FOUND' as const);
      // Another call applied this chunk first: its progress is the answer (the same call twice writes once).
      if (job.applied !== from) return applied({ ...job, _id: jobId });
      await applyChunkIn(tx, chunk, jobId, by, now);
      const appliedNow = from + chunk.length;
      const done = appliedNow >= job.total;
      const after = { applied: appliedNow, chunks: job.chunks + 1, status: done ? ('done' as const) : ('applying' as const), finishedAt: done ? now : null };
      await ref.update(after);
      return applied({ ...job, ...after, _id: jobId });
    }).catch((err: unknown) => {
      if (err instanceof StaleChange) return refused('STALE' as const);
      throw err;
    });
    if (isTxConflict(result)) return refused('CONFLICT');
    return result;
  },
};

class StaleChange extends Error {
  constructor(readonly seq: number) {
    super(`change ${seq} no longer matches the stored data`);
  }
}

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');

/**
 * One chunk inside its transaction. New documents (buildings, rooms with their plaques, roster
 * entries) go in one insert per collection: their ids are deterministic, so one already there fails
 * the insert and with it the chunk (CONFLICT; a preview made afresh sees it). Changes to stored
 * people are read and checked against what the preview saw, one by one. The audit records, one per
 * change, go in one insert too.
 */
async function applyChunkIn(tx: Tx, chunk: ChangeDoc[], jobId: string, by: Auditor, now: Date): Promise<void> {
  const audits: AuditEntry[] = [];
  const audit = (c: ChangeDoc, collection: string, id: string, before: unknown, after: unknown) =>
    audits.push({ ...by, action: `roster.import.${c.kind}`, target: { collection, id }, before, after, reason: `导入 ${jobId} 第${c.row ?? '-'}行` });
  const inserts = new Map<string, object[]>();
  const insert = (collection: string, doc: object) => inserts.set(collection, [...(inserts.get(collection) ?? []), doc]);

  // Member rows are distinct people (a 学号 appears once in a plan): several go at once.
  const memberRows = chunk.filter((c) => c.member);
  for (let i = 0; i < memberRows.length; i += MEMBER_ROWS_AT_ONCE) {
    await Promise.all(memberRows.slice(i, i + MEMBER_ROWS_AT_ONCE).map((c) => applyMemberIn(tx, c, jobId, by, now, insert, audit)));
  }
  for (const c of chunk) {
    if (c.member) continue;
    if (c.counselor) {
      await applyCounselorIn(tx, c, jobId, by, now, insert, audit);
      continue;
    }
    const d = c.data ?? {};
    switch (c.kind) {
      case 'buildingCreated': {
        const building = { communityId: String(d.communityId), communityName: String(d.communityName), name: String(d.name), floors: Number(d.floors), sortKey: String(d.sortKey) };
        insert(Collections.buildings, { _id: c.ids.buildingId!, ...building });
        audit(c, Collections.buildings, c.ids.buildingId!, null, building);
        break;
      }
      case 'roomCreated': {
        const roomId = c.ids.roomId!;
        const plaqueCode = plaqueCodeFrom(randomBytes(10));
        const room: RoomDoc = { _id: roomId, buildingId: c.ids.buildingId!, floor: Number(d.floor), number: String(d.number), plaqueCode, plaqueIssuedAt: now };
        const plaque: PlaqueDoc = {
          _id: plaqueCode, roomId, buildingId: room.buildingId, status: 'active', issuedAt: now, retiredAt: null,
          room: { number: room.number, floor: room.floor, buildingName: String(d.buildingName) },
        };
        insert(Collections.rooms, room);
        insert(Collections.plaques, plaque);
        audit(c, Collections.rooms, roomId, null, { number: room.number, floor: room.floor, plaqueCode });
        break;
      }
      case 'added': {
        const entry: RosterDoc = {
          _id: c.ids.rosterId!, studentNo: String(d.studentNo), name: String(d.name), college: (d.college as string | null) ?? null, className: (d.className as string | null) ?? null,
          buildingId: c.ids.buildingId!, roomId: c.ids.roomId!, memberStatus: null, phone: null, boundUserId: null, boundAt: null, leftAt: null,
        };
        insert(Collections.roster, entry);
        audit(c, Collections.roster, entry._id, null, { studentNo: entry.studentNo, name: entry.name, college: entry.college, className: entry.className, roomId: entry.roomId });
        break;
      }
      case 'changed': {
        const ref = tx.collection(Collections.roster).doc<RosterDoc>(c.ids.rosterId!);
        const stored = (await ref.get()).data;
        const fields = Object.keys(c.after ?? {}) as Array<'name' | 'college' | 'className'>;
        if (!stored || stored.leftAt || fields.some((f) => !same(stored[f], c.before?.[f]))) throw new StaleChange(c.seq);
        await ref.update(Object.fromEntries(fields.map((f) => [f, d[f]])));
        if (c.ids.memberId && fields.includes('name')) await tx.collection(Collections.members).doc(c.ids.memberId).update({ name: String(d.name) });
        audit(c, Collections.roster, c.ids.rosterId!, c.before, c.after);
        break;
      }
      case 'moved': {
        const ref = tx.collection(Collections.roster).doc<RosterDoc>(c.ids.rosterId!);
        const stored = (await ref.get()).data;
        if (!stored || stored.leftAt || stored.roomId !== c.ids.fromRoomId) throw new StaleChange(c.seq);
        await ref.update({ buildingId: c.ids.buildingId!, roomId: c.ids.roomId! });
        if (c.ids.memberId) {
          const mref = tx.collection(Collections.members).doc<MemberDoc>(c.ids.memberId);
          const member = (await mref.get()).data;
          if (member) {
            // The new door's plaque shows the member; the rooms they look after stay theirs.
            const plaqueRoomIds = [c.ids.roomId!, ...member.plaqueRoomIds.filter((id) => id !== member.roomId && id !== c.ids.roomId)];
            await mref.update({ buildingId: c.ids.buildingId!, buildingName: String(d.buildingName), floor: Number(d.floor), roomId: c.ids.roomId!, roomNumber: String(d.number), plaqueRoomIds });
          }
        }
        audit(c, Collections.roster, c.ids.rosterId!, { roomId: c.ids.fromRoomId, ...c.before }, { roomId: c.ids.roomId, ...c.after });
        break;
      }
      case 'left': {
        // Audited by markLeftIn; one already marked (by an admin, or an earlier import) is the idempotent success.
        const marked = await leavingRepo.markLeftIn(tx, { rosterId: c.ids.rosterId!, memberId: c.ids.memberId ?? null }, now, by, 'roster');
        if (!marked.ok) throw new StaleChange(c.seq);
        break;
      }
    }
  }
  for (const [collection, docs] of inserts) await tx.collection(collection).add(docs);
  await auditManyIn(tx, audits, now);
}

type Insert = (collection: string, doc: object) => void;
type Audit = (c: ChangeDoc, collection: string, id: string, before: unknown, after: unknown) => void;

/**
 * A member row: the roster entry, the timeline and the member profile are read and checked against
 * what the preview saw; the member profile is made (or its status, branch and group changed), the
 * new dates become step records with their deterministic ids, a branch or group change a membership
 * record, the roster's status and the timeline follow, and the points are marked for recomputing.
 */
async function applyMemberIn(tx: Tx, c: ChangeDoc, jobId: string, by: Auditor, now: Date, insert: Insert, audit: Audit): Promise<void> {
  const m = c.member!;
  const rosterId = c.ids.rosterId!;
  const memberId = c.ids.memberId!;
  const rosterRef = tx.collection(Collections.roster).doc<RosterDoc>(rosterId);
  const personRef = tx.collection(Collections.developPeople).doc<DevelopPersonDoc>(rosterId);
  const memberRef = tx.collection(Collections.members).doc<MemberDoc>(memberId);
  // The three reads at once: a chunk's transaction is bounded by its round trips.
  const [roster, person, member] = await Promise.all([rosterRef.get(), personRef.get(), m.expect.memberStatus ? memberRef.get() : Promise.resolve({ data: null })]).then((r) => r.map((x) => x.data) as [RosterDoc | null, DevelopPersonDoc | null, MemberDoc | null]);
  if (!roster || roster.leftAt || roster.buildingId !== c.ids.buildingId) throw new StaleChange(c.seq);
  if ((person?.stage ?? null) !== m.expect.stage || (person && m.steps.some((s) => s.stage in person.dates))) throw new StaleChange(c.seq);
  // The veto again inside the transaction: an inspection flagging the room since the preview stops the chunk.
  if (m.steps.some((s) => stageVetoed(s.stage)) && (await roomStateIn(tx, member?.roomId ?? roster.roomId))?.flagged) throw new StaleChange(c.seq);
  if (m.expect.memberStatus && (!member || member.leftAt || member.status !== m.expect.memberStatus || member.branchId !== m.expect.branchId || member.groupId !== m.expect.groupId)) throw new StaleChange(c.seq);

  const place = { branchId: m.branch?.id ?? null, branchName: m.branch?.name ?? null, groupId: m.group?.id ?? null, groupName: m.group?.name ?? null };
  const newProbation = m.steps.find((s) => s.stage === 'probationary');
  const probation = m.status === 'probationary' && newProbation ? { probationStartedAt: cstAt(newProbation.date, '00:00') } : {};
  let roomLabel = person?.roomLabel ?? '';
  if (!member) {
    const fresh = m.newMember!;
    // One profile per roster entry: the unique rosterId index fails the chunk if one appeared since the preview.
    insert(Collections.members, { ...newMemberDoc(memberId, roster, { name: fresh.buildingName }, { floor: fresh.floor, number: fresh.roomNumber }), status: m.status, ...place, ...probation });
    roomLabel ||= `${fresh.buildingName} ${fresh.roomNumber}`;
    if (roster.boundUserId) {
      const userRef = tx.collection(Collections.users).doc<UserDoc>(roster.boundUserId);
      const user = (await userRef.get()).data;
      if (user?.role === 'student') await userRef.update({ role: 'member', memberId, updatedAt: now });
    }
  } else {
    const placeChanged = place.branchId !== member.branchId || place.groupId !== member.groupId;
    if (member.status !== m.status || placeChanged || newProbation) await memberRef.update({ status: m.status, ...(placeChanged ? place : {}), ...probation });
    roomLabel ||= `${member.buildingName} ${member.roomNumber}`;
    if (m.membershipChange) {
      const record: DevelopStepDoc = {
        _id: `imp-${jobId}-${c.seq}`, kind: 'change', rosterId, memberId, buildingId: roster.buildingId, stage: m.status, date: cstDate(now), correctsId: null,
        reason: `名单导入（第${c.row ?? '-'}行）`, note: null, byUserId: by.actorOpenid, byName: '名单导入', at: now,
        change: { kind: m.membershipChange, before: { branchId: member.branchId, branchName: member.branchName, groupId: member.groupId, groupName: member.groupName }, after: place },
      };
      insert(Collections.developSteps, record);
    }
  }
  const writes: Array<Promise<unknown>> = [];
  if (roster.memberStatus !== m.status) writes.push(rosterRef.update({ memberStatus: m.status }));
  for (const s of m.steps) {
    const step: DevelopStepDoc = {
      _id: s.id, kind: 'step', rosterId, memberId, buildingId: roster.buildingId, stage: s.stage, date: s.date, correctsId: null, reason: null,
      note: `名单导入（第${c.row ?? '-'}行）`, byUserId: by.actorOpenid, byName: '名单导入', at: now,
    };
    insert(Collections.developSteps, step);
  }
  const body: Omit<DevelopPersonDoc, '_id'> = {
    name: roster.name, buildingId: roster.buildingId, roomId: member?.roomId ?? roster.roomId, roomLabel, memberId, stage: m.stage, dates: { ...(person?.dates ?? {}), ...m.dates }, updatedAt: now,
  };
  writes.push(personRef.set(body), markPointsDirtyIn(tx, { kind: 'member', id: memberId }, now));
  await Promise.all(writes);
  audit(c, Collections.members, memberId, c.before, { ...c.after, stepIds: m.steps.map((s) => s.id) });
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

/**
 * A counselor row: a new invite carrying the 工号 (its code made at preview), or an open invite or a
 * counselor's account updated after checking it is still what the preview saw. Phones reach the
 * audit masked.
 */
async function applyCounselorIn(tx: Tx, c: ChangeDoc, jobId: string, by: Auditor, now: Date, insert: Insert, audit: Audit): Promise<void> {
  const k = c.counselor!;
  const shown = { staffNo: k.staffNo, name: k.name, phone: k.phone ? maskPhone(k.phone) : null, buildingIds: k.buildingIds };
  if (k.target === 'newInvite') {
    const invite: InviteDoc = {
      _id: k.id, role: 'counselor', buildingIds: k.buildingIds, expiresAt: new Date(now.getTime() + IMPORT_INVITE_HOURS * 3_600_000), createdBy: by.actorOpenid, createdAt: now,
      usedBy: null, usedAt: null, staffNo: k.staffNo, name: k.name, phone: k.phone, importJobId: jobId,
    };
    insert(Collections.invites, invite);
    audit(c, Collections.invites, k.id, null, { ...shown, expiresAt: invite.expiresAt });
    return;
  }
  const expect = k.expect!;
  if (k.target === 'invite') {
    const ref = tx.collection(Collections.invites).doc<InviteDoc>(k.id);
    const invite = (await ref.get()).data;
    if (!invite || invite.usedBy || new Date(invite.expiresAt).getTime() <= now.getTime() || !sameIds(invite.buildingIds, expect.buildingIds) || (invite.name ?? null) !== expect.name || (invite.phone ?? null) !== expect.phone) {
      throw new StaleChange(c.seq);
    }
    await ref.update({ buildingIds: database().command.set(k.buildingIds), name: k.name, phone: k.phone });
    audit(c, Collections.invites, k.id, c.before, shown);
    return;
  }
  const ref = tx.collection(Collections.users).doc<UserDoc>(k.id);
  const user = (await ref.get()).data;
  if (!user || user.role !== 'counselor' || user.leftAt || !sameIds(user.buildingIds, expect.buildingIds) || (user.phone ?? null) !== expect.phone) throw new StaleChange(c.seq);
  await ref.update({ buildingIds: database().command.set(k.buildingIds), phone: k.phone, updatedAt: now });
  audit(c, Collections.users, k.id, c.before, shown);
}
