import type { BadgeHolderKind, BadgeSource, BadgeValidity, CurrentAward } from '../../src/shared/domain/badges';
import type { MemberStatus, Post } from '../../src/shared/model';

/**
 * The stored documents. Names come from docs/glossary.md (../../docs/glossary.md; community > building > floor >
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
  /** `buildingSortKey(communityName, name)` (src/shared/domain/building-order.ts): the list's order. */
  sortKey: string;
  /** Set by a rename until every copy of the name (members, active plaques) is updated (repositories/org-admin.ts). */
  copiesPending?: boolean;
}

export interface RoomDoc {
  _id: string;
  buildingId: string;
  floor: number;
  number: string;
  /** The active plaque code on the door. */
  plaqueCode: string;
  plaqueIssuedAt: Date;
  /** The room's awards (党员示范寝室, 文明寝室), kept by the badges repository with the active plaque's copy. */
  roomAwards?: CurrentAward[];
  /** True while the room is flagged 脏乱差 (set and cleared in the inspection's transaction): its badges are suspended. */
  roomFlagged?: boolean;
  /** A room is never deleted: once closed it drops out of pickers and public views (its plaque is retired). */
  closedAt?: Date | null;
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
  /** The room's awards, copied here so the plaque shows them in its two reads (the badges repository keeps it). */
  roomAwards?: CurrentAward[];
  /** True while the room is flagged 脏乱差 (set and cleared in the inspection's transaction): its badges are suspended. */
  roomFlagged?: boolean;
}

export interface BranchDoc {
  _id: string;
  buildingId: string;
  name: string;
  /** Closed branches and groups drop out of lists; members keep their records (repositories/org-admin.ts). */
  closedAt?: Date | null;
}

export interface GroupDoc {
  _id: string;
  branchId: string;
  buildingId: string;
  floor: number;
  name: string;
  closedAt?: Date | null;
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
  /** When this person left the school (repositories/leaving.ts): gone from every public view from then on. */
  leftAt?: Date | null;
  leftReason?: 'roster' | 'admin';
  /** 'due' from the leaving on; 'done' once the retention timer anonymised the person (index by_erasure_left). */
  erasure?: 'due' | 'done';
  erasedAt?: Date | null;
  /** 学院 and 班级 as the roster import last read them (absent on entries made before issue 12). */
  college?: string | null;
  className?: string | null;
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
  /**
   * The rooms whose plaque shows this member: their own room and their linked rooms (kept with
   * linkedRoomIds by the link change), so a plaque finds residents and linked members in one read.
   */
  plaqueRoomIds: string[];
  pledge: string | null;
  photoFileId: string | null;
  /** The member's awards (issue 11), kept by the badges repository in the award's transaction; shown by `shownAwards`. */
  awards?: CurrentAward[];
  /** Separate, revocable consent to public display, given by the member only. */
  consent: { public: boolean; changedAt: Date | null };
  /** Approved volunteer hours by term key (verified + self-reported): what the plaque shows. */
  hours: Record<string, number>;
  /** The same hours by kind, per term and overall; every approval or sign-out increments them. */
  hoursByKind?: Record<string, { verified: number; selfReported: number }>;
  hoursOverall?: { verified: number; selfReported: number };
  /** Approved hours by month of the entry's day (`YYYY-MM`), incremented with the totals above. */
  hoursByMonth?: Record<string, number>;
  /** Months (`YYYY-MM`) of final 每月之星 rounds this member won; added once, when a round becomes final. */
  stars?: string[];
  /** Probationary members: when probation began (conversion is due a year later). */
  probationStartedAt?: Date | null;
  /** Copied from the roster entry when the person leaves (repositories/leaving.ts); public reads exclude them. */
  leftAt?: Date | null;
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
  /** The counselor's internal note: staff only. */
  note: string | null;
  /** The counselor's answer to the sender (absent on items closed before replies existed). */
  reply?: string | null;
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
  /** A counselor invite made by the roster import: the staff number (工号) that finds it again, the name and phone (never shown publicly). */
  staffNo?: string | null;
  name?: string | null;
  phone?: string | null;
  importJobId?: string | null;
}

export type EntryStatusDoc = 'draft' | 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';

/** A volunteer-hours entry: self-reported (reviewed by a counselor) or verified (from an activity). */
export interface VolunteerEntryDoc {
  _id: string;
  memberId: string;
  userId: string;
  memberName: string;
  buildingId: string;
  branchId: string | null;
  branchName: string | null;
  termKey: string;
  title: string;
  category: string;
  date: string;
  start: string;
  end: string;
  hours: number;
  place: string;
  description: string;
  photoFileIds: string[];
  witnessName: string | null;
  witnessContact: string | null;
  /** Same day, times, category and title: an identical entry is refused. */
  fingerprint: string;
  status: EntryStatusDoc;
  verified: boolean;
  activityId: string | null;
  approvedHours: number | null;
  reviewComment: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  submittedAt: Date | null;
  /** The member granted one subscribe message when submitting; cleared when it is sent. */
  notifyOnReview: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ActivityDoc {
  _id: string;
  title: string;
  category: string;
  place: string;
  buildingId: string;
  startAt: Date;
  endAt: Date;
  createdBy: string;
  createdAt: Date;
}

/** A rotating code shown as a QR; `_id` is the code. */
export interface ActivityCodeDoc {
  _id: string;
  activityId: string;
  phase: 'in' | 'out';
  expiresAt: Date;
}

/** One member at one activity; `_id` is `activityId:memberId`. */
export interface AttendanceDoc {
  _id: string;
  activityId: string;
  memberId: string;
  signInAt: Date | null;
  signInCode: string | null;
  signOutAt: Date | null;
  signOutCode: string | null;
  hours: number | null;
  entryId: string | null;
  /** Why the day rules did not count this presence (e.g. ENTRY_OVERLAP); the sign-out itself stands. */
  notCounted?: string | null;
}

/** An export file in storage: readable only through its creator, gone after download or a day. */
export interface ExportDoc {
  _id: string;
  fileID: string;
  creatorOpenid: string;
  createdAt: Date;
}

/** A storage file whose deletion failed after the change that orphaned it; the nightly sweep retries. */
export interface FileDeletionDoc {
  /** Derived from the fileID, so recording the same file twice is one record. */
  _id: string;
  fileID: string;
  reason: string;
  since: Date;
}

/** One badge of the school's catalogue (`badge_catalogue`, `_id` = code). */
export interface BadgeDefDoc {
  _id: string;
  name: string;
  holder: BadgeHolderKind;
  source: BadgeSource;
  validity: BadgeValidity;
  milestoneHours?: number;
  description: string;
  active: boolean;
  updatedAt: Date;
}

/**
 * One award (`badge_awards`): who, why, when, for how long. Never removed: revoking sets `revoked`
 * once and the holder's projection drops it; the award itself stays as history.
 */
export interface AwardDoc {
  _id: string;
  code: string;
  /** The badge's name when it was given. */
  name: string;
  holder: { kind: BadgeHolderKind; id: string; label: string };
  buildingId: string;
  source: BadgeSource;
  /** What earned it: a round id, a month, an application id, a milestone; null for manual awards. */
  sourceRef: string | null;
  reason: string;
  /** China dates: first and last valid day (until null: open). */
  validFrom: string;
  until: string | null;
  awardedBy: string;
  awardedAt: Date;
  revoked: { at: Date; by: string; reason: string } | null;
}
