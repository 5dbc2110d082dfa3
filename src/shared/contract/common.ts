import { z } from 'zod';
import { BadgeTag, Id, MemberStatus, Post, Role } from '../model';
import { PLAQUE_CODE_PATTERN } from '../domain/plaque-code';

export const Empty = z.object({}).strict();
export const Ok = z.object({ done: z.literal(true) }).strict();

export const PlaqueCode = z.string().trim().toUpperCase().regex(PLAQUE_CODE_PATTERN, '二维码编号格式不对');
export const StudentNo = z.string().trim().regex(/^[0-9]{6,14}$/, '学号为6到14位数字');
export const PersonName = z.string().trim().min(1).max(20).regex(/^[\p{L}·•. ]+$/u, '姓名只能包含文字');
/**
 * Cursor paging (ts-rest style): the input takes an opaque cursor from the previous page's
 * `nextCursor`; the output is `{ items, nextCursor }`, nextCursor null on the last page. A cursor
 * this server did not hand out answers INVALID_INPUT.
 */
/** The largest page any list answers. */
export const PAGE_LIMIT_MAX = 50;
export const PageInput = { cursor: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(PAGE_LIMIT_MAX).optional() };
export const PAGE_LIMIT_DEFAULT = 20;
export const nextCursorOutput = z.string().nullable();

/** ISO timestamps cross the boundary as strings (JSON has no Date). */
export const Timestamp = z.string().datetime({ offset: true });

/**
 * What a plaque, the wall and anyone scanning a door may see of a member: nothing that identifies
 * them beyond the door itself (no student number, phone or ID number), and only with their consent.
 */
export const PublicMember = z
  .object({
    id: Id,
    name: z.string(),
    photoUrl: z.string().nullable(),
    status: MemberStatus,
    branchName: z.string().nullable(),
    groupName: z.string().nullable(),
    posts: z.array(Post),
    pledge: z.string().nullable(),
    /** Current awards (党员示范岗 …, none expired or revoked), from the member's `awards` projection. */
    badges: z.array(BadgeTag),
    /** Months this member was the final 每月之星 (`YYYY-MM`, newest first); shown as `starTitle(month)`. */
    stars: z.array(z.string()),
    /** Approved volunteer hours this term (0 until hours exist). */
    termHours: z.number().min(0),
  })
  .strict();
export type PublicMember = z.infer<typeof PublicMember>;

export const RoomSummary = z
  .object({ id: Id, number: z.string(), floor: z.number().int(), buildingId: Id, buildingName: z.string() })
  .strict();

export const Consent = z.object({ public: z.boolean(), changedAt: Timestamp.nullable() }).strict();

/** The caller as they see themselves. */
export const Me = z
  .object({
    role: Role,
    name: z.string().nullable(),
    room: RoomSummary.nullable(),
    member: z
      .object({
        id: Id,
        status: MemberStatus,
        consent: Consent,
        pledge: z.string().nullable(),
        photoUrl: z.string().nullable(),
        posts: z.array(Post),
        termHours: z.number().min(0),
        /** The member's current badges (issue 11). */
        badges: z.array(BadgeTag),
        /** Where this member's client uploads photos (`user/<openid>`): the storage rules allow no other folder. */
        uploadDir: z.string(),
      })
      .strict()
      .nullable(),
    counselor: z.object({ buildings: z.array(z.object({ id: Id, name: z.string() }).strict()) }).strict().nullable(),
    /** The person left the school (issue 12): a guest with no powers, who may still download their own data until anonymised. */
    left: z.boolean().optional(),
    /** An admin's upload folder (`user/<openid>`) for roster files (issue 12): an admin has no member profile to carry it. */
    uploadDir: z.string().optional(),
  })
  .strict();
export type Me = z.infer<typeof Me>;
