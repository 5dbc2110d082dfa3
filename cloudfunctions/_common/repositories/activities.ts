import type { Auditor } from '../audit';
import { Collections } from '../collections';
import { isDuplicateKey } from '../db-errors';
import type { ActivityCodeDoc, ActivityDoc, AttendanceDoc, MemberDoc, VolunteerEntryDoc } from '../docs';
import { database } from '../sdk';
import type { PageCursor } from '../cursor';
import { auditIn } from './audit';
import { first, inTransaction, isTxConflict } from './base';
import type { EntryScope } from './entries';
import { applied, refused, type DayRefusal, type RepoResult } from './outcome';
import { settleVerified } from './verified-hours';

/** Organised activities, their rotating codes, and who attended: all storage access for them. */

const coll = (name: string) => database().collection(name);

const ACTIVITY_FIELDS = { title: true, category: true, place: true, buildingId: true, startAt: true, endAt: true, createdBy: true, createdAt: true } as const;
const CODE_FIELDS = { activityId: true, phase: true, expiresAt: true } as const;
const ATTENDANCE_FIELDS = { activityId: true, memberId: true, signInAt: true, signInCode: true, signOutAt: true, signOutCode: true, hours: true, entryId: true, notCounted: true } as const;
const ENTRY_MEMBER_FIELDS = { name: true, buildingId: true, branchId: true, branchName: true } as const;

export type EntryMemberDoc = Pick<MemberDoc, '_id' | keyof typeof ENTRY_MEMBER_FIELDS>;

/** One member at one activity has one attendance document. */
export const attendanceIdOf = (activityId: string, memberId: string) => `${activityId}:${memberId}`;
/** The verified entry's id is fixed by the attendance, so one sign-out can never make two entries. */
export const verifiedEntryIdOf = (activityId: string, memberId: string) => `${activityId}-${memberId}`;

const ATTENDEE_MEMBER_FIELDS = { name: true, branchName: true } as const;
export type AttendeeMemberDoc = Pick<MemberDoc, '_id' | 'name' | 'branchName'>;

export const activitiesRepo = {
  /** The new activity and its audit record, in one transaction. False: lost to contention. */
  async insert(activity: ActivityDoc, by: Auditor): Promise<RepoResult<null, 'CONFLICT'>> {
    const outcome = await inTransaction(async (tx) => {
      await tx.collection(Collections.activities).add(activity);
      const target = { collection: Collections.activities, id: activity._id };
      await auditIn(tx, { ...by, action: 'volunteer.createActivity', target, before: null, after: activity }, activity.createdAt);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  byId(id: string): Promise<ActivityDoc | null> {
    return first<ActivityDoc>(coll(Collections.activities).doc(id).field(ACTIVITY_FIELDS).get());
  },

  /** A rotating code: its `_id` is the random code, so issuing is one insert. */
  async insertCode(code: ActivityCodeDoc): Promise<void> {
    await coll(Collections.activityCodes).add(code);
  },

  /** Rotating codes expired before `before` (one every 20 s while a QR shows): one remove, by its index. How many went. */
  async removeCodesExpiredBefore(before: Date): Promise<number> {
    const { deleted } = await coll(Collections.activityCodes).where({ expiresAt: database().command.lt(before) }).remove();
    return deleted as number;
  },

  codeById(code: string): Promise<ActivityCodeDoc | null> {
    return first<ActivityCodeDoc>(coll(Collections.activityCodes).doc(code).field(CODE_FIELDS).get());
  },

  attendance(activityId: string, memberId: string): Promise<AttendanceDoc | null> {
    return first<AttendanceDoc>(coll(Collections.attendance).doc(attendanceIdOf(activityId, memberId)).field(ATTENDANCE_FIELDS).get());
  },

  /**
   * Signs a member in: the insert of `activityId:memberId` is the claim (the `_id` is unique), and a
   * document that exists without a sign-in is claimed by a conditional update. ALREADY: already in.
   */
  async signIn(activityId: string, memberId: string, code: string, now: Date): Promise<RepoResult<null, 'ALREADY'>> {
    const _id = attendanceIdOf(activityId, memberId);
    const doc: AttendanceDoc = { _id, activityId, memberId, signInAt: now, signInCode: code, signOutAt: null, signOutCode: null, hours: null, entryId: null };
    try {
      await coll(Collections.attendance).add(doc);
      return applied();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const { updated } = await coll(Collections.attendance).where({ _id, signInAt: null }).update({ signInAt: now, signInCode: code });
    return updated === 1 ? applied() : refused('ALREADY');
  },

  /**
   * Claims the sign-out: only one of any number of concurrent calls matches `signOutAt: null`.
   * `hours` is stored at once when nothing is earned (no entry to settle afterwards). ALREADY: another call has it.
   */
  async claimSignOut(activityId: string, memberId: string, code: string, now: Date, hours?: number): Promise<RepoResult<null, 'ALREADY'>> {
    const changes: Partial<AttendanceDoc> = { signOutAt: now, signOutCode: code, ...(hours === undefined ? {} : { hours }) };
    const { updated } = await coll(Collections.attendance)
      .where({ _id: attendanceIdOf(activityId, memberId), signOutAt: null })
      .update(changes);
    return updated === 1 ? applied() : refused('ALREADY');
  },

  /**
   * Gives a won sign-out back when its settlement lost to contention (CONFLICT): the member scans
   * again instead of waiting for the owed-settlement path. Only the unsettled claim made with `code`.
   */
  async releaseSignOut(activityId: string, memberId: string, code: string): Promise<void> {
    await coll(Collections.attendance)
      .where({ _id: attendanceIdOf(activityId, memberId), signOutCode: code, hours: null, entryId: null })
      .update({ signOutAt: null, signOutCode: null });
  },

  memberForEntry(memberId: string): Promise<EntryMemberDoc | null> {
    return first<EntryMemberDoc>(coll(Collections.members).doc(memberId).field(ENTRY_MEMBER_FIELDS).get());
  },

  /**
   * After a won sign-out claim, in one transaction under the member's day guard (the same one
   * submits use): the verified entry, the member's totals, the attendance's hours and the guard's
   * bump; or, when the day rules refused the hours, the refusal on the attendance (the sign-out is
   * kept, nothing counts). DAY_CHANGED (or CONFLICT): the day changed since the rules were checked,
   * check again. ALREADY: this attendance was settled meanwhile (by a retry after a crash): nothing more is done.
   */
  async settle(
    activityId: string,
    memberId: string,
    day: { date: string; version: number },
    settlement: { entry: VolunteerEntryDoc; hours: number } | { refused: string },
    now: Date,
  ): Promise<RepoResult<null, DayRefusal | 'ALREADY'>> {
    return settleVerified({ collection: Collections.attendance, id: attendanceIdOf(activityId, memberId) }, memberId, day, settlement, now);
  },

  /**
   * Activities of the buildings in scope, latest start first (index by_building_start; an admin's
   * unfiltered list by_start), `limit` after the cursor. Reads one more to know if a page follows.
   */
  async page(scope: EntryScope, after: PageCursor | null, limit: number): Promise<{ items: ActivityDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { items: [], more: false };
    const _ = database().command;
    const conditions: object[] = scope.all ? [] : [{ buildingId: _.in(scope.ids) }];
    if (after) conditions.push(_.or([{ startAt: _.lt(after.at) }, { startAt: after.at, _id: _.lt(after.id) }]));
    const where = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : _.and(conditions);
    const { data } = await coll(Collections.activities).where(where).orderBy('startAt', 'desc').orderBy('_id', 'desc').field(ACTIVITY_FIELDS).limit(limit + 1).get();
    const docs = data as ActivityDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** An activity's attendance in sign-in order (index by_activity_signin), `limit` after the cursor. */
  async attendancePage(activityId: string, after: PageCursor | null, limit: number): Promise<{ items: AttendanceDoc[]; more: boolean }> {
    const _ = database().command;
    const where = after
      ? _.and([{ activityId }, _.or([{ signInAt: _.gt(after.at) }, { signInAt: after.at, _id: _.gt(after.id) }])])
      : { activityId };
    const { data } = await coll(Collections.attendance).where(where).orderBy('signInAt', 'asc').orderBy('_id', 'asc').field(ATTENDANCE_FIELDS).limit(limit + 1).get();
    const docs = data as AttendanceDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** Names of the attendees on one page (at most a page of ids: one read by `_id`). */
  async attendeeMembers(ids: string[]): Promise<AttendeeMemberDoc[]> {
    if (ids.length === 0) return [];
    const { data } = await coll(Collections.members).where({ _id: database().command.in(ids) }).field(ATTENDEE_MEMBER_FIELDS).limit(ids.length).get();
    return data as AttendeeMemberDoc[];
  },
};
