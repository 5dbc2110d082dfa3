import { CATALOGUE_MAX, isCurrent, type BadgeDef, type CurrentAward } from '../../../src/shared/domain/badges';
import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { AwardDoc, BadgeDefDoc, MemberDoc, PlaqueDoc, RoomDoc } from '../docs';
import { database } from '../sdk';
import { auditIn } from './audit';
import { inTransaction, isTxConflict, type Tx } from './base';
import { counterIds, takePlaceIn } from './counters';
import { markPointsDirtyIn } from './develop-points-dirty';
import type { PageCursor } from '../cursor';
import { applied, refused, type RepoResult } from './outcome';

/**
 * Awards and the catalogue. `awardIn` and `revokeIn` run inside the caller's transaction, so an
 * automatic award happens in the same transaction as the event that earns it (the approval that
 * crosses 50 hours, the round becoming final, the month's inspections) and a racing event that
 * crosses the same line finds the award's deterministic id already written: exactly once. Each also
 * keeps the holder's projection (member `awards`; room and active plaque `roomAwards`) so the plaque
 * shows badges in the two reads it already makes.
 */

export type AwardOutcome = 'created' | 'exists' | 'holder-missing';
export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** The projection entry of an award. */
export const projectionOf = (a: Pick<AwardDoc, '_id' | 'code' | 'name' | 'until'>): CurrentAward => ({ awardId: a._id, code: a.code, name: a.name, until: a.until });

/** A projection keeps current awards only: expired ones drop out whenever the holder's list is written. */
const pruned = (list: readonly CurrentAward[] | undefined, now: Date) => (list ?? []).filter((a) => isCurrent(a, now));

/** Rewrites the holder's projection with `change` applied to its current list. */
async function updateProjectionIn(tx: Tx, holder: AwardDoc['holder'], now: Date, change: (list: CurrentAward[]) => CurrentAward[]): Promise<boolean> {
  if (holder.kind === 'member') {
    const ref = tx.collection(Collections.members).doc<MemberDoc>(holder.id);
    const member = (await ref.get()).data;
    if (!member) return false;
    await ref.update({ awards: change(pruned(member.awards, now)) });
    // A member's badges and stars feed their points: the dirty sweep recomputes them.
    await markPointsDirtyIn(tx, { kind: 'member', id: holder.id }, now);
    return true;
  }
  const roomRef = tx.collection(Collections.rooms).doc<RoomDoc>(holder.id);
  const room = (await roomRef.get()).data;
  if (!room) return false;
  const roomAwards = change(pruned(room.roomAwards, now));
  await roomRef.update({ roomAwards });
  const plaqueRef = tx.collection(Collections.plaques).doc<PlaqueDoc>(room.plaqueCode);
  if ((await plaqueRef.get()).data) await plaqueRef.update({ roomAwards });
  return true;
}

export async function awardIn(tx: Tx, award: AwardDoc, by: Auditor, now: Date): Promise<AwardOutcome> {
  const ref = tx.collection(Collections.badgeAwards).doc<AwardDoc>(award._id);
  if ((await ref.get()).data) return 'exists';
  const held = await updateProjectionIn(tx, award.holder, now, (list) => [...list.filter((a) => a.awardId !== award._id), projectionOf(award)]);
  if (!held) return 'holder-missing';
  const { _id, ...body } = award;
  await ref.set(body);
  await auditIn(tx, { ...by, action: 'badge.award', target: { collection: Collections.badgeAwards, id: _id }, before: null, after: { code: award.code, holder: award.holder, until: award.until, source: award.source, sourceRef: award.sourceRef } }, now);
  return 'created';
}

/** Revoking keeps the award (history) and marks it once; the holder's projection drops it. */
export async function revokeIn(tx: Tx, awardId: string, reason: string, by: Auditor & { by: string }, now: Date): Promise<RevokeOutcome> {
  const ref = tx.collection(Collections.badgeAwards).doc<AwardDoc>(awardId);
  const award = (await ref.get()).data;
  if (!award) return 'not-found';
  if (award.revoked) return 'already-revoked';
  const revoked = { at: now, by: by.by, reason };
  // `revoked` is null until now: an object replaces it whole (a plain update would write `revoked.at` into null).
  await ref.update({ revoked: database().command.set(revoked) });
  await updateProjectionIn(tx, award.holder, now, (list) => list.filter((a) => a.awardId !== awardId));
  await auditIn(tx, { actorOpenid: by.actorOpenid, actorRole: by.actorRole, action: 'badge.revoke', target: { collection: Collections.badgeAwards, id: awardId }, before: { revoked: null }, after: { revoked }, reason }, now);
  return 'revoked';
}

/** The catalogue is tens of documents (at most CATALOGUE_MAX, which the edit action enforces): read whole, by `_id`. */
export async function catalogue(): Promise<BadgeDefDoc[]> {
  const { data } = await database().collection(Collections.badgeCatalogue).orderBy('_id', 'asc').limit(CATALOGUE_MAX).get();
  return data as BadgeDefDoc[];
}

export async function badgeDef(code: string): Promise<BadgeDefDoc | null> {
  const { data } = await database().collection(Collections.badgeCatalogue).doc(code).get();
  return ((data as BadgeDefDoc[])[0] as BadgeDefDoc | undefined) ?? null;
}

// ---- badge/awards section (issue 11): the catalogue edit, awards by hand, revocation, history pages ----

export type SaveDefOutcome = RepoResult<null, 'CONFLICT' | 'FULL'>;
export type ManualAwardOutcome = RepoResult<null, 'HELD' | 'HOLDER_MISSING' | 'CONFLICT'>;
export type RevokeAwardOutcome = RepoResult<null, 'NOT_FOUND' | 'CONFLICT'>;
/** REFUSED carries the rule's message (the member is not a 每月之星 of the year, or is missing). */
export type YearStarOutcome = RepoResult<'created' | 'exists', 'CONFLICT'> | { ok: false; code: 'REFUSED'; message: string };

/** Awards as the history lists read them. */
const AWARD_FIELDS = {
  code: true, name: true, holder: true, buildingId: true, source: true, sourceRef: true, reason: true, validFrom: true, until: true,
  awardedBy: true, awardedAt: true, revoked: true,
} as const;

async function awardsPage(where: object, after: PageCursor | null, limit: number): Promise<{ items: AwardDoc[]; more: boolean }> {
  const _ = database().command;
  const range = after ? [_.or([{ awardedAt: _.lt(after.at) }, { awardedAt: after.at, _id: _.lt(after.id) }])] : [];
  const { data } = await database()
    .collection(Collections.badgeAwards)
    .where(range.length ? _.and([where, ...range]) : where)
    .field(AWARD_FIELDS)
    .orderBy('awardedAt', 'desc')
    .orderBy('_id', 'desc')
    .limit(limit + 1)
    .get();
  const docs = data as AwardDoc[];
  return { items: docs.slice(0, limit), more: docs.length > limit };
}

export const badgesRepo = {
  /**
   * Adds or edits one badge of the catalogue with its audit record, in one transaction. A new badge
   * takes a place under `cap.max` in the catalogue's counter in that transaction (FULL when none is
   * left), so racing adds never pass the cap; `cap.counted` is the catalogue's size read before.
   */
  async saveDef(def: BadgeDef, by: Auditor, now: Date, cap: { max: number; counted: number }): Promise<SaveDefOutcome> {
    const outcome = await inTransaction(async (tx): Promise<SaveDefOutcome> => {
      const ref = tx.collection(Collections.badgeCatalogue).doc<BadgeDefDoc>(def.code);
      const before = (await ref.get()).data;
      if (!before && !(await takePlaceIn(tx, counterIds.catalogue, cap.max, cap.counted))) return refused('FULL');
      const { code, milestoneHours, ...rest } = def;
      const body = { ...rest, ...(milestoneHours === undefined ? {} : { milestoneHours }), updatedAt: now };
      await ref.set(body);
      const { _id: _omit, updatedAt: _at, ...beforeBody } = before ?? ({} as BadgeDefDoc);
      await auditIn(tx, { ...by, action: before ? 'badge.catalogue.edit' : 'badge.catalogue.add', target: { collection: Collections.badgeCatalogue, id: code }, before: before ? beforeBody : null, after: { ...rest, milestoneHours: milestoneHours ?? null } }, now);
      return applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * A badge by hand: refused while the holder already shows a current award of that code (a double
   * tap, or two counselors at once: both write the holder, so the second retries and finds it held).
   */
  async awardManual(award: AwardDoc, by: Auditor, now: Date): Promise<ManualAwardOutcome> {
    const outcome = await inTransaction(async (tx): Promise<ManualAwardOutcome> => {
      const collection = award.holder.kind === 'member' ? Collections.members : Collections.rooms;
      const holder = (await tx.collection(collection).doc<MemberDoc & RoomDoc>(award.holder.id).get()).data;
      if (!holder) return refused('HOLDER_MISSING');
      const list = award.holder.kind === 'member' ? holder.awards : holder.roomAwards;
      if ((list ?? []).some((a) => a.code === award.code && isCurrent(a, now))) return refused('HELD');
      const result = await awardIn(tx, award, by, now);
      return result === 'holder-missing' ? refused('HOLDER_MISSING') : applied();
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /**
   * 年度党员之星 in one transaction that reads the member (their months as 每月之星 are checked there
   * by `problem`): the award's id is the member and the year, so a double tap or two admins at once
   * give it once ('exists' for the others: the same success).
   */
  async awardYearStar(award: AwardDoc, problem: (member: MemberDoc | null) => string | null, by: Auditor, now: Date): Promise<YearStarOutcome> {
    const outcome = await inTransaction(async (tx): Promise<YearStarOutcome> => {
      const member = (await tx.collection(Collections.members).doc<MemberDoc>(award.holder.id).get()).data;
      const why = problem(member);
      if (why) return { ok: false, code: 'REFUSED', message: why };
      const result = await awardIn(tx, award, by, now);
      return result === 'holder-missing' ? { ok: false, code: 'REFUSED', message: '没有找到这位党员' } : applied(result);
    });
    return isTxConflict(outcome) ? refused('CONFLICT') : outcome;
  },

  /** Revokes in one transaction (history kept); an award already revoked is the same success. */
  async revoke(awardId: string, reason: string, by: Auditor & { by: string }, now: Date): Promise<RevokeAwardOutcome> {
    const outcome = await inTransaction((tx) => revokeIn(tx, awardId, reason, by, now));
    if (isTxConflict(outcome)) return refused('CONFLICT');
    return outcome === 'not-found' ? refused('NOT_FOUND') : applied();
  },

  async awardById(id: string): Promise<AwardDoc | null> {
    const { data } = await database().collection(Collections.badgeAwards).doc(id).field(AWARD_FIELDS).get();
    return ((data as AwardDoc[])[0] as AwardDoc | undefined) ?? null;
  },

  /** A holder's awards, newest first (index by_holder_awarded), revoked ones included. */
  holderPage(holderId: string, after: PageCursor | null, limit: number) {
    return awardsPage({ 'holder.id': holderId }, after, limit);
  },

  /** A building's awards, newest first (index by_building_awarded). */
  buildingPage(buildingId: string, after: PageCursor | null, limit: number) {
    return awardsPage({ buildingId }, after, limit);
  },
};
