import { randomBytes } from 'node:crypto';
import type { AuditEntry, Auditor } from '../audit';
import { Collections } from '../collections';
import type { MemberDoc, PlaqueDoc, RoomDoc, RosterDoc } from '../docs';
import { database } from '../sdk';
import { plaqueCodeFrom } from '../../../src/shared/domain/plaque-code';
import type { ChangeKind, ImportKind, RowError } from '../../../src/shared/domain/roster-import';
import type { PlannedChange } from '../../../src/shared/domain/roster-import-plan';
import { auditManyIn } from './audit';
import { ID_BATCH, inTransaction, isTxConflict, type Tx } from './base';
import { leavingRepo } from './leaving';
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
  counts: Record<ChangeKind | 'unchanged', number>;
  total: number;
  applied: number;
  chunks: number;
  status: 'previewed' | 'applying' | 'done';
  finishedAt: Date | null;
}

/** One line of a plan: its place in the file order is `seq`. */
export interface ChangeDoc extends PlannedChange {
  seq: number;
}

/** Changes per transaction: new documents go in one insert per collection, changes to stored people a few requests each. */
export const APPLY_CHUNK = 500;
const jobs = () => database().collection(Collections.rosterImports);

const ROSTER_FIELDS = { studentNo: true, name: true, buildingId: true, roomId: true, leftAt: true, college: true, className: true } as const;
export type RosterForImport = Pick<RosterDoc, '_id' | 'studentNo' | 'name' | 'buildingId' | 'roomId' | 'leftAt' | 'college' | 'className'>;

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

  /** Stores a previewed job (its plan file is already stored). */
  async saveJob(job: ImportJobDoc): Promise<void> {
    await jobs().add(job);
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

  for (const c of chunk) {
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
