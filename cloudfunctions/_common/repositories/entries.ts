import { reviewCommentRequired } from '../../../src/shared/domain/review';
import { isTermKey } from '../../../src/shared/domain/term';
import { approvedHoursValid, COUNTING_STATUSES, MAX_HOURS_PER_DAY, parseEntryTime } from '../../../src/shared/domain/volunteer';
import type { AuditEntry } from '../audit';
import { Collections } from '../collections';
import type { EntryStatusDoc, MemberDoc, VolunteerEntryDoc } from '../docs';
import { database } from '../sdk';
import type { BadgeDef } from '../../../src/shared/domain/badges';
import { creditHoursIn, milestoneBadges } from './badge-auto';
import { cstAt, cstDate, cstTime, DAY_MS } from '../../../src/shared/domain/china-time';
import type { PageCursor } from '../cursor';
import { auditIn } from './audit';
import { ID_BATCH, inTransaction, isTxConflict, type Tx } from './base';
import { applied, refused, type DayRefusal, type RepoResult } from './outcome';

const coll = () => database().collection(Collections.volunteerEntries);
const _ = () => database().command;

/**
 * Entries that still count against a member's day (overlap, 12 h, duplicates): the shared
 * COUNTING_STATUSES (see countingOthers). Returned entries do not: they are checked again whenever
 * they go back to pending, so a member may fix one by logging it anew.
 */
export const COUNTING: EntryStatusDoc[] = [...COUNTING_STATUSES];

export type EntryScope = { all: true } | { all: false; ids: string[] };

export type ReviewDecision = 'approve' | 'reject' | 'return';
export interface ReviewRequest {
  id: string;
  decision: ReviewDecision;
  approvedHours?: number;
  comment?: string;
  reviewer: { userId: string; memberId: string | null; scope: EntryScope } & Pick<AuditEntry, 'actorOpenid' | 'actorRole'>;
  action: string;
  now: Date;
  /** The catalogue's milestone badges (bulk approval reads them once); read here when absent. */
  milestones?: readonly BadgeDef[];
}

export type ReviewOutcome = RepoResult<{ entry: VolunteerEntryDoc; notify: boolean }, 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_STATE' | 'INVALID_INPUT' | 'CONFLICT'>;

/**
 * One guard document per member and day serialises everything that makes time count on that day
 * (submits, edits while pending, verified hours from activities): each bumps its version.
 */
export const dayGuardIdOf = (memberId: string, date: string) => `${memberId}:${date}`;
export const dayGuardIn = (tx: Tx, memberId: string, date: string) => tx.collection(Collections.dayGuards).doc<{ version: number }>(dayGuardIdOf(memberId, date));

const inScope = (scope: EntryScope, buildingId: string) => scope.all || scope.ids.includes(buildingId);
const scopeWhere = (scope: EntryScope) => (scope.all ? {} : { buildingId: _().in(scope.ids) });

/** Service dates (China days, `YYYY-MM-DD`), inclusive; either end may be open. */
export interface DayRange {
  from?: string;
  to?: string;
}

/** What the export's sheet shows of an entry, plus its sort keys. */
const EXPORT_FIELDS = {
  memberId: true, memberName: true, branchName: true, date: true, start: true, title: true, category: true, hours: true, approvedHours: true, verified: true, reviewedBy: true,
} as const;
export type ExportEntryDoc = Pick<VolunteerEntryDoc, '_id' | keyof typeof EXPORT_FIELDS>;
/** Where an export's part ended: its last entry's sort keys. */
export interface ExportPosition {
  date: string;
  start: string;
  id: string;
}

function approvedWhere(termKey: string, scope: EntryScope, days: DayRange) {
  const bounds = [...(days.from ? [_().gte(days.from)] : []), ...(days.to ? [_().lte(days.to)] : [])];
  const date = bounds.length === 2 ? _().and(bounds) : bounds[0];
  return { termKey, status: 'approved', ...scopeWhere(scope), ...(date ? { date } : {}) };
}

/**
 * Days after `date`, up to `to` (inclusive) when the export has an end: from the next day on, since a
 * `$gt` bound still reads the equal keys (the whole cursor's day) before dropping them.
 */
function afterDay(date: string, to: string | undefined) {
  const next = cstDate(new Date(cstAt(date, '12:00').getTime() + DAY_MS));
  return to ? _().and([_().gte(next), _().lte(to)]) : _().gte(next);
}

/** Approved by `asOf`: reviewed then, or before reviews were stamped (no `reviewedAt`). */
const approvedBy = (asOf: Date) => _().not(_().gt(asOf));

export const entriesRepo = {
  async byId(id: string): Promise<VolunteerEntryDoc | null> {
    const { data } = await coll().doc(id).get();
    return (data[0] as VolunteerEntryDoc | undefined) ?? null;
  },

  async byIds(ids: string[]): Promise<VolunteerEntryDoc[]> {
    const { data } = await coll().where({ _id: _().in(ids) }).limit(ids.length).get();
    return data as VolunteerEntryDoc[];
  },

  async create(doc: VolunteerEntryDoc): Promise<void> {
    await coll().add(doc);
  },

  /** Changes the member's own entry only while it is still in `status`: a lost race changes nothing (CHANGED). */
  async updateIf(id: string, memberId: string, status: EntryStatusDoc, changes: Partial<VolunteerEntryDoc>): Promise<RepoResult<null, 'CHANGED'>> {
    const { updated } = await coll().where({ _id: id, memberId, status }).update(changes);
    return updated === 1 ? applied() : refused('CHANGED');
  },

  /** The version of a member's day (0 before any entry counted on it); read before the rules run. */
  async dayVersion(memberId: string, date: string): Promise<number> {
    const { data } = await database().collection(Collections.dayGuards).doc(dayGuardIdOf(memberId, date)).get();
    return (data[0] as { version?: number } | undefined)?.version ?? 0;
  },

  /**
   * Makes an entry count on its day (submit, or an edit while pending) only if nothing else started
   * counting on that day since the rules were checked: in one transaction, the day's version must
   * still be `version` (it is bumped) and the entry still in `status`. Two overlapping entries sent
   * at once therefore cannot both pass: the later one is told DAY_CHANGED (or CONFLICT when the day
   * kept changing through the SDK's retries) and checks the rules again; CHANGED: the entry left `status`.
   */
  async updateIfDayUnchanged(
    id: string,
    memberId: string,
    status: EntryStatusDoc,
    changes: Partial<VolunteerEntryDoc>,
    day: { date: string; version: number },
  ): Promise<RepoResult<null, DayRefusal | 'CHANGED'>> {
    const outcome = await inTransaction(async (tx: Tx): Promise<RepoResult<null, DayRefusal | 'CHANGED'>> => {
      const guard = dayGuardIn(tx, memberId, day.date);
      if (((await guard.get()).data?.version ?? 0) !== day.version) return refused('DAY_CHANGED');
      const entry = tx.collection(Collections.volunteerEntries).doc<VolunteerEntryDoc>(id);
      const current = (await entry.get()).data;
      if (!current || current.memberId !== memberId || current.status !== status) return refused('CHANGED');
      await guard.set({ version: day.version + 1 });
      await entry.update(changes);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * The member's counting entries on one day (index by_member_date): one read. The day rules allow at
   * most 12 h of half-hour entries, so a day never holds more than this many counting entries.
   */
  async countingOn(memberId: string, date: string): Promise<VolunteerEntryDoc[]> {
    const { data } = await coll().where({ memberId, date, status: _().in(COUNTING) }).limit(MAX_HOURS_PER_DAY * 2).get();
    return data as VolunteerEntryDoc[];
  },

  /**
   * The member's entries, of one service date when given, latest service date and start first, then
   * by `_id` (index by_member_date; with a status by_member_status_date), `limit` after the cursor,
   * plus one to know if a page follows.
   */
  async ofMember(
    memberId: string,
    filter: { status?: EntryStatusDoc; date?: string },
    after: PageCursor | null,
    limit: number,
  ): Promise<{ items: VolunteerEntryDoc[]; more: boolean }> {
    const own = { memberId, ...(filter.status ? { status: filter.status } : {}), ...(filter.date ? { date: filter.date } : {}) };
    let where: object = own;
    if (after) {
      // The cursor's instant is the last item's service date and start (China time), then its _id.
      const date = cstDate(after.at);
      const start = cstTime(after.at);
      where = _().and([own, _().or([{ date: _().lt(date) }, { date, start: _().lt(start) }, { date, start, _id: _().lt(after.id) }])]);
    }
    const { data } = await coll().where(where).orderBy('date', 'desc').orderBy('start', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
    const docs = data as VolunteerEntryDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /**
   * Pending entries in scope, oldest submission first, then by `_id` (index by_building_status_submitted;
   * all: by_status_submitted), `limit` after the cursor. Reads one more to know if a page follows.
   */
  async pending(scope: EntryScope, buildingId: string | undefined, after: PageCursor | null, limit: number): Promise<{ items: VolunteerEntryDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { items: [], more: false };
    const base = buildingId ? { buildingId, status: 'pending' } : { ...scopeWhere(scope), status: 'pending' };
    const where = after
      ? _().and([base, _().or([{ submittedAt: _().gt(after.at) }, { submittedAt: after.at, _id: _().gt(after.id) }])])
      : base;
    const { data } = await coll().where(where).orderBy('submittedAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as VolunteerEntryDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** The backlog: a count and the oldest submission, in two reads. */
  async backlog(scope: EntryScope): Promise<{ count: number; oldestSubmittedAt: Date | null }> {
    if (!scope.all && scope.ids.length === 0) return { count: 0, oldestSubmittedAt: null };
    const where = { ...scopeWhere(scope), status: 'pending' };
    const [{ total }, { data }] = await Promise.all([
      coll().where(where).count(),
      coll().where(where).orderBy('submittedAt', 'asc').field({ submittedAt: true }).limit(1).get(),
    ]);
    const oldest = (data[0] as Pick<VolunteerEntryDoc, 'submittedAt'> | undefined)?.submittedAt;
    return { count: total as number, oldestSubmittedAt: oldest ? new Date(oldest) : null };
  },

  /**
   * One part of an export: a term's entries in scope approved by `asOf` (the export's first call, so
   * entries approved while the parts are fetched join none of them), service dates within `days`
   * when given, by date, start and `_id` (indexes by_term_status_date, or
   * by_term_status_building_date for a counselor), at most `limit` after `after`, in pages of 1000
   * after the last one read. `more` says whether any follow.
   */
  async approvedPart(termKey: string, scope: EntryScope, days: DayRange, asOf: Date, after: ExportPosition | null, limit: number): Promise<{ entries: ExportEntryDoc[]; more: boolean }> {
    if (!scope.all && scope.ids.length === 0) return { entries: [], more: false };
    const out: ExportEntryDoc[] = [];
    const read = async (where: object, want: number) =>
      // Only the sheet's columns: a school's rows travel without descriptions and photos.
      (await coll().where(where).field(EXPORT_FIELDS).orderBy('date', 'asc').orderBy('start', 'asc').orderBy('_id', 'asc').limit(want).get()).data as ExportEntryDoc[];
    const reviewedAt = approvedBy(asOf);
    for (;;) {
      const last = out.length > 0 ? { date: out[out.length - 1].date, start: out[out.length - 1].start, id: out[out.length - 1]._id } : after;
      // One beyond the limit tells whether another part follows.
      const want = Math.min(ID_BATCH, limit + 1 - out.length);
      if (!last) {
        const data = await read({ ...approvedWhere(termKey, scope, days), reviewedAt }, want);
        out.push(...data);
        if (out.length > limit) return { entries: out.slice(0, limit), more: true };
        if (data.length < want) return { entries: out, more: false };
        continue;
      }
      // Seek past the cursor rather than filter up to it (a filter read every index key before it), in
      // three ranges the index narrows to: the rest of the cursor's tie group (same day and start, `_id`
      // after it), the rest of its day (a later start), then the days after it. An activity's attendees
      // share a day and a start: one range over (start, _id) would read the whole group before the cursor.
      const base = { ...approvedWhere(termKey, scope, {}), reviewedAt };
      const tie = await read({ ...base, date: last.date, start: last.start, _id: _().gt(last.id) }, want);
      const sameDay = tie.length < want ? await read({ ...base, date: last.date, start: _().gt(last.start) }, want - tie.length) : [];
      const rest = [...tie, ...sameDay];
      const laterDays = rest.length < want ? await read({ ...base, date: afterDay(last.date, days.to) }, want - rest.length) : [];
      out.push(...rest, ...laterDays);
      if (out.length > limit) return { entries: out.slice(0, limit), more: true };
      if (rest.length + laterDays.length < want) return { entries: out, more: false };
    }
  },

  /** How many entries the parts of an export hold together (one count on the same index). */
  async approvedCount(termKey: string, scope: EntryScope, days: DayRange, asOf: Date): Promise<number> {
    if (!scope.all && scope.ids.length === 0) return 0;
    const { total } = await coll().where({ ...approvedWhere(termKey, scope, days), reviewedAt: approvedBy(asOf) }).count();
    return total as number;
  },

  /**
   * Reviews one pending entry in one transaction: read it, check scope, ownership and state, change
   * it, add approved hours to the member's totals and write the audit record. A concurrent reviewer
   * or withdrawal makes this one conflict; the SDK retries it on a fresh snapshot, where the entry
   * is no longer pending: the hours are counted once. Also claims the member's one notification.
   */
  async review(req: ReviewRequest): Promise<ReviewOutcome> {
    // Milestone badges are awarded in this transaction when the approval's hours cross one.
    const milestones = req.decision === 'approve' ? (req.milestones ?? (await milestoneBadges())) : [];
    const outcome = await inTransaction(async (tx: Tx): Promise<ReviewOutcome> => {
      const ref = tx.collection(Collections.volunteerEntries).doc<VolunteerEntryDoc>(req.id);
      const entry = (await ref.get()).data;
      if (!entry || !inScope(req.reviewer.scope, entry.buildingId)) return refused('NOT_FOUND');
      if (entry.userId === req.reviewer.userId || (req.reviewer.memberId && entry.memberId === req.reviewer.memberId)) return refused('FORBIDDEN');
      if (entry.status !== 'pending') return refused('INVALID_STATE');

      const approvedHours = req.decision === 'approve' ? (req.approvedHours ?? entry.hours) : null;
      if (approvedHours !== null && !approvedHoursValid(entry.hours, approvedHours)) return refused('INVALID_INPUT');
      // An entry stored before dates were checked (2099-13-81, term NaN-NaN-2) never adds hours.
      if (approvedHours !== null && (!parseEntryTime(entry, { hours: entry.hours }).ok || !isTermKey(entry.termKey))) return refused('INVALID_INPUT');
      // The one rule the review sheet shows too: reject, return, or fewer hours than claimed need a reason.
      if (reviewCommentRequired(req.decision, entry.hours, approvedHours) && !req.comment) return refused('INVALID_INPUT');
      const status: EntryStatusDoc = req.decision === 'approve' ? 'approved' : req.decision === 'reject' ? 'rejected' : 'returned';
      const changes = {
        status,
        approvedHours,
        reviewComment: req.comment || null,
        reviewedBy: req.reviewer.userId,
        reviewedAt: req.now,
        notifyOnReview: false,
        updatedAt: req.now,
      };
      await ref.update(changes);
      if (approvedHours) {
        const credit = { termKey: entry.termKey, kind: entry.verified ? ('verified' as const) : ('selfReported' as const), hours: approvedHours, date: entry.date, entryId: entry._id };
        await creditHoursIn(tx, entry.memberId, credit, milestones, req.now);
      }
      const audit: AuditEntry = {
        actorOpenid: req.reviewer.actorOpenid,
        actorRole: req.reviewer.actorRole,
        action: req.action,
        target: { collection: Collections.volunteerEntries, id: entry._id },
        buildingId: entry.buildingId,
        before: { status: entry.status, hours: entry.hours, approvedHours: entry.approvedHours, reviewComment: entry.reviewComment },
        after: { status, hours: entry.hours, approvedHours, reviewComment: changes.reviewComment },
      };
      await auditIn(tx, audit, req.now);
      return applied({ entry: { ...entry, ...changes }, notify: entry.notifyOnReview });
    });
    // Retries used up: others kept changing this entry or member at the same moment.
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },
};
