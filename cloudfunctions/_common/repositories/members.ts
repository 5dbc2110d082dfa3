import type { Auditor } from '../audit';
import { Collections } from '../collections';
import type { MemberDoc } from '../docs';
import type { PageCursor } from '../cursor';
import { database } from '../sdk';
import { auditIn } from './audit';
import { inTransaction, isTxConflict } from './base';

export type OwnChanges = Partial<Pick<MemberDoc, 'consent' | 'pledge' | 'photoFileId'>>;
/** `missing`: the profile is no longer linked to the user; `conflict`: the photo changed meanwhile, or contention. */
export type OwnUpdateOutcome = 'done' | 'missing' | 'conflict';

const coll = () => database().collection(Collections.members);

/** What public display reads: never the roster link or the user link. */
export const PUBLIC_FIELDS = {
  name: true, status: true, floor: true, roomId: true, roomNumber: true, branchName: true, groupName: true,
  posts: true, pledge: true, awards: true, photoFileId: true, consent: true, hours: true, stars: true,
} as const;

export type PublicMemberDoc = Pick<MemberDoc, '_id' | keyof typeof PUBLIC_FIELDS>;

export const membersRepo = {
  /**
   * Consenting members on one room's plaque, in one read (index by_plaque_room_public): those who
   * live there (their roomId is the room) and those linked to it (联系党员). In `_id` order, which the
   * index holds after the room, so the read stops at its page instead of reading every key of the room.
   */
  async publicOnPlaque(roomId: string): Promise<PublicMemberDoc[]> {
    const { data } = await coll().where({ plaqueRoomIds: roomId, 'consent.public': true }).field(PUBLIC_FIELDS).orderBy('_id', 'asc').limit(20).get();
    return data as PublicMemberDoc[];
  },

  /**
   * Consenting members of one building, lowest floor first, then by `_id` (index
   * by_building_public_floor), `limit` after the cursor (its number is the last item's floor), plus
   * one to know if a page follows.
   */
  async publicInBuilding(buildingId: string, after: PageCursor | null, limit: number): Promise<{ items: PublicMemberDoc[]; more: boolean }> {
    const _ = database().command;
    const base = { buildingId, 'consent.public': true };
    const where = after ? _.and([base, _.or([{ floor: _.gt(after.at.getTime()) }, { floor: after.at.getTime(), _id: _.gt(after.id) }])]) : base;
    const { data } = await coll().where(where).field(PUBLIC_FIELDS).orderBy('floor', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
    const docs = data as PublicMemberDoc[];
    return { items: docs.slice(0, limit), more: docs.length > limit };
  },

  /** What feedback about a member needs: where it goes, whether they are public, and who they are. */
  async feedbackTarget(id: string): Promise<FeedbackTargetDoc | null> {
    const { data } = await coll().doc(id).field(FEEDBACK_TARGET_FIELDS).get();
    return (data[0] as FeedbackTargetDoc | undefined) ?? null;
  },

  /** The member's own view of their profile (`account.me`): no roster or user link. */
  async ownProfile(id: string): Promise<OwnProfileDoc | null> {
    const { data } = await coll().doc(id).field(OWN_FIELDS).get();
    return (data[0] as OwnProfileDoc | undefined) ?? null;
  },

  /** The profile made from a roster entry (unique on rosterId), found when that entry is bound. */
  async ownProfileByRosterId(rosterId: string): Promise<OwnProfileDoc | null> {
    const { data } = await coll().where({ rosterId }).field(OWN_FIELDS).limit(1).get();
    return (data[0] as OwnProfileDoc | undefined) ?? null;
  },

  /**
   * A member changes their own profile only, audited in the same transaction: the change applies only
   * while the profile is linked to them, and, when `photoWas` is given, only while the photo is still
   * that one (the caller deletes the old file afterwards, so two changes racing must not both think
   * they replaced it; the second one's write conflicts, and its retry sees the new photo).
   */
  async updateOwn(
    req: { id: string; userId: string; changes: OwnChanges; photoWas?: string | null; action: string; by: Auditor },
    now: Date,
  ): Promise<OwnUpdateOutcome> {
    const outcome = await inTransaction(async (tx): Promise<OwnUpdateOutcome> => {
      const ref = tx.collection(Collections.members).doc<MemberDoc>(req.id);
      const member = (await ref.get()).data;
      if (!member || member.userId !== req.userId) return 'missing';
      if (req.photoWas !== undefined && (member.photoFileId ?? null) !== req.photoWas) return 'conflict';
      await ref.update(req.changes);
      const before = Object.fromEntries(Object.keys(req.changes).map((k) => [k, member[k as keyof OwnChanges] ?? null]));
      await auditIn(tx, { ...req.by, action: req.action, target: { collection: Collections.members, id: req.id }, buildingId: member.buildingId, before, after: req.changes }, now);
      return 'done';
    });
    return isTxConflict(outcome) ? 'conflict' : outcome;
  },
};

const OWN_FIELDS = {
  name: true, status: true, buildingId: true, buildingName: true, floor: true, roomId: true, roomNumber: true,
  posts: true, pledge: true, photoFileId: true, consent: true, hours: true, awards: true, leftAt: true,
} as const;

export type OwnProfileDoc = Pick<MemberDoc, '_id' | keyof typeof OWN_FIELDS>;

const FEEDBACK_TARGET_FIELDS = { name: true, buildingId: true, buildingName: true, roomNumber: true, consent: true, userId: true } as const;

export type FeedbackTargetDoc = Pick<MemberDoc, '_id' | keyof typeof FEEDBACK_TARGET_FIELDS>;
