import { z } from 'zod';
import { BADGE_CODE_PATTERN } from '../domain/badges';
import { Id } from '../model';
import { action, type FunctionContract } from './define';
import { Ok, PageInput, Timestamp } from './common';

/** Section of issue 11: the catalogue (edit), awards by hand, revocation, award history, current badges. */

export const BadgeCode = z.string().trim().regex(BADGE_CODE_PATTERN, '徽章代码为2到32位字母或数字，以小写字母开头');
const Reason = z.string().trim().min(2, '请写明原因').max(200, '原因最多200字');
const ChinaDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const BadgeDefView = z
  .object({
    code: BadgeCode,
    name: z.string().trim().min(2, '名称至少2个字').max(20, '名称最多20个字'),
    holder: z.enum(['member', 'room']),
    source: z.enum(['manual', 'milestone', 'star', 'yearStar', 'civilRoom', 'application']),
    validity: z.enum(['term', 'month', 'open']),
    milestoneHours: z.number().int('里程碑时长为整数小时').min(1).max(2000).optional(),
    description: z.string().trim().max(100, '说明最多100字'),
    active: z.boolean(),
  })
  .strict();
export type BadgeDefView = z.infer<typeof BadgeDefView>;

/** Who holds an award: exactly one of a member or a room. */
const Holder = z
  .object({ memberId: Id.optional(), roomId: Id.optional() })
  .strict()
  .refine((h) => (h.memberId === undefined) !== (h.roomId === undefined), '请选择一位党员或一个寝室');

export const AwardView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    holder: z.object({ kind: z.enum(['member', 'room']), id: Id, label: z.string() }).strict(),
    source: BadgeDefView.shape.source,
    reason: z.string(),
    validFrom: ChinaDate,
    until: ChinaDate.nullable(),
    awardedAt: Timestamp,
    /** Current: not revoked and not past `until` (what the plaque shows, unless the room is flagged). */
    current: z.boolean(),
    revoked: z.object({ at: Timestamp, reason: z.string() }).strict().nullable(),
  })
  .strict();
export type AwardView = z.infer<typeof AwardView>;

const AwardPage = z.object({ items: z.array(AwardView), nextCursor: z.string().nullable() }).strict();

export const badgeAwardsContract = {
  badgeCatalogue: action({
    summary: "the school's badge catalogue (at most CATALOGUE_MAX, read whole), retired ones included, by code",
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({}).strict(),
    output: z.object({ items: z.array(BadgeDefView) }).strict(),
  }),
  saveBadge: action({
    summary: 'an admin adds a badge (manual or an hour milestone) or edits one: name, validity, description, milestone hours, retire; audited',
    roles: ['admin'],
    errors: ['INVALID_STATE'],
    input: BadgeDefView,
    output: Ok,
  }),
  awardBadge: action({
    summary: 'a counselor (their buildings) or an admin gives a manual badge to a member or a room with a reason; valid as the catalogue says; audited',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ code: BadgeCode, holder: Holder, reason: Reason }).strict(),
    output: z.object({ id: z.string(), until: ChinaDate.nullable() }).strict(),
  }),
  revokeAward: action({
    summary: 'revoke an award with a reason: it stays in the history marked revoked and leaves the plaque; audited; revoking twice is the same success',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ awardId: z.string().trim().min(1).max(140).regex(/^[A-Za-z0-9_:-]+$/), reason: Reason }).strict(),
    output: Ok,
  }),
  awardYearStar: action({
    summary:
      "an admin (for the community's 党总支, seed 000) confers 年度党员之星 on one of the year's 每月之星 with a reason: one award per member and year (deterministic id; again: the same success), audited",
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ memberId: Id, year: z.number().int().min(2020).max(2100), reason: Reason }).strict(),
    output: z.object({ id: z.string(), already: z.boolean() }).strict(),
  }),
  holderAwards: action({
    summary: "a member's or a room's awards, newest first, revoked and expired ones included (history), cursor-paged; a member without a holder: their own",
    roles: ['member', 'counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ memberId: Id.optional(), roomId: Id.optional(), ...PageInput }).strict(),
    output: AwardPage,
  }),
  buildingAwards: action({
    summary: "a building's recent awards (its members' and rooms'), newest first, cursor-paged, for the counselor",
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ buildingId: Id, ...PageInput }).strict(),
    output: AwardPage,
  }),
} satisfies FunctionContract;
