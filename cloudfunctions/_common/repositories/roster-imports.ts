import { randomBytes } from 'node:crypto';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { BuildingDoc, MemberDoc, PlaqueDoc, RoomDoc, RosterDoc } from '../docs';
import { database } from '../sdk';
import { plaqueCodeFrom } from '../../../src/shared/domain/plaque-code';
import type { ChangeKind, ImportKind, RowError } from '../../../src/shared/domain/roster-import';
import type { PlannedChange } from '../../../src/shared/domain/roster-import-plan';
import { auditIn } from './audit';
import { ID_BATCH, inTransaction, isTxConflict, type Tx } from './base';
import { leavingRepo } from './leaving';
import { applied, refused, type RepoResult } from './outcome';

/**
 * Roster import jobs (issue 12 point 2). A preview stores the job and its diff, one document per
 * change (`roster_import_changes`, `_id` jobId-seq); an apply writes the next chunk of changes and
 * moves the job's `applied` in the same transaction, with one audit record per change. A chunk is
 * all or nothing, so a stop between chunks resumes at `applied` and a repeated call never writes twice.
 */

export interface ImportJobDoc {
  _id: string;
  kind: ImportKind;
  full: boolean;
  fileID: string;
  fileName: string;
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

export interface ChangeDoc extends PlannedChange {
  _id: string;
  jobId: string;
  seq: number;
}

/** Changes per transaction: each is one to four document writes plus its audit record. */
export const APPLY_CHUNK = 200;
/** Changes per batch insert of a preview (one request each). */
const SAVE_BATCH = 500;

const jobs = () => database().collection(Collections.rosterImports);
const changes = () => database().collection(Collections.rosterImportChanges);

export const changeId = (jobId: string, seq: number) => `${jobId}-${String(seq).padStart(7, '0')}`;

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

  /** Stores a previewed job and its changes (the changes first: a job is never seen without them). */
  async savePreview(job: ImportJobDoc, planned: PlannedChange[]): Promise<void> {
    const docs: ChangeDoc[] = planned.map((c, seq) => ({ ...c, _id: changeId(job._id, seq), jobId: job._id, seq }));
    for (let i = 0; i < docs.length; i += SAVE_BATCH) await changes().add(docs.slice(i, i + SAVE_BATCH));
    await jobs().add(job);
  },

  async jobById(id: string): Promise<ImportJobDoc | null> {
    const { data } = await jobs().doc(id).get();
    return ((data as ImportJobDoc[])[0] as ImportJobDoc | undefined) ?? null;
  },

  /** A page of a job's changes by seq (index by_job_seq, or by_job_kind_seq for one kind), `limit` after `afterSeq`, plus one. */
  async changesPage(jobId: string, kind: ChangeKind | null, afterSeq: number, limit: number): Promise<{ items: ChangeDoc[]; more: boolean }> {
    const _ = database().command;
    const where = { jobId, ...(kind ? { kind } : {}), seq: _.gt(afterSeq) };
    const { data } = await changes().where(where).orderBy('seq', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as ChangeDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
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
      for (const change of chunk) {
        const ok = await applyOne(tx, change, jobId, by, now);
        if (!ok) throw new StaleChange(change.seq);
      }
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

/** One change inside the chunk's transaction; false when what it expects is no longer there. */
async function applyOne(tx: Tx, c: ChangeDoc, jobId: string, by: Auditor, now: Date): Promise<boolean> {
  const audit = (collection: string, id: string, before: unknown, after: unknown) =>
    auditIn(tx, { ...by, action: `roster.import.${c.kind}`, target: { collection, id }, before, after, reason: `导入 ${jobId} 第${c.row ?? '-'}行` }, now);
  const d = c.data ?? {};
  switch (c.kind) {
    case 'roomCreated': {
      const roomId = c.ids.roomId!;
      const ref = tx.collection(Collections.rooms).doc<RoomDoc>(roomId);
      if ((await ref.get()).data) return false;
      const plaqueCode = plaqueCodeFrom(randomBytes(10));
      const room: Omit<RoomDoc, '_id'> = { buildingId: c.ids.buildingId!, floor: Number(d.floor), number: String(d.number), plaqueCode, plaqueIssuedAt: now };
      await ref.set(room);
      const plaque: Omit<PlaqueDoc, '_id'> = {
        roomId, buildingId: room.buildingId, status: 'active', issuedAt: now, retiredAt: null,
        room: { number: room.number, floor: room.floor, buildingName: String(d.buildingName) },
      };
      await tx.collection(Collections.plaques).doc(plaqueCode).set(plaque);
      await audit(Collections.rooms, roomId, null, { ...room, plaqueCode });
      return true;
    }
    case 'added': {
      const rosterId = c.ids.rosterId!;
      const ref = tx.collection(Collections.roster).doc<RosterDoc>(rosterId);
      if ((await ref.get()).data) return false;
      const entry: Omit<RosterDoc, '_id'> = {
        studentNo: String(d.studentNo), name: String(d.name), college: (d.college as string | null) ?? null, className: (d.className as string | null) ?? null,
        buildingId: c.ids.buildingId!, roomId: c.ids.roomId!, memberStatus: null, phone: null, boundUserId: null, boundAt: null, leftAt: null,
      };
      await ref.set(entry);
      await audit(Collections.roster, rosterId, null, { studentNo: entry.studentNo, name: entry.name, college: entry.college, className: entry.className, roomId: entry.roomId });
      return true;
    }
    case 'changed': {
      const ref = tx.collection(Collections.roster).doc<RosterDoc>(c.ids.rosterId!);
      const now_ = (await ref.get()).data;
      if (!now_ || now_.leftAt) return false;
      const fields = Object.keys(c.after ?? {}) as Array<'name' | 'college' | 'className'>;
      if (fields.some((f) => !same(now_[f], c.before?.[f]))) return false;
      await ref.update(Object.fromEntries(fields.map((f) => [f, d[f]])));
      if (c.ids.memberId && fields.includes('name')) await tx.collection(Collections.members).doc(c.ids.memberId).update({ name: String(d.name) });
      await audit(Collections.roster, c.ids.rosterId!, c.before, c.after);
      return true;
    }
    case 'moved': {
      const ref = tx.collection(Collections.roster).doc<RosterDoc>(c.ids.rosterId!);
      const entry = (await ref.get()).data;
      if (!entry || entry.leftAt || entry.roomId !== c.ids.fromRoomId) return false;
      await ref.update({ buildingId: c.ids.buildingId!, roomId: c.ids.roomId! });
      if (c.ids.memberId) {
        const mref = tx.collection(Collections.members).doc<MemberDoc>(c.ids.memberId);
        const member = (await mref.get()).data;
        if (member) {
          // The plaque of the new door shows the member; linked rooms stay theirs.
          const plaqueRoomIds = [c.ids.roomId!, ...member.plaqueRoomIds.filter((id) => id !== member.roomId && id !== c.ids.roomId)];
          await mref.update({ buildingId: c.ids.buildingId!, buildingName: String(d.buildingName), floor: Number(d.floor), roomId: c.ids.roomId!, roomNumber: String(d.number), plaqueRoomIds });
        }
      }
      await audit(Collections.roster, c.ids.rosterId!, { roomId: c.ids.fromRoomId, ...c.before }, { roomId: c.ids.roomId, ...c.after });
      return true;
    }
    case 'left':
      // Already marked (by an admin, or an earlier import) is the idempotent success.
      await leavingRepo.markLeftIn(tx, { rosterId: c.ids.rosterId!, memberId: c.ids.memberId ?? null }, now, by, 'roster');
      return true;
    case 'buildingCreated': {
      const ref = tx.collection(Collections.buildings).doc<BuildingDoc>(c.ids.buildingId!);
      if ((await ref.get()).data) return false;
      const { _id: _ignored, ...building } = d as unknown as BuildingDoc;
      await ref.set(building);
      await audit(Collections.buildings, c.ids.buildingId!, null, building);
      return true;
    }
  }
}
