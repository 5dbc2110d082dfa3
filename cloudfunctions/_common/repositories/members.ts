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
};
