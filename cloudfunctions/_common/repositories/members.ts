import { Collections } from '../collections';
import type { MemberDoc } from '../docs';
import { database } from '../sdk';

const coll = () => database().collection(Collections.members);

/** What public display reads: never the roster link or the user link. */
export const PUBLIC_FIELDS = {
  name: true, status: true, floor: true, roomId: true, roomNumber: true, branchName: true, groupName: true,
  posts: true, pledge: true, badges: true, photoFileId: true, consent: true, hours: true,
} as const;

export type PublicMemberDoc = Pick<MemberDoc, '_id' | keyof typeof PUBLIC_FIELDS>;

export const membersRepo = {
  /** Consenting members of one room, in one read (indexed on roomId). */
  async publicInRoom(roomId: string): Promise<PublicMemberDoc[]> {
    const { data } = await coll().where({ roomId, 'consent.public': true }).field(PUBLIC_FIELDS).limit(20).get();
    return data as PublicMemberDoc[];
  },

  /**
   * Consenting members of one building, in one read (index by_building_floor). A building holds
   * tens of members; 1000 (the server SDK's page) is far above any real building.
   */
  async publicInBuilding(buildingId: string): Promise<PublicMemberDoc[]> {
    const { data } = await coll().where({ buildingId, 'consent.public': true }).field(PUBLIC_FIELDS).limit(1000).get();
    return data as PublicMemberDoc[];
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

  /** Points the profile at its user; the roster claim already made this user its only owner. */
  async linkUser(id: string, userId: string): Promise<void> {
    await coll().doc(id).update({ userId });
  },

  /** Only from the user it is linked to, so a late unbind cannot unlink a newer binding. */
  async unlinkUser(id: string, userId: string): Promise<boolean> {
    const { updated } = await coll().where({ _id: id, userId }).update({ userId: null });
    return updated === 1;
  },

  /**
   * A member changes their own profile only: the update matches only while it is linked to them, and,
   * when `photoWas` is given, only while the photo is still that one (the caller deletes the old file
   * afterwards, so two changes racing must not both think they replaced it).
   */
  async updateOwn(id: string, userId: string, changes: Partial<Pick<MemberDoc, 'consent' | 'pledge' | 'photoFileId'>>, photoWas?: string | null): Promise<boolean> {
    const where = photoWas === undefined ? { _id: id, userId } : { _id: id, userId, photoFileId: photoWas };
    const { updated } = await coll().where(where).update(changes);
    return updated === 1;
  },
};

const OWN_FIELDS = {
  name: true, status: true, buildingId: true, buildingName: true, floor: true, roomId: true, roomNumber: true,
  posts: true, pledge: true, photoFileId: true, consent: true, hours: true,
} as const;

export type OwnProfileDoc = Pick<MemberDoc, '_id' | keyof typeof OWN_FIELDS>;

const FEEDBACK_TARGET_FIELDS = { name: true, buildingId: true, buildingName: true, roomNumber: true, consent: true, userId: true } as const;

export type FeedbackTargetDoc = Pick<MemberDoc, '_id' | keyof typeof FEEDBACK_TARGET_FIELDS>;
