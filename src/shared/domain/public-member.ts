import type { PublicMember } from '../contract/common';
import { postLabels, type MemberStatus, type Post } from '../model';
import type { CurrentAward } from './badges';
import { badgeTags, type BadgeTag } from './badge-rules';

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
  /** The awards projection the badges repository keeps (issue 11). */
  awards?: CurrentAward[];
  /** Months (`YYYY-MM`) of final 每月之星 rounds this member won (the star function appends them). */
  stars?: string[];
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
  now: Date,
): PublicMember {
  return {
    id: p._id,
    name: p.name,
    photoUrl: names.photoUrl ?? null,
    status: p.status,
    branchName: names.branch ?? null,
    groupName: names.group ?? null,
    ...distinctHonours(p.posts ?? [], badgeTags(p.awards, now)),
    pledge: p.pledge ?? null,
    stars: [...new Set(p.stars ?? [])].sort().reverse(),
    termHours: p.hours?.[termKey] ?? 0,
  };
}

/**
 * Posts and badges as a viewer reads them: each once, and a badge that names the same thing as a
 * post (党员示范寝室, 党员先锋岗 are both) only as the post.
 */
export function distinctHonours(posts: readonly Post[], badges: readonly BadgeTag[]): { posts: Post[]; badges: BadgeTag[] } {
  const postList = [...new Set(posts)];
  const shown = new Set(postList.map((p) => postLabels[p]));
  const seen = new Set<string>();
  return { posts: postList, badges: badges.filter((b) => !shown.has(b.name) && !seen.has(b.code) && seen.add(b.code)) };
}

/** Full members, probationary members, then the two stages before membership: never mixed up. */
export const STATUS_ORDER: readonly MemberStatus[] = ['full', 'probationary', 'candidate', 'activist'];

/** Public entries in one labelled section per status (empty sections left out), order kept within each. */
export function byStatus<T extends { status: MemberStatus }>(members: readonly T[]): Array<{ status: MemberStatus; members: T[] }> {
  return STATUS_ORDER.map((status) => ({ status, members: members.filter((m) => m.status === status) })).filter((s) => s.members.length > 0);
}
