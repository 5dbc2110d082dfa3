import { coverageDelta, type CoverageCounts, type DutyState } from '../../../src/shared/domain/duty';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { PageCursor } from '../cursor';
import { isDuplicateKey } from '../db-errors';
import type { MemberDoc, VolunteerEntryDoc } from '../docs';
import { database } from '../sdk';
import type { Settlement } from '../verified-settlement';
import { auditIn } from './audit';
import { byIdsIn, first, inTransaction, isTxConflict, type Tx, type TxConflict } from './base';
import type { EntryScope } from './entries';
import { applied, refused, type DayRefusal, type RepoResult } from './outcome';
import { settleVerified } from './verified-hours';

/** Duty at service stations (function `checkin`, duty section): all storage access for it. */

export interface DutyStationDoc {
  _id: string;
  buildingId: string;
  name: string;
  place: string;
  /** sha256 (hex) of the display key; null: no key, or revoked. The key itself is never stored. */
  keyHash: string | null;
  keyIssuedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface DutyShiftDoc {
  _id: string;
  stationId: string;
  stationName: string;
  buildingId: string;
  weekday: number;
  start: string;
  end: string;
  /** weekday * 1440 + minutes of the start: one sortable key for the roster's order. */
  slot: number;
  memberIds: string[];
  /** First date it holds (inclusive): set on a shift that replaced another from that date. */
  from?: string | null;
  /** Date it stops holding (exclusive): set when it was changed or ended from that date. */
  until?: string | null;
  /** The shift this one replaced (changeShift). */
  previousId?: string | null;
  createdBy: string;
  createdAt: Date;
}

/** One member of one shift (`_id` shiftId_memberId): how a member finds their own shifts. */
export interface DutyAssignmentDoc {
  _id: string;
  shiftId: string;
  memberId: string;
  createdAt: Date;
}

export interface DutyCodeDoc {
  _id: string;
  stationId: string;
  expiresAt: Date;
}

export interface WorkLogDoc {
  visitors: number;
  topics: string[];
  note: string;
}

/**
 * One member's duty on one dated shift, `_id` shiftId_date_memberId, written first by whichever
 * comes first (a scan, the missed-shift trigger, a swap, a correction). `scans` are the member's own
 * scans and never change once made; `state`, the times and minutes are the projection that a
 * correction may change (in the transaction that adds the correction record).
 */
export interface DutyRecordDoc {
  _id: string;
  shiftId: string;
  stationId: string;
  stationName: string;
  buildingId: string;
  memberId: string;
  date: string;
  weekStart: string;
  startAt: Date;
  endAt: Date;
  state: DutyState;
  checkInAt: Date | null;
  checkOutAt: Date | null;
  late: number;
  early: number;
  scans: { inAt: Date | null; inCode: string | null; outAt: Date | null; outCode: string | null };
  workLog: WorkLogDoc | null;
  hours: number | null;
  entryId: string | null;
  notCounted: string | null;
  correctionId: string | null;
  viaSwap: string | null;
  createdAt: Date;
}

/** The fixed part of a record: what the shift and date say, before anyone scanned. */
export type DutyRecordBase = Pick<DutyRecordDoc, '_id' | 'shiftId' | 'stationId' | 'stationName' | 'buildingId' | 'memberId' | 'date' | 'weekStart' | 'startAt' | 'endAt'>;

export interface DutyCorrectionDoc {
  _id: string;
  recordId: string;
  kind: 'correction' | 'makeUp';
  before: Pick<DutyRecordDoc, 'state' | 'checkInAt' | 'checkOutAt' | 'late' | 'early'> | null;
  after: Pick<DutyRecordDoc, 'state' | 'checkInAt' | 'checkOutAt' | 'late' | 'early'>;
  reason: string;
  by: string;
  createdAt: Date;
}

export interface DutySwapDoc {
  _id: string;
  shiftId: string;
  stationName: string;
  buildingId: string;
  date: string;
  start: string;
  end: string;
  fromMemberId: string;
  fromName: string;
  toMemberId: string;
  toName: string;
  state: 'pending' | 'accepted' | 'declined';
  createdAt: Date;
  answeredAt: Date | null;
}

export interface DutyCoverageDoc extends CoverageCounts {
  _id: string;
  stationId: string;
  weekStart: string;
}

export type DutyMemberDoc = Pick<MemberDoc, '_id' | 'name' | 'buildingId'>;
export type DutyCandidateDoc = Pick<MemberDoc, '_id' | 'name' | 'buildingId' | 'roomNumber'>;

/** One read of a station's day: far more shifts than a day holds. */
const SHIFTS_PAGE = 100;

const coll = (name: string) => database().collection(name);
const MEMBER_FIELDS = { name: true, buildingId: true } as const;
const CANDIDATE_FIELDS = { name: true, buildingId: true, roomNumber: true } as const;

export const coverageIdOf = (stationId: string, weekStart: string) => `${stationId}_${weekStart}`;
export const swapIdOf = (shiftId: string, date: string, fromMemberId: string) => `${shiftId}_${date}_${fromMemberId}`;
export const codeUseIdOf = (code: string, memberId: string, phase: 'in' | 'out') => `${code}:${memberId}:${phase}`;

function newRecord(base: DutyRecordBase, now: Date): DutyRecordDoc {
  return {
    ...base,
    state: 'scheduled',
    checkInAt: null,
    checkOutAt: null,
    late: 0,
    early: 0,
    scans: { inAt: null, inCode: null, outAt: null, outCode: null },
    workLog: null,
    hours: null,
    entryId: null,
    notCounted: null,
    correctionId: null,
    viaSwap: null,
    createdAt: now,
  };
}

/** Moves a record's counts on its station's weekly coverage, in the record's transaction. */
async function countIn(tx: Tx, record: Pick<DutyRecordDoc, 'stationId' | 'weekStart'>, before: DutyRecordDoc | null, after: DutyRecordDoc | null): Promise<void> {
  const delta = coverageDelta(before, after);
  if (delta.staffed === 0 && delta.missed === 0 && delta.late === 0 && delta.early === 0) return;
  const doc = tx.collection(Collections.dutyCoverage).doc<DutyCoverageDoc>(coverageIdOf(record.stationId, record.weekStart));
  const current = (await doc.get()).data;
  if (!current) {
    await doc.set({ stationId: record.stationId, weekStart: record.weekStart, ...delta });
    return;
  }
  const _ = database().command;
  await doc.update({ staffed: _.inc(delta.staffed), missed: _.inc(delta.missed), late: _.inc(delta.late), early: _.inc(delta.early) });
}

/** A (time, _id) descending page after the cursor: the shared shape of every list here. */
function afterDesc(field: string, after: PageCursor | null) {
  const _ = database().command;
  return after ? [_.or([{ [field]: _.lt(after.at) }, { [field]: after.at, _id: _.lt(after.id) }])] : [];
}

async function pageDesc<T>(collection: string, conditions: object[], field: string, after: PageCursor | null, limit: number): Promise<{ items: T[]; more: boolean }> {
  const _ = database().command;
  const all = [...conditions, ...afterDesc(field, after)];
  const where = all.length === 0 ? {} : all.length === 1 ? all[0] : _.and(all);
  const { data } = await coll(collection).where(where).orderBy(field, 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
  const docs = data as T[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}

function buildingConditions(scope: EntryScope): object[] {
  return scope.all ? [] : [{ buildingId: database().command.in(scope.ids) }];
}

function conflictOr<T>(outcome: T | TxConflict): T | { ok: false; code: 'CONFLICT' } {
  return isTxConflict(outcome) ? refused('CONFLICT' as const) : (outcome as T);
}

export const dutyRepo = {
  // ---- stations and their display keys

  async insertStation(station: DutyStationDoc, by: Auditor): Promise<RepoResult<null, 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx) => {
        await tx.collection(Collections.dutyStations).add(station);
        const after = { ...station, keyHash: null };
        await auditIn(tx, { ...by, action: 'checkin.createStation', target: { collection: Collections.dutyStations, id: station._id }, before: null, after }, station.createdAt);
        return applied();
      }),
    );
  },

  stationById(id: string): Promise<DutyStationDoc | null> {
    return first<DutyStationDoc>(coll(Collections.dutyStations).doc(id).get());
  },

  stationsByIds(ids: string[]): Promise<DutyStationDoc[]> {
    return byIdsIn<DutyStationDoc>(Collections.dutyStations, ids, { buildingId: true, name: true, place: true, keyHash: true, keyIssuedAt: true, createdBy: true, createdAt: true });
  },

  /** Stations of the buildings in scope, newest first (by_building_created; an admin's: by_created). */
  stationsPage(scope: EntryScope, after: PageCursor | null, limit: number): Promise<{ items: DutyStationDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return Promise.resolve({ items: [], more: false });
    return pageDesc<DutyStationDoc>(Collections.dutyStations, buildingConditions(scope), 'createdAt', after, limit);
  },

  /** Sets (a new key's hash) or clears (revoked) the display key, audited without the hash itself. */
  async setKeyHash(stationId: string, keyHash: string | null, by: Auditor, now: Date): Promise<RepoResult<null, 'NOT_FOUND' | 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx): Promise<RepoResult<null, 'NOT_FOUND'>> => {
        const doc = tx.collection(Collections.dutyStations).doc<DutyStationDoc>(stationId);
        const current = (await doc.get()).data;
        if (!current) return refused('NOT_FOUND');
        await doc.update({ keyHash, keyIssuedAt: keyHash ? now : null });
        const action = keyHash ? 'checkin.issueStationKey' : 'checkin.revokeStationKey';
        const target = { collection: Collections.dutyStations, id: stationId };
        await auditIn(tx, { ...by, action, target, before: { keyIssued: current.keyHash !== null }, after: { keyIssued: keyHash !== null } }, now);
        return applied();
      }),
    );
  },

  // ---- rotating codes and their uses

  async insertCode(code: DutyCodeDoc): Promise<void> {
    await coll(Collections.dutyCodes).add(code);
  },

  codeById(code: string): Promise<DutyCodeDoc | null> {
    return first<DutyCodeDoc>(coll(Collections.dutyCodes).doc(code).field({ stationId: true, expiresAt: true }).get());
  },

  /** Codes expired before `before` and uses made before it (a used code is refused as expired by then): one remove each, by index. */
  async removeCodesBefore(before: Date): Promise<{ codes: number; codeUses: number }> {
    const _ = database().command;
    const [codes, uses] = await Promise.all([
      coll(Collections.dutyCodes).where({ expiresAt: _.lt(before) }).remove(),
      coll(Collections.dutyCodeUses).where({ usedAt: _.lt(before) }).remove(),
    ]);
    return { codes: codes.deleted as number, codeUses: uses.deleted as number };
  },

  /** A code used by a member for a phase is a document: the insert is the claim, so a replay (even after a restart) is refused. */
  async useCode(code: string, memberId: string, phase: 'in' | 'out', now: Date): Promise<RepoResult<null, 'ALREADY'>> {
    try {
      await coll(Collections.dutyCodeUses).add({ _id: codeUseIdOf(code, memberId, phase), usedAt: now });
      return applied();
    } catch (err) {
      if (isDuplicateKey(err)) return refused('ALREADY');
      throw err;
    }
  },

  /** Gives a use back when the scan it claimed lost to contention (CONFLICT): scanning the same code again works. */
  async releaseCode(code: string, memberId: string, phase: 'in' | 'out'): Promise<void> {
    await coll(Collections.dutyCodeUses).doc(codeUseIdOf(code, memberId, phase)).remove();
  },

  // ---- the weekly roster

  async insertShift(shift: DutyShiftDoc, by: Auditor): Promise<RepoResult<null, 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx) => {
        await tx.collection(Collections.dutyShifts).add(shift);
        for (const memberId of shift.memberIds) {
          await tx.collection(Collections.dutyAssignments).add({ _id: `${shift._id}_${memberId}`, shiftId: shift._id, memberId, createdAt: shift.createdAt });
        }
        await auditIn(tx, { ...by, action: 'checkin.createShift', target: { collection: Collections.dutyShifts, id: shift._id }, before: null, after: shift }, shift.createdAt);
        return applied();
      }),
    );
  },

  /**
   * A shift changed or ended from a date: it holds until then (`until`), and the shift that replaces
   * it (if any) is added with its assignments, with the audit, in one transaction. The old shift's
   * assignments and every record stay. ENDED: changed or ended before (its `until` is set).
   */
  async endShiftFrom(shiftId: string, until: string, next: DutyShiftDoc | null, by: Auditor, now: Date): Promise<RepoResult<null, 'NOT_FOUND' | 'ENDED' | 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx): Promise<RepoResult<null, 'NOT_FOUND' | 'ENDED'>> => {
        const doc = tx.collection(Collections.dutyShifts).doc<DutyShiftDoc>(shiftId);
        const current = (await doc.get()).data;
        if (!current) return refused('NOT_FOUND');
        if (current.until) return refused('ENDED');
        await doc.update({ until });
        if (next) {
          await tx.collection(Collections.dutyShifts).add(next);
          for (const memberId of next.memberIds) {
            await tx.collection(Collections.dutyAssignments).add({ _id: `${next._id}_${memberId}`, shiftId: next._id, memberId, createdAt: next.createdAt });
          }
        }
        const pick = (s: DutyShiftDoc) => ({ weekday: s.weekday, start: s.start, end: s.end, memberIds: s.memberIds, from: s.from ?? null, until: s.until ?? null });
        const action = next ? 'checkin.changeShift' : 'checkin.endShift';
        const after = next ? { until, next: { id: next._id, ...pick(next) } } : { until };
        await auditIn(tx, { ...by, action, target: { collection: Collections.dutyShifts, id: shiftId }, before: pick(current), after }, now);
        return applied();
      }),
    );
  },

  shiftById(id: string): Promise<DutyShiftDoc | null> {
    return first<DutyShiftDoc>(coll(Collections.dutyShifts).doc(id).get());
  },

  shiftsByIds(ids: string[]): Promise<DutyShiftDoc[]> {
    const fields = { stationId: true, stationName: true, buildingId: true, weekday: true, start: true, end: true, slot: true, memberIds: true, from: true, until: true, previousId: true, createdBy: true, createdAt: true };
    return byIdsIn<DutyShiftDoc>(Collections.dutyShifts, ids, fields);
  },

  /** A station's shifts in roster order (by_station_slot), after the cursor (`at` carries the slot). */
  async shiftsPage(stationId: string, after: PageCursor | null, limit: number): Promise<{ items: DutyShiftDoc[]; more: boolean }> {
    const _ = database().command;
    const where = after
      ? _.and([{ stationId }, _.or([{ slot: _.gt(after.at.getTime()) }, { slot: after.at.getTime(), _id: _.gt(after.id) }])])
      : { stationId };
    const { data } = await coll(Collections.dutyShifts).where(where).orderBy('slot', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as DutyShiftDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * A station's shifts on one weekday (a slot range of by_station_slot), in slot order: a day holds
   * few, so this is one read; a page that comes back full continues after its last (slot, _id).
   */
  async shiftsOn(stationId: string, weekday: number): Promise<DutyShiftDoc[]> {
    const _ = database().command;
    const day = { stationId, slot: _.gte(weekday * 1440).and(_.lt((weekday + 1) * 1440)) };
    const out: DutyShiftDoc[] = [];
    for (let after: DutyShiftDoc | null = null; ; ) {
      const where: object = after ? _.and([day, _.or([{ slot: _.gt(after.slot) }, { slot: after.slot, _id: _.gt(after._id) }])]) : day;
      const { data } = await coll(Collections.dutyShifts).where(where).orderBy('slot', 'asc').orderBy('_id', 'asc').limit(SHIFTS_PAGE).get();
      const page = data as DutyShiftDoc[];
      out.push(...page);
      if (page.length < SHIFTS_PAGE) return out;
      after = page[page.length - 1];
    }
  },

  /** Every station's shifts of a weekday (by_weekday), a page of `_id`s at a time: the missed-shift sweep. */
  async shiftsOfWeekday(weekday: number, afterId: string | null, limit: number): Promise<DutyShiftDoc[]> {
    const _ = database().command;
    const where = afterId ? { weekday, _id: _.gt(afterId) } : { weekday };
    const { data } = await coll(Collections.dutyShifts).where(where).orderBy('_id', 'asc').limit(limit).get();
    return data as DutyShiftDoc[];
  },

  /** A member's assignments, newest first (by_member_created). */
  assignmentsPage(memberId: string, after: PageCursor | null, limit: number): Promise<{ items: DutyAssignmentDoc[]; more: boolean }> {
    return pageDesc<DutyAssignmentDoc>(Collections.dutyAssignments, [{ memberId }], 'createdAt', after, limit);
  },

  membersByIds(ids: string[]): Promise<DutyMemberDoc[]> {
    return byIdsIn<DutyMemberDoc>(Collections.members, ids, MEMBER_FIELDS);
  },

  /** Members of a building by `_id` after `afterId` (by_building_id): whom a member may ask to take a shift. */
  async membersOfBuilding(buildingId: string, afterId: string | null, limit: number): Promise<{ items: DutyMemberDoc[]; more: boolean }> {
    const _ = database().command;
    const where = afterId ? { buildingId, _id: _.gt(afterId) } : { buildingId };
    const { data } = await coll(Collections.members).where(where).orderBy('_id', 'asc').field(MEMBER_FIELDS).limit(limit + 1).get();
    const docs = data as DutyMemberDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * Members of a building whose name starts with `prefix` (all when empty), by name then `_id`
   * (by_building_name), after the cursor: whom a counselor may put on a shift.
   */
  async membersByNamePrefix(buildingId: string, prefix: string, after: { key: string; id: string } | null, limit: number): Promise<{ items: DutyCandidateDoc[]; more: boolean }> {
    const _ = database().command;
    const conditions: object[] = [{ buildingId }];
    if (prefix) conditions.push({ name: _.gte(prefix) }, { name: _.lt(`${prefix}\uffff`) });
    if (after) conditions.push(_.or([{ name: _.gt(after.key) }, { name: after.key, _id: _.gt(after.id) }]));
    const { data } = await coll(Collections.members)
      .where(_.and(conditions))
      .field(CANDIDATE_FIELDS)
      .orderBy('name', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit + 1)
      .get();
    const docs = data as DutyCandidateDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** The member made from a roster entry (unique on rosterId): a 学号 search. */
  async memberByRosterId(rosterId: string): Promise<DutyCandidateDoc | null> {
    const { data } = await coll(Collections.members).where({ rosterId }).field(CANDIDATE_FIELDS).limit(1).get();
    return (data[0] as DutyCandidateDoc | undefined) ?? null;
  },

  /** The user a member is bound to (the verified entry's `userId`). */
  async memberUserOf(memberId: string): Promise<string | null> {
    return (await first<{ userId: string | null }>(coll(Collections.members).doc(memberId).field({ userId: true }).get()))?.userId ?? null;
  },

  memberById(id: string): Promise<DutyMemberDoc | null> {
    return first<DutyMemberDoc>(coll(Collections.members).doc(id).field(MEMBER_FIELDS).get());
  },

  // ---- dated records

  recordById(id: string): Promise<DutyRecordDoc | null> {
    return first<DutyRecordDoc>(coll(Collections.dutyRecords).doc(id).get());
  },

  /** A member's records, latest shift first (by_member_start). */
  recordsPage(memberId: string, after: PageCursor | null, limit: number): Promise<{ items: DutyRecordDoc[]; more: boolean }> {
    return pageDesc<DutyRecordDoc>(Collections.dutyRecords, [{ memberId }], 'startAt', after, limit);
  },

  /**
   * Checks a member in: a record that does not exist yet is added, a scheduled or missed one moves
   * to checkedIn (a late arrival after the sweep is still recorded, late), with the coverage, in one
   * transaction. ALREADY: checked in before; SWAPPED: the dated shift went to someone else.
   */
  async checkIn(base: DutyRecordBase, scan: { at: Date; code: string; late: number }): Promise<RepoResult<null, 'ALREADY' | 'SWAPPED' | 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx): Promise<RepoResult<null, 'ALREADY' | 'SWAPPED'>> => {
        const doc = tx.collection(Collections.dutyRecords).doc<DutyRecordDoc>(base._id);
        const current = (await doc.get()).data;
        if (current?.state === 'swapped') return refused('SWAPPED');
        if (current && current.state !== 'scheduled' && current.state !== 'missed') return refused('ALREADY');
        const before = current ?? null;
        const after: DutyRecordDoc = {
          ...(current ?? newRecord(base, scan.at)),
          state: 'checkedIn',
          checkInAt: scan.at,
          late: scan.late,
          scans: { inAt: scan.at, inCode: scan.code, outAt: null, outCode: null },
        };
        if (current) await doc.update({ state: after.state, checkInAt: after.checkInAt, late: after.late, scans: database().command.set(after.scans) });
        else await tx.collection(Collections.dutyRecords).add(after);
        await countIn(tx, base, before, after);
        return applied();
      }),
    );
  },

  /** Checks a member out with the work log: only a checkedIn record, once. WRONG_PHASE: not checked in; ALREADY: out before. */
  async checkOut(id: string, scan: { at: Date; code: string; early: number; workLog: WorkLogDoc }): Promise<RepoResult<DutyRecordDoc, 'WRONG_PHASE' | 'ALREADY' | 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx): Promise<RepoResult<DutyRecordDoc, 'WRONG_PHASE' | 'ALREADY'>> => {
        const doc = tx.collection(Collections.dutyRecords).doc<DutyRecordDoc>(id);
        const current = (await doc.get()).data;
        if (!current || current.state === 'scheduled' || current.state === 'missed' || current.state === 'swapped') return refused('WRONG_PHASE');
        if (current.state !== 'checkedIn') return refused('ALREADY');
        const after: DutyRecordDoc = { ...current, state: 'completed', checkOutAt: scan.at, early: scan.early, workLog: scan.workLog, scans: { ...current.scans, outAt: scan.at, outCode: scan.code } };
        // Whole objects replace (`set`): an update would merge them field by field into a null.
        const _ = database().command;
        await doc.update({ state: after.state, checkOutAt: after.checkOutAt, early: after.early, workLog: _.set(scan.workLog), scans: _.set(after.scans) });
        await countIn(tx, current, current, after);
        return applied(after);
      }),
    );
  },

  /** The sweep: a record nobody checked in by start + grace becomes missed (added if absent). Idempotent. */
  async markMissed(base: DutyRecordBase, now: Date): Promise<RepoResult<null, 'ALREADY' | 'CONFLICT'>> {
    try {
      return conflictOr(
        await inTransaction(async (tx): Promise<RepoResult<null, 'ALREADY'>> => {
          const doc = tx.collection(Collections.dutyRecords).doc<DutyRecordDoc>(base._id);
          const current = (await doc.get()).data;
          if (current && current.state !== 'scheduled') return refused('ALREADY');
          const after: DutyRecordDoc = { ...(current ?? newRecord(base, now)), state: 'missed' };
          if (current) await doc.update({ state: 'missed' });
          else await tx.collection(Collections.dutyRecords).add(after);
          await countIn(tx, base, current ?? null, after);
          return applied();
        }),
      );
    } catch (err) {
      // A scan added the record meanwhile: it is not missed.
      if (isDuplicateKey(err)) return refused('ALREADY');
      throw err;
    }
  },

  /**
   * The record's hours, after its check-out (or a correction), in one transaction under the member's
   * day guard: the verified entry, the totals, the record's hours and the guard's bump; or the day
   * rules' refusal on the record. ALREADY: settled before (hours count once).
   */
  async settle(recordId: string, memberId: string, day: { date: string; version: number }, settlement: Settlement, now: Date): Promise<RepoResult<null, DayRefusal | 'ALREADY'>> {
    return settleVerified({ collection: Collections.dutyRecords, id: recordId }, memberId, day, settlement, now);
  },

  /** Hours of a record with nothing to settle (0 earned): stored at once so it is never settled later. */
  async settleNothing(recordId: string): Promise<void> {
    await coll(Collections.dutyRecords).where({ _id: recordId, hours: null, entryId: null }).update({ hours: 0 });
  },

  /**
   * A counselor's correction or make-up: the correction record (never changed), the record's
   * projection (added when there was none: a make-up), the coverage and the audit, in one transaction.
   * The member's own scans on the record stay as they were. SWAPPED: the dated shift is someone else's.
   */
  async correct(
    base: DutyRecordBase,
    correction: Omit<DutyCorrectionDoc, 'before' | 'recordId' | 'kind'>,
    by: Auditor,
  ): Promise<RepoResult<DutyRecordDoc, 'SWAPPED' | 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx): Promise<RepoResult<DutyRecordDoc, 'SWAPPED'>> => {
        const doc = tx.collection(Collections.dutyRecords).doc<DutyRecordDoc>(base._id);
        const current = (await doc.get()).data;
        if (current?.state === 'swapped') return refused('SWAPPED');
        const pick = (r: DutyRecordDoc) => ({ state: r.state, checkInAt: r.checkInAt, checkOutAt: r.checkOutAt, late: r.late, early: r.early });
        const record: DutyCorrectionDoc = { ...correction, recordId: base._id, kind: current?.checkInAt ? 'correction' : 'makeUp', before: current ? pick(current) : null };
        const after: DutyRecordDoc = { ...(current ?? newRecord(base, correction.createdAt)), ...correction.after, correctionId: correction._id };
        await tx.collection(Collections.dutyCorrections).add(record);
        if (current) await doc.update({ ...correction.after, correctionId: correction._id });
        else await tx.collection(Collections.dutyRecords).add(after);
        await countIn(tx, base, current ?? null, after);
        const target = { collection: Collections.dutyRecords, id: base._id };
        await auditIn(tx, { ...by, action: 'checkin.correctDuty', target, before: record.before, after: correction.after, reason: correction.reason }, correction.createdAt);
        return applied(after);
      }),
    );
  },

  // ---- swaps

  async insertSwap(swap: DutySwapDoc): Promise<RepoResult<null, 'ALREADY'>> {
    try {
      await coll(Collections.dutySwaps).add(swap);
      return applied();
    } catch (err) {
      if (isDuplicateKey(err)) return refused('ALREADY');
      throw err;
    }
  },

  swapById(id: string): Promise<DutySwapDoc | null> {
    return first<DutySwapDoc>(coll(Collections.dutySwaps).doc(id).get());
  },

  /**
   * Answers a pending swap. Accepted: the asker's dated record becomes `swapped` and the taker's is
   * scheduled (both added when absent), in one transaction with the audit. INVALID_STATE: answered
   * before, or either side's dated shift has moved on (checked in, missed).
   */
  async answerSwap(swap: DutySwapDoc, accept: boolean, records: { from: DutyRecordBase; to: DutyRecordBase }, by: Auditor, now: Date): Promise<RepoResult<null, 'INVALID_STATE' | 'CONFLICT'>> {
    return conflictOr(
      await inTransaction(async (tx): Promise<RepoResult<null, 'INVALID_STATE'>> => {
        const doc = tx.collection(Collections.dutySwaps).doc<DutySwapDoc>(swap._id);
        const current = (await doc.get()).data;
        if (!current || current.state !== 'pending') return refused('INVALID_STATE');
        if (accept) {
          const fromDoc = tx.collection(Collections.dutyRecords).doc<DutyRecordDoc>(records.from._id);
          const toDoc = tx.collection(Collections.dutyRecords).doc<DutyRecordDoc>(records.to._id);
          const from = (await fromDoc.get()).data;
          const to = (await toDoc.get()).data;
          if ((from && from.state !== 'scheduled') || (to && to.state !== 'swapped')) return refused('INVALID_STATE');
          if (from) await fromDoc.update({ state: 'swapped', viaSwap: swap._id });
          else await tx.collection(Collections.dutyRecords).add({ ...newRecord(records.from, now), state: 'swapped', viaSwap: swap._id });
          if (to) await toDoc.update({ state: 'scheduled', viaSwap: swap._id });
          else await tx.collection(Collections.dutyRecords).add({ ...newRecord(records.to, now), viaSwap: swap._id });
        }
        const state = accept ? 'accepted' : 'declined';
        await doc.update({ state, answeredAt: now });
        await auditIn(tx, { ...by, action: 'checkin.answerSwap', target: { collection: Collections.dutySwaps, id: swap._id }, before: { state: 'pending' }, after: { state } }, now);
        return applied();
      }),
    );
  },

  /** Swaps a member was asked to take, newest first (by_to_created). */
  swapsToPage(memberId: string, after: PageCursor | null, limit: number): Promise<{ items: DutySwapDoc[]; more: boolean }> {
    return pageDesc<DutySwapDoc>(Collections.dutySwaps, [{ toMemberId: memberId }], 'createdAt', after, limit);
  },

  /** Swaps in the buildings in scope, newest first (by_building_created; an admin's: by_created). */
  swapsPage(scope: EntryScope, after: PageCursor | null, limit: number): Promise<{ items: DutySwapDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return Promise.resolve({ items: [], more: false });
    return pageDesc<DutySwapDoc>(Collections.dutySwaps, buildingConditions(scope), 'createdAt', after, limit);
  },

  // ---- coverage

  coverageByIds(ids: string[]): Promise<DutyCoverageDoc[]> {
    return byIdsIn<DutyCoverageDoc>(Collections.dutyCoverage, ids, { stationId: true, weekStart: true, staffed: true, missed: true, late: true, early: true });
  },
};

export type { VolunteerEntryDoc };
