import type { ChecklistItem, Rating } from '../../../src/shared/domain/inspection';
import type { MemberStatus } from '../../../src/shared/model';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import type { PlaqueDoc, RoomDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { byIdsIn, first, ID_BATCH, inTransaction, isTxConflict, type Tx } from './base';
import { markPointsDirtyIn } from './develop-points-dirty';
import { applied, refused, type RepoResult } from './outcome';

/**
 * Room inspections (issue 10, section 3). Inspections and corrections are records that stay; the
 * room's flag (`inspections_rooms`, one per room), the month's ratings per room
 * (`inspections_room_months`, for 文明寝室) and the ratings per floor and month (`inspections_stats`,
 * for the dashboard) are projections written in the same transaction as the record and its audit.
 */

export interface ChecklistDoc {
  _id: 'checklist';
  items: ChecklistItem[];
  updatedAt: Date;
  updatedBy: string;
}

export interface AppointmentDoc {
  _id: string;
  buildingId: string;
  userId: string;
  name: string;
  active: boolean;
  appointedAt: Date;
  appointedBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface ScoredItem {
  id: string;
  label: string;
  category: string;
  score: number;
  maxScore: number;
}

export interface InspectionDoc {
  _id: string;
  kind: 'inspection' | 'correction';
  /** A correction names the inspection it corrects; that record is never changed. */
  correctsId: string | null;
  reason: string | null;
  roomId: string;
  buildingId: string;
  floor: number;
  roomLabel: string;
  /** `YYYY-MM` in China time of the inspection (a correction keeps its original's month). */
  month: string;
  at: Date;
  inspectorUserId: string;
  inspectorName: string;
  inspectorRole: string;
  items: ScoredItem[];
  total: number;
  max: number;
  percent: number;
  rating: Rating;
  photoFileIds: string[];
  note: string;
}

/** The room's current state, `_id` = roomId. */
export interface RoomStateDoc {
  _id: string;
  buildingId: string;
  floor: number;
  roomLabel: string;
  flagged: boolean;
  flaggedAt: Date | null;
  deadline: Date | null;
  flaggedBy: string | null;
  flaggedByName: string | null;
  flagInspectionId: string | null;
  lastInspectionId: string | null;
  lastRating: Rating | null;
  lastAt: Date | null;
  clearedAt: Date | null;
  clearedBy: string | null;
}

/** One room in one month: the effective rating of each inspection, `_id` = `roomId:month`. */
export interface RoomMonthDoc {
  _id: string;
  roomId: string;
  buildingId: string;
  floor: number;
  roomLabel: string;
  month: string;
  ratings: Record<string, Rating>;
  civilised: boolean;
}

/** Effective ratings of one floor in one month, `_id` = `month:buildingId:floor`. */
export interface FloorStatsDoc {
  _id: string;
  month: string;
  buildingId: string;
  buildingName: string;
  floor: number;
  counts: Record<Rating, number>;
}

export interface ResidentDoc {
  _id: string;
  name: string;
  status: MemberStatus;
  roomId: string;
}

const coll = (name: string) => database().collection(name);
const RECORD_FIELDS = {
  kind: true, correctsId: true, reason: true, roomId: true, buildingId: true, floor: true, roomLabel: true, month: true, at: true,
  inspectorUserId: true, inspectorName: true, inspectorRole: true, items: true, total: true, max: true, percent: true, rating: true, photoFileIds: true, note: true,
} as const;

/** One read's page when a repository walks a list to its end (the contract pages what a person sees). */
const PAGE = 1000;

export type BuildingScope = { all: true } | { all: false; ids: string[] };

/** `where` for a building scope plus other conditions (one `buildingId` or `in` the scope). */
function scoped(scope: BuildingScope, base: object, extra: object[] = []): object {
  const _ = database().command;
  const conditions: object[] = [base, ...(scope.all ? [] : [{ buildingId: scope.ids.length === 1 ? scope.ids[0] : _.in(scope.ids) }]), ...extra];
  return conditions.length === 1 ? conditions[0] : _.and(conditions);
}

/** The room's flag as the transaction sees it: the development veto reads it in its own transaction. */
export async function roomStateIn(tx: Tx, roomId: string): Promise<RoomStateDoc | null> {
  return (await tx.collection(Collections.inspectionsRooms).doc<RoomStateDoc>(roomId).get()).data;
}

/**
 * Badges (issue 11): the room and its active plaque carry `roomFlagged`, so a 脏乱差 flag suspends
 * the room's badges (`shownAwards`) in the plaque's own reads and the clearing re-inspection restores
 * them. Written in the inspection's transaction, only when the flag changes (one read of the room).
 */
async function suspendRoomBadgesIn(tx: Tx, roomId: string, flagged: boolean): Promise<void> {
  const roomRef = tx.collection(Collections.rooms).doc<RoomDoc>(roomId);
  const room = (await roomRef.get()).data;
  if (!room || (room.roomFlagged ?? false) === flagged) return;
  await roomRef.update({ roomFlagged: flagged });
  const plaqueRef = tx.collection(Collections.plaques).doc<PlaqueDoc>(room.plaqueCode);
  if ((await plaqueRef.get()).data) await plaqueRef.update({ roomFlagged: flagged });
}

export type RecordOutcome = RepoResult<{ state: RoomStateDoc }, 'SAME_INSPECTOR' | 'CONFLICT' | 'NOT_FOUND'>;

export interface NewInspection {
  record: InspectionDoc;
  buildingName: string;
  /** Decides what the record does to the room's state, from the state the transaction read. */
  apply(state: RoomStateDoc | null, roomMonth: RoomMonthDoc | null): { state: RoomStateDoc; effective: Rating; previous: Rating | null } | 'SAME_INSPECTOR';
  /** The month's civilised rule, applied to the effective ratings. */
  civilised(ratings: Rating[]): boolean;
  by: Auditor;
}

export const inspectionsRepo = {
  async checklist(): Promise<ChecklistDoc | null> {
    return first<ChecklistDoc>(coll(Collections.inspectionsConfig).doc('checklist').get());
  },

  async setChecklist(items: ChecklistItem[], by: Auditor & { userId: string }, now: Date): Promise<RepoResult<ChecklistDoc, 'CONFLICT'>> {
    const doc: ChecklistDoc = { _id: 'checklist', items, updatedAt: now, updatedBy: by.userId };
    const outcome = await inTransaction(async (tx) => {
      const ref = tx.collection(Collections.inspectionsConfig).doc<ChecklistDoc>('checklist');
      const before = (await ref.get()).data;
      const { _id, ...body } = doc;
      await ref.set(body);
      await auditIn(tx, { ...by, action: 'inspections.setChecklist', target: { collection: Collections.inspectionsConfig, id: _id }, before: before?.items ?? null, after: items }, now);
      return doc;
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : applied(outcome);
  },

  async activeAppointment(userId: string, buildingId: string): Promise<AppointmentDoc | null> {
    return first<AppointmentDoc>(coll(Collections.inspectionsAppointments).where({ userId, active: true, buildingId }).limit(1).get());
  },

  /** The buildings an inspector is appointed to, page by page on by_user_active_building (never stops at a page). */
  async activeBuildingsOf(userId: string): Promise<string[]> {
    const _ = database().command;
    const ids: string[] = [];
    for (;;) {
      const after = ids.length ? { buildingId: _.gt(ids[ids.length - 1]) } : {};
      const { data } = await coll(Collections.inspectionsAppointments).where({ userId, active: true, ...after }).field({ buildingId: true }).orderBy('buildingId', 'asc').limit(PAGE).get();
      const page = [...new Set((data as AppointmentDoc[]).map((d) => d.buildingId))];
      ids.push(...page);
      if (data.length < PAGE) return ids;
    }
  },

  async appointmentById(id: string): Promise<AppointmentDoc | null> {
    return first<AppointmentDoc>(coll(Collections.inspectionsAppointments).doc(id).get());
  },

  async appoint(doc: AppointmentDoc, by: Auditor, now: Date): Promise<RepoResult<string, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      const { _id, ...body } = doc;
      await tx.collection(Collections.inspectionsAppointments).doc(_id).set(body);
      await auditIn(tx, { ...by, action: 'inspections.appointInspector', target: { collection: Collections.inspectionsAppointments, id: _id }, before: null, after: body }, now);
      return _id;
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : applied(outcome);
  },

  /** Revoking marks the record (it stays); revoking a revoked appointment is the idempotent success. */
  async revoke(id: string, reason: string, by: Auditor & { userId: string }, now: Date): Promise<RepoResult<null, 'CONFLICT' | 'NOT_FOUND'>> {
    const outcome = await inTransaction(async (tx): Promise<'done' | 'missing'> => {
      const ref = tx.collection(Collections.inspectionsAppointments).doc<AppointmentDoc>(id);
      const doc = (await ref.get()).data;
      if (!doc) return 'missing';
      if (!doc.active) return 'done';
      const change = { active: false, revokedAt: now, revokedBy: by.userId, revokeReason: reason };
      await ref.update(change);
      await auditIn(tx, { ...by, action: 'inspections.revokeInspector', target: { collection: Collections.inspectionsAppointments, id }, before: { active: true }, after: change, reason }, now);
      return 'done';
    });
    if (isTxConflict(outcome)) return refused('CONFLICT');
    return outcome === 'missing' ? refused('NOT_FOUND') : applied();
  },

  /** Active appointments in scope, newest first (index by_building_active_appointed / by_active_appointed). */
  async appointmentsPage(scope: BuildingScope, after: PageCursor | null, limit: number): Promise<{ items: AppointmentDoc[]; more: boolean }> {
    const _ = database().command;
    const range = after ? [_.or([{ appointedAt: _.lt(after.at) }, { appointedAt: after.at, _id: _.lt(after.id) }])] : [];
    const { data } = await coll(Collections.inspectionsAppointments)
      .where(scoped(scope, { active: true }, range))
      .orderBy('appointedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1)
      .get();
    const docs = data as AppointmentDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  async recordById(id: string): Promise<InspectionDoc | null> {
    return first<InspectionDoc>(coll(Collections.inspectionsRecords).doc(id).field(RECORD_FIELDS).get());
  },

  async roomState(roomId: string): Promise<RoomStateDoc | null> {
    return first<RoomStateDoc>(coll(Collections.inspectionsRooms).doc(roomId).get());
  },

  /**
   * Writes an inspection or a correction with its projections and audit, in one transaction: the
   * room's state is read inside it, so two inspections of one room serialise and a development step
   * racing a flag sees one or the other, never neither.
   */
  async record(req: NewInspection, now: Date): Promise<RecordOutcome> {
    const { record } = req;
    const outcome = await inTransaction(async (tx): Promise<RecordOutcome> => {
      const stateRef = tx.collection(Collections.inspectionsRooms).doc<RoomStateDoc>(record.roomId);
      const monthId = `${record.roomId}:${record.month}`;
      const monthRef = tx.collection(Collections.inspectionsRoomMonths).doc<RoomMonthDoc>(monthId);
      const statsId = `${record.month}:${record.buildingId}:${record.floor}`;
      const statsRef = tx.collection(Collections.inspectionsStats).doc<FloorStatsDoc>(statsId);
      const [state, roomMonth, stats] = [(await stateRef.get()).data, (await monthRef.get()).data, (await statsRef.get()).data];
      const decided = req.apply(state, roomMonth);
      if (decided === 'SAME_INSPECTOR') return refused('SAME_INSPECTOR');

      const { _id, ...body } = record;
      await tx.collection(Collections.inspectionsRecords).doc(_id).set(body);
      const { _id: roomId, ...stateBody } = decided.state;
      await stateRef.set(stateBody);
      await suspendRoomBadgesIn(tx, roomId, decided.state.flagged);
      // A flag (or its clearing) changes the residents' points and blockers: the dirty sweep recomputes them.
      if ((state?.flagged ?? false) !== decided.state.flagged || (decided.state.flagged && state?.flagInspectionId !== decided.state.flagInspectionId)) {
        await markPointsDirtyIn(tx, { kind: 'room', id: roomId }, now);
      }

      const ratingKey = record.correctsId ?? record._id;
      const ratings = { ...(roomMonth?.ratings ?? {}), [ratingKey]: decided.effective };
      await monthRef.set({
        roomId, buildingId: record.buildingId, floor: record.floor, roomLabel: record.roomLabel, month: record.month, ratings, civilised: req.civilised(Object.values(ratings)),
      });
      const counts = { excellent: 0, good: 0, pass: 0, failing: 0, ...(stats?.counts ?? {}) };
      if (decided.previous) counts[decided.previous] = Math.max(0, counts[decided.previous] - 1);
      counts[decided.effective] += 1;
      await statsRef.set({ month: record.month, buildingId: record.buildingId, buildingName: req.buildingName || stats?.buildingName || '', floor: record.floor, counts });

      await auditIn(
        tx,
        {
          ...req.by,
          action: record.kind === 'correction' ? 'inspections.correct' : 'inspections.inspect',
          target: { collection: Collections.inspectionsRecords, id: _id },
          buildingId: record.buildingId,
          before: state ? { flagged: state.flagged, lastRating: state.lastRating } : null,
          after: { rating: record.rating, percent: record.percent, flagged: decided.state.flagged, correctsId: record.correctsId },
          ...(record.reason ? { reason: record.reason } : {}),
        },
        now,
      );
      return applied({ state: decided.state });
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** A room's records, newest first (index by_room_at). */
  async roomPage(roomId: string, after: PageCursor | null, limit: number): Promise<{ items: InspectionDoc[]; more: boolean }> {
    const _ = database().command;
    const where = after ? _.and([{ roomId }, _.or([{ at: _.lt(after.at) }, { at: after.at, _id: _.lt(after.id) }])]) : { roomId };
    const { data } = await coll(Collections.inspectionsRecords).where(where).field(RECORD_FIELDS).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as InspectionDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** The latest correction of each of these inspections (index by_corrects_at), for `correctedBy`. */
  async correctionsOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const _ = database().command;
    const latest = new Map<string, string>();
    // Page by (correctsId, at) on by_corrects_at: the last one seen per inspection is its latest correction.
    let after: { id: string; at: Date } | null = null;
    for (;;) {
      const range = after ? [_.or([{ correctsId: _.gt(after.id) }, { correctsId: after.id, at: _.gt(after.at) }])] : [];
      const { data } = await coll(Collections.inspectionsRecords)
        .where(range.length ? _.and([{ correctsId: _.in(ids) }, ...range]) : { correctsId: _.in(ids) })
        .field({ correctsId: true, at: true })
        .orderBy('correctsId', 'asc')
        .orderBy('at', 'asc')
        .limit(PAGE)
        .get();
      const docs = data as InspectionDoc[];
      for (const d of docs) latest.set(d.correctsId as string, d._id);
      const last = docs[docs.length - 1];
      if (docs.length < PAGE || !last) return latest;
      after = { id: last.correctsId as string, at: new Date(last.at) };
    }
  },

  /** Flagged rooms in scope, longest open first (index by_flagged_building_since / by_flagged_since). */
  async flaggedPage(scope: BuildingScope, after: PageCursor | null, limit: number): Promise<{ items: RoomStateDoc[]; more: boolean }> {
    const _ = database().command;
    const range = after ? [_.or([{ flaggedAt: _.gt(after.at) }, { flaggedAt: after.at, _id: _.gt(after.id) }])] : [];
    const { data } = await coll(Collections.inspectionsRooms).where(scoped(scope, { flagged: true }, range)).orderBy('flaggedAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as RoomStateDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** The flagged rooms of one building (index by_flagged_building_since): a building has hundreds of rooms at most. */
  async flaggedIdsIn(buildingId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let after: PageCursor | null = null;
    for (;;) {
      const page = await this.flaggedPage({ all: false, ids: [buildingId] }, after, PAGE);
      for (const room of page.items) ids.add(room._id);
      const last = page.items[page.items.length - 1];
      if (!page.more || !last) return ids;
      after = { at: new Date(last.flaggedAt as Date), id: last._id };
    }
  },

  /** Which of these rooms are flagged now: their states by id (a page of the room picker). */
  async flaggedAmong(roomIds: string[]): Promise<Set<string>> {
    if (roomIds.length === 0) return new Set();
    const states = await byIdsIn<RoomStateDoc>(Collections.inspectionsRooms, roomIds, { flagged: true });
    return new Set(states.filter((s) => s.flagged).map((s) => s._id));
  },

  async flaggedCount(scope: BuildingScope): Promise<number> {
    const { total } = await coll(Collections.inspectionsRooms).where(scoped(scope, { flagged: true })).count();
    return total;
  },

  /**
   * Members living in these rooms (index by_room on members): whose development a flag blocks. The
   * rooms are one page of flagged rooms; members are read in `_id` pages, so no room's residents are cut.
   */
  async residentsOf(roomIds: string[]): Promise<ResidentDoc[]> {
    if (roomIds.length === 0) return [];
    const _ = database().command;
    const out: ResidentDoc[] = [];
    for (let after: string | null = null; ; ) {
      const where = after ? { roomId: _.in(roomIds), _id: _.gt(after) } : { roomId: _.in(roomIds) };
      const { data } = await coll(Collections.members).where(where).field({ name: true, status: true, roomId: true }).orderBy('_id', 'asc').limit(ID_BATCH).get();
      const page = data as ResidentDoc[];
      out.push(...page);
      if (page.length < ID_BATCH) return out;
      after = page[page.length - 1]._id;
    }
  },

  /** The month's 文明寝室 in scope, by room id (index by_month_civilised_building / by_month_civilised). */
  async civilisedPage(month: string, scope: BuildingScope, after: string | null, limit: number): Promise<{ items: RoomMonthDoc[]; more: boolean }> {
    const _ = database().command;
    const range = after ? [{ _id: _.gt(after) }] : [];
    const { data } = await coll(Collections.inspectionsRoomMonths).where(scoped(scope, { month, civilised: true }, range)).orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as RoomMonthDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * The month's floor statistics in scope (index by_month_building_floor), by building and floor:
   * tens per building, so a school's fit in a read or two; a full page continues after its last
   * (buildingId, floor).
   */
  async floorStats(month: string, scope: BuildingScope): Promise<FloorStatsDoc[]> {
    const _ = database().command;
    const out: FloorStatsDoc[] = [];
    for (let after: FloorStatsDoc | null = null; ; ) {
      const range = after ? [_.or([{ buildingId: _.gt(after.buildingId) }, { buildingId: after.buildingId, floor: _.gt(after.floor) }])] : [];
      const { data } = await coll(Collections.inspectionsStats).where(scoped(scope, { month }, range)).orderBy('buildingId', 'asc').orderBy('floor', 'asc').limit(ID_BATCH).get();
      const page = data as FloorStatsDoc[];
      out.push(...page);
      if (page.length < ID_BATCH) return out;
      after = page[page.length - 1];
    }
  },
};
