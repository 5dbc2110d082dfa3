import type { Badge, MemberStatus, Post } from '../../src/shared/model';

/**
 * The stored documents. Names come from ../../../shared/GLOSSARY.md (community > building > floor >
 * room; branch per building, group per floor). Some names are copied onto the documents that are
 * read on hot paths (plaque, wall), so those stay within two reads.
 */

export interface CommunityDoc {
  _id: string;
  name: string;
}

export interface BuildingDoc {
  _id: string;
  communityId: string;
  communityName: string;
  name: string;
  floors: number;
}

export interface RoomDoc {
  _id: string;
  buildingId: string;
  floor: number;
  number: string;
  /** The active plaque code on the door. */
  plaqueCode: string;
  plaqueIssuedAt: Date;
}

/** One per code ever issued; `_id` is the code, so a scan is one read by id. */
export interface PlaqueDoc {
  _id: string;
  roomId: string;
  buildingId: string;
  status: 'active' | 'retired';
  issuedAt: Date;
  retiredAt: Date | null;
  room: { number: string; floor: number; buildingName: string };
}

export interface BranchDoc {
  _id: string;
  buildingId: string;
  name: string;
}

export interface GroupDoc {
  _id: string;
  branchId: string;
  buildingId: string;
  floor: number;
  name: string;
}

/** The school's student list. Private: student numbers, phones and ID numbers never leave it publicly. */
export interface RosterDoc {
  _id: string;
  studentNo: string;
  name: string;
  buildingId: string;
  roomId: string;
  /** Political status for members; null for other students. */
  memberStatus: MemberStatus | null;
  phone: string | null;
  /** The user bound to this entry; at most one (a conditional update claims it). */
  boundUserId: string | null;
  /** When the claim was made: a claim whose user never appeared may be taken over once it is old. */
  boundAt?: Date | null;
}

export interface MemberDoc {
  _id: string;
  rosterId: string;
  userId: string | null;
  name: string;
  status: MemberStatus;
  buildingId: string;
  buildingName: string;
  floor: number;
  roomId: string;
  roomNumber: string;
  branchId: string | null;
  branchName: string | null;
  groupId: string | null;
  groupName: string | null;
  posts: Post[];
  /** The 1-2 rooms this member looks after (联系寝室). */
  linkedRoomIds: string[];
  pledge: string | null;
  photoFileId: string | null;
  badges: Badge[];
  /** Separate, revocable consent to public display, given by the member only. */
  consent: { public: boolean; changedAt: Date | null };
  /** Approved volunteer hours by term key. */
  hours: Record<string, number>;
}

export interface FeedbackDoc {
  _id: string;
  memberId: string;
  memberName: string;
  buildingId: string;
  roomLabel: string;
  /** Kept for abuse handling; never shown to the member. */
  senderUserId: string;
  text: string;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  note: string | null;
}

export interface InviteDoc {
  _id: string;
  role: 'counselor';
  buildingIds: string[];
  expiresAt: Date;
  createdBy: string;
  createdAt: Date;
  usedBy: string | null;
  usedAt: Date | null;
}
