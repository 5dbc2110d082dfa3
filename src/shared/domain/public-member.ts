import type { PublicMember } from '../contract/common';
import type { Badge, MemberStatus, Post } from '../model';

/** The stored member profile, as far as public display needs it. */
export interface MemberProfile {
  _id: string;
  name: string;
  status: MemberStatus;
  photoFileId?: string | null;
  branchId?: string | null;
  groupId?: string | null;
  posts?: Post[];
  pledge?: string | null;
  badges?: Badge[];
  consent?: { public: boolean; changedAt?: Date | string | null };
  /** Approved hours by term key. */
  hours?: Record<string, number>;
}

/** Only members who consented, themselves, appear on anything public (PIPL art. 25). */
export function isPublic(profile: Pick<MemberProfile, 'consent'>): boolean {
  return profile.consent?.public === true;
}

/** Field by field, so a new private field on the profile can never leak onto a plaque. */
export function toPublicMember(
  p: MemberProfile,
  names: { branch?: string | null; group?: string | null; photoUrl?: string | null },
  termKey: string,
): PublicMember {
  return {
    id: p._id,
    name: p.name,
    photoUrl: names.photoUrl ?? null,
    status: p.status,
    branchName: names.branch ?? null,
    groupName: names.group ?? null,
    posts: [...(p.posts ?? [])],
    pledge: p.pledge ?? null,
    badges: [...(p.badges ?? [])],
    termHours: p.hours?.[termKey] ?? 0,
  };
}
