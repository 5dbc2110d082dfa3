import { awardIds, milestonesCrossed, validUntil, type BadgeDef } from '../../../src/shared/domain/badges';
import { cstDate } from '../../../src/shared/domain/china-time';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { AwardDoc, BadgeDefDoc, MemberDoc } from '../docs';
import { database } from '../sdk';
import { totalsIncrement } from '../volunteer-totals';
import { awardIn, badgeDef, catalogue, type AwardOutcome } from './badges';
import { inTransaction, isTxConflict, type Tx } from './base';
import { markPointsDirtyIn } from './develop-points-dirty';
import { applied, refused, type RepoResult } from './outcome';

/**
 * Automatic awards (issue 11, badge/auto): hour milestones in the transaction that adds the hours,
 * the 每月之星 in the round's finalisation, 文明寝室 from a month's inspections. Every one goes through
 * `awardIn` with a deterministic id, so racing events that cross the same line award once.
 */

/** Who automatic awards are audited as: the rule, in the event's transaction (the event's record is the award's `sourceRef`). */
export const AUTO_AWARDER: Auditor = { actorOpenid: 'system:badge-auto', actorRole: 'system' };
const AWARDED_BY = 'system:auto';

const defOf = (d: BadgeDefDoc): BadgeDef => ({ code: d._id, name: d.name, holder: d.holder, source: d.source, validity: d.validity, milestoneHours: d.milestoneHours, description: d.description, active: d.active });

/** The catalogue's active milestone badges (the catalogue is read whole: one read of tens of documents). */
export async function milestoneBadges(): Promise<BadgeDef[]> {
  return (await catalogue()).map(defOf).filter((d) => d.active && d.source === 'milestone' && d.milestoneHours !== undefined);
}

/** The catalogue's badge for an automatic source (`monthStar`, `civilRoom`), or null when retired or missing. */
export async function activeBadge(code: string): Promise<BadgeDef | null> {
  const doc = await badgeDef(code);
  return doc && doc.active ? defOf(doc) : null;
}

type AwardOf = Pick<AwardDoc, '_id' | 'holder' | 'buildingId' | 'source' | 'sourceRef' | 'reason'>;

/** An automatic award: its deterministic id, holder and reason; named and valid as the badge says from today. */
export function autoAward(def: BadgeDef, award: AwardOf, now: Date, awardedBy = AWARDED_BY): AwardDoc {
  return { ...award, code: def.code, name: def.name, validFrom: cstDate(now), until: validUntil(def.validity, now), awardedBy, awardedAt: now, revoked: null };
}

/** A member's hour milestone: one id per member and badge, so a live approval and the backfill award it once between them. */
export function milestoneAward(
  member: Pick<MemberDoc, '_id' | 'name' | 'buildingId'>,
  def: BadgeDef,
  why: { sourceRef: string | null; reason: string },
  now: Date,
  awardedBy?: string,
): AwardDoc {
  const holder = { kind: 'member' as const, id: member._id, label: member.name };
  return autoAward(def, { _id: awardIds.milestone(member._id, def.code), holder, buildingId: member.buildingId, source: 'milestone', ...why }, now, awardedBy);
}

/** Approved hours that count for milestones: verified and self-reported, overall. */
export const approvedTotal = (m: Pick<MemberDoc, 'hoursOverall'> | null) => (m?.hoursOverall?.verified ?? 0) + (m?.hoursOverall?.selfReported ?? 0);

export interface HoursCredit {
  termKey: string;
  kind: 'verified' | 'selfReported';
  hours: number;
  /** The entry's day: the per-month total follows it. */
  date?: string;
  /** The entry that adds the hours: the milestone award's `sourceRef`. */
  entryId: string;
}

/**
 * Adds approved hours to the member's totals and, inside the same transaction, awards each
 * milestone the total crosses. The member is read in the transaction, so the total before is the
 * one this increment applies to (a racing approval conflicts on the member and is retried); the
 * award's id is the member and the badge, so the line is crossed once. `milestones` comes from
 * `milestoneBadges()`, read before the transaction; none: the totals only (no extra read).
 */
export async function creditHoursIn(tx: Tx, memberId: string, credit: HoursCredit, milestones: readonly BadgeDef[], now: Date): Promise<string[]> {
  const ref = tx.collection(Collections.members).doc<MemberDoc>(memberId);
  const member = milestones.length ? (await ref.get()).data : null;
  await ref.update(totalsIncrement(credit.termKey, credit.kind, credit.hours, credit.date));
  // The hours feed the member's points: the points timer recomputes them within minutes (an award
  // below marks them too, so the mark is written here only when none is given).
  const marked = () => markPointsDirtyIn(tx, { kind: 'member', id: memberId }, now);
  if (!member) {
    await marked();
    return [];
  }
  const before = approvedTotal(member);
  const awarded: string[] = [];
  for (const def of milestonesCrossed(milestones, before, before + credit.hours)) {
    const reason = `累计认定志愿服务${before + credit.hours}小时，达到${def.milestoneHours}小时`;
    const award = milestoneAward({ _id: memberId, name: member.name, buildingId: member.buildingId }, def, { sourceRef: credit.entryId, reason }, now);
    if ((await awardIn(tx, award, AUTO_AWARDER, now)) === 'created') awarded.push(def.code);
  }
  if (!awarded.length) await marked();
  return awarded;
}

/** The 每月之星 award of a final round, given in the round's finalisation transaction (once per member and month). */
export async function monthStarIn(tx: Tx, def: BadgeDef, member: Pick<MemberDoc, '_id' | 'name' | 'buildingId'>, round: { _id: string; month: string }, now: Date): Promise<AwardOutcome> {
  const [year, month] = round.month.split('-');
  const holder = { kind: 'member' as const, id: member._id, label: member.name };
  const reason = `${year}年${Number(month)}月每月之星（公示期满，评选结果确定）`;
  const award = autoAward(def, { _id: awardIds.star(member._id, round.month), holder, buildingId: member.buildingId, source: 'star', sourceRef: round._id, reason }, now);
  return awardIn(tx, award, AUTO_AWARDER, now);
}

/** A month's 文明寝室 candidate as the inspections section keeps it (`inspections_room_months`). */
export interface CivilRoomMonth {
  _id: string;
  roomId: string;
  buildingId: string;
  roomLabel: string;
  month: string;
  civilised: boolean;
  ratings: Record<string, string>;
}

export type CivilOutcome = AwardOutcome | 'not-civilised' | 'conflict';

/**
 * 文明寝室 of one room for one month, in one transaction: the room's month is read again inside it
 * (a correction since the page was read may have taken the title away), then `awardIn` with the id
 * of the room and month, so a second settlement (the timer and a counselor's, or twice) awards once.
 */
export async function civilRoomAward(def: BadgeDef, month: string, roomId: string, now: Date, by: Auditor): Promise<CivilOutcome> {
  const outcome = await inTransaction(async (tx): Promise<CivilOutcome> => {
    const rm = (await tx.collection(Collections.inspectionsRoomMonths).doc<CivilRoomMonth>(`${roomId}:${month}`).get()).data;
    if (!rm || !rm.civilised) return 'not-civilised';
    const [year, m] = month.split('-');
    const holder = { kind: 'room' as const, id: roomId, label: rm.roomLabel };
    const reason = `${year}年${Number(m)}月检查${Object.keys(rm.ratings).length}次，均为优秀`;
    const award = autoAward(def, { _id: awardIds.civilRoom(roomId, month), holder, buildingId: rm.buildingId, source: 'civilRoom', sourceRef: month, reason }, now);
    return awardIn(tx, award, by, now);
  });
  return isTxConflict(outcome) ? 'conflict' : outcome;
}

/** The month's 文明寝室 room-months in scope after `after` (index by_month_civilised_building / by_month_civilised), by `_id`. */
export async function civilRoomsPage(month: string, scope: { all: true } | { all: false; ids: string[] }, after: string | null, limit: number): Promise<{ items: CivilRoomMonth[]; more: boolean }> {
  const _ = database().command;
  const conditions: object[] = [{ month, civilised: true }];
  if (!scope.all) conditions.push({ buildingId: scope.ids.length === 1 ? scope.ids[0] : _.in(scope.ids) });
  if (after) conditions.push({ _id: _.gt(after) });
  const where = conditions.length === 1 ? conditions[0] : _.and(conditions);
  const { data } = await database().collection(Collections.inspectionsRoomMonths).where(where).field({ roomId: true, buildingId: true, roomLabel: true, month: true, civilised: true, ratings: true }).orderBy('_id', 'asc').limit(limit + 1).get();
  const docs = data as CivilRoomMonth[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}

/** The timer's progress through one month (`badge_auto_runs`, `_id` = `civilRoom:YYYY-MM`): where the next firing starts. */
export interface AutoRunDoc {
  _id: string;
  kind: 'civilRoom';
  month: string;
  /** The last room-month id settled; null before the first chunk. */
  cursor: string | null;
  done: boolean;
  awarded: number;
  existing: number;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export const autoRunId = (month: string) => `civilRoom:${month}`;

export async function autoRun(month: string): Promise<AutoRunDoc | null> {
  const { data } = await database().collection(Collections.badgeAutoRuns).doc(autoRunId(month)).get();
  return ((data as AutoRunDoc[])[0] as AutoRunDoc | undefined) ?? null;
}

/**
 * Moves the timer's progress from `from` to the chunk's end, only if it is still at `from` (a
 * conditional write): two firings at once settle the same chunk (each award once) and one of them
 * records the step; the other answers 'moved' and stops.
 */
export async function advanceRun(month: string, from: string | null, step: { cursor: string | null; done: boolean; awarded: number; existing: number }, now: Date): Promise<RepoResult<null, 'moved'>> {
  const outcome = await inTransaction(async (tx): Promise<RepoResult<null, 'moved'>> => {
    const ref = tx.collection(Collections.badgeAutoRuns).doc<AutoRunDoc>(autoRunId(month));
    const run = (await ref.get()).data;
    if (run && (run.done || run.cursor !== from)) return refused('moved');
    if (!run && from !== null) return refused('moved');
    const body = {
      kind: 'civilRoom' as const, month, cursor: step.cursor, done: step.done,
      awarded: (run?.awarded ?? 0) + step.awarded, existing: (run?.existing ?? 0) + step.existing,
      startedAt: run?.startedAt ?? now, updatedAt: now, finishedAt: step.done ? now : null,
    };
    await ref.set(body);
    return applied();
  });
  return isTxConflict(outcome) ? refused('moved') : outcome;
}

/** Automatic awards in scope, newest first (index by_source_building_awarded / by_source_awarded). */
export async function autoAwardsPage(
  sources: readonly string[],
  scope: { all: true } | { all: false; ids: string[] },
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<{ items: AwardDoc[]; more: boolean }> {
  const _ = database().command;
  const conditions: object[] = [{ source: sources.length === 1 ? sources[0] : _.in([...sources]) }];
  if (!scope.all) conditions.push({ buildingId: scope.ids.length === 1 ? scope.ids[0] : _.in(scope.ids) });
  if (after) conditions.push(_.or([{ awardedAt: _.lt(after.at) }, { awardedAt: after.at, _id: _.lt(after.id) }]));
  const { data } = await database().collection(Collections.badgeAwards).where(_.and(conditions)).orderBy('awardedAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
  const docs = data as AwardDoc[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}


// ---- the one-time milestone backfill (members who passed a line before milestones existed) ----

/** The backfill's place across calls (`badge_auto_runs`, `_id` BACKFILL_RUN_ID): a closed page resumes from it. */
export interface BackfillRunDoc {
  _id: string;
  kind: 'milestoneBackfill';
  /** The last member `_id` looked at; null before the first chunk. */
  cursor: string | null;
  done: boolean;
  scanned: number;
  awarded: number;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export const BACKFILL_RUN_ID = 'milestones:backfill';

/** What the backfill reads of a member. */
export type BackfillMember = Pick<MemberDoc, '_id' | 'name' | 'buildingId' | 'hoursOverall' | 'awards'>;

export async function backfillRun(): Promise<BackfillRunDoc | null> {
  const { data } = await database().collection(Collections.badgeAutoRuns).doc(BACKFILL_RUN_ID).get();
  return ((data as BackfillRunDoc[])[0] as BackfillRunDoc | undefined) ?? null;
}

/** Starts (or starts over) the backfill from the first member. */
export async function startBackfill(now: Date): Promise<BackfillRunDoc> {
  const run: BackfillRunDoc = { _id: BACKFILL_RUN_ID, kind: 'milestoneBackfill', cursor: null, done: false, scanned: 0, awarded: 0, startedAt: now, updatedAt: now, finishedAt: null };
  const { _id, ...body } = run;
  await database().collection(Collections.badgeAutoRuns).doc(_id).set(body);
  return run;
}

/** Members after `after` by `_id` (the primary index), with their totals and current awards. */
export async function membersAfter(after: string | null, limit: number): Promise<{ items: BackfillMember[]; more: boolean }> {
  const _ = database().command;
  const members = database().collection(Collections.members);
  const query = after ? members.where({ _id: _.gt(after) }) : members;
  const { data } = await query.field({ name: true, buildingId: true, hoursOverall: true, awards: true }).orderBy('_id', 'asc').limit(limit + 1).get();
  const docs = data as BackfillMember[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}

/** The milestones a member's total has passed whose award the member does not show (a transaction confirms). */
export const milestonesOwed = (m: BackfillMember, milestones: readonly BadgeDef[]) =>
  milestones.filter((d) => approvedTotal(m) >= (d.milestoneHours as number) && !(m.awards ?? []).some((a) => a.awardId === awardIds.milestone(m._id, d.code)));

/**
 * Awards one member every milestone their total has passed, in one transaction that reads the
 * member: the award ids are the ones a live approval uses (`awardIds.milestone`), so an approval
 * crossing the same line at the same time and this backfill award it once between them (the second
 * finds it), and running the backfill again awards nothing new. Each award is audited as `by`.
 */
export async function backfillMember(memberId: string, milestones: readonly BadgeDef[], by: Auditor & { by: string }, now: Date): Promise<{ awarded: number; existing: number } | 'conflict'> {
  const outcome = await inTransaction(async (tx) => {
    const member = (await tx.collection(Collections.members).doc<MemberDoc>(memberId).get()).data;
    const out = { awarded: 0, existing: 0 };
    if (!member) return out;
    const total = approvedTotal(member);
    for (const def of milestones) {
      if (total < (def.milestoneHours as number)) continue;
      const reason = `补发：累计认定志愿服务${total}小时，已达到${def.milestoneHours}小时`;
      const award = milestoneAward({ _id: memberId, name: member.name, buildingId: member.buildingId }, def, { sourceRef: null, reason }, now, by.by);
      const result = await awardIn(tx, award, { actorOpenid: by.actorOpenid, actorRole: by.actorRole }, now);
      if (result === 'created') out.awarded += 1;
      else if (result === 'exists') out.existing += 1;
    }
    return out;
  });
  return isTxConflict(outcome) ? 'conflict' : outcome;
}

/**
 * Moves the backfill's place from `from` to the chunk's end only if it is still at `from` (two
 * calls at once: both award the same chunk, each award once, one moves the place on).
 */
export async function advanceBackfill(from: string | null, step: { cursor: string | null; done: boolean; scanned: number; awarded: number }, now: Date): Promise<BackfillRunDoc | null> {
  const outcome = await inTransaction(async (tx): Promise<BackfillRunDoc | null> => {
    const ref = tx.collection(Collections.badgeAutoRuns).doc<BackfillRunDoc>(BACKFILL_RUN_ID);
    const run = (await ref.get()).data;
    if (!run || run.done || run.cursor !== from) return null;
    const next: BackfillRunDoc = {
      ...run, _id: BACKFILL_RUN_ID, cursor: step.cursor, done: step.done, scanned: run.scanned + step.scanned, awarded: run.awarded + step.awarded, updatedAt: now, finishedAt: step.done ? now : null,
    };
    const { _id, ...body } = next;
    await ref.set(body);
    return next;
  });
  return isTxConflict(outcome) ? null : outcome;
}
